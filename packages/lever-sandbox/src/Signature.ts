/**
 * Lever's webhook signature scheme: `hex(HMAC-SHA256(key = signatureToken, message = token + triggeredAt))`.
 * The body itself is not signed and there is no signature header.
 *
 * @since 0.1.0
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto"

/**
 * Signs a webhook delivery the way Lever does: the message is `token` followed by `triggeredAt` written as
 * a decimal string.
 *
 * @example
 * ```ts
 * import { Signature } from "@fulcrum/lever-sandbox"
 *
 * Signature.sign("test-signature-token", "be58f711f349c7780e4579cd7c63341ac6f881e4dccc3154", 1431454330072)
 * // => "67237316b71be6f4595c3313d347b09353b22d7cbab3726261b73d409acd8fd7"
 * ```
 *
 * @since 0.1.0
 */
export const sign = (signatureToken: string, token: string, triggeredAt: number): string =>
  createHmac("sha256", signatureToken).update(token + String(triggeredAt)).digest("hex")

/**
 * Checks a delivery body's `signature` against the webhook's signature token, in constant time.
 *
 * @since 0.1.0
 */
export const verify = (
  signatureToken: string,
  body: { readonly token: string; readonly triggeredAt: number; readonly signature: string }
): boolean => {
  const expected = Buffer.from(sign(signatureToken, body.token, body.triggeredAt), "utf8")
  const actual = Buffer.from(body.signature, "utf8")
  return expected.length === actual.length && timingSafeEqual(expected, actual)
}

/**
 * A fresh random token of 48 hex characters, the shape Lever uses for a delivery's `token` and for a
 * webhook's `signatureToken`.
 *
 * @since 0.1.0
 */
export const randomToken = (): string => randomBytes(24).toString("hex")
