/**
 * The contract test kit of the `TeamLocks` port:
 *
 * ```ts
 * import { TeamLocksContract } from "@fulcrum/core/testing"
 * TeamLocksContract.suite("TeamLocksSql (PostgreSQL)", TeamLocksSql.layer.pipe(Layer.provide(PgTest)))
 * ```
 *
 * @since 0.2.0
 */
import { assert } from "@effect/vitest"
import { Effect, Ref } from "effect"
import { TeamLocks } from "../ports/TeamLocks.ts"
import { runId, type Suite, suiteOf, type SuiteOptions } from "./internal/kit.ts"

/** What a store under test passes to the suite (its layer, name, skip). @since 0.2.0 */
export type { SuiteOptions }

/**
 * Registers the `TeamLocks` contract as a `describe` block named `name`, run against `layer`.
 *
 * @since 0.2.0
 */
export const suite: Suite<TeamLocks> = suiteOf((it, timeout) => {
  it.effect("never lets two holders of one key run at once; other keys do not wait", () =>
    Effect.gen(function*() {
      const locks = yield* TeamLocks
      const key = `contract-lock-${runId()}`
      const inside = yield* Ref.make(0)
      const most = yield* Ref.make(0)
      const hold = locks.withLock(key, Effect.gen(function*() {
        const now = yield* Ref.updateAndGet(inside, (n) => n + 1)
        yield* Ref.update(most, (m) => Math.max(m, now))
        yield* Effect.sleep("20 millis")
        yield* Ref.update(inside, (n) => n - 1)
      }))
      yield* Effect.all(Array.from({ length: 5 }, () => hold), { concurrency: "unbounded" })
      assert.strictEqual(yield* Ref.get(most), 1)
      // While one key is held, another key is taken at once.
      const other = yield* locks.withLock(key, locks.withLock(`${key}-other`, Effect.succeed("both held")))
      assert.strictEqual(other, "both held")
    }), timeout)

  it.effect("releases the lock when the effect fails", () =>
    Effect.gen(function*() {
      const locks = yield* TeamLocks
      const key = `contract-lock-${runId()}`
      const failed = yield* Effect.flip(locks.withLock(key, Effect.fail("boom")))
      assert.strictEqual(failed, "boom")
      assert.strictEqual(yield* locks.withLock(key, Effect.succeed(1)), 1)
    }), timeout)
})
