/**
 * The worker's step for one inbox event: read what it needs (settings, the opportunity from Lever), let
 * the domain decide, save the candidate and its timeline, then execute the intents.
 *
 * Durability: the decision for an event is journaled no later than it is applied (in the same write as
 * the candidate it changes, `CandidateStore.saveJournaled`), and every side effect is a journaled step
 * keyed by its idempotency key. A run that crashed anywhere is simply run again: it finds
 * the same decision, applies its events only if they are not in the candidate yet, skips the steps
 * already done, and the one step that may have happened without being journaled is covered by the side
 * effect's own idempotency (the scheduler's invite key; the note marker, read back from Lever on retries).
 *
 * Round trips: a run reads its candidate's steps once (`RunJournal`), with the candidate in the same
 * statement (`CandidateStore.getJournaled`), decides on the candidate it saved last instead of reading
 * it back, and an invite's answer is journaled with the decision that follows it.
 *
 * @since 0.1.0
 */
import { Candidate, type Ids, Names, Notes, type Setup, Timeline } from "@fulcrum/domain"
import { Clock, Effect, Option, Result, Schema } from "effect"
import type { JournalRows, TimelineEntry, VersionedCandidate } from "../ports/CandidateStore.ts"
import { CandidateStore } from "../ports/CandidateStore.ts"
import { ConfigStore, type TeamNotFound } from "../ports/ConfigStore.ts"
import { EventInbox, type InboxEvent } from "../ports/EventInbox.ts"
import { InterviewScheduler, type SchedulerUnavailable, type SentInvite } from "../ports/InterviewScheduler.ts"
import * as StepKey from "../StepKey.ts"
import { withPostingTitle } from "../internal/postingTitle.ts"
import * as LeverApi from "../ports/LeverApi.ts"
import * as RunJournal from "../internal/RunJournal.ts"
import { StepJournal } from "../ports/StepJournal.ts"
import type { StoreError } from "../ports/StoreError.ts"
import { execute } from "../internal/teamSettings.ts"
import { Policy } from "../Policy.ts"
import * as Metrics from "../Metrics.ts"
import * as TraceContext from "../TraceContext.ts"
import { recordRejection, runtimeTarget } from "./LeverAccess.ts"
import { classify, permanent, type ProcessError, retryable } from "./ProcessFailure.ts"

/** Why processing an event failed (see `ProcessFailure.ts`). @since 0.1.0 */
export { ProcessFailure } from "./ProcessFailure.ts"

/** How a processed event ends. @since 0.1.0 */
export interface ProcessOutcome {
  readonly status: "done" | "skipped"
  readonly note: string | null
  /**
   * Steps the run held back, to be journaled with the event's completion (`EventInbox.complete`): a
   * note posted last is journaled with the run's end, not in a write of its own.
   */
  readonly journal?: JournalRows
}

const Decision = Schema.Struct({
  events: Schema.Array(Candidate.CandidateEvent),
  intents: Schema.Array(Candidate.Intent)
})
const encodeDecision = Schema.encodeSync(Decision)
const decodeDecision = Schema.decodeUnknownSync(Decision)

const SentInviteJson = Schema.Struct({
  interviewId: Schema.String,
  inviteUrl: Schema.NullOr(Schema.String),
  expiresAt: Schema.NullOr(Schema.Number),
  recordedOnly: Schema.optionalKey(Schema.Boolean)
})

/** How a command is decided against the candidate as stored (`null`: never met). */
type Decide = (
  state: Candidate.CandidateState | null
) => Result.Result<Candidate.Decision, Candidate.CandidateRejected>

