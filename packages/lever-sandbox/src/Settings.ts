/**
 * The sandbox settings that can change while it runs (through the control handle): the notes response
 * shape, the encoding of `next` tokens, `Retry-After`, the rate limit, the webhook retry policy and the
 * access-token lifetime.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, Ref } from "effect"
import type { NoteResponse } from "./Note.ts"
import type { TokenEncoding } from "./Pagination.ts"
import type { RateLimit, Resolved, WebhookRetry } from "./SandboxOptions.ts"

/**
 * The current settings.
 *
 * @since 0.1.0
 */
export interface Value {
  readonly noteResponse: NoteResponse
  readonly nextTokens: TokenEncoding
  readonly retryAfterHeader: boolean
  readonly rateLimit: RateLimit | null
  readonly webhooks: WebhookRetry
  readonly accessTokenTtlSeconds: number
}

/**
 * A change to the settings; absent fields are kept (`rateLimit: null` disables rate limiting).
 *
 * @since 0.1.0
 */
export interface Patch {
  readonly noteResponse?: NoteResponse | undefined
  readonly nextTokens?: TokenEncoding | undefined
  readonly retryAfterHeader?: boolean | undefined
  readonly rateLimit?: RateLimit | null | undefined
  readonly webhooks?: { readonly [K in keyof WebhookRetry]?: WebhookRetry[K] | undefined } | undefined
  readonly accessTokenTtlSeconds?: number | undefined
}

/**
 * The settings service.
 *
 * @since 0.1.0
 */
export class Settings extends Context.Service<Settings, {
  readonly get: Effect.Effect<Value>
  readonly update: (patch: Patch) => Effect.Effect<Value>
  readonly reset: Effect.Effect<Value>
}>()("@fulcrum/lever-sandbox/Settings") {}

/**
 * The settings a sandbox starts with.
 *
 * @since 0.1.0
 */
export const fromOptions = (options: Resolved): Value => ({
  noteResponse: options.noteResponse,
  nextTokens: options.nextTokens,
  retryAfterHeader: options.retryAfterHeader,
  rateLimit: options.rateLimit,
  webhooks: options.webhooks,
  accessTokenTtlSeconds: options.oauth.accessTokenTtlSeconds
})

/**
 * Applies a patch.
 *
 * @since 0.1.0
 */
export const apply = (value: Value, patch: Patch): Value => ({
  noteResponse: patch.noteResponse ?? value.noteResponse,
  nextTokens: patch.nextTokens ?? value.nextTokens,
  retryAfterHeader: patch.retryAfterHeader ?? value.retryAfterHeader,
  rateLimit: patch.rateLimit === undefined ? value.rateLimit : patch.rateLimit,
  webhooks: {
    retryBaseDelayMs: patch.webhooks?.retryBaseDelayMs ?? value.webhooks.retryBaseDelayMs,
    backoffFactor: patch.webhooks?.backoffFactor ?? value.webhooks.backoffFactor,
    maxRetries: patch.webhooks?.maxRetries ?? value.webhooks.maxRetries,
    timeoutMs: patch.webhooks?.timeoutMs ?? value.webhooks.timeoutMs
  },
  accessTokenTtlSeconds: patch.accessTokenTtlSeconds ?? value.accessTokenTtlSeconds
})

/**
 * Settings starting at `initial`; `reset` goes back to it.
 *
 * @since 0.1.0
 */
export const layer = (initial: Value): Layer.Layer<Settings> =>
  Layer.effect(
    Settings,
    Effect.gen(function*() {
      const ref = yield* Ref.make(initial)
      return Settings.of({
        get: Ref.get(ref),
        update: (patch) => Ref.updateAndGet(ref, (value) => apply(value, patch)),
        reset: Ref.setAndGet(ref, initial)
      })
    })
  )
