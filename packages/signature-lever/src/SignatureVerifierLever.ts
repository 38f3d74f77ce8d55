/**
 * The production `SignatureVerifier` for Lever's webhook scheme: core's `LeverWebhookVerifier` pipeline
 * (the one the in-memory verifier runs too, so the two cannot drift apart) with node:crypto's HMAC and
 * native constant-time comparison (`WebhookSignature`), validated tolerance options (`ToleranceWindow`) and
 * `layerConfig` for `WEBHOOK_TOLERANCE_SECONDS`. Spans are named `SignatureVerifier.verify`.
 *
 * Lever signs only `token + triggeredAt`, so a valid signature proves the delivery was minted by the
 * team's Lever account, not that the body is unaltered or fresh: hence the window and the duplicate flag.
 * The check order (team, signing token, envelope, signature, window, duplicate, data) is documented on
 * `LeverWebhookVerifier` and in `docs/adapters/signature-lever.md`; nothing after the signature is
 * observable without a valid one.
 *
 * @since 0.1.0
 */
import { Environment, EnvVariable, LeverWebhookVerifier, SignatureVerifier } from "@fulcrum/core"
import type { ConfigStore, EventInbox } from "@fulcrum/core"
import { Effect, Layer } from "effect"
import * as ToleranceWindow from "./ToleranceWindow.ts"
import { computeSignature, timingSafeMatches } from "./WebhookSignature.ts"

/** What a call to `verify` ended with, as recorded on its span. @since 0.1.0 */
export type Outcome = LeverWebhookVerifier.Outcome

/**
 * Builds the verifier for a validated window. Most callers want {@link layer} or {@link layerConfig}.
 *
 * @since 0.1.0
 */
export const make = (window: ToleranceWindow.ToleranceWindow) =>
  LeverWebhookVerifier.make({
    spanName: "SignatureVerifier.verify",
    window,
    equals: timingSafeMatches,
    digest: computeSignature
  })

/**
 * The verifier with an explicit tolerance window (defaults: 300 s past, 60 s future). Needs the team
 * settings and secrets (`ConfigStore`) and the token memory (`EventInbox`). Fails to build with
 * `InvalidTolerance` when an option is not whole seconds from 0 to 86,400.
 *
 * @example
 * ```ts
 * import { MemoryStores } from "@fulcrum/core"
 * import { SignatureVerifierLever } from "@fulcrum/signature-lever"
 * import { Layer } from "effect"
 *
 * const Verifier = SignatureVerifierLever.layer({ pastToleranceSeconds: 120 }).pipe(
 *   Layer.provide(MemoryStores.layer)
 * )
 * ```
 *
 * @since 0.1.0
 */
export const layer = (
  options: ToleranceWindow.Options = {}
): Layer.Layer<
  SignatureVerifier.SignatureVerifier,
  ToleranceWindow.InvalidTolerance,
  ConfigStore.ConfigStore | EventInbox.EventInbox
> => Layer.effect(SignatureVerifier.SignatureVerifier, Effect.flatMap(ToleranceWindow.make(options), make))

/**
 * The verifier configured from the environment: `WEBHOOK_TOLERANCE_SECONDS` (whole seconds, 0–86,400,
 * default 300) is how old a delivery may be; the future allowance stays at 60 s of clock skew. An invalid
 * value fails the layer with `InvalidConfig` naming the variable (exit code 1).
 *
 * @example
 * ```ts
 * import { SignatureVerifierLever } from "@fulcrum/signature-lever"
 *
 * // WEBHOOK_TOLERANCE_SECONDS=600
 * const Verifier = SignatureVerifierLever.layerConfig
 * ```
 *
 * @since 0.1.0
 */
export const layerConfig: Layer.Layer<
  SignatureVerifier.SignatureVerifier,
  EnvVariable.InvalidConfig,
  ConfigStore.ConfigStore | EventInbox.EventInbox
> = Layer.effect(
  SignatureVerifier.SignatureVerifier,
  Effect.gen(function*() {
    const pastToleranceSeconds = yield* EnvVariable.withDefault(
      Environment.webhookTolerance,
      LeverWebhookVerifier.defaultTolerance.pastToleranceSeconds
    ).read
    return yield* make(LeverWebhookVerifier.windowOf({ pastToleranceSeconds }))
  })
)