interface Context {
  readonly event: InboxEvent
  readonly teamId: Ids.TeamId
  readonly opportunityId: Ids.OpportunityId
  /** The team's settings, read once per event: every decision of the event sees the same settings. */
  readonly settings: Effect.Effect<Setup.TeamSettings, TeamNotFound | StoreError>
  readonly target: Effect.Effect<LeverApi.LeverTarget, ProcessError, ConfigStore>
  /** The steps of the candidate, read once per run. */
  readonly journal: RunJournal.RunJournal
  /**
   * The candidate as this run last saved it, so the next decision of the run does not read it back
   * (`undefined`: read it from the store). A change made meanwhile by anyone else is still caught by the
   * save's version check.
   */
  saved: Option.Option<VersionedCandidate> | undefined
  /**
   * The candidate as stored: the first time, as read with the journal (`CandidateStore.getJournaled`,
   * before this run saved anything: every save comes after its decision's read), then read again.
   */
  readonly stored: Effect.Effect<Option.Option<VersionedCandidate>, StoreError, CandidateStore>
}

/**
 * Runs one step at most once per team and key: a journaled result is returned without running it.
 * `journal: "later"` holds the result back to be written with the run's next journal write (see
 * `RunJournal.recordLater`: only for a side effect that is idempotent on its own).
 */
const step = <A, E, R>(
  ctx: Context,
  key: StepKey.StepKey,
  run: Effect.Effect<A, E, R>,
  codec: { readonly encode: (a: A) => unknown; readonly decode: (u: unknown) => A },
  options?: { readonly journal: "later" }
) =>
  Effect.gen(function*() {
    const done = yield* ctx.journal.find(key)
    if (Option.isSome(done)) return codec.decode(done.value)
    // Only work actually done is timed and traced; a journaled result costs nothing to return.
    const kind = StepKey.kind(key)
    const result = yield* run.pipe(
      Metrics.timed(Metrics.stepDuration, () => ({ step: kind })),
      TraceContext.spanWhenTracing(`ProcessEvent.step.${kind}`, { attributes: { "fulcrum.step": kind } })
    )
    yield* (options?.journal === "later" ? ctx.journal.recordLater : ctx.journal.record)(key, codec.encode(result))
    return result
  })

const voidCodec = { encode: () => null, decode: () => undefined }

/** The timeline entries of a decision's events; messages are worded once, with the settings of the run. */
const timelineOf = (
  decisionKey: StepKey.DecisionKey,
  eventId: string | null,
  events: ReadonlyArray<Candidate.CandidateEvent>,
  names: Names.Names
) =>
  events.map((event, index): TimelineEntry => {
    const { kind, message } = Timeline.describe(event, names)
    return { key: StepKey.timelineEntry(decisionKey, index), at: "at" in event ? event.at : 0, kind, message, eventId }
  })

/**
 * Whether a journaled decision's events are already in the stored candidate: its timeline entries are
 * saved with the state in one write, so finding one of them means the state has them too. An erased
 * candidate counts as done: nothing personal may come back.
 */
const isApplied = Effect.fnUntraced(function*(
  ctx: Context,
  decisionKey: StepKey.DecisionKey,
  decision: Candidate.Decision,
  current: Option.Option<VersionedCandidate>
) {
  if (decision.events.length === 0) return true
  if (Option.isSome(current) && current.value.state.erased) return true
  const timeline = yield* (yield* CandidateStore).timeline(ctx.teamId, ctx.opportunityId)
  return timeline.some((entry) => StepKey.isEntryOf(entry.key, decisionKey))
})

/**
 * Applies a decision's events to the candidate and saves it with its timeline, in one write. With
 * `journal`, a decision not journaled yet: it is written with the state when there is one to save (so
 * it is journaled exactly when its events are saved), and before anything else otherwise.
 */
