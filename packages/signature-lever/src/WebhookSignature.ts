/**
 * Lever's webhook signature: `hex(HMAC-SHA256(key = the webhook's signing token, message = token +
 * triggeredAt))`, with `triggeredAt` written as its decimal string and appended to the delivery's `token`.
 * It covers neither the body nor `data`; see `docs/adapters/signature-lever.md` for how Fulcrum defends
 * the unsigned part.
 *
 * The digest itself is core's `LeverSignature.compute` (Web Crypto), the one definition of the scheme
 * that the in-memory verifier also uses, so the two verifiers cannot drift apart. What this module adds is
 * the production comparison: a strict shape check, then node:crypto's `timingSafeEqual` over the 32 raw
 * bytes, a native constant-time primitive rather than a JavaScript loop whose timing is up to the JIT.
 *
 * @since 0.1.0
 */
import { timingSafeEqual } from "node:crypto"
import { LeverSignature } from "@fulcrum/core"
import { Effect } from "effect"
import type { Redacted } from "effect"

/** The fields of a webhook body the signature is about. @since 0.1.0 */
export interface SignedFields {
  readonly token: string
  readonly triggeredAt: number
  readonly signature: string
}

// SHA-256 is 32 bytes: 64 hex digits. Anything else cannot be a Lever signature, and checking the shape
// first matters because `Buffer.from(s, "hex")` silently stops at the first non-hex character.
const SIGNATURE_HEX = /^[0-9a-fA-F]{64}$/

/**
 * The signature Lever sends for a delivery, as 64 lowercase hex digits. Pure: the same inputs always
 * give the same digest; it is an Effect only because Web Crypto is asynchronous.
 *
 * @example
 * ```ts
 * import { WebhookSignature } from "@fulcrum/signature-lever"
 * import { Effect, Redacted } from "effect"
 *
 * const signature = Effect.runPromise(WebhookSignature.computeSignature(
 *   Redacted.make("test-signature-token"),
 *   "be58f711f349c7780e4579cd7c63341ac6f881e4dccc3154",
 *   1431454330072
 * ))
 * // resolves to "67237316b71be6f4595c3313d347b09353b22d7cbab3726261b73d409acd8fd7"
 * ```
 *
 * @since 0.1.0
 */
export const computeSignature: (
  signingToken: Redacted.Redacted<string>,
  token: string,
  triggeredAt: number
) => Effect.Effect<string> = LeverSignature.compute

/**
 * Whether `fields.signature` is Lever's signature of `fields.token + fields.triggeredAt` under the
 * signing token. Never fails: a signature that is not 64 hex digits is `false` before any digest is
 * computed. Hex is case-insensitive, as Lever's lowercase digest compared byte-wise implies.
 *
 * @example
 * ```ts
 * import { WebhookSignature } from "@fulcrum/signature-lever"
 * import { Effect, Redacted } from "effect"
 *
 * const ok = Effect.runPromise(WebhookSignature.verifySignature(Redacted.make("test-signature-token"), {
 *   token: "be58f711f349c7780e4579cd7c63341ac6f881e4dccc3154",
 *   triggeredAt: 1431454330072,
 *   signature: "67237316b71be6f4595c3313d347b09353b22d7cbab3726261b73d409acd8fd7"
 * }))
 * // resolves to true
 * ```
 *
 * @since 0.1.0
 */
export const verifySignature = Effect.fnUntraced(function*(
  signingToken: Redacted.Redacted<string>,
  fields: SignedFields
): Effect.fn.Return<boolean> {
  if (!SIGNATURE_HEX.test(fields.signature)) return false
  const expected = yield* computeSignature(signingToken, fields.token, fields.triggeredAt)
  return timingSafeEqual(Buffer.from(expected, "hex"), Buffer.from(fields.signature, "hex"))
})
