/**
 * The contract test kit of the `PeriodicTasks` port. An adapter proves itself by running the suite against
 * its own layer:
 *
 * ```ts
 * import { PeriodicTasksContract } from "@fulcrum/core/testing"
 * PeriodicTasksContract.suite("PeriodicTasksSql (PGlite)", PeriodicTasksSql.layer.pipe(Layer.provide(PgliteTest)))
 * ```
 *
 * Every test uses a task name of its own, so the suite passes against a store that already holds data.
 *
 * @since 0.2.0
 */
import { assert } from "@effect/vitest"
import { Effect } from "effect"
import { PeriodicTasks } from "../ports/PeriodicTasks.ts"
import { runId, type Suite, suiteOf, type SuiteOptions } from "./internal/kit.ts"

/** What a store under test passes to the suite (its layer, name, skip). @since 0.2.0 */
export type { SuiteOptions }

const taskFor = (label: string) => `contract-${label}-${runId()}`
const hour = 60 * 60 * 1000

/**
 * Registers the `PeriodicTasks` contract as a `describe` block named `name`, run against `layer`.
 *
 * @since 0.2.0
 */
export const suite: Suite<PeriodicTasks> = suiteOf((it, timeout) => {
  it.effect("claims a key never seen at once, and not again within the period", () =>
    Effect.gen(function*() {
      const tasks = yield* PeriodicTasks
      const task = taskFor("once")
      const claim = tasks.claimDue({ task, keys: ["team-a", "team-b"], intervalMs: hour, limit: 10 })
      assert.deepStrictEqual([...(yield* claim)].sort(), ["team-a", "team-b"])
      assert.deepStrictEqual(yield* claim, [])
    }), timeout)

  it.effect("claims a key again once its period has passed", () =>
    Effect.gen(function*() {
      const tasks = yield* PeriodicTasks
      const task = taskFor("period")
      const claim = tasks.claimDue({ task, keys: ["team-a"], intervalMs: 50, limit: 10 })
      assert.deepStrictEqual(yield* claim, ["team-a"])
      // Wait for the store's clock, not a fixed sleep: the key comes back once 50 ms have passed there.
      let again: ReadonlyArray<string> = []
      for (let round = 0; again.length === 0 && round < 500; round++) {
        yield* Effect.sleep("20 millis")
        again = yield* claim
      }
      assert.deepStrictEqual(again, ["team-a"])
    }), timeout)

  it.effect("hands each key to one of several concurrent claimers", () =>
    Effect.gen(function*() {
      const tasks = yield* PeriodicTasks
      const task = taskFor("race")
      const keys = Array.from({ length: 20 }, (_, i) => `team-${i}`)
      const claims = yield* Effect.all(
        Array.from({ length: 6 }, () => tasks.claimDue({ task, keys, intervalMs: hour, limit: 20 })),
        { concurrency: "unbounded" }
      )
      const claimed = claims.flat()
      assert.strictEqual(claimed.length, keys.length)
      assert.deepStrictEqual([...new Set(claimed)].sort(), [...keys].sort())
    }), timeout)

  it.effect("keeps tasks apart and claims at most the limit", () =>
    Effect.gen(function*() {
      const tasks = yield* PeriodicTasks
      const first = taskFor("first")
      const second = taskFor("second")
      const keys = ["k1", "k2", "k3"]
      assert.strictEqual((yield* tasks.claimDue({ task: first, keys, intervalMs: hour, limit: 2 })).length, 2)
      assert.strictEqual((yield* tasks.claimDue({ task: first, keys, intervalMs: hour, limit: 2 })).length, 1)
      assert.strictEqual((yield* tasks.claimDue({ task: second, keys, intervalMs: hour, limit: 5 })).length, 3)
    }), timeout)
})
