import { assert, describe, it } from "@effect/vitest"
import { Effect, Fiber, Layer, Ref } from "effect"
import { TestClock } from "effect/testing"
import * as SecurityLogMemory from "../../src/memory/SecurityLogMemory.ts"
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
      assert.deepStrictEqual(yield* Maintenance.runOnce(), { securityLogPruned: 1 })
      assert.deepStrictEqual(yield* details, ["29 days old"])
    }).pipe(Effect.provide(SecurityLogMemory.layer)))

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
    }).pipe(Effect.provide(SecurityLogMemory.layer)))

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
      }).pipe(Effect.provide(FlakyLog))
    }))
})
