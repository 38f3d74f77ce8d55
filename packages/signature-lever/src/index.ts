/**
 * `@fulcrum/signature-lever`: the production `SignatureVerifier` for Lever's webhook HMAC scheme, with a
 * tolerance window on `triggeredAt` and duplicate detection through the event inbox.
 *
 * - `SignatureVerifierLever`: `layer(options)`, `layerConfig` (reads `WEBHOOK_TOLERANCE_SECONDS`).
 * - `WebhookSignature`: `computeSignature`, `verifySignature`, `timingSafeMatches` (Lever's scheme,
 *   node:crypto's constant-time compare).
 * - `ToleranceWindow`: the window's validated options, defaults and edge rule.
 * - `WebhookBody`: the never-throwing envelope parser.
 *
 * The verification pipeline itself is `@fulcrum/core`'s `LeverWebhookVerifier`, shared with the in-memory
 * verifier; this package supplies the production comparison, option validation and configuration.
 *
 * @since 0.1.0
 */
export * as SignatureVerifierLever from "./SignatureVerifierLever.ts"
export * as ToleranceWindow from "./ToleranceWindow.ts"
export * as WebhookBody from "./WebhookBody.ts"
export * as WebhookSignature from "./WebhookSignature.ts"
