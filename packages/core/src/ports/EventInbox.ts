/**
 * The `EventInbox` port: the durable record of every event Fulcrum accepted (Lever webhooks, provider
 * results, admin requests) and the work queue that processes them. One row is both the record (timeline
 * source, dead list, replay) and the unit of work, so "stored" and "scheduled" happen in one write.
 *
 * Delivery is at least once: a claimed event carries a lease; a worker that dies loses its lease and the
 * event is claimed again. Handlers must be idempotent (they are: see `StepJournal`).
 *
 * @since 0.1.0
 */
import type { Ids } from "@fulcrum/domain"
import { Context, Schema } from "effect"
import type { Effect, Option } from "effect"
import { InboxPayload } from "../InboxPayload.ts"
import type { JournalRows } from "./CandidateStore.ts"
import type { StoreError } from "./StoreError.ts"

/** Where an inbox event stands. @since 0.1.0 */
export const EventStatus = Schema.Literals(["pending", "running", "done", "skipped", "dead"])
/** The type {@link EventStatus} decodes to. @since 0.1.0 */
export type EventStatus = typeof EventStatus.Type

/** An event to accept. `dedupeKey` is unique per team (Lever's webhook token for webhooks). @since 0.1.0 */
export const NewInboxEvent = Schema.Struct({
  teamId: Schema.String,
  dedupeKey: Schema.String,
  source: Schema.Literals(["lever", "provider", "admin"]),
  /** Lever's event name, or the provider/admin action. */
  kind: Schema.String,
  opportunityId: Schema.NullOr(Schema.String),
  payload: InboxPayload,
  /** The raw body as received (webhooks), kept for diagnosis and replay. */
  rawBody: Schema.NullOr(Schema.String),
  receivedAt: Schema.Number,
  /** `pending` schedules processing; `skipped`/`done` only records (integration off, ping, ignored). */
  status: Schema.Literals(["pending", "skipped", "done"]),
  note: Schema.NullOr(Schema.String),
  /**
   * The W3C `traceparent` of the span that accepted the event (`TraceContext.current`), so the worker's
   * spans continue its trace; absent or null when tracing is off. Ids only, never data.
   */
  traceParent: Schema.optionalKey(Schema.NullOr(Schema.String))
})
/** The type {@link NewInboxEvent} decodes to. @since 0.1.0 */
export type NewInboxEvent = typeof NewInboxEvent.Type

/**
 * An event about one of the assessment provider's interviews, to accept with `acceptForInterview`: a
 * {@link NewInboxEvent} whose opportunity the inbox finds from `interviewId` as it stores the event.
 *
 * @since 0.2.0
 */
export interface NewInterviewEvent extends Omit<NewInboxEvent, "opportunityId"> {
  readonly interviewId: Ids.InterviewId
}

/** A stored inbox event. @since 0.1.0 */
export const InboxEvent = Schema.Struct({
  ...NewInboxEvent.fields,
  eventId: Schema.String,
  status: EventStatus,
  /**
   * Runs that ended with a failure, plus the run in progress: each claim of a waiting event adds 1, and a
   * graceful hand-back (`release`) gives it back. The worker's retry budget (`maxAttempts`) counts these.
   */
  attempts: Schema.Number,
  /**
   * Runs that ended without an outcome: the worker handed the event back on a graceful stop (`release`),
   * or was killed, crashed or lost its lease while running it (a claim took it again after the lease ran
   * out). Counted apart from `attempts`, with a budget of its own (`maxInterruptions`): a restart is no
   * failure of the event. A run after an interrupted one may find side effects it did not journal.
   */
  interruptions: Schema.Number,
  /**
   * How many times the event was replayed. Processing scopes its durable decision by it, so a replay
   * re-evaluates the event against today's settings instead of repeating the first decision.
   */
  replays: Schema.Number,
  nextAttemptAt: Schema.Number,
  lastError: Schema.NullOr(Schema.String),
  updatedAt: Schema.Number
})
/** The type {@link InboxEvent} decodes to. @since 0.1.0 */
export type InboxEvent = typeof InboxEvent.Type

/** What `accept` did. @since 0.1.0 */
export type Accepted =
  | { readonly _tag: "Accepted"; readonly eventId: Ids.EventId }
  | { readonly _tag: "Duplicate"; readonly eventId: Ids.EventId }

/** An event claimed by a worker, with its lease. @since 0.1.0 */
export interface Claimed {
  readonly event: InboxEvent
  /** When the lease ends, on the store's clock (which may differ from the worker's). */
  readonly leaseUntil: number
}

/**
 * Whose clock a store measures leases on. `"database"`: the store's own (SQL `now()`), so a worker whose
 * clock is skewed can neither take an event whose lease still runs nor lose one early; the default of
 * every SQL store. `"caller"`: the `now` each call passes, for stores that are their own clock (the
 * in-memory inbox) and for the contract kit, which simulates time.
 *
 * @since 0.1.0
 */
