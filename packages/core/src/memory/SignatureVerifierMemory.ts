/**
 * A `SignatureVerifier` with Lever's real scheme, for tests and for embedders who need nothing more: the
 * team's signing token comes from `ConfigStore`, the signature is `LeverSignature`'s HMAC compared in
 * constant time, `triggeredAt` must fall inside a tolerance window, and a token the `EventInbox` has seen
 * is a duplicate. Only the verifier's own state is "memory" (it has none): it works over any store.
 *
 * It is `LeverWebhookVerifier`'s pipeline (the one `@fulcrum/signature-lever` runs too, with the same check
 * order and messages) with the portable comparison `LeverSignature.matches` and tolerances taken as given.
 * Spans are named `SignatureVerifierMemory.verify`.
 *
 * @example
 * ```ts
 * import { MemoryStores, SignatureVerifierMemory } from "@fulcrum/core"
 * import { Layer } from "effect"
 *
 * const Verifier = SignatureVerifierMemory.layer.pipe(Layer.provideMerge(MemoryStores.layer))
 * ```
 *
 * @since 0.1.0
 */
import { Effect, Layer } from "effect"
import * as LeverWebhookVerifier from "../LeverWebhookVerifier.ts"
import type { ConfigStore } from "../ports/ConfigStore.ts"
import type { EventInbox } from "../ports/EventInbox.ts"
import { SignatureVerifier } from "../ports/SignatureVerifier.ts"

/** How far `triggeredAt` may lie from `receivedAt`, in seconds. @since 0.1.0 */
export type Options = LeverWebhookVerifier.ToleranceOptions

/** The default window: Lever retries within minutes, and clocks drift by seconds. @since 0.1.0 */
export const defaults = LeverWebhookVerifier.defaultTolerance

/**
 * Builds the verifier over the `ConfigStore` and `EventInbox` in context.
 *
 * @example
 * ```ts
 * const verifier = yield* SignatureVerifierMemory.make({ pastToleranceSeconds: 600 })
 * ```
 *
 * @since 0.1.0
 */
export const make = Effect.fn("SignatureVerifierMemory.make")(function*(options?: Options) {
  return yield* LeverWebhookVerifier.make({
    spanName: "SignatureVerifierMemory.verify",
    window: LeverWebhookVerifier.windowOf(options)
  })
})

/**
 * The verifier with a custom tolerance window.
 *
 * @since 0.1.0
 */
export const layerWith = (options: Options): Layer.Layer<SignatureVerifier, never, ConfigStore | EventInbox> =>
  Layer.effect(SignatureVerifier, make(options))

/**
 * The verifier with the default window (300 s past, 60 s future). Needs `ConfigStore` and `EventInbox`.
 *
 * @since 0.1.0
 */
export const layer: Layer.Layer<SignatureVerifier, never, ConfigStore | EventInbox> = layerWith({})
