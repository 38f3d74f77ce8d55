/**
 * An in-memory `CandidateStore`: candidates with optimistic versions and their timelines. It is the
 * reference behaviour the persistent adapters are held to by `CandidateStoreContract`:
 *
 * - `save` succeeds only when `expectedVersion` is the stored version (0 when the candidate is new) and
 *   appends its timeline entries in the same atomic step; `saveJournaled` then records its journal rows
 *   in the `StepJournal` in context (the in-memory one of the same process), and `getJournaled` reads
 *   them there.
 * - Timeline appends are idempotent by entry `key`; the timeline reads in `at` order, entries with the
 *   same `at` in the order they were first appended.
 * - `list` filters by `Candidate.inviteState` (the state of the current interview type's invite) and
 *   pages candidates newest `updatedAt` first (ties by opportunity id, descending) with a keyset cursor,
 *   so a page boundary never repeats or skips a candidate that did not change in between.
 *
 * @since 0.1.0
 */
import { Candidate, Ids } from "@fulcrum/domain"
import { Effect, HashMap, Layer, Option, Schema, SynchronizedRef } from "effect"
import {
  type CandidatePage,
  type JournalRows,
  type CandidateQuery,
  CandidateStore,
  type TimelineEntry,
  type VersionedCandidate
} from "../ports/CandidateStore.ts"
import { VersionConflict } from "../ports/ConfigStore.ts"
import { StepJournal } from "../ports/StepJournal.ts"
import type { StepKey } from "../StepKey.ts"

/**
 * How many candidates a page holds when the query names no limit.
 *
 * @since 0.1.0
 */
export const defaultLimit = 50

interface State {
  readonly candidates: HashMap.HashMap<string, VersionedCandidate>
  readonly timelines: HashMap.HashMap<string, ReadonlyArray<TimelineEntry>>
}

const candidateKeyOf = (teamId: string, opportunityId: string): string => JSON.stringify([teamId, opportunityId])

/** Where the previous page ended: the last candidate's `updatedAt` and opportunity id. */
const Cursor = Schema.StringFromBase64Url.pipe(
  // The position's opportunity id is decoded as one, so a forged cursor cannot carry what no id can.
  Schema.decodeTo(Schema.fromJsonString(Schema.Tuple([Schema.Number, Ids.OpportunityId])))
)
const encodeCursor = Schema.encodeSync(Cursor)
const decodeCursor = Schema.decodeUnknownOption(Cursor)

/** Newest update first; the opportunity id breaks ties so that the order, and so the cursor, is total. */
const newestFirst = (a: Candidate.CandidateState, b: Candidate.CandidateState): number =>
  b.updatedAt - a.updatedAt || (a.opportunityId < b.opportunityId ? 1 : a.opportunityId > b.opportunityId ? -1 : 0)

const isAfter = (state: Candidate.CandidateState, [updatedAt, opportunityId]: readonly [number, string]): boolean =>
  state.updatedAt < updatedAt || (state.updatedAt === updatedAt && state.opportunityId < opportunityId)

/** Appends the entries whose key is not in the timeline yet (nor earlier in the same batch). */
const appendNew = (
  timeline: ReadonlyArray<TimelineEntry>,
  entries: ReadonlyArray<TimelineEntry>
): ReadonlyArray<TimelineEntry> => {
  const keys = new Set(timeline.map((entry) => entry.key))
  const added: Array<TimelineEntry> = []
  for (const entry of entries) {
    if (keys.has(entry.key)) continue
    keys.add(entry.key)
    added.push(entry)
  }
  return added.length === 0 ? timeline : [...timeline, ...added]
}

const appendTo = (state: State, key: string, entries: ReadonlyArray<TimelineEntry>): State => {
  const timeline = Option.getOrElse(HashMap.get(state.timelines, key), (): ReadonlyArray<TimelineEntry> => [])
  return { ...state, timelines: HashMap.set(state.timelines, key, appendNew(timeline, entries)) }
}

/**
 * Builds an empty in-memory `CandidateStore`. Each call gives a store of its own.
 *
 * @since 0.1.0
 */