const apply = Effect.fnUntraced(function*(
  ctx: Context,
  decisionKey: StepKey.DecisionKey,
  decision: Candidate.Decision,
  current: Option.Option<VersionedCandidate>,
  journal?: Candidate.Decision
) {
  const store = yield* CandidateStore
  const before = Option.isSome(current) ? current.value.state : null
  const after = decision.events.reduce<Candidate.CandidateState | null>(Candidate.evolve, before)
  const names = Names.fromSettings(yield* ctx.settings)
  const timeline = timelineOf(decisionKey, ctx.event.eventId, decision.events, names)
  const version = Option.isSome(current) ? current.value.version : 0
  if (after === null) {
    if (journal !== undefined) yield* ctx.journal.record(StepKey.decision(decisionKey), encodeDecision(journal))
    yield* store.appendTimeline(ctx.teamId, ctx.opportunityId, timeline)
    ctx.saved = undefined
  } else if (journal === undefined) {
    ctx.saved = Option.some(yield* store.save(after, version, timeline))
  } else {
    ctx.saved = Option.some(
      yield* ctx.journal.recordWith(
        StepKey.decision(decisionKey),
        encodeDecision(journal),
        (steps, at) => store.saveJournaled(after, version, timeline, { steps, at })
      )
    )
  }
  if (decision.events.some((event) => event._tag === "CandidateErased")) {
    ctx.saved = undefined
    yield* store.erase(ctx.teamId, ctx.opportunityId, timeline.filter((entry) => entry.kind === "CandidateErased"))
  }
})

/**
 * Decides once per key (journaled), then applies the decision's events to the stored candidate and
 * saves it with its timeline. A decision found in the journal (a retry after a crash) is applied only
 * if it was not yet, since re-applying an old decision over later ones would roll the candidate back.
 * Without `decide`, only a journaled decision is resumed. Returns the intents, or the domain's refusal.
 */
const decideAndApply = Effect.fnUntraced(function*(
  ctx: Context,
  decisionKey: StepKey.DecisionKey,
  decide?: Decide
) {
  const journaled = yield* ctx.journal.find(StepKey.decision(decisionKey))
  // The candidate the decision is made on is the one it is applied to (a concurrent change is caught by
  // the save's version check).
  const current = ctx.saved ?? (yield* ctx.stored)
  if (Option.isSome(journaled)) {
    const decision = decodeDecision(journaled.value)
    if (!(yield* isApplied(ctx, decisionKey, decision, current))) yield* apply(ctx, decisionKey, decision, current)
    return Result.succeed(decision.intents)
  }
  if (decide === undefined) return Result.succeed<ReadonlyArray<Candidate.Intent>>([])
  const decided = decide(Option.isSome(current) ? current.value.state : null)
  if (Result.isFailure(decided)) return Result.fail(decided.failure)
  const decision = decided.success
  yield* apply(ctx, decisionKey, decision, current, decision)
  return Result.succeed(decision.intents)
})

/**
 * Erases what the journal and the inbox still hold of a candidate erased in Lever: every journaled
 * decision and step result of the opportunity's events and invites (names, emails, invite URLs, note
 * texts) is forgotten, and the opportunity's inbox payloads are scrubbed. Forgetting the steps' journal
 * cannot make them run again: the erased candidate ignores every later event (the domain), and a replay
 * of an earlier event finds no journaled decision to resume. Idempotent: a retry forgets and scrubs again.
 */
const erasePersonalData = Effect.fnUntraced(function*(ctx: Context) {
  const inbox = yield* EventInbox
  const eventIds: Array<string> = []
  let cursor: string | undefined = undefined
  for (;;) {
    const page: { readonly events: ReadonlyArray<InboxEvent>; readonly next: string | null } = yield* inbox.list(
      ctx.teamId,
      { opportunityId: ctx.opportunityId, limit: 200, ...(cursor === undefined ? {} : { cursor }) }
    )
    for (const event of page.events) eventIds.push(event.eventId)
    if (page.next === null) break
    cursor = page.next
  }
  yield* (yield* StepJournal).forget(ctx.teamId, {
    prefixes: StepKey.prefixesOfCandidate(eventIds, ctx.teamId, ctx.opportunityId)
  })
  yield* inbox.scrub(ctx.teamId, ctx.opportunityId)
})

/**
 * Posts a note once: journaled by marker, and on retries first looked for among the opportunity's notes.
 * Its step is held back for the run's next journal write, or the event's completion: a run that stops
 * before that write is run again as a retry, or after an interruption, so it looks for the marker first.
 */
