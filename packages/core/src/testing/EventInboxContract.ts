/**
 * The contract test kit of the `EventInbox` port. An adapter proves itself by running the suite against
 * its own layer:
 *
 * ```ts
 * import { EventInboxContract } from "@fulcrum/core/testing"
 * EventInboxContract.suite(
 *   "EventInboxSql (PGlite)",
 *   Layer.mergeAll(EventInboxSql.layer, CandidateStoreSql.layer, StepJournalSql.layer).pipe(Layer.provide(PgliteTest))
 * )
 * ```
 *
 * The layer provides the adapter's `CandidateStore` and `StepJournal` of the same storage too:
 * `complete`'s journal rows are checked through the journal, and `acceptForInterview` through the
 * candidate store.
 *
 * The layer is built once for the whole suite and shared by its tests. Every test works on teams and
 * workers with fresh random ids, and passes every time explicitly (`now`), so no clock is involved: an
 * adapter that measures leases on its own clock runs the suite with that clock set to the caller's
 * (`LeaseClock` "caller"), and proves its own clock in tests of its own.
 * `claim` is not scoped by team, though: before each test that claims, the suite first claims and
 * completes every event due up to ten years after its test times, so that only the test's own events
 * are due. The suite therefore needs an inbox no running worker uses while it runs (a test database or
 * schema of its own); events left there by earlier runs are fine.
 *
 * What the suite holds an adapter to:
 * - `accept` is unique on (team, dedupe key), also under a storm of concurrent duplicates; a duplicate
 *   names the first event and changes nothing. A new event starts with `attempts` 0, `interruptions` 0, `replays` 0,
 *   `nextAttemptAt` = `updatedAt` = `receivedAt`; only `pending` events are ever claimed.
 * - `acceptForInterview` stores the event as `accept` would, under the opportunity of the team's candidate
 *   with an invite for the interview, or under none when no candidate of the team has it; a repeated
 *   dedupe key is a `Duplicate` as with `accept`, whatever the candidates.
 * - Due means: `pending` with `nextAttemptAt <= now`, or `running` with `leaseUntil <= now`.
 * - A claim sets `running`, `updatedAt = now` and `leaseUntil = now + leaseMs`, and `attempts + 1` when the
 *   event was `pending`, `interruptions + 1` (and `attempts` unchanged) when it was `running` under a lease
 *   that ran out.
 * - `complete`, `retry`, `kill` and `extendLease` need the caller to hold the lease (the event is
 *   `running` under its worker id), else `LeaseLost`; `complete`'s journal rows are recorded for the
 *   event's team exactly when it completes (first result of a key winning), none on `LeaseLost`.
 * - Fairness: a claim takes one event per team before a second of any team; across claims, the team
 *   served least recently goes first, so a team with one event is served by the second single-event
 *   claim at the latest, even when the first team's event completed in between.
 * - Per opportunity (per team): only the earliest-accepted event that is still `pending` or `running`
 *   can be claimed, and none while one of its events runs under a live lease; `dead`, `done` and `skipped` events hold nothing back. Events without an opportunity
 *   are independent.
 * - `release` makes a worker's events due again at `now`, gives back the attempt their claim added and
 *   counts an interruption instead;
 *   `replay` makes any event but a `running` one `pending` at `now` with `attempts` 0, `interruptions` 0
 *   and `replays + 1`, and leaves a `running` one alone.
 * - `scrub` replaces a `ResultReported` payload's `summary` and `reportUrl`, and any note and last error,
 *   with `erasedMarker` and drops the raw body, in every event of the team's opportunity, running ones
 *   included, and changes nothing else.
 * - `prune` deletes finished events older than `before` (never pending, running or dead ones), drops old
 *   raw bodies of the events it keeps, and keeps recognising a deleted event's dedupe key until
 *   `keepKeysUntil`, in batches of at most `limit`.
 * - `list` is newest first (latest accepted first), filtered by status and opportunity, paged by `next`
 *   until `null`; `stats` counts every status, zeros included; `oldestPendingAt` is the earliest
 *   `receivedAt` of any `pending` event, or null.
 * - An event's `traceParent` is kept as given (null when absent) and comes back with the claim.
 *
 * @since 0.1.0
 */
import { assert } from "@effect/vitest"
import { Ids } from "@fulcrum/domain"
import { Effect, Option } from "effect"
import type { InboxPayload } from "../InboxPayload.ts"
import { CandidateStore } from "../ports/CandidateStore.ts"
import {
  type Claimed,
  EventInbox,
  type InboxEvent,
  type NewInboxEvent,
  type NewInterviewEvent
} from "../ports/EventInbox.ts"
import { StepJournal } from "../ports/StepJournal.ts"
import { invitedAs } from "./internal/candidates.ts"
import { type Suite, suiteOf, type SuiteOptions, teamIdFor } from "./internal/kit.ts"

/**
 * Tuning of a suite run: `timeout`, the milliseconds each test, and building or closing the layer, may take.
 *
 * @since 0.1.0
 */
export type { SuiteOptions }

const workerIdFor = (label: string): string => `contract-worker-${label}-${crypto.randomUUID()}`

/** Every time in the suite is at or after `t0` and well before `drainAt`. */
const t0 = 1_767_225_600_000
const drainAt = t0 + 10 * 365 * 86_400_000
const drainWorker = "contract-drain"

const stageChanged = (opportunityId: string): InboxPayload => ({
  _tag: "StageChanged",
  opportunityId: Ids.OpportunityId.make(opportunityId),
  toStageId: Ids.StageId.make("8d3c7b0e-1f5a-4c2b-9e61-0a7d5c4b3a21"),
  fromStageId: Ids.StageId.make("lead-new")
})

/** A pending Lever stage change (or a ping, without an opportunity) received at `receivedAt`. */
const lever = (
  teamId: string,
  dedupeKey: string,
  opportunityId: string | null,
  receivedAt: number,
  overrides: Partial<NewInboxEvent> = {}
): NewInboxEvent => ({
  teamId,
  dedupeKey,
  source: "lever",
  kind: opportunityId === null ? "ping" : "candidateStageChange",
  opportunityId,
  payload: opportunityId === null ? { _tag: "Ping" } : stageChanged(opportunityId),
  rawBody: JSON.stringify({ token: dedupeKey, triggeredAt: receivedAt, event: "candidateStageChange" }),
  receivedAt,
  status: "pending",
  note: null,
  ...overrides
})

/** A provider webhook about `interviewId`, received at `receivedAt`, as the host hands it to `acceptForInterview`. */
const interviewStarted = (
  teamId: string,
  dedupeKey: string,
  interviewId: string,
  receivedAt: number
): NewInterviewEvent => ({
  teamId,
  dedupeKey,
  source: "provider",
  kind: "interview.started",
  interviewId: Ids.InterviewId.make(interviewId),
  payload: { _tag: "InterviewStatusReported", interviewId: Ids.InterviewId.make(interviewId), status: "started" },
  rawBody: JSON.stringify({ type: "interview.started", timestamp: receivedAt, data: { interviewId } }),
  receivedAt,
  status: "pending",
  note: null
})

/** What `accept` must store for an interview's event filed under `opportunityId`. */
const filedUnder = ({ interviewId: _, ...event }: NewInterviewEvent, opportunityId: string | null): NewInboxEvent => ({
  ...event,
  opportunityId
})

/** The event as `accept` must store it. */
const storedAs = (event: NewInboxEvent, eventId: string): InboxEvent => ({
  ...event,
  traceParent: event.traceParent ?? null,
  eventId,
  attempts: 0,
  interruptions: 0,
  replays: 0,
  nextAttemptAt: event.receivedAt,
  lastError: null,
  updatedAt: event.receivedAt
})

