/**
 * The knobs of the Lever HTTP adapter: the client-side rate limit per key, the retry budget and the
 * per-attempt timeout. Every field is optional; `resolve` fills in the defaults.
 *
 * @since 0.1.0
 */
import { Duration } from "effect"

/**
 * The client-side token bucket kept per API key / OAuth token: `perSecond` tokens are added every second,
 * up to `burst`.
 *
 * @since 0.1.0
 */
export interface RateLimit {
  readonly perSecond?: number | undefined
  readonly burst?: number | undefined
}

/**
 * The retry budget of one HTTP request: at most `maxRetries` retries and no retry starting later than
 * `maxElapsed` after the first attempt. Backoff starts at `baseDelay`, doubles each time up to `maxDelay`,
 * and is jittered; a `Retry-After` header makes it longer, never shorter.
 *
 * @since 0.1.0
 */
export interface Retry {
  readonly maxRetries?: number | undefined
  readonly maxElapsed?: Duration.Input | undefined
  readonly baseDelay?: Duration.Input | undefined
  readonly maxDelay?: Duration.Input | undefined
}

/**
 * Options of `LeverHttp.layer`.
 *
 * - `rateLimit`: the per-key bucket (default 10/s, burst {@link defaultBurst}); `false` turns it off (Lever
 *   still limits, and 429s are retried).
 * - `retry`: the retry budget (default 6 retries within 30 s, backoff 250 ms doubling up to 5 s).
 * - `timeout`: how long one attempt may take, answer body included (default 10 s).
 *
 * @since 0.1.0
 */
export interface Options {
  readonly rateLimit?: RateLimit | false | undefined
  readonly retry?: Retry | undefined
  readonly timeout?: Duration.Input | undefined
}

/**
 * Lever's documented steady rate per key.
 *
 * @since 0.1.0
 */
export const defaultPerSecond = 10

/**
 * The default client-side burst.
 *
 * @since 0.1.0
 */
export const defaultBurst = 18

/**
 * Options with every default filled in and checked.
 *
 * @since 0.1.0
 */
export interface Resolved {
  readonly rateLimit: { readonly perSecond: number; readonly burst: number } | null
  readonly retry: {
    readonly maxRetries: number
    readonly maxElapsed: Duration.Duration
    readonly baseDelay: Duration.Duration
    readonly maxDelay: Duration.Duration
  }
  readonly timeout: Duration.Duration
}

const positive = (name: string, value: number): number => {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`LeverHttp option ${name} must be > 0, got ${value}`)
  return value
}

const duration = (name: string, input: Duration.Input): Duration.Duration => {
  const value = Duration.fromInputUnsafe(input)
  positive(name, Duration.toMillis(value))
  return value
}

/**
 * Fills in the defaults. Throws a `RangeError` naming the option when a value is not positive (the layer
 * turns it into a defect at construction, before any call is made).
 *
 * @since 0.1.0
 */
export const resolve = (options: Options = {}): Resolved => {
  const retries = options.retry?.maxRetries ?? 6
  if (!Number.isInteger(retries) || retries < 0) {
    throw new RangeError(`LeverHttp option retry.maxRetries must be a whole number >= 0, got ${retries}`)
  }
  return {
    rateLimit: options.rateLimit === false ? null : {
      perSecond: positive("rateLimit.perSecond", options.rateLimit?.perSecond ?? defaultPerSecond),
      burst: Math.max(1, Math.floor(positive("rateLimit.burst", options.rateLimit?.burst ?? defaultBurst)))
    },
    retry: {
      maxRetries: retries,
      maxElapsed: duration("retry.maxElapsed", options.retry?.maxElapsed ?? "30 seconds"),
      baseDelay: duration("retry.baseDelay", options.retry?.baseDelay ?? "250 millis"),
      maxDelay: duration("retry.maxDelay", options.retry?.maxDelay ?? "5 seconds")
    },
    timeout: duration("timeout", options.timeout ?? "10 seconds")
  }
}
