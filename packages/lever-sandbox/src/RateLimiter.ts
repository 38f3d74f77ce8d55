/**
 * Lever's rate limit: a token bucket per API key (or per OAuth grant), 10 requests per second steady and
 * bursts of 20 by default. Time comes from Effect's `Clock`.
 *
 * @since 0.1.0
 */
import { Clock, Context, Effect, Layer } from "effect"
import { Settings } from "./Settings.ts"

/**
 * The outcome of taking a token: allowed, or refused with the time until the next token.
 *
 * @since 0.1.0
 */
export type Decision =
  | { readonly _tag: "Allowed"; readonly remaining: number }
  | { readonly _tag: "Limited"; readonly retryAfterMs: number }

/**
 * The rate limiter service.
 *
 * @since 0.1.0
 */
export class RateLimiter extends Context.Service<RateLimiter, {
  /** Takes one token from the bucket of `principalId`. */
  readonly take: (principalId: string) => Effect.Effect<Decision>
  /** Refills every bucket. */
  readonly reset: Effect.Effect<void>
}>()("@fulcrum/lever-sandbox/RateLimiter") {}

interface Bucket {
  tokens: number
  updatedAt: number
}

/**
 * The rate limiter, reading its limits from `Settings` on every request (so they can change at runtime).
 *
 * @since 0.1.0
 */
export const layer: Layer.Layer<RateLimiter, never, Settings> = Layer.effect(
  RateLimiter,
  Effect.gen(function*() {
    const settings = yield* Settings
    const buckets = new Map<string, Bucket>()

    const take = Effect.fn("LeverSandbox.RateLimiter.take")(function*(principalId: string) {
      const { rateLimit } = yield* settings.get
      if (rateLimit === null) return { _tag: "Allowed", remaining: Infinity } as Decision
      const now = yield* Clock.currentTimeMillis
      const bucket = buckets.get(principalId) ?? { tokens: rateLimit.burst, updatedAt: now }
      bucket.tokens = Math.min(rateLimit.burst, bucket.tokens + ((now - bucket.updatedAt) * rateLimit.perSecond) / 1000)
      bucket.updatedAt = now
      buckets.set(principalId, bucket)
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1
        return { _tag: "Allowed", remaining: Math.floor(bucket.tokens) } as Decision
      }
      return { _tag: "Limited", retryAfterMs: Math.ceil(((1 - bucket.tokens) * 1000) / rateLimit.perSecond) } as Decision
    })

    return RateLimiter.of({
      take,
      reset: Effect.sync(() => buckets.clear())
    })
  })
)
