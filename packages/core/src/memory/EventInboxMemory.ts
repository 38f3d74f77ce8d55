/**
 * An in-memory `EventInbox`: the record of accepted events and the work queue over them. It is the
 * reference behaviour the persistent adapters are held to by `EventInboxContract`:
 *
 * - `accept` is unique on (team, dedupe key): a repeated key is a `Duplicate` naming the first event.
 *   `acceptForInterview` files the event under the opportunity `CandidateStore.findByInterviewId` finds
 *   for its interview, or under none.
 * - Arrival order is acceptance order. An event is due when it is `pending` and its `nextAttemptAt` is at
 *   or before `now`, or `running` with a lease that ended at or before `now` (its worker is presumed dead).
 * - Per opportunity, only the earliest-arrived event that is still `pending` or `running` may be
 *   claimed, and none while one of its events runs under a live lease (a replayed earlier event waits
 *   for the later one in flight), so an opportunity's events never run concurrently and run in arrival
 *   order. A `dead` event
 *   does not hold back the later ones; a `pending` one waiting for its retry time does.
 * - Fairness: teams take turns. A claim serves the team served least recently first (teams never
 *   served before go first, in the order of their oldest due event), taking one event per team in that
 *   order and coming back for a second event of a team only once every team with due events has had one.
 *   A team's turn is remembered across claims, so a busy team cannot starve a quiet one even when each
 *   claim takes a single event.
 * - A claim of a `pending` event increments `attempts`; a claim of a `running` one whose lease ended
 *   increments `interruptions` instead. `release` gives the attempt back and counts an interruption. `replay` starts both counts
 *   again from 0 and increments `replays`.
 *   Replaying a `running` event changes nothing: its worker still holds it.
 * - `complete`, `retry`, `kill` and `extendLease` need the event to be `running` under the caller's
 *   worker id; otherwise they fail with `LeaseLost`.
 *
 * @since 0.1.0
 */
import { Ids } from "@fulcrum/domain"
import { Clock, Effect, HashMap, Layer, Option, Random, Schema, SynchronizedRef } from "effect"
import type { JournalRows } from "../ports/CandidateStore.ts"
import { StepJournal } from "../ports/StepJournal.ts"
import {
  type Accepted,
  type Claimed,
  EventInbox,
  erasedMarker,
  EventNotFound,
  type EventQuery,
  type EventStatus,
  type InboxEvent,
  LeaseLost,
  type NewInboxEvent,
  type NewInterviewEvent,
  type Pruned,
  type PruneOptions
} from "../ports/EventInbox.ts"
import { CandidateStore } from "../ports/CandidateStore.ts"

/**
 * How many events a page of `list` holds when the query names no limit.
 *
 * @since 0.1.0
 */
export const defaultLimit = 50

interface Stored {
  readonly event: InboxEvent
  /** Arrival order: acceptance order, which fixes per-opportunity order and `list` order. */
  readonly seq: number
  readonly workerId: string | null
  readonly leaseUntil: number
}

interface State {
  readonly events: HashMap.HashMap<string, Stored>
  readonly dedupe: HashMap.HashMap<string, string>
  /** Dedupe keys (in `dedupe`) whose event retention deleted, with the time they are kept until. */
  readonly prunedKeys: HashMap.HashMap<string, number>
  /** The turn at which each team was last served by `claim`. */
  readonly turns: HashMap.HashMap<string, number>
  readonly seq: number
  readonly turn: number
}

const empty: State = {
  events: HashMap.empty(),
  dedupe: HashMap.empty(),
  prunedKeys: HashMap.empty(),
  turns: HashMap.empty(),
  seq: 0,
  turn: 0
}

const pairKey = (a: string, b: string): string => JSON.stringify([a, b])

/** Where the previous page ended: the arrival number of its last event. */
const Cursor = Schema.StringFromBase64Url.pipe(Schema.decodeTo(Schema.fromJsonString(Schema.Tuple([Schema.Number]))))
const encodeCursor = Schema.encodeSync(Cursor)
const decodeCursor = Schema.decodeUnknownOption(Cursor)

const isActive = (stored: Stored): boolean => stored.event.status === "pending" || stored.event.status === "running"

const isDue = (stored: Stored, now: number): boolean =>
  stored.event.status === "pending"
    ? stored.event.nextAttemptAt <= now
    : stored.event.status === "running" && stored.leaseUntil <= now

const byArrival = (a: Stored, b: Stored): number => a.seq - b.seq

