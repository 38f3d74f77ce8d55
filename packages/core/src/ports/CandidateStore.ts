/**
 * The `CandidateStore` port: candidates (their decided state) and their timelines.
 *
 * @since 0.1.0
 */
import type { Candidate, Ids } from "@fulcrum/domain"
import { Context, Schema } from "effect"
import type { Effect, Option } from "effect"
import type { StoreError } from "./StoreError.ts"
import type { VersionConflict } from "./ConfigStore.ts"
import type { StepKey } from "../StepKey.ts"

/**
 * One line of a candidate's timeline: a webhook received, an action taken or skipped, with the reason.
 * `key` makes appends idempotent: an entry with a key already present is not added again.
 *
 * @since 0.1.0
 */
export const TimelineEntry = Schema.Struct({
  key: Schema.String,
  at: Schema.Number,
  kind: Schema.String,
  message: Schema.String,
  eventId: Schema.NullOr(Schema.String)
})
/** The type {@link TimelineEntry} decodes to. @since 0.1.0 */
export type TimelineEntry = typeof TimelineEntry.Type

/**
 * Step journal rows that `saveJournaled` writes with the state it saves: a decision (and the step
 * results that led to it) journaled exactly when its events are saved.
 *
 * @since 0.1.0
 */
export interface JournalRows {
  readonly steps: ReadonlyArray<{ readonly stepKey: StepKey; readonly result: unknown }>
  readonly at: number
}

/**
 * What `getJournaled` reads in one go: the candidate (as `get`) and the step journal rows under the
 * prefixes (as `StepJournal.findAll`).
 *
 * @since 0.1.0
 */
export interface JournaledCandidate {
  readonly candidate: Option.Option<VersionedCandidate>
  readonly steps: ReadonlyMap<string, unknown>
}

/** A candidate with the version an update must name. @since 0.1.0 */
export interface VersionedCandidate {
  readonly state: Candidate.CandidateState
  readonly version: number
}

/** Filter and page of `list`. @since 0.1.0 */
export interface CandidateQuery {
  readonly inviteState?: Candidate.InviteState
  readonly limit?: number
  /** Opaque cursor from a previous page's `next`. */
  readonly cursor?: string
}

/** A page of candidates, newest update first. @since 0.1.0 */
export interface CandidatePage {
  readonly candidates: ReadonlyArray<Candidate.CandidateState>
  readonly next: string | null
}

/**
 * Where the worker keeps each candidate's decided state (`Candidate.CandidateState`) and timeline, and
 * where the admin API reads them (`Candidates.listCandidates`, `candidateTimeline`; `Results` finds a
 * candidate by interview id).
 *
 * What an adapter must guarantee (`CandidateStoreContract` in `@fulcrum/core/testing` checks each point):
 * - `save` is optimistic: it succeeds only when `expectedVersion` is the stored version (0 for a new
 *   candidate), bumps the version by one, and writes the state and its timeline entries atomically; a
 *   refused save (`VersionConflict`) changes nothing, and of concurrent saves of one version exactly one
 *   wins;
 * - `saveJournaled` is `save` that also records step journal rows, in the same atomic write, into the
 *   `StepJournal` of the same storage (first result of a key wins, as `StepJournal.recordAll`): the rows
 *   are recorded exactly when the state is saved;
 * - `getJournaled` gives what `get` and `StepJournal.findAll` of the same storage would, in one read;
 * - timeline appends are idempotent by entry `key` per candidate, and the timeline reads in `at` order
 *   (ties in first-append order); an opportunity may have a timeline without a saved state;
 * - `list` filters by the current invite state and pages newest update first with an opaque cursor that
 *   returns every match exactly once;
 * - `erase` cuts the timeline down to the entries it is given and leaves the state alone.
 *
 * Adapters: `CandidateStoreMemory` (in this package), `CandidateStoreSql` in `@fulcrum/store-sql`.
 *
 * @since 0.1.0
 */
export class CandidateStore extends Context.Service<CandidateStore, {
  readonly get: (
    teamId: Ids.TeamId,
    opportunityId: Ids.OpportunityId
  ) => Effect.Effect<Option.Option<VersionedCandidate>, StoreError>
  /**
   * `get` with the team's step journal rows whose key starts with one of `prefixes`, in one read: what a
   * run of an event reads at its start (its candidate and the steps it may have left,
   * `StepKey.prefixesOfRun`).
   */
  readonly getJournaled: (
    teamId: Ids.TeamId,
    opportunityId: Ids.OpportunityId,
    steps: { readonly prefixes: ReadonlyArray<StepKey> }
  ) => Effect.Effect<JournaledCandidate, StoreError>
  /**
   * Saves the state when `expectedVersion` is current (0 = new candidate) and appends the timeline
   * entries in the same transaction.
   */
  readonly save: (
    state: Candidate.CandidateState,
    expectedVersion: number,
    timeline: ReadonlyArray<TimelineEntry>
  ) => Effect.Effect<VersionedCandidate, VersionConflict | StoreError>
  /**
   * `save`, recording `journal`'s rows in the step journal in the same atomic write, only when the state
   * is saved. A decision and its events are one write this way, not two.
   */
  readonly saveJournaled: (
    state: Candidate.CandidateState,
    expectedVersion: number,
    timeline: ReadonlyArray<TimelineEntry>,
    journal: JournalRows
  ) => Effect.Effect<VersionedCandidate, VersionConflict | StoreError>
  /** Appends entries without changing the state (skips, duplicates, problems). Idempotent by key. */
  readonly appendTimeline: (
    teamId: Ids.TeamId,
    opportunityId: Ids.OpportunityId,
    entries: ReadonlyArray<TimelineEntry>
  ) => Effect.Effect<void, StoreError>
  readonly timeline: (
    teamId: Ids.TeamId,
    opportunityId: Ids.OpportunityId
  ) => Effect.Effect<ReadonlyArray<TimelineEntry>, StoreError>
  /**
   * Erases a deleted candidate's personal data: drops the timeline (which can quote names and
   * emails) and keeps only the given entries (e.g. "personal data erased").
   */
  readonly erase: (
    teamId: Ids.TeamId,
    opportunityId: Ids.OpportunityId,
    keep: ReadonlyArray<TimelineEntry>
  ) => Effect.Effect<void, StoreError>
  readonly list: (teamId: Ids.TeamId, query: CandidateQuery) => Effect.Effect<CandidatePage, StoreError>
  readonly findByInterviewId: (
    teamId: Ids.TeamId,
    interviewId: Ids.InterviewId
  ) => Effect.Effect<Option.Option<VersionedCandidate>, StoreError>
}>()("@fulcrum/core/CandidateStore") {}
