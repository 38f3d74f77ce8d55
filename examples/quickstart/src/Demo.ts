/**
 * `--demo`: the reference guide's test sequence, run by itself against the running example and printed
 * as it goes. A recruiter (the sandbox's control handle) acts in Lever; everything else happens the
 * production way — Lever's signed webhook to this host's HTTP endpoint, the worker, notes written back
 * through Lever's API, the grade reported on the result callback as the assessment provider would, and
 * what Fulcrum recorded read back through the admin API (the example's typed `FulcrumClient`).
 *
 * 1. a tagged candidate enters the assessment stage → invite sent, "invite sent" note;
 * 2. an untagged candidate on a posting without an interview type enters it → no invite, a note telling
 *    the recruiter what to do and naming the posting;
 * 3. the provider reports a grade → results note with the report link;
 * 4. the candidate moves to onsite → next step set;
 * 5. the candidate is archived as "Underqualified" → offer status Rejected.
 *
 * @since 0.1.0
 */
import { Candidate } from "@fulcrum/domain"
import { LeverSandbox } from "@fulcrum/lever-sandbox"
import { Clock, Console, Duration, Effect, Schema } from "effect"
import * as DemoTeam from "./DemoTeam.ts"
import { Quickstart } from "./Quickstart.ts"

/** A step of the walk-through did not happen in time; `what` says which. @since 0.1.0 */
export class DemoStepTimedOut extends Schema.TaggedError<DemoStepTimedOut>()("DemoStepTimedOut", {
  what: Schema.String,
  waitedMs: Schema.Number
}) {}

/** The demo team has no stage mapping (its setup did not finish). @since 0.1.0 */
export class DemoTeamNotReady extends Schema.TaggedError<DemoTeamNotReady>()("DemoTeamNotReady", {
  message: Schema.String
}) {}

/**
 * Reads `read` until `done` holds, every 200 ms, for at most `timeout`. The flow is asynchronous
 * (webhook delivery, then the worker), so the walk-through and the test wait for its visible result.
 *
 * @since 0.1.0
 */
export const waitFor = <A, E, R>(
  what: string,
  read: Effect.Effect<A, E, R>,
  done: (value: A) => boolean,
  timeout: Duration.Input = "30 seconds"
): Effect.Effect<A, E | DemoStepTimedOut, R> =>
  Effect.gen(function*() {
    const waitedMs = Duration.toMillis(Duration.fromInputUnsafe(timeout))
    const deadline = (yield* Clock.currentTimeMillis) + waitedMs
    for (;;) {
      const value = yield* read
      if (done(value)) return value
      if ((yield* Clock.currentTimeMillis) >= deadline) return yield* new DemoStepTimedOut({ what, waitedMs })
      yield* Effect.sleep("200 millis")
    }
  })

/**
 * A candidate as Fulcrum sees it (state, timeline, events), read through the admin API, or `null`
 * before its first event was processed.
 *
 * @since 0.1.0
 */
export const candidateView = (opportunityId: string) =>
  Quickstart.use(({ client }) =>
    client.activity.candidate({ params: { teamId: DemoTeam.teamId, opportunityId } }).pipe(
      Effect.catchTag("NotFound", () => Effect.succeed(null))
    )
  )

type View = Effect.Success<ReturnType<typeof candidateView>>

const time = (at: number) => new Date(at).toISOString().slice(11, 19)

const indent = (text: string, prefix: string) => text.split("\n").map((line) => `${prefix}${line}`).join("\n")

const printNotes = Effect.fnUntraced(function*(opportunityId: string) {
  const { control } = yield* LeverSandbox.LeverSandbox
  const notes = yield* control.listNotes(opportunityId)
  yield* Console.log(`  Lever notes (${notes.length}):`)
  for (const note of notes) yield* Console.log(indent(note.text, "    │ ") + "\n    └")
})

const printTimeline = (view: View) =>
  Console.log([
    `  Fulcrum timeline (${view?.timeline.length ?? 0} entries):`,
    ...(view?.timeline ?? []).map((entry) => `    ${time(entry.at)}  ${entry.kind}: ${entry.message}`)
  ].join("\n"))

const summary = (view: View) => {
  const state = view?.candidate ?? null
  const invite = Candidate.currentInvite(state)
  return [
    `invite: ${Candidate.inviteState(state)}`,
    ...(invite?.score == null ? [] : [`score: ${invite.score}`]),
    `next step: ${state?.nextStep ?? "none"}`,
    `offer status: ${state?.offerStatus ?? "—"}`
  ].join(", ")
}