/**
 * The event with its personal data erased (the same object when there is none left): a result's summary
 * and report URL, the note and last error (they may quote a name or an email), and the raw body.
 */
const erase = (event: InboxEvent): InboxEvent => {
  const payload = event.payload._tag === "ResultReported" &&
      (event.payload.summary !== erasedMarker || event.payload.reportUrl !== erasedMarker)
    ? { ...event.payload, summary: erasedMarker, reportUrl: erasedMarker }
    : event.payload
  const note = event.note === null ? null : erasedMarker
  const lastError = event.lastError === null ? null : erasedMarker
  return payload === event.payload && note === event.note && lastError === event.lastError && event.rawBody === null
    ? event
    : { ...event, payload, note, lastError, rawBody: null }
}

/**
 * The events a claim at `now` may take, grouped by team in the order teams are served this time.
 */
const claimableByTeam = (state: State, now: number): ReadonlyArray<ReadonlyArray<Stored>> => {
  const active = Array.from(HashMap.values(state.events)).filter(isActive).sort(byArrival)
  // An opportunity with an event running under a live lease takes nothing else, whatever the arrival
  // order: a replayed earlier event must not run beside a later one that is in flight.
  const busyOpportunities = new Set<string>(
    active
      .filter((stored) => stored.event.status === "running" && stored.leaseUntil > now && stored.event.opportunityId !== null)
      .map((stored) => pairKey(stored.event.teamId, stored.event.opportunityId!))
  )
  const seenOpportunities = new Set<string>()
  const byTeam = new Map<string, Array<Stored>>()
  for (const stored of active) {
    const { opportunityId, teamId } = stored.event
    if (opportunityId !== null) {
      const key = pairKey(teamId, opportunityId)
      // Only the opportunity's earliest active event is a candidate; the rest wait behind it.
      if (busyOpportunities.has(key) || seenOpportunities.has(key)) continue
      seenOpportunities.add(key)
    }
    if (!isDue(stored, now)) continue
    const team = byTeam.get(teamId)
    if (team === undefined) byTeam.set(teamId, [stored])
    else team.push(stored)
  }
  const lastTurn = (teamId: string): number => Option.getOrElse(HashMap.get(state.turns, teamId), () => -1)
  // Map iteration follows insertion, which is each team's oldest due event: the tie-break among teams
  // that were last served at the same turn (in practice: never).
  return Array.from(byTeam.entries())
    .map(([teamId, events], index) => ({ teamId, events, index }))
    .sort((a, b) => lastTurn(a.teamId) - lastTurn(b.teamId) || a.index - b.index)
    .map(({ events }) => events)
}

/** Takes one event per team per round, in serving order, until `limit` events are taken. */
const roundRobin = (teams: ReadonlyArray<ReadonlyArray<Stored>>, limit: number): ReadonlyArray<Stored> => {
  const taken: Array<Stored> = []
  for (let round = 0; taken.length < limit; round++) {
    let any = false
    for (const events of teams) {
      const stored = events[round]
      if (stored === undefined) continue
      any = true
      taken.push(stored)
      if (taken.length === limit) break
    }
    if (!any) break
  }
  return taken
}

const emptyStats = (): Record<EventStatus, number> => ({ pending: 0, running: 0, done: 0, skipped: 0, dead: 0 })

/** A unique event id whose prefix sorts by creation time, so ids read in roughly arrival order. */
const makeEventId: Effect.Effect<string> = Effect.gen(function*() {
  const millis = yield* Clock.currentTimeMillis
  const a = yield* Random.nextIntBetween(0, 36 ** 6)
  const b = yield* Random.nextIntBetween(0, 36 ** 6)
  return `evt_${millis.toString(36).padStart(9, "0")}${a.toString(36).padStart(6, "0")}${b.toString(36).padStart(6, "0")}`
})

/**
 * Builds an empty in-memory `EventInbox`. Each call gives an inbox of its own; `acceptForInterview` finds
 * interviews in the `CandidateStore` in context (the in-memory one of the same process).
 *
 * @since 0.1.0
 */
