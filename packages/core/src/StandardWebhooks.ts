/**
 * The Standard Webhooks signature scheme (standardwebhooks.com), which the assessment provider protocol
 * uses in both directions: the signed content is `"<webhook-id>.<webhook-timestamp>.<body>"`, the key the
 * bytes of a `whsec_<base64>` secret, the signature `v1,<base64 HMAC-SHA256>`; `webhook-signature` may
 * list several space-separated signatures (secret rotation) and one match is enough; a timestamp more
 * than 5 minutes old or ahead is refused.
 *
 * The one definition of the scheme: `@fulcrum/scheduler-http` signs its requests with `sign`, the
 * provider-webhook use case checks deliveries with `verify`, and `@fulcrum/provider-sandbox` does both as
 * a provider would. The HMAC is the `Mac` service in context when there is one (a Node host provides
 * `NodeCrypto.layerMac`: node:crypto's synchronous HMAC, where Web Crypto's sends every message to the
 * threadpool, a fifth of the host's CPU per provider webhook), else Web Crypto's; both give the same
 * signatures. A secret's key is decoded once, not per message.
 *
 * @example
 * ```ts
 * import { StandardWebhooks } from "@fulcrum/core"
 * import { Effect, Redacted } from "effect"
 *
 * const secret = Redacted.make("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
 * const headers = yield* StandardWebhooks.sign(secret, { id: "msg_1", timestampSeconds: 1614265330, body: "{}" })
 * yield* StandardWebhooks.verify(secret, { headers, body: "{}", nowMs: 1614265330_000 })
 * ```
 *
 * @since 0.1.0
 */
import { Effect, Layer, Option, Redacted, Result, Schema } from "effect"
import { Mac, SecureRandom } from "effect/crypto"
import { Base64 } from "effect/encoding"
import { ProviderProtocol } from "@fulcrum/domain"

const encoder = new TextEncoder()
const prefix = "whsec_"

/** The secret is not `whsec_` followed by base64 of at least 16 bytes. @since 0.1.0 */
export class InvalidSecret extends Schema.TaggedError<InvalidSecret>()("InvalidSecret", {
  message: Schema.String
}) {}

/** Why a signed message was refused. Never carries the secret. @since 0.1.0 */
export class SignatureRejected extends Schema.TaggedError<SignatureRejected>()("SignatureRejected", {
  reason: Schema.Literals(["MissingHeaders", "BadSignature", "StaleTimestamp"]),
  message: Schema.String
}) {}

/** The three Standard Webhooks headers of one message. @since 0.1.0 */
export interface SignedHeaders {
  readonly "webhook-id": string
  readonly "webhook-timestamp": string
  readonly "webhook-signature": string
}

/**
 * The HMAC key of a `whsec_<base64>` secret (the prefix is optional, as Standard Webhooks libraries
 * accept it): the decoded bytes, at least 16 of them.
 *
 * @since 0.1.0
 */
export const keyBytes = (secret: Redacted.Redacted<string>): Result.Result<Uint8Array, InvalidSecret> => {
  const raw = Redacted.value(secret).trim()
  const encoded = raw.startsWith(prefix) ? raw.slice(prefix.length) : raw
  const decoded = Base64.decode(encoded)
  if (Result.isFailure(decoded) || decoded.success.length < 16) {
    return Result.fail(
      new InvalidSecret({ message: "The secret must be whsec_ followed by the base64 of at least 16 random bytes" })
    )
  }
  return Result.succeed(decoded.success)
}

/**
 * A fresh secret, `whsec_` and the base64 of 32 random bytes.
 *
 * @since 0.1.0
 */
export const generateSecret = (): Redacted.Redacted<string> =>
  Redacted.make(prefix + Base64.encode(globalThis.crypto.getRandomValues(new Uint8Array(32))))

/** Web Crypto's `Mac`, built from its layer. */
const buildWebCryptoMac = Effect.provide(
  Effect.service(Mac.Mac),
  Mac.layerWebCrypto.pipe(Layer.provide(SecureRandom.layerWebCrypto))
)

/** Web Crypto's `Mac` once built: it keeps each key's `CryptoKey`, so it is built once, not per message. */
let webCryptoMac: Effect.Success<typeof buildWebCryptoMac> | undefined

/** The `Mac` used when the context has none: Web Crypto, on any platform. */
const fallbackMac = Effect.suspend(() =>
  webCryptoMac !== undefined
    ? Effect.succeed(webCryptoMac)
    : Effect.tap(buildWebCryptoMac, (mac) => Effect.sync(() => (webCryptoMac = mac)))
)

