/**
 * When to try a refused Lever request again: an Effect `Schedule` of exponential backoff with jitter,
 * never shorter than what Lever asked for in `Retry-After`, within a budget of retries and of time.
 */
import { Duration, Effect, Random, Result, Schedule } from "effect"
import { Headers } from "effect/http"
import type { Resolved } from "../LeverHttpOptions.ts"

/** What a refused attempt tells the schedule: the wait Lever asked for (`Retry-After`), if it did. */
export interface Refusal {
  readonly retryAfterMs: number | undefined
}

/**
 * The delay a `Retry-After` header asks for (whole seconds or an HTTP date), measured from `now`;
 * `undefined` when absent or unreadable (RFC 9110 says to ignore an invalid value).
 */
export const retryAfterMs = (header: string | undefined, now: number): number | undefined => {
  if (header === undefined) return undefined
  const parsed = Headers.parseRetryAfter(header)
  if (Result.isFailure(parsed)) return undefined
  return Duration.toMillis(Headers.retryAfterDelay(parsed.success, now))
}

/**
 * The retry schedule of one request whose first attempt started at `started` (epoch ms). Retry `n`
 * (1-based) waits `min(maxDelay, baseDelay · 2^(n-1))` with "equal jitter": half fixed, half random, so
 * fibers that failed together do not come back together, yet nobody retries at once (`Schedule.jittered`
 * scales by 0.8–1.2, which could retry sooner than the backoff step). The wait is never shorter than the
 * refusal's `Retry-After`. It stops after `maxRetries` retries, and at once when the next retry would
 * start later than `maxElapsed` after `started`: when Lever asks for more time than the budget has left,
 * nobody sleeps towards a certain failure.
 */
export const schedule = <In extends Refusal>(
  policy: Resolved["retry"],
  started: number
): Schedule.Schedule<Duration.Duration, In> => {
  const maxDelayMs = Duration.toMillis(policy.maxDelay)
  const maxElapsedMs = Duration.toMillis(policy.maxElapsed)
  return Schedule.exponential(policy.baseDelay).pipe(
    Schedule.setInputType<In>(),
    Schedule.modifyDelay(({ duration, input }) =>
      Effect.map(Random.next, (random) => {
        const exponential = Math.min(maxDelayMs, Duration.toMillis(duration))
        return Math.ceil(Math.max(exponential / 2 + (random * exponential) / 2, input.retryAfterMs ?? 0))
      })
    ),
    Schedule.while(({ attempt, duration, now }) =>
      attempt <= policy.maxRetries && now - started + Duration.toMillis(duration) <= maxElapsedMs
    )
  )
}
