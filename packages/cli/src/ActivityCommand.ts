/**
 * `fulcrum candidates list|show` and `fulcrum events dead|replay`: what happened to a candidate and why,
 * and getting dead events going again (one, or every dead event of a team, with a progress bar).
 *
 * @since 0.1.0
 */
import { ActivityModels } from "@fulcrum/api"
import { Candidate } from "@fulcrum/domain"
import { Console, Effect, Option, Schema } from "effect"
import { Argument, Command, Flag } from "effect/cli"
import { PartialFailure, UsageError } from "./CliExit.ts"
import * as CliExit from "./CliExit.ts"
import * as Common from "./Common.ts"
import * as Connection from "./Connection.ts"
import * as Output from "./Output.ts"
import * as Progress from "./Progress.ts"

type CandidateView = ActivityModels.CandidateView
type EventView = ActivityModels.EventView

const inviteStateOf = (candidate: CandidateView): string => candidate.inviteState

const candidateRow = (candidate: CandidateView) => [
  candidate.opportunityId,
  candidate.erased ? "(erased)" : candidate.name ?? "-",
  inviteStateOf(candidate),
  candidate.nextStep,
  candidate.offerStatus ?? "-",
  Output.time(candidate.updatedAt)
]

const eventRows = (events: ReadonlyArray<EventView>) =>
  events.map((event) => [
    event.eventId,
    event.kind,
    event.opportunityId ?? "-",
    event.status,
    String(event.attempts),
    Output.time(event.updatedAt),
    event.lastError ?? event.note ?? ""
  ])

const eventHeaders = ["event", "kind", "opportunity", "status", "attempts", "updated", "last error / note"]

const limit = Flag.Int("limit").pipe(Flag.withDescription("At most this many (1-100)"), Flag.withDefault(50))

const listCandidates = Command.make("list", {
  team: Common.team,
  inviteState: Flag.Literals("invite-state", Candidate.InviteState.literals).pipe(
    Flag.withDescription("Only candidates in this invite state"),
    Flag.optional
  ),
  limit,
  cursor: Flag.String("cursor").pipe(Flag.withDescription("The `next` cursor of a previous page"), Flag.optional)
}, Effect.fn("fulcrum.candidates.list")(function*(input) {
  const client = yield* Connection.client
  const page = yield* client.activity.candidates({
    params: { teamId: input.team },
    query: {
      limit: input.limit,
      ...Option.match(input.inviteState, { onNone: () => ({}), onSome: (inviteState) => ({ inviteState }) }),
      ...Option.match(input.cursor, { onNone: () => ({}), onSome: (cursor) => ({ cursor }) })
    }
  })
  yield* Output.emit(page, (page) =>
    [
      Output.table(["opportunity", "name", "invite", "next step", "offer status", "updated"], page.candidates.map(candidateRow)),
      ...(page.next === null ? [] : [`more: --cursor ${page.next}`])
    ].join("\n"), ActivityModels.CandidatePage)
})).pipe(Command.withDescription("A team's candidates, newest activity first"), Command.withAlias("ls"))

const showCandidate = Command.make("show", {
  team: Common.team,
  opportunityId: Argument.String("opportunity").pipe(Argument.withDescription("The Lever opportunity id"))
}, Effect.fn("fulcrum.candidates.show")(function*({ team, opportunityId }) {
  const client = yield* Connection.client
  const detail = yield* client.activity.candidate({ params: { teamId: team, opportunityId } })
  yield* Output.emit(detail, (detail) => {
    const candidate = detail.candidate
    return [
      candidate === null
        ? `Opportunity ${opportunityId}: no candidate state (only skipped events)`
        : `Opportunity ${opportunityId}: ${candidate.erased ? "(erased)" : candidate.name ?? "-"} — invite ${inviteStateOf(candidate)}, next step ${candidate.nextStep}, offer status ${candidate.offerStatus ?? "-"}`,
      "",
      "Timeline:",
      Output.table(["at", "what", "", "event"], detail.timeline.map((entry) => [Output.time(entry.at), entry.kind, entry.message, entry.eventId ?? ""])),
      "",
      "Events:",
      Output.table(eventHeaders, eventRows(detail.events))
    ].join("\n")
  }, ActivityModels.CandidateDetail)
})).pipe(Command.withDescription("One candidate: state, timeline and the events behind it"))

