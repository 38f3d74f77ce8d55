/**
 * The production `SignatureVerifier` for Lever's webhook scheme. Lever signs only `token + triggeredAt`,
 * so a valid signature proves the delivery was minted by the team's Lever account, not that the body is
 * unaltered or fresh. This verifier therefore also bounds `triggeredAt` to a tolerance window and flags a
 * token seen before as a duplicate; the worker re-reads the opportunity from Lever before acting.
 *
 * Check order (each step runs only when the previous ones passed):
 *
 * 1. the team exists → `UnknownTeam`;
 * 2. the webhook's signing token was submitted → `TokenNotSubmitted`;
 * 3. the envelope parses → `MalformedWebhook` / `MissingSignature`;
 * 4. the signature matches → `BadSignature`;
 * 5. `triggeredAt` is inside the window → `StaleWebhook`;
 * 6. the token was seen before → success with `duplicate: true`;
 * 7. `data` decodes for the event → `MalformedWebhook`.
 *
 * Nothing after step 4 is observable without a valid signature: an unsigned request cannot probe the
 * window, the token memory, or which `data` shapes are accepted.
 *
 * @since 0.1.0
 */
import { ConfigStore, EventInbox, SignatureVerifier } from "@fulcrum/core"
import type { StoreError } from "@fulcrum/core"
import { WebhookEvent } from "@fulcrum/domain"
import { Config, Effect, Layer, Option, Result } from "effect"
import * as ToleranceWindow from "./ToleranceWindow.ts"
import * as WebhookBody from "./WebhookBody.ts"
import { verifySignature } from "./WebhookSignature.ts"

/** What a call to `verify` ended with, as recorded on its span. @since 0.1.0 */
export type Outcome = "accepted" | "duplicate" | SignatureVerifier.WebhookRejection["_tag"] | "StoreError"

const seconds = (ms: number): string => `${ms / 1000} s`

const recordOutcome = (outcome: Outcome) => Effect.annotateCurrentSpan("fulcrum.outcome", outcome)

/**
 * Builds the verifier for a validated window. Most callers want {@link layer} or {@link layerConfig}.
 *
 * @since 0.1.0
 */
export const make = Effect.fnUntraced(function*(window: ToleranceWindow.ToleranceWindow) {
  const config = yield* ConfigStore.ConfigStore
  const inbox = yield* EventInbox.EventInbox

  const verify = Effect.fn("SignatureVerifier.verify")(
    function*(incoming: SignatureVerifier.IncomingWebhook): Effect.fn.Return<
      SignatureVerifier.VerifiedWebhook,
      SignatureVerifier.WebhookRejection | StoreError.StoreError
    > {
      const { receivedAt, teamId, webhook } = incoming
      yield* Effect.annotateCurrentSpan({ "fulcrum.team_id": teamId, "fulcrum.webhook": webhook })

      yield* config.get(teamId).pipe(
        Effect.catchTag("TeamNotFound", () => Effect.fail(new SignatureVerifier.UnknownTeam({ teamId })))
      )

      const signingToken = yield* config.getSecret(teamId, ConfigStore.signingTokenName(webhook))
      if (Option.isNone(signingToken)) {
        return yield* new SignatureVerifier.TokenNotSubmitted({
          webhook,
          message: `the signing token of the ${webhook} webhook has not been submitted for this team`
        })
      }

      const envelope = yield* WebhookBody.parse(incoming.rawBody)

      if (!(yield* verifySignature(signingToken.value, envelope))) {
        return yield* new SignatureVerifier.BadSignature({
          message: `the signature does not match the ${webhook} webhook's signing token`
        })
      }

      const { triggeredAt } = envelope
      switch (ToleranceWindow.locate(window, { triggeredAt, receivedAt })) {
        case "tooOld":
          return yield* new SignatureVerifier.StaleWebhook({
            triggeredAt,
            receivedAt,
            message: `triggeredAt is ${seconds(receivedAt - triggeredAt)} before receipt; at most ${
              seconds(window.pastMs)
            } is accepted`
          })
        case "tooNew":
          return yield* new SignatureVerifier.StaleWebhook({
            triggeredAt,
            receivedAt,
            message: `triggeredAt is ${seconds(triggeredAt - receivedAt)} after receipt; at most ${
              seconds(window.futureMs)
            } of clock skew is accepted`
          })
        case "inside":
          break
      }

      const duplicate = yield* inbox.seen(teamId, envelope.token)

      const payload = WebhookEvent.toPayload(envelope)
      if (Result.isFailure(payload)) {
        // The domain's message names the event and the field ("data.toStageId: Missing key"), no values.
        return yield* new SignatureVerifier.MalformedWebhook({
          message: `the data does not fit the event: ${payload.failure}`
        })
      }

      return { teamId, webhook, envelope, payload: payload.success, duplicate }
    },
    (effect, incoming) =>
      effect.pipe(
        Effect.tap((verified) => recordOutcome(verified.duplicate ? "duplicate" : "accepted")),
        Effect.tapError((error) =>
          recordOutcome(error._tag).pipe(
            // Identifiers and the tag only; the host's security log records the (secret-free) message.
            Effect.andThen(
              Effect.logDebug("webhook rejected", {
                teamId: incoming.teamId,
                webhook: incoming.webhook,
                reason: error._tag
              })
            )
          )
        )
      )
  )

  return SignatureVerifier.SignatureVerifier.of({ verify })
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
 * value fails the layer with a `ConfigError` naming the variable.
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
  Config.ConfigError,
  ConfigStore.ConfigStore | EventInbox.EventInbox
> = Layer.effect(
  SignatureVerifier.SignatureVerifier,
  Effect.gen(function*() {
    const pastToleranceSeconds = yield* Config.schema(ToleranceWindow.Seconds, "WEBHOOK_TOLERANCE_SECONDS").pipe(
      Config.withDefault(ToleranceWindow.defaults.pastMs / 1000)
    )
    return yield* make({ pastMs: pastToleranceSeconds * 1000, futureMs: ToleranceWindow.defaults.futureMs })
  })
)
