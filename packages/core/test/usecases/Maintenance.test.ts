import { assert, describe, it } from "@effect/vitest"
import { Effect, Fiber, Layer, Ref } from "effect"
import { TestClock } from "effect/testing"
import * as CandidateStoreMemory from "../../src/memory/CandidateStoreMemory.ts"
import * as EventInboxMemory from "../../src/memory/EventInboxMemory.ts"
import * as PeriodicTasksMemory from "../../src/memory/PeriodicTasksMemory.ts"
import * as SecurityLogMemory from "../../src/memory/SecurityLogMemory.ts"
import * as StepJournalMemory from "../../src/memory/StepJournalMemory.ts"
import { EventInbox, type NewInboxEvent } from "../../src/ports/EventInbox.ts"
import { StepJournal } from "../../src/ports/StepJournal.ts"
import { type SecurityEntry, SecurityLog } from "../../src/ports/SecurityLog.ts"
import { StoreError } from "../../src/ports/StoreError.ts"
import * as Maintenance from "../../src/usecases/Maintenance.ts"

const hour = 60 * 60 * 1000
const day = 24 * hour

const entry = (at: number, detail: string): SecurityEntry => ({
  at,
  teamId: "acme",
  kind: "BadSignature",
  detail,
  remoteAddress: null
})

const Others = Layer.mergeAll(
  EventInboxMemory.layer.pipe(Layer.provide(CandidateStoreMemory.layer)),
  PeriodicTasksMemory.layer
).pipe(Layer.provideMerge(StepJournalMemory.layer))
const Stores = Layer.merge(SecurityLogMemory.layer, Others)

const webhook = (token: string, at: number, status: NewInboxEvent["status"]): NewInboxEvent => ({
  teamId: "acme",
  dedupeKey: token,
  source: "lever",
  kind: "candidateStageChange",
  opportunityId: `opp-${token}`,
  payload: { _tag: "Ping" },
  rawBody: `{"token":"${token}"}`,
  receivedAt: at,
  status,
  note: null
})

const details = Effect.gen(function*() {
  const entries = yield* (yield* SecurityLog).list({ teamId: "acme" })
  return entries.map((e) => e.detail)
})

describe("Maintenance", () => {
  it.effect("prunes security-log entries older than the retention, thirty days by default", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(100 * day)
      const log = yield* SecurityLog
      yield* log.record(entry(100 * day - 31 * day, "31 days old"))
      yield* log.record(entry(100 * day - 29 * day, "29 days old"))
      assert.deepStrictEqual(yield* Maintenance.runOnce(), {
        securityLogPruned: 1,
        eventsPruned: 0,
        rawBodiesPruned: 0,
        dedupeKeysExpired: 0,
        stepsPruned: 0
      })
      assert.deepStrictEqual(yield* details, ["29 days old"])
    }).pipe(Effect.provide(Stores)))

  it.effect("prunes finished events, old raw bodies and step journals, and a pruned token stays a duplicate", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(100 * day)
      const inbox = yield* EventInbox
      const journal = yield* StepJournal
      const old = yield* inbox.accept(webhook("old", 60 * day, "done"))
      const kept = yield* inbox.accept(webhook("young", 80 * day, "done"))
      yield* journal.record("acme" as never, "invite:old", { interviewId: "int_1" }, 60 * day)
      yield* journal.record("acme" as never, "invite:young", { interviewId: "int_2" }, 80 * day)
      const report = yield* Maintenance.runOnce({ batchSize: 1 })
      assert.deepStrictEqual([report.eventsPruned, report.stepsPruned], [1, 1])
      assert.isTrue((yield* inbox.get("acme" as never, old.eventId))._tag === "None")
      assert.isTrue((yield* inbox.get("acme" as never, kept.eventId))._tag === "Some")
      assert.deepStrictEqual(yield* inbox.accept(webhook("old", 100 * day, "pending")), { _tag: "Duplicate", eventId: old.eventId })
      // Seven days after the pruning, the token is forgotten.
      yield* TestClock.setTime(108 * day)
      assert.strictEqual((yield* Maintenance.runOnce()).dedupeKeysExpired, 1)
      assert.isFalse(yield* inbox.seen("acme" as never, "old"))
    }).pipe(Effect.provide(Stores)))

  it.effect("runs one round per interval however many workers run it", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(100 * day)
      const rounds = yield* Ref.make(0)
      const CountingLog = Layer.effect(SecurityLog, Effect.gen(function*() {
        const log = yield* SecurityLogMemory.make()
        return SecurityLog.of({ ...log, prune: (options) => Effect.andThen(Ref.update(rounds, (n) => n + 1), log.prune(options)) })
      }))
      yield* Effect.gen(function*() {
        const workers = yield* Effect.forEach([1, 2, 3], () => Effect.forkChild(Maintenance.run({ intervalMs: hour })))
        yield* TestClock.adjust(0)
        assert.strictEqual(yield* Ref.get(rounds), 1)
        yield* TestClock.adjust(hour)
        assert.strictEqual(yield* Ref.get(rounds), 2)
        yield* Effect.forEach(workers, Fiber.interrupt)
      }).pipe(Effect.provide(Layer.merge(CountingLog, Others)))
    }))

  it.effect("runs a round at once and then every interval, until stopped", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(10 * day)
      const log = yield* SecurityLog
      yield* log.record(entry(10 * day - 2 * day, "two days old"))
      yield* log.record(entry(10 * day - day + hour / 2, "half an hour short of a day"))
      const running = yield* Effect.forkChild(Maintenance.run({ securityLogRetentionMs: day, intervalMs: hour }))
      yield* TestClock.adjust(0)
      assert.deepStrictEqual(yield* details, ["half an hour short of a day"])
      yield* TestClock.adjust(hour)
      assert.deepStrictEqual(yield* details, [])
      yield* Fiber.interrupt(running)
    }).pipe(Effect.provide(Stores)))

  it.effect("keeps going after a round that failed", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(100 * day)
      const failures = yield* Ref.make(1)
      const FlakyLog = Layer.effect(SecurityLog, Effect.gen(function*() {
        const log = yield* SecurityLogMemory.make()
        return SecurityLog.of({
          ...log,
          prune: (options) =>
            Effect.flatMap(Ref.getAndUpdate(failures, (n) => n - 1), (left) =>
              left > 0 ? Effect.fail(new StoreError({ operation: "SecurityLog.prune", message: "unreachable" })) : log.prune(options))
        })
      }))
      yield* Effect.gen(function*() {
        yield* (yield* SecurityLog).record(entry(0, "ancient"))
        const running = yield* Effect.forkChild(Maintenance.run({ intervalMs: hour }))
        yield* TestClock.adjust(0)
        assert.deepStrictEqual(yield* details, ["ancient"])
        yield* TestClock.adjust(hour)
        assert.deepStrictEqual(yield* details, [])
        yield* Fiber.interrupt(running)
      }).pipe(Effect.provide(Layer.merge(FlakyLog, Others)))
    }))
})