const postNote = (ctx: Context, intent: Extract<Candidate.Intent, { _tag: "PostNote" }>) =>
  step(ctx, StepKey.make("note", intent.marker), Effect.gen(function*() {
    const lever = yield* LeverApi.LeverApi
    const target = yield* ctx.target
    // A run before this one may have posted the note and stopped before journaling it: a retry
    // (attempts > 1), a run after an interrupted one (handed back, killed, lease lost) or a replay
    // (attempts start again at 1) looks for the note's marker first.
    if (ctx.event.attempts > 1 || ctx.event.interruptions > 0 || ctx.event.replays > 0) {
      const notes = yield* lever.listNotes(target, ctx.opportunityId)
      if (notes.some((note) => Notes.hasMarker(note.value, intent.marker))) return
    }
    // The domain writes the marker into the text; add it only if an intent arrives without one.
    const value = Notes.hasMarker(intent.text, intent.marker) ? intent.text : Notes.withMarker(intent.text, intent.marker)
    yield* lever.addNote(target, ctx.opportunityId, { value })
  }), voidCodec, { journal: "later" })

const sendInvite = Effect.fnUntraced(function*(ctx: Context, intent: Extract<Candidate.Intent, { _tag: "SendInvite" }>) {
  const scheduler = yield* InterviewScheduler
  const lastAttempt = ctx.event.attempts >= (yield* Policy).maxAttempts
  const sent = yield* step(
    ctx,
    StepKey.make("invite", intent.key),
    // The domain counts resends from 0; the port (and the protocol) count attempts from 1.
    scheduler.sendInvite({ ...intent, attempt: intent.attempt + 1 }).pipe(
      TraceContext.spanWhenTracing("InterviewScheduler.sendInvite", { kind: "client" }),
      Effect.map((invite): Result.Result<SentInvite, string> => Result.succeed(invite)),
      Effect.catchTag("SchedulerRejected", (rejected) => Effect.succeed(Result.fail(rejected.reason))),
      Effect.tap((result) => Metrics.increment(Metrics.invites, { result: Result.isSuccess(result) ? "sent" : "failed" })),
      Effect.tapError(() => Metrics.increment(Metrics.invites, { result: "error" }))
    ),
    {
      encode: (result) => Result.isSuccess(result) ? { sent: result.success } : { rejected: result.failure },
      decode: (u) => {
        const stored = u as { readonly sent?: unknown; readonly rejected?: string }
        return stored.sent === undefined
          ? Result.fail(stored.rejected ?? "rejected")
          : Result.succeed(Schema.decodeUnknownSync(SentInviteJson)(stored.sent) as SentInvite)
      }
    },
    // The scheduler answers a repeated key with the same invite, so the answer is journaled with the
    // follow-up decision below, in one write.
    { journal: "later" }
  ).pipe(
    // Only the last attempt's outage becomes an outcome, and it is not journaled: a replay of the dead
    // event asks the provider again. Earlier outages fail the event, which the worker retries.
    Effect.map((result): Result.Result<SentInvite, string | SchedulerUnavailable> => result),
    Effect.catchTag("SchedulerUnavailable", (unavailable) =>
      lastAttempt ? Effect.succeed(Result.fail(unavailable)) : Effect.fail(unavailable))
  )
  const at = yield* Clock.currentTimeMillis
  const settings = yield* ctx.settings
  const recordFailed = (reason: string) =>
    decideAndApply(ctx, StepKey.inviteOutcome("failed", intent.key), (state) =>
      Candidate.decide(state, { _tag: "RecordInviteFailed", key: intent.key, reason, settings, at }))
  if (Result.isFailure(sent) && typeof sent.failure !== "string") {
    // The provider stayed unreachable for the event's whole retry budget: the recruiter is told, the
    // invite is failed (an admin can resend it), and the event goes dead, replayable.
    const reason = `SchedulerUnavailable: ${sent.failure.message}`
    const failed = yield* recordFailed(reason)
    if (Result.isSuccess(failed)) yield* executeIntents(ctx, failed.success)
    return yield* permanent(reason)
  }
  const followUp = yield* Result.isSuccess(sent)
    ? decideAndApply(ctx, StepKey.inviteOutcome("sent", intent.key), (state) =>
      Candidate.decide(state, {
        _tag: "RecordInviteSent",
        key: intent.key,
        interviewId: sent.success.interviewId,
        inviteUrl: sent.success.inviteUrl,
        expiresAt: sent.success.expiresAt,
        ...(sent.success.recordedOnly === true ? { recordedOnly: true } : {}),
        settings,
        at
      }))
    : recordFailed(sent.failure as string)
  // The decision was journaled by an earlier run, or refused: the invite's answer is written on its own.
  yield* ctx.journal.flush
  if (Result.isSuccess(followUp)) yield* executeIntents(ctx, followUp.success)
})

