/**
 * The retry schedule of a Lever request: exponential, equal jitter, capped, never sooner than
 * `Retry-After`, and stopped by the retry count or at once by a wait beyond the time budget.
 */
import { assert, describe, it } from "@effect/vitest"
import { Duration, Effect, Exit, Schedule } from "effect"
import * as Backoff from "../src/internal/Backoff.ts"

const policy = {
  maxRetries: 4,
  maxElapsed: Duration.seconds(10),
  baseDelay: Duration.millis(100),
  maxDelay: Duration.millis(300)
}

/** The waits the schedule gives for these refusals, all at `now`, until it stops. */
const waits = (refusals: ReadonlyArray<Backoff.Refusal>, now = 0) =>
  Effect.gen(function*() {
    const step = yield* Schedule.toStep(Backoff.schedule(policy, 0))
    const out: Array<number> = []
    for (const refusal of refusals) {
      const exit = yield* Effect.exit(step(now, refusal))
      if (Exit.isFailure(exit)) break
      out.push(Duration.toMillis(exit.value[1]))
    }
    return out
  })

const refusal = (retryAfterMs?: number): Backoff.Refusal => ({ retryAfterMs })

describe("Backoff.schedule", () => {
  it.effect("doubles from the base delay up to the cap, half of each wait random, for maxRetries retries", () =>
    Effect.gen(function*() {
      const got = yield* waits(Array.from({ length: 6 }, () => refusal()))
      const steps = [100, 200, 300, 300]
      assert.strictEqual(got.length, steps.length)
      got.forEach((wait, i) => assert.isTrue(wait >= steps[i]! / 2 && wait <= steps[i]!, `${wait} for ${steps[i]}`))
    }))

  it.effect("never waits less than Retry-After", () =>
    Effect.gen(function*() {
      assert.deepStrictEqual(yield* waits([refusal(2_000)]), [2_000])
    }))

  it.effect("stops at once when the wait would end beyond the time budget", () =>
    Effect.gen(function*() {
      assert.deepStrictEqual(yield* waits([refusal(20_000)]), [])
      assert.deepStrictEqual(yield* waits([refusal(1_000)], 9_500), [])
    }))
})
