/**
 * Lever's webhook signature: `hex(HMAC-SHA256(key = the webhook's signing token, message = token +
 * triggeredAt))`, with `triggeredAt` written as its decimal string and appended to the delivery's `token`.
 * It covers neither the body nor `data`; see `docs/adapters/signature-lever.md` for how Fulcrum defends
 * the unsigned part.
 *
 * The shape check and the pipeline are core's `LeverSignature`, the one definition of the scheme that the
 * in-memory verifier also uses, so the two verifiers cannot drift apart (the test vectors hold both to
 * the same digests). What this module adds is the production primitives: node:crypto's synchronous HMAC
 * (Web Crypto's is asynchronous and imports the key on every call, a fifth of the host's CPU per
 * webhook) and `timingSafeEqual` over the 32 raw bytes, a native constant-time comparison rather than
 * a JavaScript loop whose timing is up to the JIT.
 *
 * @since 0.1.0
 */
import { createHmac, timingSafeEqual } from "node:crypto"
import { LeverSignature } from "@fulcrum/core"
import { Effect, Redacted } from "effect"

/** The fields of a webhook body the signature is about. @since 0.1.0 */
export type SignedFields = LeverSignature.SignedFields

/**
 * The signature Lever sends for a delivery, as 64 lowercase hex digits, with node:crypto's HMAC. Pure:
 * the same inputs always give the same digest as core's Web Crypto `LeverSignature.compute`.
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
export const computeSignature: LeverSignature.Digest = (signingToken, token, triggeredAt) =>
  // HMAC pads any key to the block size with zero bytes, so an empty key needs no special case here.
  Effect.sync(() =>
    createHmac("sha256", Redacted.value(signingToken)).update(token + String(triggeredAt)).digest("hex")
  )

/**
 * node:crypto's `timingSafeEqual` over the decoded bytes of two hex signatures: the comparison this
 * adapter gives core's pipeline. Hex is case-insensitive. Never throws: strings that are not whole hex, or
 * not of the same length, are `false` (`Buffer.from(s, "hex")` silently stops at the first non-hex
 * character, so the decoded length is checked against the text).
 *
 * @example
 * ```ts
 * import { WebhookSignature } from "@fulcrum/signature-lever"
 *
 * WebhookSignature.timingSafeMatches("ab".repeat(32), "AB".repeat(32)) // => true
 * WebhookSignature.timingSafeMatches("ab".repeat(32), "ab".repeat(31)) // => false
 * ```
 *
 * @since 0.1.0
 */
export const timingSafeMatches = (expected: string, actual: string): boolean => {
  const a = Buffer.from(expected, "hex")
  const b = Buffer.from(actual, "hex")
  return a.length * 2 === expected.length && b.length * 2 === actual.length && a.length === b.length &&
    timingSafeEqual(a, b)
}

/**
 * Whether `fields.signature` is Lever's signature of `fields.token + fields.triggeredAt` under the
 * signing token. Never fails: a signature that is not 64 hex digits is `false` before any digest is
 * computed (core's `LeverSignature.verify`), then compared with {@link timingSafeMatches}. Hex is
 * case-insensitive, as Lever's lowercase digest compared byte-wise implies.
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
export const verifySignature = (
  signingToken: Redacted.Redacted<string>,
  fields: SignedFields
): Effect.Effect<boolean> => LeverSignature.verify(signingToken, fields, timingSafeMatches, computeSignature)
