/**
 * The group commit behind `EventInboxSql.accept`: a call that finds a lane free runs alone and at once;
 * calls that arrive while every lane is busy go together, at most `maxBatch` at a time, when a lane frees;
 * a batch that fails as a whole is retried item by item, so each caller gets its own answer; a caller that
 * gives up waiting takes nobody else's answer with it; a caller that must go alone (inside a transaction)
 * never waits for a lane.
 */
import { assert, describe, it } from "@effect/vitest"
import { Deferred, Effect, Exit, Fiber } from "effect"
import * as Coalescer from "../src/internal/Coalescer.ts"

/** A statement that runs until the test lets it finish, recording what ran how. */
const fake = (options: {
  readonly lanes: number
  readonly maxBatch: number
  readonly failMany?: boolean
  readonly alone?: (item: number) => boolean
}) =>
  Effect.gen(function*() {
    const runs: Array<ReadonlyArray<number>> = []
    let inFlight = 0
    let most = 0
    const gate = yield* Deferred.make<void>()
    const statement = <A>(items: ReadonlyArray<number>, answer: A) =>
      Effect.gen(function*() {
        runs.push(items)
        most = Math.max(most, ++inFlight)
        yield* Deferred.await(gate)
        inFlight--
        return answer
      })
    // Which item is submitted now, for `alone` (which sees only the caller, as a transaction check does).
    let current = 0
    const make = Coalescer.make<number, string, string>({
      ...(options.alone === undefined ? {} : { alone: Effect.sync(() => options.alone!(current)) }),
      lanes: options.lanes,
      maxBatch: options.maxBatch,
      one: (item) => item < 0 ? Effect.fail(`refused ${item}`) : statement([item], `stored ${item}`),
      many: (items) =>
        options.failMany === true || items.some((item) => item < 0)
          ? Effect.flatMap(statement(items, null), () => Effect.fail("the batch failed"))
          : statement(items, items.map((item) => Exit.succeed(`stored ${item}`)))
    })
    const submit = (item: number) =>
      Effect.suspend(() => {
        current = item
        return make(item)
      })
    return { submit, runs, open: Deferred.succeed(gate, void 0), most: () => most }
  })

describe("Coalescer", () => {
  it.effect("runs alone while a lane is free, then batches what waited, within maxBatch", () =>
    Effect.gen(function*() {
      const { most, open, runs, submit } = yield* fake({ lanes: 2, maxBatch: 3 })
      const fibers = yield* Effect.forEach([1, 2, 3, 4, 5, 6, 7], (item) => Effect.forkChild(submit(item)))
      yield* Effect.yieldNow
      assert.deepStrictEqual(runs, [[1], [2]])
      yield* open
      const answers = yield* Effect.forEach(fibers, Fiber.join)
      assert.deepStrictEqual(answers, [1, 2, 3, 4, 5, 6, 7].map((item) => `stored ${item}`))
      assert.deepStrictEqual(runs, [[1], [2], [3, 4, 5], [6, 7]])
      assert.strictEqual(most(), 2)
    }))

  it.effect("retries a failed batch item by item: only the bad item fails", () =>
    Effect.gen(function*() {
      const { open, runs, submit } = yield* fake({ lanes: 1, maxBatch: 10 })
      const fibers = yield* Effect.forEach([1, 2, -3, 4], (item) => Effect.forkChild(Effect.result(submit(item))))
      yield* Effect.yieldNow
      yield* open
      const answers = yield* Effect.forEach(fibers, Fiber.join)
      assert.deepStrictEqual(answers.map((answer) => answer._tag === "Success" ? answer.success : answer.failure), [
        "stored 1",
        "stored 2",
        "refused -3",
        "stored 4"
      ])
      assert.deepStrictEqual(runs, [[1], [2, -3, 4], [2], [4]])
    }))

  it.effect("a caller that stops waiting leaves the others' answers and the lane intact", () =>
    Effect.gen(function*() {
      const { open, runs, submit } = yield* fake({ lanes: 1, maxBatch: 10 })
      const first = yield* Effect.forkChild(submit(1))
      const gaveUp = yield* Effect.forkChild(submit(2))
      const waits = yield* Effect.forkChild(submit(3))
      yield* Effect.yieldNow
      yield* Fiber.interrupt(gaveUp)
      yield* open
      assert.strictEqual(yield* Fiber.join(first), "stored 1")
      assert.strictEqual(yield* Fiber.join(waits), "stored 3")
      // The item of the caller that gave up is still stored, as a statement in flight would be.
      assert.deepStrictEqual(runs, [[1], [2, 3]])
      assert.strictEqual(yield* submit(4), "stored 4")
    }))

  it.effect("a caller that must go alone runs at once in its own fiber, lanes and batches aside", () =>
    Effect.gen(function*() {
      const { open, runs, submit } = yield* fake({ lanes: 1, maxBatch: 10, alone: (item) => item >= 100 })
      const fibers = yield* Effect.forEach([1, 2, 100, 3], (item) => Effect.forkChild(submit(item)))
      yield* Effect.yieldNow
      // 1 holds the lane and 2 waits for it; 100 did not wait.
      assert.deepStrictEqual(runs, [[1], [100]])
      yield* open
      assert.deepStrictEqual(yield* Effect.forEach(fibers, Fiber.join), ["stored 1", "stored 2", "stored 100", "stored 3"])
      assert.deepStrictEqual(runs, [[1], [100], [2, 3]])
    }))
})