/**
 * Registers the `EventInbox` contract as a `describe` block named `name`, run against `layer`.
 *
 * @since 0.1.0
 */
export const suite: Suite<EventInbox | CandidateStore | StepJournal> = suiteOf((it, timeout) => {
  /** Settles everything due in the inbox, so that only the calling test's events can be claimed. */
  const drain = Effect.gen(function*() {
    const inbox = yield* EventInbox
    for (let round = 0;; round++) {
      assert.isBelow(round, 10_000, "the inbox keeps handing out events to drain")
      const claimed = yield* inbox.claim({ workerId: drainWorker, limit: 500, leaseMs: 1, now: drainAt })
      if (claimed.length === 0) return
      yield* Effect.forEach(
        claimed,
        (c) =>
          inbox.complete(c.event.eventId, drainWorker, {
            status: "done",
            note: "settled by the EventInbox contract suite",
            now: drainAt
          }),
        { discard: true }
      )
    }
  })

  /** Accepts the events in order and returns their ids. */
  const acceptAll = (events: ReadonlyArray<NewInboxEvent>): Effect.Effect<Array<string>, unknown, EventInbox> =>
    Effect.gen(function*() {
      const inbox = yield* EventInbox
      return yield* Effect.forEach(events, (event) =>
        Effect.map(inbox.accept(event), (accepted) => {
          assert.strictEqual(accepted._tag, "Accepted")
          return accepted.eventId as string
        }))
    })

  /** Claims and returns the ids of the claimed events. */
  const claimIds = (workerId: string, limit: number, now: number, leaseMs = 60_000) =>
    Effect.gen(function*() {
      const inbox = yield* EventInbox
      const claimed = yield* inbox.claim({ workerId, limit, leaseMs, now })
      return claimed.map((c) => c.event.eventId)
    })

  const statusOf = (teamId: Ids.TeamId, eventId: string) =>
    Effect.gen(function*() {
      const inbox = yield* EventInbox
      return Option.map(yield* inbox.get(teamId, eventId), (event) => event.status)
    })

  const sorted = (ids: ReadonlyArray<string>) => [...ids].sort()

  it.effect("stores an accepted event as given, ready to run at its arrival", () =>
    Effect.gen(function*() {
      const inbox = yield* EventInbox
      const teamId = teamIdFor("accept")
      const event = lever(teamId, "token-1", "opp-1", t0)
      const accepted = yield* inbox.accept(event)
      assert.strictEqual(accepted._tag, "Accepted")
      assert.isAbove(accepted.eventId.length, 0)
      assert.deepStrictEqual(yield* inbox.get(teamId, accepted.eventId), Option.some(storedAs(event, accepted.eventId)))
    }), timeout)

  it.effect("keeps every kind of payload, the raw body and the note exactly", () =>
    Effect.gen(function*() {
      const inbox = yield* EventInbox
      const teamId = teamIdFor("payloads")
      const events: ReadonlyArray<NewInboxEvent> = [
        lever(teamId, "ping", null, t0, { status: "done", note: "Verify connection: webhook verified" }),
        lever(teamId, "stage", "opp-1", t0 + 1, { rawBody: "{\"weird\": \"ünïcödé \\u0000-free, 'quotes'\"}" }),
        lever(teamId, "archive", "opp-1", t0 + 2, {
          kind: "candidateArchiveChange",
          payload: {
            _tag: "ArchiveChanged",
            opportunityId: Ids.OpportunityId.make("opp-1"),
            toArchived: { archivedAt: t0, reason: Ids.ArchiveReasonId.make("hired") }
          },
          status: "skipped",
          note: "Integration off: recorded, nothing sent"
        }),
        lever(teamId, "deleted", "opp-2", t0 + 3, {
          kind: "candidateDeleted",
          payload: { _tag: "Deleted", opportunityId: Ids.OpportunityId.make("opp-2") }
        }),
        lever(teamId, "ignored", null, t0 + 4, {
          kind: "applicationCreated",
          payload: { _tag: "Ignored", event: "applicationCreated" },
          status: "done"
        }),
        lever(teamId, "result", "opp-3", t0 + 5, {
          source: "provider",
          kind: "ResultReported",
          rawBody: null,
          payload: {
            _tag: "ResultReported",
            interviewId: Ids.InterviewId.make("int-1"),
            score: 91.5,
            summary: "Strong on data structures",
            reportUrl: "https://assess.example/r/1"
          }
        }),
        lever(teamId, "status", "opp-3", t0 + 6, {
          source: "provider",
          kind: "InterviewStatusReported",
          rawBody: null,
          payload: { _tag: "InterviewStatusReported", interviewId: Ids.InterviewId.make("int-1"), status: "started" }
        }),
        lever(teamId, "resend", "opp-4", t0 + 7, {
          source: "admin",
          kind: "ResendRequested",
          rawBody: null,
          payload: { _tag: "ResendRequested", opportunityId: Ids.OpportunityId.make("opp-4"), interviewTypeId: null }
        })
      ]
      const ids = yield* acceptAll(events)
      const stored = yield* Effect.forEach(ids, (id) => inbox.get(teamId, id))
      assert.deepStrictEqual(stored, events.map((event, i) => Option.some(storedAs(event, ids[i]!))))
    }), timeout)

  it.effect("answers a repeated dedupe key with the first event's id and keeps the first event", () =>
    Effect.gen(function*() {
      const inbox = yield* EventInbox
      const teamId = teamIdFor("duplicate")
      const first = lever(teamId, "token-1", "opp-1", t0)
      const accepted = yield* inbox.accept(first)
      const again = yield* inbox.accept(lever(teamId, "token-1", "opp-2", t0 + 5, { status: "skipped", note: "x" }))
      assert.deepStrictEqual(again, { _tag: "Duplicate", eventId: accepted.eventId })
      assert.deepStrictEqual(yield* inbox.get(teamId, accepted.eventId), Option.some(storedAs(first, accepted.eventId)))
      assert.strictEqual((yield* inbox.list(teamId, {})).events.length, 1)
      // The key is unique per team only: another team's delivery with the same token is its own event.
      const otherTeam = teamIdFor("duplicate-other")
      const other = yield* inbox.accept(lever(otherTeam, "token-1", "opp-1", t0))
      assert.strictEqual(other._tag, "Accepted")
      assert.notStrictEqual(other.eventId, accepted.eventId)
    }), timeout)

  it.effect("files an interview's event under the opportunity of the candidate with that interview", () =>
    Effect.gen(function*() {
      const inbox = yield* EventInbox
      const candidates = yield* CandidateStore
      const teamId = teamIdFor("interview")
      yield* candidates.save(invitedAs(teamId, Ids.OpportunityId.make("opp-7"), "sent", t0, "int-7"), 0, [])
      yield* candidates.save(invitedAs(teamId, Ids.OpportunityId.make("opp-8"), "sent", t0, "int-8"), 0, [])
      const event = interviewStarted(teamId, "provider:msg-1", "int-7", t0 + 1)
      const accepted = yield* inbox.acceptForInterview(event)
      assert.strictEqual(accepted._tag, "Accepted")
      assert.deepStrictEqual(
        yield* inbox.get(teamId, accepted.eventId),
        Option.some(storedAs(filedUnder(event, "opp-7"), accepted.eventId))
      )
      const listed = yield* inbox.list(teamId, { opportunityId: "opp-7" })
      assert.deepStrictEqual(listed.events.map((e) => e.eventId), [accepted.eventId])
    }), timeout)

  it.effect("keeps an event about an interview no candidate of the team has, under no opportunity", () =>
    Effect.gen(function*() {
      const inbox = yield* EventInbox
      const candidates = yield* CandidateStore
      const teamId = teamIdFor("interview-unknown")
      // Another team's candidate has the interview id: it is not this team's.
      const otherTeam = teamIdFor("interview-unknown-other")
      yield* candidates.save(invitedAs(otherTeam, Ids.OpportunityId.make("opp-9"), "sent", t0, "int-9"), 0, [])
      const events = [
        interviewStarted(teamId, "provider:msg-1", "int-9", t0 + 1),
        interviewStarted(teamId, "provider:msg-2", "int-none", t0 + 2)
      ]
      for (const event of events) {
        const accepted = yield* inbox.acceptForInterview(event)
        assert.strictEqual(accepted._tag, "Accepted")
        assert.deepStrictEqual(
          yield* inbox.get(teamId, accepted.eventId),
          Option.some(storedAs(filedUnder(event, null), accepted.eventId))
        )
      }
      assert.strictEqual((yield* inbox.stats(teamId)).pending, 2)
    }), timeout)

  it.effect("answers a repeated key of an interview's event with the first event, even once the interview is known", () =>
    Effect.gen(function*() {
      const inbox = yield* EventInbox
      const candidates = yield* CandidateStore
      const teamId = teamIdFor("interview-duplicate")
      const first = interviewStarted(teamId, "provider:msg-1", "int-1", t0)
      const accepted = yield* inbox.acceptForInterview(first)
      yield* candidates.save(invitedAs(teamId, Ids.OpportunityId.make("opp-1"), "sent", t0, "int-1"), 0, [])
      const again = yield* inbox.acceptForInterview(interviewStarted(teamId, "provider:msg-1", "int-1", t0 + 5))
      assert.deepStrictEqual(again, { _tag: "Duplicate", eventId: accepted.eventId })
      // A key `accept` stored is a duplicate here too: one key space per team.
      const leverEvent = yield* inbox.accept(lever(teamId, "token-1", "opp-1", t0 + 6))
      assert.deepStrictEqual(
        yield* inbox.acceptForInterview(interviewStarted(teamId, "token-1", "int-1", t0 + 7)),
        { _tag: "Duplicate", eventId: leverEvent.eventId }
      )
      assert.deepStrictEqual(
        yield* inbox.get(teamId, accepted.eventId),
        Option.some(storedAs(filedUnder(first, null), accepted.eventId))
      )
    }), timeout)

  it.effect("accepts exactly one of 50 concurrent deliveries of the same event", () =>
    Effect.gen(function*() {
      const inbox = yield* EventInbox
      const teamId = teamIdFor("storm")
      const results = yield* Effect.forEach(
        Array.from({ length: 50 }, (_, i) => i),
        (i) => inbox.accept(lever(teamId, "token-storm", "opp-1", t0 + i)),
        { concurrency: "unbounded" }
      )
      assert.strictEqual(results.filter((r) => r._tag === "Accepted").length, 1)
      assert.strictEqual(results.filter((r) => r._tag === "Duplicate").length, 49)
      assert.strictEqual(new Set(results.map((r) => r.eventId)).size, 1)
      const listed = yield* inbox.list(teamId, {})
      assert.deepStrictEqual(listed.events.map((e) => e.eventId), [results[0]!.eventId])
      assert.strictEqual((yield* inbox.stats(teamId)).pending, 1)
    }), timeout)

  it.effect("says whether a dedupe key was seen, per team", () =>
    Effect.gen(function*() {
      const inbox = yield* EventInbox
      const teamId = teamIdFor("seen")
      assert.isFalse(yield* inbox.seen(teamId, "token-1"))
      yield* inbox.accept(lever(teamId, "token-1", "opp-1", t0, { status: "skipped", note: "integration off" }))
      assert.isTrue(yield* inbox.seen(teamId, "token-1"))
      assert.isFalse(yield* inbox.seen(teamId, "token-2"))
      assert.isFalse(yield* inbox.seen(teamIdFor("seen-other"), "token-1"))
    }), timeout)

  it.effect("finds an event only through its own team", () =>
    Effect.gen(function*() {
      const inbox = yield* EventInbox
      const teamId = teamIdFor("get")
      const [id] = yield* acceptAll([lever(teamId, "token-1", "opp-1", t0)])
      assert.isTrue(Option.isSome(yield* inbox.get(teamId, id!)))
      assert.deepStrictEqual(yield* inbox.get(teamIdFor("get-other"), id!), Option.none())
      assert.deepStrictEqual(yield* inbox.get(teamId, "evt_does_not_exist"), Option.none())
    }), timeout)

  it.effect("claims a due event with a lease, and nobody else can claim it while the lease runs", () =>
    Effect.gen(function*() {
      yield* drain
      const inbox = yield* EventInbox
      const teamId = teamIdFor("claim")
      const worker = workerIdFor("a")
      const event = lever(teamId, "token-1", "opp-1", t0)
      const [id] = yield* acceptAll([event])
      const claimed = yield* inbox.claim({ workerId: worker, limit: 10, leaseMs: 30_000, now: t0 + 5 })
      const running: InboxEvent = { ...storedAs(event, id!), status: "running", attempts: 1, updatedAt: t0 + 5 }
      assert.deepStrictEqual(claimed, [{ event: running, leaseUntil: t0 + 30_005 } satisfies Claimed])
      assert.deepStrictEqual(yield* inbox.get(teamId, id!), Option.some(running))
      assert.deepStrictEqual(yield* claimIds(workerIdFor("b"), 10, t0 + 30_004), [])
      assert.deepStrictEqual(yield* claimIds(worker, 10, t0 + 30_004), [])
    }), timeout)

  it.effect("claims an event only from its arrival on, and never one only recorded as done or skipped", () =>
    Effect.gen(function*() {
      yield* drain
      const inbox = yield* EventInbox
      const teamId = teamIdFor("due")
      const worker = workerIdFor("a")
      const [later] = yield* acceptAll([
        lever(teamId, "later", "opp-1", t0 + 100),
        lever(teamId, "skipped", "opp-2", t0, { status: "skipped", note: "integration off" }),
        lever(teamId, "done", null, t0, { status: "done", note: "ping" })
      ])
      assert.deepStrictEqual(yield* claimIds(worker, 10, t0 + 99), [])
      assert.deepStrictEqual(yield* claimIds(worker, 10, t0 + 100), [later!])
      yield* inbox.complete(later!, worker, { status: "done", note: null, now: t0 + 101 })
      assert.deepStrictEqual(yield* claimIds(worker, 10, t0 + 1_000_000), [])
    }), timeout)

  it.effect("takes at most `limit` events, oldest first, and none for a limit of 0", () =>
    Effect.gen(function*() {
      yield* drain
      const teamId = teamIdFor("limit")
      const ids = yield* acceptAll([0, 1, 2, 3, 4].map((i) => lever(teamId, `token-${i}`, `opp-${i}`, t0 + i)))
      assert.deepStrictEqual(yield* claimIds(workerIdFor("zero"), 0, t0 + 10), [])
      assert.deepStrictEqual(sorted(yield* claimIds(workerIdFor("a"), 2, t0 + 10)), sorted(ids.slice(0, 2)))
      assert.deepStrictEqual(sorted(yield* claimIds(workerIdFor("b"), 10, t0 + 10)), sorted(ids.slice(2)))
    }), timeout)

  it.effect("hands an event whose lease ran out to another worker; the first worker has lost it, and its journal rows are not recorded", () =>
    Effect.gen(function*() {
      yield* drain
      const inbox = yield* EventInbox
      const teamId = teamIdFor("lease")
      const first = workerIdFor("first")
      const second = workerIdFor("second")
      const [id] = yield* acceptAll([lever(teamId, "token-1", "opp-1", t0)])
      yield* inbox.claim({ workerId: first, limit: 1, leaseMs: 1_000, now: t0 })
      assert.deepStrictEqual(yield* claimIds(second, 1, t0 + 999), [])
      const reclaimed = yield* inbox.claim({ workerId: second, limit: 1, leaseMs: 1_000, now: t0 + 1_000 })
      // The first run ended without an outcome: an interruption, not a failed attempt.
      assert.deepStrictEqual(
        reclaimed.map((c) => [c.event.eventId, c.event.attempts, c.event.interruptions, c.leaseUntil]),
        [[id!, 1, 1, t0 + 2_000]]
      )
      const journal = yield* StepJournal
      const lost = [
        yield* Effect.flip(inbox.complete(id!, first, {
          status: "done",
          note: null,
          now: t0 + 1_001,
          journal: { steps: [{ stepKey: "note:lost", result: null }], at: t0 + 1_001 }
        })),
        yield* Effect.flip(inbox.retry(id!, first, { error: "boom", nextAttemptAt: t0 + 5_000, now: t0 + 1_001 })),
        yield* Effect.flip(inbox.kill(id!, first, { error: "boom", now: t0 + 1_001 })),
        yield* Effect.flip(inbox.extendLease(id!, first, { leaseMs: 60_000, now: t0 }))
      ]
      assert.deepStrictEqual(lost.map((e) => [e._tag, e._tag === "LeaseLost" && e.eventId]), [
        ["LeaseLost", id!],
        ["LeaseLost", id!],
        ["LeaseLost", id!],
        ["LeaseLost", id!]
      ])
      assert.deepStrictEqual(yield* statusOf(teamId, id!), Option.some("running"))
      assert.deepStrictEqual(yield* journal.find(teamId, "note:lost"), Option.none())
      // The journal rows of a completion are recorded with it, for the event's team, first result winning.
      yield* journal.record(teamId, "note:earlier", { first: true }, t0)
      yield* inbox.complete(id!, second, {
        status: "done",
        note: null,
        now: t0 + 1_002,
        journal: {
          steps: [{ stepKey: "note:earlier", result: { first: false } }, { stepKey: "note:done", result: null }],
          at: t0 + 1_002
        }
      })
      assert.deepStrictEqual(yield* statusOf(teamId, id!), Option.some("done"))
      assert.deepStrictEqual(yield* journal.find(teamId, "note:done"), Option.some(null))
      assert.deepStrictEqual(yield* journal.find(teamId, "note:earlier"), Option.some({ first: true }))
    }), timeout)

  it.effect("extends a held lease, so the event is not claimable until the new end", () =>
    Effect.gen(function*() {
      yield* drain
      const inbox = yield* EventInbox
      const teamId = teamIdFor("extend")
      const worker = workerIdFor("a")
      const [id] = yield* acceptAll([lever(teamId, "token-1", "opp-1", t0)])
      yield* inbox.claim({ workerId: worker, limit: 1, leaseMs: 1_000, now: t0 })
      yield* inbox.extendLease(id!, worker, { leaseMs: 10_000, now: t0 })
      assert.deepStrictEqual(yield* claimIds(workerIdFor("b"), 1, t0 + 9_999), [])
      assert.deepStrictEqual(yield* claimIds(workerIdFor("b"), 1, t0 + 10_000), [id!])
      const unknown = yield* Effect.flip(inbox.extendLease("evt_does_not_exist", worker, { leaseMs: 1_000, now: t0 }))
      assert.strictEqual(unknown._tag, "LeaseLost")
    }), timeout)

  it.effect("completes a claimed event as done or skipped with its note, once", () =>
    Effect.gen(function*() {
      yield* drain
      const inbox = yield* EventInbox
      const teamId = teamIdFor("complete")
      const worker = workerIdFor("a")
      const [done, skipped] = yield* acceptAll([
        lever(teamId, "token-1", "opp-1", t0),
        lever(teamId, "token-2", "opp-2", t0)
      ])
      yield* claimIds(worker, 2, t0 + 1)
      yield* inbox.complete(done!, worker, { status: "done", note: "invite sent", now: t0 + 2 })
      yield* inbox.complete(skipped!, worker, { status: "skipped", note: "stage not mapped", now: t0 + 3 })
      const read = (id: string) =>
        Effect.map(
          inbox.get(teamId, id),
          Option.map((e) => [e.status, e.note, e.updatedAt, e.attempts] as const)
        )
      assert.deepStrictEqual(yield* read(done!), Option.some(["done", "invite sent", t0 + 2, 1] as const))
      assert.deepStrictEqual(yield* read(skipped!), Option.some(["skipped", "stage not mapped", t0 + 3, 1] as const))
      const twice = yield* Effect.flip(inbox.complete(done!, worker, { status: "done", note: null, now: t0 + 4 }))
      assert.strictEqual(twice._tag, "LeaseLost")
      assert.deepStrictEqual(yield* claimIds(worker, 10, t0 + 1_000_000), [])
    }), timeout)

  it.effect("retries an event at its next attempt time, not before, recording the error", () =>
    Effect.gen(function*() {
      yield* drain
      const inbox = yield* EventInbox
      const teamId = teamIdFor("retry")
      const worker = workerIdFor("a")
      const [id] = yield* acceptAll([lever(teamId, "token-1", "opp-1", t0)])
      yield* claimIds(worker, 1, t0)
      yield* inbox.retry(id!, worker, { error: "Lever answered 503", nextAttemptAt: t0 + 4_000, now: t0 + 10 })
      const event = Option.getOrThrow(yield* inbox.get(teamId, id!))
      assert.deepStrictEqual(
        [event.status, event.lastError, event.nextAttemptAt, event.updatedAt, event.attempts],
        ["pending", "Lever answered 503", t0 + 4_000, t0 + 10, 1]
      )
      assert.deepStrictEqual(yield* claimIds(workerIdFor("b"), 1, t0 + 3_999), [])
      const again = yield* inbox.claim({ workerId: workerIdFor("b"), limit: 1, leaseMs: 1_000, now: t0 + 4_000 })
      assert.deepStrictEqual(again.map((c) => [c.event.eventId, c.event.attempts]), [[id!, 2]])
      const retryAgain = yield* Effect.flip(
        inbox.retry(id!, worker, { error: "late", nextAttemptAt: t0 + 9_000, now: t0 + 4_001 })
      )
      assert.strictEqual(retryAgain._tag, "LeaseLost")
    }), timeout)

  it.effect("kills an event: dead, listed as dead, never claimed, and replayed with a fresh budget", () =>
    Effect.gen(function*() {
      yield* drain
      const inbox = yield* EventInbox
      const teamId = teamIdFor("dead")
      const worker = workerIdFor("a")
      const [id] = yield* acceptAll([lever(teamId, "token-1", "opp-1", t0)])
      yield* claimIds(worker, 1, t0)
      yield* inbox.retry(id!, worker, { error: "timeout", nextAttemptAt: t0 + 100, now: t0 + 1 })
      yield* claimIds(worker, 1, t0 + 100)
      yield* inbox.kill(id!, worker, { error: "Lever answered 401", now: t0 + 101 })
      const dead = Option.getOrThrow(yield* inbox.get(teamId, id!))
      assert.deepStrictEqual(
        [dead.status, dead.lastError, dead.attempts, dead.updatedAt],
        ["dead", "Lever answered 401", 2, t0 + 101]
      )
      assert.deepStrictEqual((yield* inbox.list(teamId, { status: "dead" })).events, [dead])
      assert.deepStrictEqual(yield* claimIds(workerIdFor("b"), 10, t0 + 1_000_000), [])

      const replayed = yield* inbox.replay(teamId, id!, t0 + 5_000)
      assert.deepStrictEqual(replayed, {
        ...dead,
        status: "pending",
        attempts: 0,
        replays: 1,
        nextAttemptAt: t0 + 5_000,
        updatedAt: t0 + 5_000
      })
      assert.deepStrictEqual(yield* inbox.get(teamId, id!), Option.some(replayed))
      assert.deepStrictEqual((yield* inbox.list(teamId, { status: "dead" })).events, [])
      assert.deepStrictEqual(yield* claimIds(workerIdFor("b"), 10, t0 + 4_999), [])
      const claimed = yield* inbox.claim({ workerId: workerIdFor("b"), limit: 10, leaseMs: 1_000, now: t0 + 5_000 })
      assert.deepStrictEqual(claimed.map((c) => [c.event.eventId, c.event.attempts, c.event.replays]), [[id!, 1, 1]])
    }), timeout)

  it.effect("replays done and skipped events too, counting replays, but leaves a running event alone", () =>
    Effect.gen(function*() {
      yield* drain
      const inbox = yield* EventInbox
      const teamId = teamIdFor("replay")
      const worker = workerIdFor("a")
      const [skipped, running] = yield* acceptAll([
        lever(teamId, "token-1", "opp-1", t0, { status: "skipped", note: "integration off" }),
        lever(teamId, "token-2", "opp-2", t0)
      ])
      const first = yield* inbox.replay(teamId, skipped!, t0 + 10)
      assert.deepStrictEqual([first.status, first.replays, first.attempts], ["pending", 1, 0])
      yield* claimIds(worker, 10, t0 + 10)
      yield* inbox.complete(skipped!, worker, { status: "done", note: null, now: t0 + 11 })
      const second = yield* inbox.replay(teamId, skipped!, t0 + 20)
      assert.deepStrictEqual([second.status, second.replays, second.attempts], ["pending", 2, 0])

      const before = Option.getOrThrow(yield* inbox.get(teamId, running!))
      assert.strictEqual(before.status, "running")
      const untouched = yield* inbox.replay(teamId, running!, t0 + 30)
      assert.deepStrictEqual(untouched, before)
      yield* inbox.complete(running!, worker, { status: "done", note: null, now: t0 + 31 })
    }), timeout)

  it.effect("refuses to replay an event that is not the team's", () =>
    Effect.gen(function*() {
      const inbox = yield* EventInbox
      const teamId = teamIdFor("replay-missing")
      const [id] = yield* acceptAll([lever(teamId, "token-1", "opp-1", t0, { status: "done", note: null })])
      const missing = yield* Effect.flip(inbox.replay(teamId, "evt_does_not_exist", t0))
      assert.deepStrictEqual([missing._tag, missing._tag === "EventNotFound" && missing.eventId], [
        "EventNotFound",
        "evt_does_not_exist"
      ])
      const foreign = yield* Effect.flip(inbox.replay(teamIdFor("replay-other"), id!, t0))
      assert.strictEqual(foreign._tag, "EventNotFound")
      assert.deepStrictEqual(yield* statusOf(teamId, id!), Option.some("done"))
    }), timeout)

  it.effect("hands a worker's events back on release, due at once for any worker", () =>
    Effect.gen(function*() {
      yield* drain
      const inbox = yield* EventInbox
      const teamId = teamIdFor("release")
      const leaving = workerIdFor("leaving")
      const staying = workerIdFor("staying")
      const ids = yield* acceptAll([0, 1, 2, 3].map((i) => lever(teamId, `token-${i}`, `opp-${i}`, t0 + i)))
      assert.strictEqual((yield* claimIds(leaving, 3, t0 + 10)).length, 3)
      const kept = yield* claimIds(staying, 10, t0 + 10)
      assert.strictEqual(kept.length, 1)
      assert.strictEqual(yield* inbox.release(leaving, t0 + 20), 3)
      assert.strictEqual(yield* inbox.release(workerIdFor("idle"), t0 + 20), 0)
      const handedBack = ids.filter((id) => !kept.includes(id))
      for (const id of handedBack) {
        const event = Option.getOrThrow(yield* inbox.get(teamId, id))
        // The stopped run was no failure: its attempt is given back, and it counts as interrupted.
        assert.deepStrictEqual(
          [event.status, event.nextAttemptAt, event.updatedAt, event.attempts, event.interruptions],
          ["pending", t0 + 20, t0 + 20, 0, 1]
        )
      }
      assert.deepStrictEqual(yield* statusOf(teamId, kept[0]!), Option.some("running"))
      const next = yield* inbox.claim({ workerId: workerIdFor("next"), limit: 10, leaseMs: 1_000, now: t0 + 20 })
      assert.deepStrictEqual(sorted(next.map((c) => c.event.eventId)), sorted(handedBack))
      assert.deepStrictEqual(next.map((c) => [c.event.attempts, c.event.interruptions]), handedBack.map(() => [1, 1]))
      // The released worker holds nothing any more.
      const lost = yield* Effect.flip(inbox.complete(handedBack[0]!, leaving, { status: "done", note: null, now: t0 + 21 }))
      assert.strictEqual(lost._tag, "LeaseLost")
    }), timeout)

  it.effect("counts runs by how they ended: failed, handed back, or interrupted; replay resets both", () =>
    Effect.gen(function*() {
      yield* drain
      const inbox = yield* EventInbox
      const teamId = teamIdFor("counts")
      const [id] = yield* acceptAll([lever(teamId, "token-1", "opp-1", t0)])
      const counts = Effect.map(inbox.get(teamId, id!), (event) =>
        Option.map(event, (e) => [e.status, e.attempts, e.interruptions] as const))
      // Handed back on a graceful stop, many times over: interruptions, never an attempt.
      for (let i = 0; i < 20; i++) {
        const worker = workerIdFor(`restart-${i}`)
        assert.deepStrictEqual(yield* claimIds(worker, 1, t0 + i), [id!])
        assert.strictEqual(yield* inbox.release(worker, t0 + i), 1)
      }
      assert.deepStrictEqual(yield* counts, Option.some(["pending", 0, 20] as const))
      // A failed run is an attempt.
      const failing = workerIdFor("failing")
      yield* claimIds(failing, 1, t0 + 100)
      yield* inbox.retry(id!, failing, { error: "Lever answered 503", nextAttemptAt: t0 + 200, now: t0 + 101 })
      assert.deepStrictEqual(yield* counts, Option.some(["pending", 1, 20] as const))
      // Two runs whose workers vanished: interruptions, while the running claim holds one attempt.
      yield* inbox.claim({ workerId: workerIdFor("killed-1"), limit: 1, leaseMs: 10, now: t0 + 200 })
      yield* inbox.claim({ workerId: workerIdFor("killed-2"), limit: 1, leaseMs: 10, now: t0 + 210 })
      const survivor = workerIdFor("survivor")
      const [taken] = yield* inbox.claim({ workerId: survivor, limit: 1, leaseMs: 1_000, now: t0 + 220 })
      assert.deepStrictEqual([taken?.event.attempts, taken?.event.interruptions], [2, 22])
      yield* inbox.kill(id!, survivor, { error: "gave up", now: t0 + 221 })
      assert.deepStrictEqual(yield* counts, Option.some(["dead", 2, 22] as const))
      const replayed = yield* inbox.replay(teamId, id!, t0 + 300)
      assert.deepStrictEqual([replayed.attempts, replayed.interruptions, replayed.replays], [0, 0, 1])
      assert.deepStrictEqual(yield* counts, Option.some(["pending", 0, 0] as const))
    }), timeout)

  it.effect("serves every team before a second event of any: 100 events of one team, 1 of another", () =>
    Effect.gen(function*() {
      yield* drain
      const busy = teamIdFor("busy")
      const quiet = teamIdFor("quiet")
      const busyIds = yield* acceptAll(
        Array.from({ length: 100 }, (_, i) => lever(busy, `token-${i}`, `opp-${i}`, t0 + i))
      )
      const [quietId] = yield* acceptAll([lever(quiet, "token-q", "opp-q", t0 + 100)])
      const claimed = yield* claimIds(workerIdFor("a"), 2, t0 + 1_000)
      assert.deepStrictEqual(sorted(claimed), sorted([busyIds[0]!, quietId!]))
    }), timeout)

  it.effect("serves a quiet team by the second single-event claim, however many events a busy team has", () =>
    Effect.gen(function*() {
      yield* drain
      const busy = teamIdFor("busy")
      const quiet = teamIdFor("quiet")
      yield* acceptAll(Array.from({ length: 100 }, (_, i) => lever(busy, `token-${i}`, `opp-${i}`, t0 + i)))
      const [quietId] = yield* acceptAll([lever(quiet, "token-q", "opp-q", t0 + 100)])
      const first = yield* claimIds(workerIdFor("a"), 1, t0 + 1_000)
      const second = yield* claimIds(workerIdFor("b"), 1, t0 + 1_000)
      assert.include([...first, ...second], quietId!)
    }), timeout)

  it.effect("remembers whose turn it is across claims, even when the served event completed at once", () =>
    Effect.gen(function*() {
      yield* drain
      const inbox = yield* EventInbox
      const busy = teamIdFor("busy")
      const quiet = teamIdFor("quiet")
      const worker = workerIdFor("a")
      const busyIds = yield* acceptAll(
        Array.from({ length: 10 }, (_, i) => lever(busy, `token-${i}`, `opp-${i}`, t0 + i))
      )
      const [quietId] = yield* acceptAll([lever(quiet, "token-q", "opp-q", t0 + 10)])
      const first = yield* claimIds(worker, 1, t0 + 100)
      assert.deepStrictEqual(first, [busyIds[0]!])
      yield* inbox.complete(busyIds[0]!, worker, { status: "done", note: null, now: t0 + 101 })
      assert.deepStrictEqual(yield* claimIds(worker, 1, t0 + 102), [quietId!])
      assert.deepStrictEqual(yield* claimIds(worker, 1, t0 + 103), [busyIds[1]!])
    }), timeout)

  it.effect("spreads a claim evenly over teams, oldest events of each team first", () =>
    Effect.gen(function*() {
      yield* drain
      const teams = [teamIdFor("a"), teamIdFor("b"), teamIdFor("c")]
      const ids = yield* Effect.forEach(teams, (teamId, t) =>
        acceptAll([0, 1, 2].map((i) => lever(teamId, `token-${i}`, `opp-${i}`, t0 + 10 * i + t))))
      const claimed = yield* claimIds(workerIdFor("a"), 6, t0 + 1_000)
      assert.deepStrictEqual(sorted(claimed), sorted(ids.flatMap((team) => team.slice(0, 2))))
    }), timeout)

  it.effect("runs one opportunity's events one at a time, in arrival order", () =>
    Effect.gen(function*() {
      yield* drain
      const inbox = yield* EventInbox
      const teamId = teamIdFor("sequence")
      const worker = workerIdFor("a")
      const [first, second, other] = yield* acceptAll([
        lever(teamId, "token-1", "opp-1", t0),
        lever(teamId, "token-2", "opp-1", t0 + 1),
        lever(teamId, "token-3", "opp-2", t0 + 2)
      ])
      assert.deepStrictEqual(sorted(yield* claimIds(worker, 10, t0 + 10)), sorted([first!, other!]))
      assert.deepStrictEqual(yield* claimIds(workerIdFor("b"), 10, t0 + 10), [])
      yield* inbox.complete(first!, worker, { status: "done", note: null, now: t0 + 11 })
      assert.deepStrictEqual(yield* claimIds(workerIdFor("b"), 10, t0 + 12), [second!])
    }), timeout)

  it.effect("holds an opportunity's later event back while an earlier one waits for its retry", () =>
    Effect.gen(function*() {
      yield* drain
      const inbox = yield* EventInbox
      const teamId = teamIdFor("wait-retry")
      const worker = workerIdFor("a")
      const [first, second] = yield* acceptAll([
        lever(teamId, "token-1", "opp-1", t0),
        lever(teamId, "token-2", "opp-1", t0 + 1)
      ])
      yield* claimIds(worker, 10, t0 + 10)
      yield* inbox.retry(first!, worker, { error: "Lever answered 429", nextAttemptAt: t0 + 10_000, now: t0 + 11 })
      assert.deepStrictEqual(yield* claimIds(worker, 10, t0 + 5_000), [])
      assert.deepStrictEqual(yield* claimIds(worker, 10, t0 + 10_000), [first!])
      yield* inbox.complete(first!, worker, { status: "done", note: null, now: t0 + 10_001 })
      assert.deepStrictEqual(yield* claimIds(worker, 10, t0 + 10_002), [second!])
    }), timeout)

  it.effect("gives an expired lease back to the opportunity's earliest event, not the next one", () =>
    Effect.gen(function*() {
      yield* drain
      const teamId = teamIdFor("wait-lease")
      const [first] = yield* acceptAll([
        lever(teamId, "token-1", "opp-1", t0),
        lever(teamId, "token-2", "opp-1", t0 + 1)
      ])
      yield* claimIds(workerIdFor("crashed"), 10, t0 + 10, 1_000)
      assert.deepStrictEqual(yield* claimIds(workerIdFor("b"), 10, t0 + 500), [])
      assert.deepStrictEqual(yield* claimIds(workerIdFor("b"), 10, t0 + 1_010), [first!])
    }), timeout)

  it.effect("does not let dead, done or skipped events hold an opportunity back", () =>
    Effect.gen(function*() {
      yield* drain
      const inbox = yield* EventInbox
      const teamId = teamIdFor("not-blocking")
      const worker = workerIdFor("a")
      const [, doomed, waiting] = yield* acceptAll([
        lever(teamId, "token-0", "opp-1", t0, { status: "skipped", note: "integration off" }),
        lever(teamId, "token-1", "opp-1", t0 + 1),
        lever(teamId, "token-2", "opp-1", t0 + 2)
      ])
      assert.deepStrictEqual(yield* claimIds(worker, 10, t0 + 10), [doomed!])
      yield* inbox.kill(doomed!, worker, { error: "Lever answered 403", now: t0 + 11 })
      assert.deepStrictEqual(yield* claimIds(worker, 10, t0 + 12), [waiting!])
    }), timeout)

  it.effect("keeps a replayed earlier event waiting while a later event of its opportunity runs", () =>
    Effect.gen(function*() {
      yield* drain
      const inbox = yield* EventInbox
      const teamId = teamIdFor("replay-waits")
      const worker = workerIdFor("a")
      const [first, second] = yield* acceptAll([
        lever(teamId, "token-1", "opp-1", t0),
        lever(teamId, "token-2", "opp-1", t0 + 1)
      ])
      assert.deepStrictEqual(yield* claimIds(worker, 10, t0 + 10), [first!])
      yield* inbox.complete(first!, worker, { status: "done", note: null, now: t0 + 11 })
      assert.deepStrictEqual(yield* claimIds(worker, 10, t0 + 12), [second!])
      yield* inbox.replay(teamId, first!, t0 + 13)
      assert.deepStrictEqual(yield* claimIds(workerIdFor("b"), 10, t0 + 14), [])
      yield* inbox.complete(second!, worker, { status: "done", note: null, now: t0 + 15 })
      assert.deepStrictEqual(yield* claimIds(workerIdFor("b"), 10, t0 + 16), [first!])
    }), timeout)

  it.effect("keeps opportunities of different teams, and events without an opportunity, independent", () =>
    Effect.gen(function*() {
      yield* drain
      const a = teamIdFor("a")
      const b = teamIdFor("b")
      const ids = yield* acceptAll([
        lever(a, "token-1", "opp-1", t0),
        lever(b, "token-1", "opp-1", t0 + 1),
        lever(a, "ping-1", null, t0 + 2),
        lever(a, "ping-2", null, t0 + 3)
      ])
      assert.deepStrictEqual(sorted(yield* claimIds(workerIdFor("a"), 10, t0 + 10)), sorted(ids))
    }), timeout)

  it.effect("lists a team's events newest first, filtered by status and opportunity", () =>
    Effect.gen(function*() {
      yield* drain
      const inbox = yield* EventInbox
      const teamId = teamIdFor("list")
      const worker = workerIdFor("a")
      const [e0, e1, e2, e3, e4] = yield* acceptAll([
        lever(teamId, "token-0", "opp-1", t0),
        lever(teamId, "token-1", "opp-2", t0 + 1),
        lever(teamId, "token-2", "opp-1", t0 + 2, { status: "skipped", note: "integration off" }),
        lever(teamId, "token-3", null, t0 + 3, { status: "done", note: "ping" }),
        lever(teamId, "token-4", "opp-3", t0 + 4)
      ])
      yield* acceptAll([lever(teamIdFor("list-other"), "token-0", "opp-1", t0 + 5)])
      yield* claimIds(worker, 10, t0 + 10)
      yield* inbox.kill(e1!, worker, { error: "gone", now: t0 + 11 })
      const ids = (query: Parameters<EventInbox["Service"]["list"]>[1]) =>
        Effect.map(inbox.list(teamId, query), (page) => page.events.map((e) => e.eventId))
      assert.deepStrictEqual(yield* ids({}), [e4!, e3!, e2!, e1!, e0!])
      assert.deepStrictEqual(yield* ids({ status: "dead" }), [e1!])
      assert.deepStrictEqual(yield* ids({ status: "running" }), [e4!, e0!])
      assert.deepStrictEqual(yield* ids({ status: "skipped" }), [e2!])
      assert.deepStrictEqual(yield* ids({ status: "pending" }), [])
      assert.deepStrictEqual(yield* ids({ opportunityId: "opp-1" }), [e2!, e0!])
      assert.deepStrictEqual(yield* ids({ opportunityId: "opp-1", status: "running" }), [e0!])
      assert.deepStrictEqual(yield* inbox.list(teamIdFor("list-empty"), {}), { events: [], next: null })
    }), timeout)

  it.effect("pages through a team's events exactly once, ending with a null cursor", () =>
    Effect.gen(function*() {
      const inbox = yield* EventInbox
      const pages = (teamId: Ids.TeamId, query: Parameters<EventInbox["Service"]["list"]>[1]) =>
        Effect.gen(function*() {
          const result: Array<ReadonlyArray<string>> = []
          let page = yield* inbox.list(teamId, query)
          result.push(page.events.map((e) => e.eventId))
          while (page.next !== null) {
            assert.isBelow(result.length, 100, "the cursors never reach a last page")
            page = yield* inbox.list(teamId, { ...query, cursor: page.next })
            result.push(page.events.map((e) => e.eventId))
          }
          return result
        })
      const seven = teamIdFor("pages")
      const ids = yield* acceptAll(
        Array.from({ length: 7 }, (_, i) => lever(seven, `token-${i}`, `opp-${i % 2}`, t0 + i))
      )
      const newest = [...ids].reverse()
      assert.deepStrictEqual(yield* pages(seven, { limit: 3 }), [newest.slice(0, 3), newest.slice(3, 6), newest.slice(6)])
      assert.deepStrictEqual(yield* pages(seven, { limit: 2, opportunityId: "opp-0" }), [
        [ids[6]!, ids[4]!],
        [ids[2]!, ids[0]!]
      ])
      const six = teamIdFor("pages-six")
      const sixIds = yield* acceptAll(Array.from({ length: 6 }, (_, i) => lever(six, `token-${i}`, null, t0 + i)))
      const sixNewest = [...sixIds].reverse()
      assert.deepStrictEqual(yield* pages(six, { limit: 3 }), [sixNewest.slice(0, 3), sixNewest.slice(3)])
    }), timeout)

  it.effect("counts a team's events by status, every status present", () =>
    Effect.gen(function*() {
      yield* drain
      const inbox = yield* EventInbox
      const teamId = teamIdFor("stats")
      const worker = workerIdFor("a")
      assert.deepStrictEqual(yield* inbox.stats(teamId), { pending: 0, running: 0, done: 0, skipped: 0, dead: 0 })
      const [e0, e1, e2] = yield* acceptAll([
        lever(teamId, "token-0", "opp-0", t0),
        lever(teamId, "token-1", "opp-1", t0 + 1),
        lever(teamId, "token-2", "opp-2", t0 + 2),
        lever(teamId, "token-3", "opp-3", t0 + 3, { status: "skipped", note: "integration off" }),
        lever(teamId, "token-4", null, t0 + 4, { status: "done", note: "ping" })
      ])
      yield* claimIds(worker, 3, t0 + 10)
      yield* inbox.kill(e0!, worker, { error: "gone", now: t0 + 11 })
      yield* inbox.retry(e1!, worker, { error: "busy", nextAttemptAt: t0 + 100, now: t0 + 11 })
      assert.deepStrictEqual(yield* statusOf(teamId, e2!), Option.some("running"))
      const team = yield* inbox.stats(teamId)
      assert.deepStrictEqual(team, { pending: 1, running: 1, done: 1, skipped: 1, dead: 1 })
      const all = yield* inbox.stats()
      for (const status of ["pending", "running", "done", "skipped", "dead"] as const) {
        assert.isAtLeast(all[status], team[status], `all teams' ${status} count includes this team's`)
      }
    }), timeout)
  it.effect("names when the oldest pending event arrived, across teams, and null when none is pending", () =>
    Effect.gen(function*() {
      yield* drain
      const inbox = yield* EventInbox
      assert.isNull(yield* inbox.oldestPendingAt, "nothing pending after the drain")
      const [a, b] = [teamIdFor("oldest-a"), teamIdFor("oldest-b")]
      yield* acceptAll([
        lever(a, "token-0", "opp-0", t0 + 1, { status: "skipped", note: "integration off" }),
        lever(a, "token-1", "opp-1", t0 + 7),
        lever(b, "token-2", "opp-2", t0 + 3),
        lever(b, "token-3", "opp-3", t0 + 5)
      ])
      assert.strictEqual(yield* inbox.oldestPendingAt, t0 + 3)
      yield* claimIds(workerIdFor("oldest"), 4, t0 + 10)
      assert.isNull(yield* inbox.oldestPendingAt, "running events are not pending")
    }), timeout)

  it.effect("keeps an event's trace context and hands it out with the claim", () =>
    Effect.gen(function*() {
      yield* drain
      const inbox = yield* EventInbox
      const teamId = teamIdFor("trace")
      const traceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
      const accepted = yield* inbox.accept(lever(teamId, "token-1", "opp-1", t0, { traceParent }))
      const without = yield* inbox.accept(lever(teamId, "token-2", "opp-2", t0))
      assert.strictEqual(Option.getOrThrow(yield* inbox.get(teamId, accepted.eventId)).traceParent, traceParent)
      assert.isNull(Option.getOrThrow(yield* inbox.get(teamId, without.eventId)).traceParent)
      const claimed = yield* inbox.claim({ workerId: workerIdFor("trace"), limit: 2, leaseMs: 1_000, now: t0 + 1 })
      const byId = new Map(claimed.map((c) => [c.event.eventId, c.event.traceParent]))
      assert.strictEqual(byId.get(accepted.eventId), traceParent)
      assert.isNull(byId.get(without.eventId))
    }), timeout)

  it.effect("scrubs the personal data of one opportunity's results, and changes nothing else", () =>
    Effect.gen(function*() {
      yield* drain
      const inbox = yield* EventInbox
      const teamId = teamIdFor("scrub")
      const otherTeam = teamIdFor("scrub-other")
      const worker = workerIdFor("scrub")
      const result = (team: string, dedupeKey: string, opportunityId: string, receivedAt: number): NewInboxEvent =>
        lever(team, dedupeKey, opportunityId, receivedAt, {
          source: "provider",
          kind: "resultReported",
          payload: {
            _tag: "ResultReported",
            interviewId: Ids.InterviewId.make(`int-${dedupeKey}`),
            score: 87.5,
            summary: "Ada Lovelace (ada@example.com) solved 4 of 5",
            reportUrl: "https://assess.example/reports/ada"
          },
          rawBody: null
        })
      const [running, pending, stage, otherOpportunity, otherTeamsOwn, noted] = yield* acceptAll([
        result(teamId, "result-0", "opp-1", t0),
        result(teamId, "result-1", "opp-1", t0 + 1),
        lever(teamId, "token-2", "opp-1", t0 + 2),
        result(teamId, "result-3", "opp-2", t0 + 3),
        result(otherTeam, "result-4", "opp-1", t0 + 4),
        lever(teamId, "token-5", "opp-1", t0 + 5, { status: "skipped", note: "Invite to ada@example.com bounced" })
      ])
      // The opportunity's first event is running under a lease while it is scrubbed (the deletion's own run).
      assert.deepStrictEqual(
        (yield* claimIds(worker, 10, t0 + 10)).filter((id) => id === running),
        [running!]
      )
      const ids = [running!, pending!, stage!, otherOpportunity!, noted!]
      const before = yield* Effect.forEach(ids, (id) => Effect.map(inbox.get(teamId, id), Option.getOrThrow))
      assert.strictEqual(yield* inbox.scrub(teamId, "opp-1"), 4)
      const after = yield* Effect.forEach(ids, (id) => Effect.map(inbox.get(teamId, id), Option.getOrThrow))
      const erased = (event: InboxEvent): InboxEvent => ({
        ...event,
        payload: { ...event.payload, summary: "(erased)", reportUrl: "(erased)" } as InboxPayload
      })
      assert.deepStrictEqual(after, [
        erased(before[0]!),
        erased(before[1]!),
        { ...before[2]!, rawBody: null },
        before[3]!,
        { ...before[4]!, rawBody: null, note: "(erased)" }
      ])
      const otherTeamsEvent = Option.getOrThrow(yield* inbox.get(otherTeam, otherTeamsOwn!))
      assert.strictEqual((otherTeamsEvent.payload as { readonly summary: string }).summary, "Ada Lovelace (ada@example.com) solved 4 of 5")
      // Scrubbing again changes nothing more, and the running event's worker still holds its lease.
      assert.strictEqual(yield* inbox.scrub(teamId, "opp-1"), 0)
      yield* inbox.complete(running!, worker, { status: "done", note: null, now: t0 + 11 })
      assert.deepStrictEqual(yield* statusOf(teamId, running!), Option.some("done"))
      assert.strictEqual(yield* inbox.scrub(teamId, "opp-unknown"), 0)
    }), timeout)

  it.effect("prunes old finished events and raw bodies in batches, and still knows their dedupe keys", () =>
    Effect.gen(function*() {
      const inbox = yield* EventInbox
      const teamId = teamIdFor("prune")
      const worker = workerIdFor("prune")
      // Times long before every other test's, so pruning them touches nothing another test relies on.
      const ancient = 86_400_000
      const [done, skipped, dead, pending, recent] = yield* acceptAll([
        lever(teamId, "token-done", "opp-1", ancient, { status: "done", note: "ping" }),
        lever(teamId, "token-skipped", "opp-2", ancient + 1, { status: "skipped", note: "integration off" }),
        lever(teamId, "token-dead", `opp-dead-${worker}`, ancient + 2),
        lever(teamId, "token-pending", "opp-4", ancient + 3),
        lever(teamId, "token-recent", "opp-5", ancient + 10_000, { status: "done", note: null })
      ])
      const claimed = yield* inbox.claim({ workerId: worker, limit: 500, leaseMs: 60_000, now: ancient + 5 })
      for (const { event } of claimed) {
        if (event.eventId === dead) yield* inbox.kill(dead!, worker, { error: "gone", now: ancient + 6 })
        else if (event.eventId === pending) {
          yield* inbox.retry(pending!, worker, { error: "busy", nextAttemptAt: drainAt * 2, now: ancient + 6 })
        }
      }
      const options = { before: ancient + 5_000, keepKeysUntil: ancient + 50_000, now: ancient + 6_000, limit: 1 }
      // One event per batch: repeat until a batch is not full.
      let rounds = 0
      for (let pruned = options.limit; pruned === options.limit; rounds++) {
        assert.isBelow(rounds, 10_000)
        const batch = yield* inbox.prune(options)
        assert.isAtMost(batch.events, options.limit)
        assert.isAtMost(batch.rawBodies, options.limit)
        pruned = Math.max(batch.events, batch.rawBodies, batch.keys)
      }
      assert.isAtLeast(rounds, 2)
      assert.deepStrictEqual(yield* inbox.get(teamId, done!), Option.none())
      assert.deepStrictEqual(yield* inbox.get(teamId, skipped!), Option.none())
      const kept = yield* Effect.forEach([dead!, pending!, recent!], (id) =>
        Effect.map(inbox.get(teamId, id), Option.getOrThrow))
      assert.deepStrictEqual(kept.map((event) => event.status), ["dead", "pending", "done"])
      // The dead event stays replayable without its raw body; the pending one keeps it until it settles.
      assert.deepStrictEqual(kept.map((event) => event.rawBody === null), [true, false, false])
      // A repeated token of a pruned event is still a duplicate, naming the pruned event.
      assert.isTrue(yield* inbox.seen(teamId, "token-done"))
      assert.deepStrictEqual(
        yield* inbox.accept(lever(teamId, "token-done", "opp-1", ancient + 7_000)),
        { _tag: "Duplicate", eventId: done! as Ids.EventId }
      )
      // Once its time is up, the key goes too.
      for (let expired = 1; expired > 0;) {
        expired = (yield* inbox.prune({ ...options, now: ancient + 60_000, limit: 500 })).keys
      }
      assert.isFalse(yield* inbox.seen(teamId, "token-skipped"))
      yield* inbox.replay(teamId, pending!, drainAt)
    }), timeout)
})