const executeIntent = (ctx: Context, intent: Candidate.Intent): Effect.Effect<void, ProcessError, Requirements> => {
  switch (intent._tag) {
    case "SendInvite":
      return sendInvite(ctx, intent)
    case "PostNote":
      return postNote(ctx, intent)
    case "NotifyNextStep":
      return step(ctx, StepKey.make("notify", intent.key), Effect.flatMap(InterviewScheduler, (scheduler) =>
        scheduler.notifyNextStep({
          key: intent.key,
          teamId: ctx.teamId,
          opportunityId: intent.opportunityId,
          interviewId: intent.interviewId,
          nextStep: intent.nextStep
        }).pipe(TraceContext.spanWhenTracing("InterviewScheduler.notifyNextStep", { kind: "client" }))), voidCodec)
    case "CancelInvite":
      return step(ctx, StepKey.make("cancel", intent.key), Effect.flatMap(InterviewScheduler, (scheduler) =>
        scheduler.cancel({
          key: intent.key,
          teamId: ctx.teamId,
          interviewId: intent.interviewId,
          reason: intent.reason ?? "candidateDeleted"
        }).pipe(TraceContext.spanWhenTracing("InterviewScheduler.cancel", { kind: "client" }))), voidCodec)
    case "SetProgressTag":
      return step(ctx, StepKey.make("tags", intent.key), Effect.gen(function*() {
        const lever = yield* LeverApi.LeverApi
        const target = yield* ctx.target
        if (intent.remove.length > 0) yield* lever.removeTags(target, ctx.opportunityId, intent.remove)
        if (intent.add !== null) yield* lever.addTags(target, ctx.opportunityId, [intent.add])
      }), voidCodec)
    case "RecordSetupProblem":
      return execute(ctx.teamId, () => [{
        _tag: "RecordSetupProblem",
        problem: { _tag: "UnmappedArchiveReason", reasonId: intent.reasonId, seenAt: intent.at },
        at: intent.at
      }]).pipe(Effect.asVoid)
  }
}

const executeIntents = (ctx: Context, intents: ReadonlyArray<Candidate.Intent>) =>
  Effect.forEach(intents, (intent) => executeIntent(ctx, intent), { discard: true })

/** The services processing needs. @since 0.1.0 */
export type Requirements =
  | ConfigStore
  | CandidateStore
  | StepJournal
  | EventInbox
  | LeverApi.LeverApi
  | InterviewScheduler

/** The opportunity as Lever has it now: the truth for stage, tags, emails and archive status. */
const readOpportunity = (ctx: Context) =>
  Effect.flatMap(ctx.target, (target) =>
    Effect.flatMap(LeverApi.LeverApi, (lever) => lever.getOpportunity(target, ctx.opportunityId))
  ).pipe(
    Effect.map((opportunity): Candidate.OpportunityRead => ({ _tag: "Read", opportunity })),
    Effect.catchTag("LeverNotFound", () =>
      Effect.succeed<Candidate.OpportunityRead>({ _tag: "Unreadable", reason: "NotFound" }))
  )

/**
 * Decides the event once per run and executes the intents. A replay first finishes what the earlier
 * runs of the event decided (their intents not yet journaled as done), then decides again against
 * today's settings: a replay never drops an invite or note an earlier run decided.
 */
