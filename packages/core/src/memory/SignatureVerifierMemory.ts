/**
 * A `SignatureVerifier` with Lever's real scheme, for tests and for embedders who need nothing more: the
 * team's signing token comes from `ConfigStore`, the signature is `LeverSignature`'s HMAC compared in
 * constant time, `triggeredAt` must fall inside a tolerance window, and a token the `EventInbox` has seen
 * is a duplicate. Only the verifier's own state is "memory" (it has none): it works over any store.
 *
 * Check order, each step only when the previous ones passed: the team exists (`UnknownTeam`), the
 * webhook's signing token was submitted (`TokenNotSubmitted`), the body is a Lever envelope
 * (`MalformedWebhook` / `MissingSignature`), the signature matches (`BadSignature`), `triggeredAt` is in
 * the window (`StaleWebhook`), the token was seen (`duplicate`), `data` fits the event
 * (`MalformedWebhook`). Nothing after the signature is observable to an unsigned request, and no
 * rejection repeats a token, a signature or the body.
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
import { WebhookEvent } from "@fulcrum/domain"
import { Effect, Layer, Option, Result, Schema } from "effect"
import * as LeverSignature from "../LeverSignature.ts"
import { ConfigStore, signingTokenName } from "../ports/ConfigStore.ts"
import { EventInbox } from "../ports/EventInbox.ts"
import {
  BadSignature,
  MalformedWebhook,
  MissingSignature,
  SignatureVerifier,
  StaleWebhook,
  TokenNotSubmitted,
  UnknownTeam
} from "../ports/SignatureVerifier.ts"
import type { IncomingWebhook, VerifiedWebhook } from "../ports/SignatureVerifier.ts"

/** How far `triggeredAt` may lie from `receivedAt`, in seconds. @since 0.1.0 */
export interface Options {
  /** How old a delivery may be; default 300. */
  readonly pastToleranceSeconds?: number
  /** How far ahead of the receiving clock it may be (clock skew); default 60. */
  readonly futureToleranceSeconds?: number
}

/** The default window: Lever retries within minutes, and clocks drift by seconds. @since 0.1.0 */
export const defaults = { pastToleranceSeconds: 300, futureToleranceSeconds: 60 } as const

const JsonValue = Schema.fromJsonString(Schema.Unknown)

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u)

// Lever's body always carries both; an absent, null or empty one is "unsigned", not "wrongly signed".
const isAbsent = (value: unknown): boolean => value === undefined || value === null || value === ""

const envelopeFields = WebhookEvent.Envelope.fields

/**
 * Reads the envelope. Messages name fields, never values: the body is attacker-controlled text.
 */
const parseEnvelope = (rawBody: string): Effect.Effect<WebhookEvent.Envelope, MalformedWebhook | MissingSignature> => {
  const json = Schema.decodeUnknownResult(JsonValue)(rawBody)
  if (Result.isFailure(json)) return Effect.fail(new MalformedWebhook({ message: "the body is not valid JSON" }))
  const body = json.success
  if (!isRecord(body)) return Effect.fail(new MalformedWebhook({ message: "the body is not a JSON object" }))
  if (isAbsent(body["signature"])) return Effect.fail(new MissingSignature({ message: "the body has no signature" }))
  if (isAbsent(body["token"])) return Effect.fail(new MissingSignature({ message: "the body has no token" }))
  const envelope = Schema.decodeUnknownResult(WebhookEvent.Envelope)(body)
  const faulty = Object.entries(envelopeFields)
    .filter(([name, schema]) => !Schema.is(schema)(body[name]))
    .map(([name]) => name)
  // The signed message is the decimal string of triggeredAt: only epoch milliseconds make that unambiguous.
  const triggeredAt = body["triggeredAt"]
  if (typeof triggeredAt === "number" && !(Number.isSafeInteger(triggeredAt) && triggeredAt >= 0)) {
    faulty.push("triggeredAt")
  }
  if (Result.isFailure(envelope) || faulty.length > 0) {
    return Effect.fail(
      new MalformedWebhook({
        message: `the body is not a Lever webhook: ${
          faulty.length > 0 ? [...new Set(faulty)].join(", ") : "envelope"
        } missing or invalid`
      })
    )
  }
  return Effect.succeed(envelope.success)
}

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
  const config = yield* ConfigStore
  const inbox = yield* EventInbox
  const pastMs = (options?.pastToleranceSeconds ?? defaults.pastToleranceSeconds) * 1000
  const futureMs = (options?.futureToleranceSeconds ?? defaults.futureToleranceSeconds) * 1000

  const verify = Effect.fn("SignatureVerifierMemory.verify")(function*(incoming: IncomingWebhook) {
    const { receivedAt, teamId, webhook } = incoming
    yield* config.get(teamId).pipe(Effect.catchTag("TeamNotFound", () => Effect.fail(new UnknownTeam({ teamId }))))

    const signingToken = yield* config.getSecret(teamId, signingTokenName(webhook))
    if (Option.isNone(signingToken)) {
      return yield* new TokenNotSubmitted({
        webhook,
        message: `the signing token of the ${webhook} webhook has not been submitted for this team`
      })
    }

    const envelope = yield* parseEnvelope(incoming.rawBody)
    const expected = yield* LeverSignature.compute(signingToken.value, envelope.token, envelope.triggeredAt)
    if (!LeverSignature.matches(expected, envelope.signature)) {
      return yield* new BadSignature({ message: `the signature does not match the ${webhook} webhook's signing token` })
    }

    const { triggeredAt } = envelope
    if (receivedAt - triggeredAt > pastMs) {
      return yield* new StaleWebhook({
        triggeredAt,
        receivedAt,
        message: `triggeredAt is ${(receivedAt - triggeredAt) / 1000} s before receipt; at most ${
          pastMs / 1000
        } s is accepted`
      })
    }
    if (triggeredAt - receivedAt > futureMs) {
      return yield* new StaleWebhook({
        triggeredAt,
        receivedAt,
        message: `triggeredAt is ${(triggeredAt - receivedAt) / 1000} s after receipt; at most ${
          futureMs / 1000
        } s of clock skew is accepted`
      })
    }

    const duplicate = yield* inbox.seen(teamId, envelope.token)

    const payload = WebhookEvent.toPayload(envelope)
    if (Result.isFailure(payload)) {
      return yield* new MalformedWebhook({ message: `the data does not fit the event: ${payload.failure}` })
    }
    const verified: VerifiedWebhook = { teamId, webhook, envelope, payload: payload.success, duplicate }
    return verified
  })

  return SignatureVerifier.of({ verify })
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