export type LeaseClock = "database" | "caller"

/** The worker no longer holds the lease (it expired and another worker claimed the event). @since 0.1.0 */
export class LeaseLost extends Schema.TaggedError<LeaseLost>()("LeaseLost", {
  eventId: Schema.String
}) {}

/** No event with that id for that team. @since 0.1.0 */
export class EventNotFound extends Schema.TaggedError<EventNotFound>()("EventNotFound", {
  eventId: Schema.String
}) {}

/** What `scrub` writes in place of erased personal data. @since 0.1.0 */
export const erasedMarker = "(erased)"

/** Filter of `list`. @since 0.1.0 */
export interface EventQuery {
  readonly status?: EventStatus
  readonly opportunityId?: string
  readonly limit?: number
  /** Opaque cursor from a previous page's `next`. */
  readonly cursor?: string
}

/** One batch of retention (`EventInbox.prune`). @since 0.2.0 */
export interface PruneOptions {
  /** Finished events last updated, and raw bodies received, before this time (epoch ms) go. */
  readonly before: number
  /** Until when the dedupe key of a deleted event is still recognised (epoch ms). */
  readonly keepKeysUntil: number
  /** Now (epoch ms): kept keys whose time is up go. */
  readonly now: number
  /** The most rows of each kind one call touches, so no statement holds many locks for long. */
  readonly limit: number
}

/** What one batch of retention removed. @since 0.2.0 */
export interface Pruned {
  /** `done` and `skipped` events deleted (their dedupe keys kept). */
  readonly events: number
  /** Raw bodies dropped from events that are kept (dead ones stay listed and replayable). */
  readonly rawBodies: number
  /** Kept dedupe keys whose time was up. */
  readonly keys: number
}

/**
 * The durable inbox and work queue. `ReceiveWebhook`, `Results` and `Candidates.requestResend` accept
 * events into it; the `Worker` claims them with a lease and settles each one (done, skipped, retried
 * later or dead); `Events` lists and replays them for the admin.
 *
 * What an adapter must guarantee (`EventInboxContract` in `@fulcrum/core/testing` checks each point):
 * - `accept` stores and schedules in one atomic write, unique on (team, dedupe key) even under concurrent
 *   duplicates: a repeat is a `Duplicate` naming the first event and changes nothing.
 * - `acceptForInterview` is `accept` with the opportunity read from the `CandidateStore` of the same
 *   storage by the write that stores the event: the opportunity of the team's candidate with an invite
 *   for the interview (the one `CandidateStore.findByInterviewId` finds), or none when no candidate has
 *   it; such an event is stored all the same.
 * - A claimed event belongs to its worker until the lease runs out; a worker that lost its lease gets
 *   `LeaseLost` from `complete`, `retry`, `kill` and `extendLease`.
 * - Runs are counted by how they ended: a claim of a waiting event is an attempt (`attempts` + 1), given
 *   back by `release`, which counts an interruption instead; a claim of an event whose lease ran out is an
 *   interruption (`interruptions` + 1), not an attempt. Restarts therefore never use up an event's retry
 *   budget.
 * - Claims are fair across teams, and one opportunity's events run one at a time, in arrival order.
 * - Nothing is ever lost: a `dead` event stays listed until it is replayed.
 * - `scrub` replaces, in every event of one team's opportunity, the personal data a payload may hold (a
 *   provider `ResultReported`'s `summary` and `reportUrl`) with `erasedMarker`, durably, and changes nothing
 *   else: not the status, lease, attempts, times or dedupe key of any event, not other opportunities or teams.
 *   Lever webhooks' raw bodies carry only ids and stay as received.
 * - `complete` with `journal` records its rows exactly when it completes the event (none when the lease
 *   is lost).
 * - `prune` deletes finished (`done`, `skipped`) events last updated before `before` and drops the raw
 *   body of every other settled event received before it, at most `limit` of each per call; the dedupe key
 *   of a deleted event stays recognised by `accept` (a `Duplicate` naming the deleted event) and `seen`
 *   until `keepKeysUntil`. Pending, running and dead events are never deleted.
 *
 * Adapters: `EventInboxMemory` (in this package), `EventInboxSql` in `@fulcrum/store-sql` (PostgreSQL
 * and PGlite).
 *
 * @since 0.1.0
 */