const section = (title: string) => Console.log(`\n── ${title} ${"─".repeat(Math.max(0, 96 - title.length))}`)

/**
 * Runs the walk-through once (new candidates each time, so it can be run on every start).
 *
 * @since 0.1.0
 */
export const run = Effect.gen(function*() {
  const { control } = yield* LeverSandbox.LeverSandbox
  const { client } = yield* Quickstart
  const { checklist, settings } = yield* client.teams.get({ params: { teamId: DemoTeam.teamId } })
  const mapping = settings.stageMapping
  if (mapping === null || !checklist.ready) {
    return yield* new DemoTeamNotReady({ message: "The demo team's checklist is not ready; see the banner" })
  }
  const stamp = yield* Clock.currentTimeMillis
  const email = (name: string) => `${name}+${stamp}@example.com`

  yield* section("Demo 1/5: a candidate tagged \"" + DemoTeam.interviewType.tag + "\" enters " + mapping.assessment.name)
  const ada = yield* control.createOpportunity({
    name: "Ada Lovelace (demo)",
    emails: [email("ada")],
    tags: [DemoTeam.interviewType.tag]
  })
  yield* control.moveToStage(ada.id, mapping.assessment.stageId)
  const invited = yield* waitFor(
    "the invite for the tagged candidate",
    candidateView(ada.id),
    (view) => Candidate.inviteState(view?.candidate ?? null) === "invited"
  )
  yield* Console.log(`  ${ada.name} (${ada.id}): ${summary(invited)}`)
  yield* printNotes(ada.id)
  yield* printTimeline(invited)

  yield* section(
    "Demo 2/5: a candidate without the tag, on the unlinked \"Frontend Engineer\" posting, enters " +
      mapping.assessment.name
  )
  const grace = yield* control.createOpportunity({
    name: "Grace Hopper (demo, untagged)",
    emails: [email("grace")],
    // Of the sandbox's postings only "Senior Backend Engineer" is linked: the note names this one.
    posting: LeverSandbox.PostingIds.frontend
  })
  yield* control.moveToStage(grace.id, mapping.assessment.stageId)
  const blocked = yield* waitFor(
    "the explanation for the untagged candidate",
    candidateView(grace.id),
    (view) => (view?.timeline ?? []).some((entry) => entry.kind === "InviteBlocked")
  )
  yield* Console.log(`  ${grace.name} (${grace.id}): ${summary(blocked)} — no invite, and the recruiter is told why`)
  yield* printNotes(grace.id)
  yield* printTimeline(blocked)

  yield* section("Demo 3/5: the assessment provider reports a grade")
  const interviewId = Candidate.currentInvite(invited?.candidate ?? null)?.interviewId
  if (interviewId == null) return yield* new DemoTeamNotReady({ message: "The invite has no interview id" })
  yield* client.activity.reportResult({
    params: { teamId: DemoTeam.teamId, interviewId },
    payload: {
      score: 3.5,
      summary: "Strong system design; clear, tested code.",
      reportUrl: `https://assessments.example/reports/${interviewId}`
    }
  })
  const graded = yield* waitFor(
    "the graded result",
    candidateView(ada.id),
    (view) => Candidate.inviteState(view?.candidate ?? null) === "graded"
  )
  yield* Console.log(`  ${ada.name}: ${summary(graded)}`)
  yield* printNotes(ada.id)

  yield* section("Demo 4/5: the candidate moves to " + mapping.onsite.name)
  yield* control.moveToStage(ada.id, mapping.onsite.stageId)
  const onsite = yield* waitFor(
    "the onsite next step",
    candidateView(ada.id),
    (view) => view?.candidate?.nextStep === "onsite"
  )
  yield* Console.log(`  ${ada.name}: ${summary(onsite)}`)

  yield* section("Demo 5/5: the candidate is archived as \"Underqualified\"")
  yield* control.archive(ada.id, LeverSandbox.ArchiveReasonIds.underqualified)
  const rejected = yield* waitFor(
    "the Rejected offer status",
    candidateView(ada.id),
    (view) => view?.candidate?.offerStatus === "Rejected"
  )
  yield* Console.log(`  ${ada.name}: ${summary(rejected)}`)

  yield* section("Final state")
  yield* Console.log(`  ${ada.name} (${ada.id}): ${summary(rejected)}`)
  yield* printNotes(ada.id)
  yield* printTimeline(rejected)
  yield* Console.log(`  ${grace.name} (${grace.id}): ${summary(blocked)}`)
  yield* Console.log("\nThe demo is done; the host keeps running. Try the curl lines above, or stop with Ctrl-C.\n")
})