const decideEvent = Effect.fnUntraced(function*(
  ctx: Context,
  decide: Decide
) {
  for (let run = 0; run < ctx.event.replays; run++) {
    const earlier = yield* decideAndApply(ctx, StepKey.eventRun(ctx.event.eventId, run))
    if (Result.isSuccess(earlier)) yield* executeIntents(ctx, earlier.success)
  }
  return yield* finish(ctx, yield* decideAndApply(ctx, StepKey.eventRun(ctx.event.eventId, ctx.event.replays), decide))
})

const skipped = (note: string): ProcessOutcome => ({ status: "skipped", note })
const done: ProcessOutcome = { status: "done", note: null }

const finish = (ctx: Context, decided: Result.Result<ReadonlyArray<Candidate.Intent>, Candidate.CandidateRejected>) =>
  Result.isFailure(decided)
    ? Effect.succeed(skipped(decided.failure.message))
    : Effect.as(executeIntents(ctx, decided.success), done)

/**
 * Processes one inbox event. A 401 from Lever is recorded where the admin sees it at once (a rejected
 * key on the checklist, an OAuth connection renewed or marked "reconnect needed"), not only as a dead
 * event later; the event is retried, with renewed credentials when there are some.
 *
 * @since 0.1.0
 */
export const processEvent = Effect.fnUntraced(function*(event: InboxEvent) {
  const teamId = event.teamId as Ids.TeamId
  yield* Effect.annotateCurrentSpan({
    "fulcrum.team_id": teamId,
    "fulcrum.event_id": event.eventId,
    "fulcrum.opportunity_id": event.opportunityId ?? "",
    "fulcrum.event_kind": event.kind
  })
  const config = yield* ConfigStore
  const settings = yield* Effect.cached(Effect.map(config.get(teamId), (team) => team.settings))
  const target = yield* Effect.cached(Effect.flatMap(settings, (current) => runtimeTarget(teamId, current)))
  const runs: Array<Context> = []
  return yield* dispatch(event, settings, target, runs).pipe(
    Effect.flatMap((outcome) => withHeldSteps(outcome, runs)),
    Effect.tapError((error) =>
      error._tag === "LeverUnauthorized"
        ? Effect.flatMap(target, (rejected) => recordRejection(rejected, error)).pipe(Effect.ignore)
        : Effect.void
    )
  )
}, Effect.mapError(classify), TraceContext.spanWhenTracing("ProcessEvent.process"))

/** The outcome, carrying the steps its runs held back (see `ProcessOutcome.journal`). */
const withHeldSteps = Effect.fnUntraced(function*(outcome: ProcessOutcome, runs: ReadonlyArray<Context>) {
  const steps: Array<RunJournal.JournalStep> = []
  for (const ctx of runs) steps.push(...(yield* ctx.journal.takeHeld))
  if (steps.length === 0) return outcome
  return { ...outcome, journal: { steps, at: yield* Clock.currentTimeMillis } } satisfies ProcessOutcome
})