export class EventInbox extends Context.Service<EventInbox, {
  /** Stores the event and, when `pending`, schedules it, atomically. A repeated dedupe key is a `Duplicate`. */
  readonly accept: (event: NewInboxEvent) => Effect.Effect<Accepted, StoreError>
  /**
   * `accept` for an event about a provider interview, filed under the opportunity of the team's candidate
   * that has an invite for `interviewId` (the one `CandidateStore.findByInterviewId` finds), or under none
   * (`opportunityId` null) when no candidate has it (yet): it is stored and scheduled all the same. The
   * candidate is read by the write that stores the event, so a provider webhook is one round trip.
   */
  readonly acceptForInterview: (event: NewInterviewEvent) => Effect.Effect<Accepted, StoreError>
  /** Whether a dedupe key was seen for the team (replay detection before heavier work). */
  readonly seen: (teamId: Ids.TeamId, dedupeKey: string) => Effect.Effect<boolean, StoreError>
  /**
   * Claims up to `limit` due events for `workerId` for `leaseMs`, measured on the store's clock (see
   * {@link LeaseClock}). Fair across teams: teams take
   * turns across claims (the team served least recently goes first, one event per team per round), so
   * one team's backlog never delays another team's first event by more than a round. Events of one
   * opportunity are never claimed concurrently, and run in arrival order. Due means `pending` with
   * `nextAttemptAt <= now` (`now` is the caller's clock, the one `nextAttemptAt` was set by), or `running`
   * with a lease expired on the store's clock. Claiming a `pending` event adds 1 to its
   * `attempts`; claiming a `running` one (its run ended without an outcome) adds 1 to its `interruptions`
   * instead and leaves `attempts` as it was.
   */
  readonly claim: (options: {
    readonly workerId: string
    readonly limit: number
    readonly leaseMs: number
    readonly now: number
  }) => Effect.Effect<ReadonlyArray<Claimed>, StoreError>
  /**
   * Extends a held lease (long jobs) to `leaseMs` from now on the store's clock; `now` is the caller's
   * clock, which only a store that simulates time (`LeaseClock` "caller") uses.
   */
  readonly extendLease: (
    eventId: string,
    workerId: string,
    lease: { readonly leaseMs: number; readonly now: number }
  ) => Effect.Effect<void, LeaseLost | StoreError>
  /**
   * Marks a claimed event done (or skipped, with a note saying why). With `journal`, records those step
   * journal rows for the event's team in the same atomic write, into the `StepJournal` of the same
   * storage (first result of a key wins, as `StepJournal.recordAll`), only when the event is completed:
   * a run's last steps are journaled with its end, not in a write of their own.
   */
  readonly complete: (
    eventId: string,
    workerId: string,
    outcome: {
      readonly status: "done" | "skipped"
      readonly note: string | null
      readonly now: number
      readonly journal?: JournalRows | undefined
    }
  ) => Effect.Effect<void, LeaseLost | StoreError>
  /** Hands a claimed event back to run again at `nextAttemptAt`, recording the error. */
  readonly retry: (
    eventId: string,
    workerId: string,
    failure: { readonly error: string; readonly nextAttemptAt: number; readonly now: number }
  ) => Effect.Effect<void, LeaseLost | StoreError>
  /** Gives up on a claimed event: it becomes `dead`, listed and replayable. */
  readonly kill: (
    eventId: string,
    workerId: string,
    failure: { readonly error: string; readonly now: number }
  ) => Effect.Effect<void, LeaseLost | StoreError>
  /**
   * Hands back every event a worker holds (graceful shutdown): each is `pending` and due at `now`, with the
   * attempt its claim added given back (the run was stopped, it did not fail) and `interruptions` + 1.
   */
  readonly release: (workerId: string, now: number) => Effect.Effect<number, StoreError>
  readonly get: (teamId: Ids.TeamId, eventId: string) => Effect.Effect<Option.Option<InboxEvent>, StoreError>
  readonly list: (
    teamId: Ids.TeamId,
    query: EventQuery
  ) => Effect.Effect<{ readonly events: ReadonlyArray<InboxEvent>; readonly next: string | null }, StoreError>
  /**
   * Schedules a dead (or skipped/done) event again with a fresh budget (`attempts` and `interruptions` 0);
   * `replays` + 1.
   */
  readonly replay: (
    teamId: Ids.TeamId,
    eventId: string,
    now: number
  ) => Effect.Effect<InboxEvent, EventNotFound | StoreError>
  /**
   * Erases the personal data of one opportunity's events (a candidate deleted in Lever): every
   * `ResultReported` payload of the opportunity gets `erasedMarker` as its `summary` and `reportUrl`.
   * Returns how many events were changed; scrubbing again changes nothing more. The events stay listed
   * with their status, so the record of what happened survives without the data.
   */
  readonly scrub: (teamId: Ids.TeamId, opportunityId: string) => Effect.Effect<number, StoreError>
  /** One batch of retention (see `PruneOptions`); call again while any count equals `limit`. */
  readonly prune: (options: PruneOptions) => Effect.Effect<Pruned, StoreError>
  /** Counts by status (health page, benchmarks). */
  readonly stats: (teamId?: Ids.TeamId) => Effect.Effect<Readonly<Record<EventStatus, number>>, StoreError>
  /** When the oldest `pending` event (of any team) was received, or null when none is pending (metrics). */
  readonly oldestPendingAt: Effect.Effect<number | null, StoreError>
}>()("@fulcrum/core/EventInbox") {}
