/**
 * Lever's webhook signature scheme. Lever signs `token + triggeredAt` (the body's random token followed
 * by the decimal `triggeredAt`) with HMAC-SHA256 keyed by the webhook's signature token, and sends the
 * lowercase hex digest as `body.signature`. The body itself is not signed, and there is no header.
 *
 * The one definition of the scheme: both `SignatureVerifier`s (the in-memory one and
 * `@fulcrum/signature-lever`) check signatures with `verify`, and the Lever sandbox and tests use `sign` to
 * send a webhook exactly as Lever would. Runs on Web Crypto, so it works in Node, Deno, Bun and browsers
 * alike.
 *
 * @example
 * ```ts
 * import { LeverSignature } from "@fulcrum/core"
 * import { Effect, Redacted } from "effect"
 *
 * const program = Effect.gen(function*() {
 *   const signature = yield* LeverSignature.compute(
 *     Redacted.make("test-signature-token"),
 *     "be58f711f349c7780e4579cd7c63341ac6f881e4dccc3154",
 *     1431454330072
 *   )
 *   // "67237316b71be6f4595c3313d347b09353b22d7cbab3726261b73d409acd8fd7"
 * })
 * ```
 *
 * @since 0.1.0
 */
import { Clock, Effect, Redacted } from "effect"
import { Hex } from "effect/encoding"

const encoder = new TextEncoder()

/**
 * Lever's signature of one delivery: `hex(HMAC-SHA256(signingToken, token + String(triggeredAt)))`.
 *
 * @example
 * ```ts
 * const signature = yield* LeverSignature.compute(signingToken, body.token, body.triggeredAt)
 * ```
 *
 * @since 0.1.0
 */
export const compute = Effect.fn("LeverSignature.compute")(function*(
  signingToken: Redacted.Redacted<string>,
  token: string,
  triggeredAt: number
) {
  const secret = encoder.encode(Redacted.value(signingToken))
  // Web Crypto refuses an empty HMAC key. HMAC pads every key with zero bytes to the block size, so one
  // zero byte is the same key as no bytes at all: the digest stays the RFC 2104 one.
  const keyBytes = secret.length === 0 ? new Uint8Array(1) : secret
  const key = yield* Effect.promise(() =>
    globalThis.crypto.subtle.importKey("raw", keyBytes, { name: "HMAC", hash: "SHA-256" }, false, ["sign"])
  )
  const mac = yield* Effect.promise(() =>
    globalThis.crypto.subtle.sign("HMAC", key, encoder.encode(token + String(triggeredAt)))
  )
  return Hex.encode(new Uint8Array(mac))
})

/**
 * Compares two hex signatures in constant time: every character is compared, whatever differs first,
 * so the time taken says nothing about how much of a forged signature was right. Case-insensitive, as
 * hex is. Signatures of different lengths never match.
 *
 * @example
 * ```ts
 * LeverSignature.matches(expected, body.signature) // true only for the exact digest
 * ```
 *
 * @since 0.1.0
 */
export const matches = (expected: string, actual: string): boolean => {
  const a = expected.toLowerCase()
  const b = actual.toLowerCase()
  const length = Math.max(a.length, b.length)
  let difference = a.length ^ b.length
  for (let i = 0; i < length; i++) {
    // Past the end of the shorter string charCodeAt is NaN, and NaN | 0 is 0: the loop still runs to the end.
    difference |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0)
  }
  return difference === 0
}

/**
 * How a signature is computed: `compute`'s shape, so a platform can give its native HMAC (Web Crypto is
 * asynchronous and imports the key on every call). @since 0.1.0
 */
export type Digest = (signingToken: Redacted.Redacted<string>, token: string, triggeredAt: number) => Effect.Effect<string>

/** The fields of a webhook body the signature is about. @since 0.1.0 */
export interface SignedFields {
  readonly token: string
  readonly triggeredAt: number
  readonly signature: string
}

// SHA-256 is 32 bytes: 64 hex digits. Anything else cannot be a Lever signature; checking the shape first
// also means a comparison only ever sees two well-formed digests of the same length.
const SIGNATURE_HEX = /^[0-9a-fA-F]{64}$/

/**
 * Whether `fields.signature` is Lever's signature of `fields.token + fields.triggeredAt` under the
 * signing token. Never fails: a signature that is not 64 hex digits is `false` before any digest is
 * computed. The comparison is `matches` unless another constant-time one is given (a platform's native
 * primitive); it is only ever called with two 64-hex-digit strings. The digest is `compute` unless
 * another implementation of the same scheme is given.
 *
 * @example
 * ```ts
 * const ok = yield* LeverSignature.verify(signingToken, body) // true only for the exact digest
 * ```
 *
 * @since 0.1.0
 */
export const verify = Effect.fnUntraced(function*(
  signingToken: Redacted.Redacted<string>,
  fields: SignedFields,
  equals: (expected: string, actual: string) => boolean = matches,
  digest: Digest = compute
): Effect.fn.Return<boolean> {
  if (!SIGNATURE_HEX.test(fields.signature)) return false
  const expected = yield* digest(signingToken, fields.token, fields.triggeredAt)
  return equals(expected, fields.signature)
})

/**
 * A random delivery token as Lever sends it: 48 lowercase hex characters (24 random bytes).
 *
 * @example
 * ```ts
 * const token = LeverSignature.randomToken() // "be58f711f349c7780e4579cd7c63341ac6f881e4dccc3154"-like
 * ```
 *
 * @since 0.1.0
 */
export const randomToken = (): string => Hex.encode(globalThis.crypto.getRandomValues(new Uint8Array(24)))

/**
 * A webhook body exactly as Lever POSTs it.
 *
 * @since 0.1.0
 */
export interface SignedWebhook {
  readonly triggeredAt: number
  readonly event: string
  readonly data: unknown
  readonly token: string
  readonly signature: string
}

/**
 * Builds a whole signed webhook body, the way Lever would send it: a fresh random token, `triggeredAt`
 * (now, unless given) and the signature over both. For tests, the sandbox and tools; serialise it with
 * `JSON.stringify`.
 *
 * @example
 * ```ts
 * const body = yield* LeverSignature.sign(signingToken, {
 *   event: "candidateStageChange",
 *   data: { opportunityId, candidateId: opportunityId, toStageId, fromStageId }
 * })
 * const rawBody = JSON.stringify(body)
 * ```
 *
 * @since 0.1.0
 */
export const sign = Effect.fn("LeverSignature.sign")(function*(
  signingToken: Redacted.Redacted<string>,
  webhook: {
    readonly event: string
    readonly data: unknown
    readonly triggeredAt?: number
    readonly token?: string
  }
) {
  const triggeredAt = webhook.triggeredAt ?? (yield* Clock.currentTimeMillis)
  const token = webhook.token ?? randomToken()
  const signature = yield* compute(signingToken, token, triggeredAt)
  const body: SignedWebhook = { triggeredAt, event: webhook.event, data: webhook.data, token, signature }
  return body
})