/** Dispatches the event by kind; every run's context is added to `runs`. */
const dispatch = Effect.fnUntraced(function*(
  event: InboxEvent,
  settings: Context["settings"],
  target: Context["target"],
  runs: Array<Context>
) {
  const teamId = event.teamId as Ids.TeamId
  const payload = event.payload
  const candidates = yield* CandidateStore
  // The run's first read is one statement: its candidate's steps and the candidate itself.
  const context = Effect.fnUntraced(function*(opportunityId: Ids.OpportunityId) {
    const prefixes = StepKey.prefixesOfRun(event.eventId, teamId, opportunityId)
    const first = yield* Effect.cached(candidates.getJournaled(teamId, opportunityId, { prefixes }))
    const journal = yield* RunJournal.make(teamId, prefixes, Effect.map(first, (read) => read.steps))
    let firstTaken = false
    const stored = Effect.suspend(() => {
      if (firstTaken) return candidates.get(teamId, opportunityId)
      firstTaken = true
      return Effect.map(first, (read) => read.candidate)
    })
    const ctx: Context = { event, teamId, opportunityId, settings, target, journal, saved: undefined, stored }
    runs.push(ctx)
    return ctx
  })
  const at = yield* Clock.currentTimeMillis

  switch (payload._tag) {
    case "Ping":
    case "Ignored":
      return done
    case "StageChanged": {
      const ctx = yield* context(payload.opportunityId)
      const settings = yield* ctx.settings
      // With the integration off nothing is read or sent: the decider records the skip.
      const read: Candidate.OpportunityRead = settings.integrationEnabled
        ? yield* withPostingTitle(yield* readOpportunity(ctx), settings, ctx.target)
        : { _tag: "Unreadable", reason: "NotFound" }
      return yield* decideEvent(ctx, (state) =>
        Candidate.decide(state, {
          _tag: "HandleStageChange",
          teamId,
          opportunityId: payload.opportunityId,
          eventId: event.eventId as Ids.EventId,
          toStageId: payload.toStageId,
          fromStageId: payload.fromStageId,
          read,
          settings,
          at
        }))
    }
    case "ArchiveChanged": {
      const ctx = yield* context(payload.opportunityId)
      const settings = yield* ctx.settings
      // The webhook body is not signed: the archive status is taken from Lever itself when it can be
      // read (which also settles out-of-order deliveries), and from the verified webhook otherwise.
      const read = settings.integrationEnabled ? yield* readOpportunity(ctx) : undefined
      const toArchived = read?._tag === "Read" ? read.opportunity.archived : payload.toArchived
      return yield* decideEvent(ctx, (state) =>
        Candidate.decide(state, {
          _tag: "HandleArchiveChange",
          teamId,
          opportunityId: payload.opportunityId,
          eventId: event.eventId as Ids.EventId,
          toArchived,
          settings,
          at
        }))
    }
    case "Deleted": {
      const ctx = yield* context(payload.opportunityId)
      // The webhook body is not signed: personal data is erased only once Lever no longer has the
      // opportunity.
      const read = yield* readOpportunity(ctx)
      if (read._tag === "Read") return skipped("The opportunity still exists in Lever: nothing erased")
      const outcome = yield* decideEvent(ctx, (state) =>
        Candidate.decide(state, {
          _tag: "HandleDeletion",
          teamId,
          opportunityId: payload.opportunityId,
          eventId: event.eventId as Ids.EventId,
          at
        }))
      // Only once the candidate is erased (and its open interviews cancelled): the journal then holds
      // nothing any later run needs. Steps held back are written first, so that they are forgotten too.
      yield* ctx.journal.flush
      yield* erasePersonalData(ctx)
      return outcome
    }
    case "ResultReported":
    case "InterviewStatusReported": {
      const found = yield* candidates.findByInterviewId(teamId, payload.interviewId)
      if (Option.isNone(found)) {
        // A provider webhook may overtake the invite's own recording (a worker stopped between the
        // provider's answer and the journal): it is retried, and stays listed as dead if it never matches.
        const message = `No candidate has interview ${payload.interviewId}`
        return event.source === "provider" && event.rawBody !== null ? yield* retryable(message) : skipped(message)
      }
      const ctx = yield* context(found.value.state.opportunityId)
      const settings = yield* ctx.settings
      return yield* decideEvent(ctx, (state) =>
        payload._tag === "ResultReported"
          ? Candidate.decide(state, {
            _tag: "ReportResult",
            interviewId: payload.interviewId,
            score: payload.score,
            summary: payload.summary,
            reportUrl: payload.reportUrl,
            ...(payload.outcome === undefined ? {} : { outcome: payload.outcome }),
            settings,
            at
          })
          : Candidate.decide(state, {
            _tag: "ReportInterviewStatus",
            interviewId: payload.interviewId,
            status: payload.status,
            settings,
            at
          }))
    }
    case "ResendRequested": {
      const ctx = yield* context(payload.opportunityId)
      const settings = yield* ctx.settings
      return yield* decideEvent(ctx, (state) =>
        Candidate.decide(state, {
          _tag: "RequestResend",
          interviewTypeId: payload.interviewTypeId,
          eventId: event.eventId as Ids.EventId,
          settings,
          at
        }))
    }
  }
})