export const make: Effect.Effect<CandidateStore["Service"], never, StepJournal> = Effect.gen(function*() {
  const journal = yield* StepJournal
  const store = yield* SynchronizedRef.make<State>({ candidates: HashMap.empty(), timelines: HashMap.empty() })

  const get = Effect.fn("CandidateStoreMemory.get")(
    function*(teamId: Ids.TeamId, opportunityId: Ids.OpportunityId) {
      const state = yield* SynchronizedRef.get(store)
      return HashMap.get(state.candidates, candidateKeyOf(teamId, opportunityId))
    }
  )

  const save = Effect.fn("CandidateStoreMemory.save")(
    function*(candidate: Candidate.CandidateState, expectedVersion: number, timeline: ReadonlyArray<TimelineEntry>) {
      const key = candidateKeyOf(candidate.teamId, candidate.opportunityId)
      return yield* SynchronizedRef.modifyEffect(
        store,
        (state): Effect.Effect<readonly [VersionedCandidate, State], VersionConflict> => {
          const actual = Option.match(HashMap.get(state.candidates, key), {
            onNone: () => 0,
            onSome: (current) => current.version
          })
          if (actual !== expectedVersion) {
            return Effect.fail(new VersionConflict({ teamId: candidate.teamId, expected: expectedVersion, actual }))
          }
          const saved: VersionedCandidate = { state: candidate, version: actual + 1 }
          const next = appendTo({ ...state, candidates: HashMap.set(state.candidates, key, saved) }, key, timeline)
          return Effect.succeed([saved, next] as const)
        }
      )
    }
  )

  const appendTimeline = Effect.fn("CandidateStoreMemory.appendTimeline")(
    function*(teamId: Ids.TeamId, opportunityId: Ids.OpportunityId, entries: ReadonlyArray<TimelineEntry>) {
      yield* SynchronizedRef.update(store, (state) => appendTo(state, candidateKeyOf(teamId, opportunityId), entries))
    }
  )

  const timeline = Effect.fn("CandidateStoreMemory.timeline")(
    function*(teamId: Ids.TeamId, opportunityId: Ids.OpportunityId) {
      const state = yield* SynchronizedRef.get(store)
      const entries = Option.getOrElse(
        HashMap.get(state.timelines, candidateKeyOf(teamId, opportunityId)),
        (): ReadonlyArray<TimelineEntry> => []
      )
      // `sort` is stable: entries with the same `at` keep their append order.
      return [...entries].sort((a, b) => a.at - b.at)
    }
  )

  const erase = Effect.fn("CandidateStoreMemory.erase")(
    function*(teamId: Ids.TeamId, opportunityId: Ids.OpportunityId, keep: ReadonlyArray<TimelineEntry>) {
      yield* SynchronizedRef.update(store, (state) => ({
        ...state,
        timelines: HashMap.set(state.timelines, candidateKeyOf(teamId, opportunityId), appendNew([], keep))
      }))
    }
  )

  const list = Effect.fn("CandidateStoreMemory.list")(function*(teamId: Ids.TeamId, query: CandidateQuery) {
    const limit = Math.max(1, query.limit ?? defaultLimit)
    const after = query.cursor === undefined ? Option.none() : decodeCursor(query.cursor)
    // A cursor this store did not issue cannot say where a page ends; answering "no more candidates"
    // ends a client's paging loop instead of restarting it from the first page forever.
    if (query.cursor !== undefined && Option.isNone(after)) {
      return { candidates: [], next: null } satisfies CandidatePage
    }
    const state = yield* SynchronizedRef.get(store)
    const matching = Array.from(HashMap.values(state.candidates), (candidate) => candidate.state)
      .filter((candidate) =>
        candidate.teamId === teamId &&
        (query.inviteState === undefined || Candidate.inviteState(candidate) === query.inviteState) &&
        Option.match(after, { onNone: () => true, onSome: (cursor) => isAfter(candidate, cursor) })
      )
      .sort(newestFirst)
    const candidates = matching.slice(0, limit)
    const last = candidates[candidates.length - 1]
    const next = matching.length > limit && last !== undefined
      ? encodeCursor([last.updatedAt, last.opportunityId])
      : null
    return { candidates, next } satisfies CandidatePage
  })

  const findByInterviewId = Effect.fn("CandidateStoreMemory.findByInterviewId")(
    function*(teamId: Ids.TeamId, interviewId: Ids.InterviewId) {
      const state = yield* SynchronizedRef.get(store)
      const found = Array.from(HashMap.values(state.candidates))
        .filter((candidate) =>
          candidate.state.teamId === teamId &&
          Object.values(candidate.state.invites).some((invite) => invite.interviewId === interviewId)
        )
        .sort((a, b) => newestFirst(a.state, b.state))
      return Option.fromUndefinedOr(found[0])
    }
  )

  // Nothing runs between the save and the record (both in memory), so they are one step.
  const saveJournaled = Effect.fn("CandidateStoreMemory.saveJournaled")(
    function*(
      candidate: Candidate.CandidateState,
      expectedVersion: number,
      timeline: ReadonlyArray<TimelineEntry>,
      rows: JournalRows
    ) {
      const saved = yield* save(candidate, expectedVersion, timeline)
      yield* journal.recordAll(candidate.teamId, rows.steps, rows.at)
      return saved
    }
  )

  // Nothing runs between the two reads (both in memory), so they are one read.
  const getJournaled = Effect.fn("CandidateStoreMemory.getJournaled")(
    function*(teamId: Ids.TeamId, opportunityId: Ids.OpportunityId, steps: { readonly prefixes: ReadonlyArray<StepKey> }) {
      return { candidate: yield* get(teamId, opportunityId), steps: yield* journal.findAll(teamId, steps) }
    }
  )

  return CandidateStore.of({ get, getJournaled, save, saveJournaled, appendTimeline, timeline, erase, list, findByInterviewId })
})

/**
 * A `CandidateStore` kept in memory, empty when the layer is built; `saveJournaled` records into the
 * `StepJournal` it is provided with.
 *
 * @since 0.1.0
 */
export const layer: Layer.Layer<CandidateStore, never, StepJournal> = Layer.effect(CandidateStore, make)