export const make: Effect.Effect<EventInbox["Service"], never, CandidateStore | StepJournal> = Effect.gen(function*() {
  const candidates = yield* CandidateStore
  const journal = yield* StepJournal
  // Every operation is one atomic step on this ref: a dedupe check and its insert, or a claim's choice
  // and its leases, can never interleave with another fiber's.
  const inbox = yield* SynchronizedRef.make<State>(empty)

  /** Applies `f` to the event when `workerId` holds it; fails with `LeaseLost` otherwise. */
  const withLease = (
    eventId: string,
    workerId: string,
    f: (stored: Stored) => Stored
  ): Effect.Effect<void, LeaseLost> =>
    SynchronizedRef.modifyEffect(inbox, (state): Effect.Effect<readonly [void, State], LeaseLost> =>
      Option.match(
        Option.filter(
          HashMap.get(state.events, eventId),
          (stored) => stored.event.status === "running" && stored.workerId === workerId
        ),
        {
          onNone: () => Effect.fail(new LeaseLost({ eventId })),
          onSome: (stored) =>
            Effect.succeed([undefined, { ...state, events: HashMap.set(state.events, eventId, f(stored)) }] as const)
        }
      ))

  const accept = Effect.fn("EventInboxMemory.accept")(function*(event: NewInboxEvent) {
    const eventId = Ids.EventId.make(yield* makeEventId)
    return yield* SynchronizedRef.modify(inbox, (state): readonly [Accepted, State] => {
      const dedupeKey = pairKey(event.teamId, event.dedupeKey)
      const existing = HashMap.get(state.dedupe, dedupeKey)
      if (Option.isSome(existing)) return [{ _tag: "Duplicate", eventId: Ids.EventId.make(existing.value) }, state]
      const stored: Stored = {
        event: {
          ...event,
          traceParent: event.traceParent ?? null,
          eventId,
          attempts: 0,
          interruptions: 0,
          replays: 0,
          nextAttemptAt: event.receivedAt,
          lastError: null,
          updatedAt: event.receivedAt
        },
        seq: state.seq,
        workerId: null,
        leaseUntil: 0
      }
      return [{ _tag: "Accepted", eventId }, {
        ...state,
        events: HashMap.set(state.events, eventId, stored),
        dedupe: HashMap.set(state.dedupe, dedupeKey, eventId),
        seq: state.seq + 1
      }]
    })
  })

  // Two steps here, one statement in SQL: a candidate saved between them races the webhook just as one
  // saved right before the SQL statement does, and either way the event is stored exactly once.
  const acceptForInterview = Effect.fn("EventInboxMemory.acceptForInterview")(
    function*({ interviewId, ...event }: NewInterviewEvent) {
      const candidate = yield* candidates.findByInterviewId(Ids.TeamId.make(event.teamId), interviewId)
      return yield* accept({
        ...event,
        opportunityId: Option.match(candidate, { onNone: () => null, onSome: (found) => found.state.opportunityId })
      })
    }
  )

  const seen = Effect.fn("EventInboxMemory.seen")(function*(teamId: Ids.TeamId, dedupeKey: string) {
    const state = yield* SynchronizedRef.get(inbox)
    return HashMap.has(state.dedupe, pairKey(teamId, dedupeKey))
  })

  const claim = Effect.fn("EventInboxMemory.claim")(
    function*(options: {
      readonly workerId: string
      readonly limit: number
      readonly leaseMs: number
      readonly now: number
    }) {
      const { leaseMs, now, workerId } = options
      return yield* SynchronizedRef.modify(inbox, (state): readonly [ReadonlyArray<Claimed>, State] => {
        const taken = roundRobin(claimableByTeam(state, now), Math.max(0, Math.floor(options.limit)))
        let events = state.events
        let turns = state.turns
        const claimed = taken.map((stored, index): Claimed => {
          const leaseUntil = now + leaseMs
          // A `running` event here is one whose lease ran out: its run ended without an outcome.
          const interrupted = stored.event.status === "running"
          const event: InboxEvent = {
            ...stored.event,
            status: "running",
            attempts: interrupted ? stored.event.attempts : stored.event.attempts + 1,
            interruptions: interrupted ? stored.event.interruptions + 1 : stored.event.interruptions,
            updatedAt: now
          }
          events = HashMap.set(events, event.eventId, { ...stored, event, workerId, leaseUntil })
          // A team taken twice in this claim keeps the later turn: it was served more recently.
          turns = HashMap.set(turns, event.teamId, state.turn + index)
          return { event, leaseUntil }
        })
        return [claimed, { ...state, events, turns, turn: state.turn + claimed.length }]
      })
    }
  )

  const extendLease = Effect.fn("EventInboxMemory.extendLease")(
    function*(eventId: string, workerId: string, lease: { readonly leaseMs: number; readonly now: number }) {
      // This inbox is its own clock: the caller's `now` is the store's.
      yield* withLease(eventId, workerId, (stored) => ({ ...stored, leaseUntil: lease.now + lease.leaseMs }))
    }
  )

  const complete = Effect.fn("EventInboxMemory.complete")(
    function*(
      eventId: string,
      workerId: string,
      outcome: {
        readonly status: "done" | "skipped"
        readonly note: string | null
        readonly now: number
        readonly journal?: JournalRows | undefined
      }
    ) {
      let teamId: string | undefined
      yield* withLease(eventId, workerId, (stored) => {
        teamId = stored.event.teamId
        return {
          ...stored,
          event: {
            ...stored.event,
            status: outcome.status,
            note: outcome.note ?? stored.event.note,
            updatedAt: outcome.now
          },
          workerId: null
        }
      })
      // Nothing else completes the event once it is done, so journaling right after is the same write.
      if (outcome.journal !== undefined && teamId !== undefined) {
        yield* journal.recordAll(teamId as Ids.TeamId, outcome.journal.steps, outcome.journal.at)
      }
    }
  )

  const retry = Effect.fn("EventInboxMemory.retry")(
    function*(
      eventId: string,
      workerId: string,
      failure: { readonly error: string; readonly nextAttemptAt: number; readonly now: number }
    ) {
      yield* withLease(eventId, workerId, (stored) => ({
        ...stored,
        event: {
          ...stored.event,
          status: "pending",
          nextAttemptAt: failure.nextAttemptAt,
          lastError: failure.error,
          updatedAt: failure.now
        },
        workerId: null
      }))
    }
  )

  const kill = Effect.fn("EventInboxMemory.kill")(
    function*(eventId: string, workerId: string, failure: { readonly error: string; readonly now: number }) {
      yield* withLease(eventId, workerId, (stored) => ({
        ...stored,
        event: { ...stored.event, status: "dead", lastError: failure.error, updatedAt: failure.now },
        workerId: null
      }))
    }
  )

  const release = Effect.fn("EventInboxMemory.release")(function*(workerId: string, now: number) {
    return yield* SynchronizedRef.modify(inbox, (state): readonly [number, State] => {
      let events = state.events
      let released = 0
      for (const stored of HashMap.values(state.events)) {
        if (stored.event.status !== "running" || stored.workerId !== workerId) continue
        released++
        events = HashMap.set(events, stored.event.eventId, {
          ...stored,
          event: {
            ...stored.event,
            status: "pending",
            // The run was stopped, not failed: its attempt is given back, and it counts as interrupted.
            attempts: Math.max(0, stored.event.attempts - 1),
            interruptions: stored.event.interruptions + 1,
            nextAttemptAt: now,
            updatedAt: now
          },
          workerId: null
        })
      }
      return [released, { ...state, events }]
    })
  })

  const ownEvent = (state: State, teamId: Ids.TeamId, eventId: string): Option.Option<Stored> =>
    Option.filter(HashMap.get(state.events, eventId), (stored) => stored.event.teamId === teamId)

  const get = Effect.fn("EventInboxMemory.get")(function*(teamId: Ids.TeamId, eventId: string) {
    const state = yield* SynchronizedRef.get(inbox)
    return Option.map(ownEvent(state, teamId, eventId), (stored) => stored.event)
  })

  const list = Effect.fn("EventInboxMemory.list")(function*(teamId: Ids.TeamId, query: EventQuery) {
    const limit = Math.max(1, query.limit ?? defaultLimit)
    const before = query.cursor === undefined ? Option.none() : decodeCursor(query.cursor)
    // A cursor this inbox did not issue cannot say where a page ends; answering "no more events" ends
    // a client's paging loop instead of restarting it from the first page forever.
    if (query.cursor !== undefined && Option.isNone(before)) return { events: [], next: null }
    const state = yield* SynchronizedRef.get(inbox)
    const matching = Array.from(HashMap.values(state.events))
      .filter((stored) =>
        stored.event.teamId === teamId &&
        (query.status === undefined || stored.event.status === query.status) &&
        (query.opportunityId === undefined || stored.event.opportunityId === query.opportunityId) &&
        Option.match(before, { onNone: () => true, onSome: ([seq]) => stored.seq < seq })
      )
      .sort((a, b) => b.seq - a.seq)
    const page = matching.slice(0, limit)
    const last = page[page.length - 1]
    return {
      events: page.map((stored) => stored.event),
      next: matching.length > limit && last !== undefined ? encodeCursor([last.seq]) : null
    }
  })

  const replay = Effect.fn("EventInboxMemory.replay")(function*(teamId: Ids.TeamId, eventId: string, now: number) {
    return yield* SynchronizedRef.modifyEffect(
      inbox,
      (state): Effect.Effect<readonly [InboxEvent, State], EventNotFound> =>
        Option.match(ownEvent(state, teamId, eventId), {
          onNone: () => Effect.fail(new EventNotFound({ eventId })),
          onSome: (stored) => {
            // A running event is being processed right now; rescheduling it would let a second worker
            // claim it while the first still holds its lease.
            if (stored.event.status === "running") return Effect.succeed([stored.event, state] as const)
            const event: InboxEvent = {
              ...stored.event,
              status: "pending",
              attempts: 0,
              interruptions: 0,
              replays: stored.event.replays + 1,
              nextAttemptAt: now,
              updatedAt: now
            }
            return Effect.succeed(
              [event, { ...state, events: HashMap.set(state.events, eventId, { ...stored, event, workerId: null }) }] as const
            )
          }
        })
    )
  })

  const scrub = Effect.fn("EventInboxMemory.scrub")(function*(teamId: Ids.TeamId, opportunityId: string) {
    return yield* SynchronizedRef.modify(inbox, (state): readonly [number, State] => {
      let events = state.events
      let scrubbed = 0
      for (const stored of HashMap.values(state.events)) {
        const { event } = stored
        if (event.teamId !== teamId || event.opportunityId !== opportunityId) continue
        const erased = erase(event)
        if (erased === event) continue
        scrubbed++
        events = HashMap.set(events, event.eventId, { ...stored, event: erased })
      }
      return [scrubbed, { ...state, events }]
    })
  })

  const prune = Effect.fn("EventInboxMemory.prune")(function*(options: PruneOptions) {
    return yield* SynchronizedRef.modify(inbox, (state): readonly [Pruned, State] => {
      let { dedupe, events, prunedKeys } = state
      let expired = 0
      for (const [key, until] of HashMap.entries(state.prunedKeys)) {
        if (expired === options.limit) break
        if (until >= options.now) continue
        prunedKeys = HashMap.remove(prunedKeys, key)
        dedupe = HashMap.remove(dedupe, key)
        expired++
      }
      const settled = Array.from(HashMap.values(state.events)).filter((stored) => !isActive(stored))
      const finished = settled
        .filter(({ event }) => (event.status === "done" || event.status === "skipped") && event.updatedAt < options.before)
        .sort((a, b) => a.event.updatedAt - b.event.updatedAt)
        .slice(0, options.limit)
      for (const { event } of finished) {
        events = HashMap.remove(events, event.eventId)
        prunedKeys = HashMap.set(prunedKeys, pairKey(event.teamId, event.dedupeKey), options.keepKeysUntil)
      }
      const gone = new Set(finished.map(({ event }) => event.eventId))
      const withBodies = settled
        .filter(({ event }) => !gone.has(event.eventId) && event.rawBody !== null && event.receivedAt < options.before)
        .slice(0, options.limit)
      for (const stored of withBodies) {
        events = HashMap.set(events, stored.event.eventId, { ...stored, event: { ...stored.event, rawBody: null } })
      }
      return [
        { events: finished.length, rawBodies: withBodies.length, keys: expired },
        { ...state, events, dedupe, prunedKeys }
      ]
    })
  })

  const stats = Effect.fn("EventInboxMemory.stats")(function*(teamId?: Ids.TeamId) {
    const state = yield* SynchronizedRef.get(inbox)
    const counts = emptyStats()
    for (const stored of HashMap.values(state.events)) {
      if (teamId === undefined || stored.event.teamId === teamId) counts[stored.event.status]++
    }
    return counts
  })

  const oldestPendingAt = Effect.map(SynchronizedRef.get(inbox), (state) => {
    let oldest: number | null = null
    for (const stored of HashMap.values(state.events)) {
      if (stored.event.status === "pending" && (oldest === null || stored.event.receivedAt < oldest)) {
        oldest = stored.event.receivedAt
      }
    }
    return oldest
  })

  return EventInbox.of({
    accept,
    acceptForInterview,
    seen,
    claim,
    extendLease,
    complete,
    retry,
    kill,
    release,
    get,
    list,
    replay,
    scrub,
    prune,
    stats,
    oldestPendingAt
  })
})

/**
 * An `EventInbox` kept in memory, empty when the layer is built; `acceptForInterview` reads the
 * `CandidateStore` it is provided with, and `complete` records journal rows into the `StepJournal`.
 *
 * @since 0.1.0
 */
export const layer: Layer.Layer<EventInbox, never, CandidateStore | StepJournal> = Layer.effect(EventInbox, make)
