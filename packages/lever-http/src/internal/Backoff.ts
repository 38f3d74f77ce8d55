/**
 * How long to wait before the next attempt: exponential backoff with jitter, never shorter than what
 * Lever asked for in `Retry-After`.
 */
import { Duration, Result } from "effect"
import { Headers } from "effect/http"

/** The retry budget, in milliseconds. */
export interface Policy {
  /** Retries after the first attempt. */
  readonly maxRetries: number
  /** No retry starts later than this after the first attempt. */
  readonly maxElapsedMs: number
  /** The first backoff; each next one doubles, up to `maxDelayMs`. */
  readonly baseDelayMs: number
  readonly maxDelayMs: number
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
 * The wait before retry number `retry` (1-based). "Equal jitter": half the exponential delay is fixed,
 * half is random (`random` in [0, 1)), so fibers that failed together do not come back together, yet
 * nobody retries immediately.
 */
export const delayMs = (policy: Policy, retry: number, random: number, retryAfter: number | undefined): number => {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1))
  const jittered = exponential / 2 + (random * exponential) / 2
  return Math.ceil(Math.max(jittered, retryAfter ?? 0))
}