/** `fulcrum candidates`. @since 0.1.0 */
export const candidates = Command.make("candidates").pipe(
  Command.withDescription("A team's candidates and their timelines"),
  Command.withSubcommands([listCandidates, showCandidate])
)

/** Every dead event of a team, following the pages. */
const allDead = (client: Effect.Success<typeof Connection.client>, teamId: string) =>
  Effect.gen(function*() {
    const events: Array<EventView> = []
    let cursor: string | null = null
    do {
      const page: typeof ActivityModels.EventPage.Type = yield* client.activity.events({
        params: { teamId },
        query: { status: "dead", limit: 100, ...(cursor === null ? {} : { cursor }) }
      })
      events.push(...page.events)
      cursor = page.next
    } while (cursor !== null)
    return events
  })

const dead = Command.make("dead", { team: Common.team }, Effect.fn("fulcrum.events.dead")(function*({ team }) {
  const client = yield* Connection.client
  const events = yield* allDead(client, team)
  yield* Output.emit({ events }, ({ events }) =>
    events.length === 0 ? "No dead events." : `${Output.table(eventHeaders, eventRows(events))}\n\nReplay with: fulcrum events replay --team ${team} --all-dead`, Schema.Struct({ events: Schema.Array(ActivityModels.EventView) }))
})).pipe(Command.withDescription("A team's dead events (gave up after every retry), with their last error"))

const replay = Command.make("replay", {
  team: Common.team,
  eventId: Argument.String("event").pipe(Argument.withDescription("The event to run again"), Argument.optional),
  allDead: Common.toggle("all-dead", "Replay every dead event of the team")
}, Effect.fn("fulcrum.events.replay")(function*(input) {
  const client = yield* Connection.client
  if (Option.isSome(input.eventId) === input.allDead) {
    return yield* new UsageError({ message: "name one event, or pass --all-dead (not both)" })
  }
  if (Option.isSome(input.eventId)) {
    const answer = yield* client.activity.replay({ params: { teamId: input.team, eventId: input.eventId.value } })
    return yield* Output.emit(answer, ({ event }) => `Event ${event.eventId} (${event.kind}) queued again.`, ActivityModels.Replayed)
  }
  const events = yield* allDead(client, input.team)
  const bar = yield* Progress.make("replaying", events.length)
  const replayed: Array<string> = []
  const failed: Array<{ eventId: string; error: string }> = []
  for (const event of events) {
    const result = yield* Effect.exit(client.activity.replay({ params: { teamId: input.team, eventId: event.eventId } }))
    if (result._tag === "Success") replayed.push(event.eventId)
    else {
      const failure = CliExit.classify(result.cause)
      if (failure.code === CliExit.Unreachable) return yield* Effect.failCause(result.cause)
      failed.push({ eventId: event.eventId, error: failure.message })
    }
    yield* bar.advance
  }
  yield* bar.done
  yield* Output.emit({ replayed, failed }, ({ replayed, failed }) =>
    [
      `${replayed.length} of ${events.length} dead events queued again.`,
      ...failed.map((failure) => `  ${failure.eventId}: ${failure.error}`)
    ].join("\n"))
  if (failed.length > 0) {
    yield* Console.error(`${failed.length} events could not be replayed`)
    return yield* new PartialFailure({ message: `${failed.length} of ${events.length} replays refused` })
  }
})).pipe(Command.withDescription("Run a dead event again with a fresh retry budget (one, or --all-dead)"))

/** `fulcrum events`. @since 0.1.0 */
export const events = Command.make("events").pipe(
  Command.withDescription("A team's dead events, and replaying them"),
  Command.withSubcommands([dead, replay])
)