/**
 * The HMAC key of each secret seen, by the secret's identity: a host verifies every webhook with the one
 * `Redacted` it was configured with, so its base64 is decoded once. Weak, so a dropped secret goes too.
 */
const keys = new WeakMap<Redacted.Redacted<string>, Mac.Key>()

/** {@link keyBytes} as a `Mac` key, decoded on a secret's first message only. */
const macKey = (secret: Redacted.Redacted<string>): Effect.Effect<Mac.Key, InvalidSecret> => {
  const cached = keys.get(secret)
  if (cached !== undefined) return Effect.succeed(cached)
  const bytes = keyBytes(secret)
  if (Result.isFailure(bytes)) return Effect.fail(bytes.failure)
  // At least 16 bytes: `Mac.key` refuses only an empty key.
  return Mac.key(Mac.hmacSha256, bytes.success).pipe(
    Effect.orDie,
    Effect.tap((key) => Effect.sync(() => keys.set(secret, key)))
  )
}

/** The HMAC-SHA256 tag of `data`, on the context's `Mac` or else Web Crypto's. */
const tag = (key: Mac.Key, data: Uint8Array): Effect.Effect<Uint8Array> =>
  Effect.flatMap(Effect.serviceOption(Mac.Mac), (mac) =>
    Option.isSome(mac)
      ? Effect.orDie(mac.value.sign(key, data))
      : Effect.orDie(Effect.flatMap(fallbackMac, (fallback) => fallback.sign(key, data))))

/** `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`. */
const signature = (key: Mac.Key, id: string, timestamp: string, body: string) =>
  Effect.map(tag(key, encoder.encode(`${id}.${timestamp}.${body}`)), (mac) => `v1,${Base64.encode(mac)}`)

/**
 * Signs one message: the three headers to send with `body` (the exact bytes sent).
 *
 * @since 0.1.0
 */
export const sign = Effect.fn("StandardWebhooks.sign")(function*(
  secret: Redacted.Redacted<string>,
  message: { readonly id: string; readonly timestampSeconds: number; readonly body: string }
) {
  const key = yield* macKey(secret)
  const timestamp = String(Math.floor(message.timestampSeconds))
  const headers: SignedHeaders = {
    "webhook-id": message.id,
    "webhook-timestamp": timestamp,
    "webhook-signature": yield* signature(key, message.id, timestamp, message.body)
  }
  return headers
})

/** Constant-time string comparison (the lengths of signatures are public). */
const same = (a: string, b: string): boolean => {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return diff === 0
}

/**
 * Verifies one message against its headers (read case-insensitively from whatever record the caller
 * has). Refuses missing headers, a timestamp more than 5 minutes from `nowMs` either way, and a body
 * none of whose `v1` signatures match.
 *
 * @since 0.1.0
 */
export const verify = Effect.fn("StandardWebhooks.verify")(function*(
  secret: Redacted.Redacted<string>,
  message: {
    readonly headers: Readonly<Record<string, string | undefined>>
    readonly body: string
    readonly nowMs: number
  }
) {
  // Node's request headers are already lower case: the exact name first, any case only when it is absent.
  const header = (name: string) =>
    (message.headers[name] ?? Object.entries(message.headers).find(([key]) => key.toLowerCase() === name)?.[1])?.trim()
  const id = header(ProviderProtocol.headerId)
  const timestamp = header(ProviderProtocol.headerTimestamp)
  const signatures = header(ProviderProtocol.headerSignature)
  if (!id || !timestamp || !signatures) {
    return yield* new SignatureRejected({
      reason: "MissingHeaders",
      message: "webhook-id, webhook-timestamp and webhook-signature are all required"
    })
  }
  const seconds = /^\d{1,12}$/.test(timestamp) ? Number(timestamp) : Number.NaN
  if (!Number.isFinite(seconds) || Math.abs(message.nowMs / 1000 - seconds) > ProviderProtocol.toleranceSeconds) {
    return yield* new SignatureRejected({
      reason: "StaleTimestamp",
      message: "webhook-timestamp is not Unix seconds within 5 minutes of now"
    })
  }
  const key = yield* macKey(secret).pipe(
    Effect.mapError(() => new SignatureRejected({ reason: "BadSignature", message: "The receiver's secret is invalid" }))
  )
  const expected = yield* signature(key, id, timestamp, message.body)
  const matches = signatures.split(" ").some((candidate) => same(candidate.trim(), expected))
  if (!matches) {
    return yield* new SignatureRejected({ reason: "BadSignature", message: "No webhook-signature matches the body" })
  }
  return { id, timestampSeconds: seconds }
})
