/**
 * The per-key token bucket on the TestClock: burst, steady rate, first-come-first-served order, keys
 * that do not affect each other, and draining after a 429.
 */
import { assert, describe, it } from "@effect/vitest"
import { Clock, Effect, Fiber } from "effect"
import { TestClock } from "effect/testing"
import * as TokenBucket from "../src/internal/TokenBucket.ts"

/** Starts `count` takes on `key` in order; returns when each one got through (ms since start). */
const takeAll = (bucket: TokenBucket.TokenBucket, key: string, count: number, times: Array<number>) =>
  Effect.forEach(
    Array.from({ length: count }, (_, i) => i),
    (i) =>
      Effect.forkChild(
        Effect.andThen(bucket.take(key), Effect.flatMap(Clock.currentTimeMillis, (now) =>
          Effect.sync(() => {
            times[i] = now
          })))
      )
  )

describe("TokenBucket", () => {
  it.effect("lets a burst through at once, then one token per interval, in call order", () =>
    Effect.gen(function*() {
      const bucket = TokenBucket.make({ perSecond: 10, burst: 20 })
      const start = yield* Clock.currentTimeMillis
      const times: Array<number> = []
      const fibers = yield* takeAll(bucket, "a", 30, times)
      yield* TestClock.adjust(2_000)
      yield* Fiber.joinAll(fibers)
      const offsets = times.map((t) => t - start)
      assert.deepStrictEqual(offsets.slice(0, 20), Array.from({ length: 20 }, () => 0))
      assert.deepStrictEqual(offsets.slice(20), Array.from({ length: 10 }, (_, i) => (i + 1) * 100))
    }))

  it.effect("a burst on one key does not delay another key", () =>
    Effect.gen(function*() {
      const bucket = TokenBucket.make({ perSecond: 10, burst: 20 })
      const start = yield* Clock.currentTimeMillis
      const a: Array<number> = []
      const b: Array<number> = []
      const fibersA = yield* takeAll(bucket, "a", 200, a)
      const fibersB = yield* takeAll(bucket, "b", 5, b)
      yield* TestClock.adjust(10)
      yield* Fiber.joinAll(fibersB)
      assert.deepStrictEqual(b.map((t) => t - start), [0, 0, 0, 0, 0])
      yield* TestClock.adjust(30_000)
      yield* Fiber.joinAll(fibersA)
      assert.strictEqual(Math.max(...a) - start, 180 * 100)
    }))

  it.effect("refills while idle, never above the burst", () =>
    Effect.gen(function*() {
      const bucket = TokenBucket.make({ perSecond: 10, burst: 5 })
      const start = yield* Clock.currentTimeMillis
      const first: Array<number> = []
      yield* Fiber.joinAll(yield* takeAll(bucket, "a", 5, first))
      yield* TestClock.adjust(60_000)
      const later: Array<number> = []
      const fibers = yield* takeAll(bucket, "a", 7, later)
      yield* TestClock.adjust(1_000)
      yield* Fiber.joinAll(fibers)
      const base = start + 60_000
      assert.deepStrictEqual(later.map((t) => t - base), [0, 0, 0, 0, 0, 100, 200])
    }))

  it.effect("drain holds everyone of the key back until the given time, then refills from empty", () =>
    Effect.gen(function*() {
      const bucket = TokenBucket.make({ perSecond: 10, burst: 20 })
      const start = yield* Clock.currentTimeMillis
      yield* bucket.drain("a", start + 2_000)
      const times: Array<number> = []
      const fibers = yield* takeAll(bucket, "a", 3, times)
      const other: Array<number> = []
      const otherFibers = yield* takeAll(bucket, "b", 1, other)
      yield* TestClock.adjust(3_000)
      yield* Fiber.joinAll([...fibers, ...otherFibers])
      assert.deepStrictEqual(times.map((t) => t - start), [2_000, 2_100, 2_200])
      assert.deepStrictEqual(other.map((t) => t - start), [0])
    }))

  it.effect("a burst from a full bucket is anchored: later slots move back by the first answer's round trip", () =>
    Effect.gen(function*() {
      const bucket = TokenBucket.make({ perSecond: 10, burst: 3 })
      const start = yield* Clock.currentTimeMillis
      const first = yield* bucket.take("a")
      assert.strictEqual(first.anchoredAt, start)
      const second = yield* bucket.take("a")
      assert.isUndefined(second.anchoredAt)
      const times: Array<number> = []
      const fibers = yield* takeAll(bucket, "a", 3, times)
      yield* TestClock.adjust(50)
      // Lever answered the first request 250 ms after it was sent: its bucket may have started that late.
      yield* bucket.answered(first, start + 250)
      yield* bucket.answered(first, start + 900)
      yield* bucket.answered(second, start + 900)
      yield* TestClock.adjust(2_000)
      yield* Fiber.joinAll(fibers)
      // The first of these is the burst's third token and goes at once; the queued ones would have gone at
      // 100 and 200 ms and wait 250 ms more, once: later answers do not move them again.
      assert.deepStrictEqual(times.map((t) => t - start), [0, 350, 450])
    }))

  it.effect("an anchor moves slots back by at most two seconds", () =>
    Effect.gen(function*() {
      const bucket = TokenBucket.make({ perSecond: 10, burst: 1 })
      const start = yield* Clock.currentTimeMillis
      const first = yield* bucket.take("a")
      yield* bucket.answered(first, start + 60_000)
      const times: Array<number> = []
      const fibers = yield* takeAll(bucket, "a", 1, times)
      yield* TestClock.adjust(5_000)
      yield* Fiber.joinAll(fibers)
      assert.deepStrictEqual(times.map((t) => t - start), [2_100])
    }))
})
