/**
 * Reads a raw Lever webhook body into its envelope without ever throwing: core's
 * `LeverWebhookVerifier.parseEnvelope`, the parser every `SignatureVerifier` uses, under this package's
 * names. Every failure becomes a typed rejection whose message names the faulty field and never repeats
 * the body (or any token in it).
 *
 * Only the envelope is read here. `data` stays `unknown` until the signature is checked, so an unsigned
 * request learns nothing about which `data` shapes Fulcrum accepts.
 *
 * @since 0.1.0
 */
import { LeverWebhookVerifier } from "@fulcrum/core"

/**
 * The envelope as Fulcrum accepts it: the domain's `Envelope`, with `triggeredAt` narrowed to epoch
 * milliseconds (a non-negative safe integer).
 *
 * @since 0.1.0
 */
export const LeverEnvelope = LeverWebhookVerifier.LeverEnvelope

/**
 * Parses the raw body: not JSON or not an object → `MalformedWebhook`; no `signature` or `token` →
 * `MissingSignature`; an envelope field of the wrong type → `MalformedWebhook` naming the field(s).
 *
 * @example
 * ```ts
 * import { WebhookBody } from "@fulcrum/signature-lever"
 *
 * WebhookBody.parse("{oops") // fails with MalformedWebhook("the body is not valid JSON")
 * WebhookBody.parse(JSON.stringify({ triggeredAt: 1, event: "candidateStageChange", data: {}, token: "t" }))
 * // fails with MissingSignature("the body has no signature")
 * ```
 *
 * @since 0.1.0
 */
export const parse = LeverWebhookVerifier.parseEnvelope
