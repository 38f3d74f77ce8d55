/**
 * Encryption at rest for team secrets (Lever keys, signing tokens, OAuth tokens): AES-256-GCM with a
 * random 96-bit nonce per value, and additional authenticated data binding the ciphertext to its team
 * and secret name, so a sealed value copied onto another row does not open.
 *
 * Keys are 32 random bytes, given in base64, optionally prefixed with a key id: `base64` or
 * `id:base64`. Without an id, the id is derived from the key (a hash prefix that reveals nothing of it).
 * Each sealed value stores the id of the key that sealed it: values open with the key they name and are
 * sealed with the current key, so a key rotates by making it "previous" and adding a new current one
 * (then `SecretRotation.rotate` re-seals every row under the current key).
 *
 * Environment (`layerConfig`):
 * - `FULCRUM_SECRET_KEY`: the current key (required). `openssl rand -base64 32` makes one.
 * - `FULCRUM_SECRET_KEY_PREVIOUS`: optional, comma-separated older keys, each `base64` or `id:base64`.
 *
 * A missing or malformed key fails at startup with a message naming the variable, never its value.
 *
 * @since 0.1.0
 */
import { Environment, EnvVariable } from "@fulcrum/core"
import { Context, Effect, Layer, Option, Redacted, Schema } from "effect"
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto"

/** A secret as stored: which key sealed it, the nonce, the ciphertext and the GCM authentication tag. @since 0.1.0 */
export interface Sealed {
  readonly keyId: string
  readonly nonce: Uint8Array
  readonly ciphertext: Uint8Array
  readonly authTag: Uint8Array
}

/**
 * What a sealed value is bound to (the additional authenticated data): it opens only for the same team
 * and secret name.
 *
 * @since 0.1.0
 */
export interface SecretContext {
  readonly teamId: string
  readonly name: string
}

/** A configured key was malformed; `variable` names where it came from. @since 0.1.0 */
export class InvalidSecretKey extends Schema.TaggedError<InvalidSecretKey>()("InvalidSecretKey", {
  variable: Schema.String,
  message: Schema.String
}) {}

/** A stored value names a key that is not configured (neither current nor previous). @since 0.1.0 */
export class UnknownSecretKey extends Schema.TaggedError<UnknownSecretKey>()("UnknownSecretKey", {
  keyId: Schema.String,
  message: Schema.String
}) {}

/**
 * A stored value did not authenticate under the key it names: a different key with the same id, or a
 * value altered or moved to another team or name.
 *
 * @since 0.1.0
 */
export class SecretUnreadable extends Schema.TaggedError<SecretUnreadable>()("SecretUnreadable", {
  keyId: Schema.String,
  teamId: Schema.String,
  name: Schema.String,
  message: Schema.String
}) {}

/** One AES-256 key with its id. @since 0.1.0 */
export interface SecretKey {
  readonly id: string
  readonly key: Redacted.Redacted<Uint8Array>
}

/** Encrypts and decrypts team secrets at rest (AES-256-GCM), with key rotation. @since 0.1.0 */
export class SecretCipher extends Context.Service<SecretCipher, {
  /** The id of the key new values are sealed with. */
  readonly currentKeyId: string
  /** Seals `plaintext` for `context` under the current key, with a fresh random nonce. */
  readonly seal: (plaintext: Redacted.Redacted<string>, context: SecretContext) => Effect.Effect<Sealed>
  /** Opens a sealed value with the key it names. */
  readonly open: (
    sealed: Sealed,
    context: SecretContext
  ) => Effect.Effect<Redacted.Redacted<string>, UnknownSecretKey | SecretUnreadable>
}>()("@fulcrum/store-sql/SecretCipher") {}

const algorithm = "aes-256-gcm"
const nonceBytes = 12
const KeyIdPattern = /^[A-Za-z0-9_.-]{1,64}$/
const Base64Pattern = /^[A-Za-z0-9+/_-]+={0,2}$/

const aad = (context: SecretContext): Buffer =>
  // NUL separators: neither part may contain one, so no two contexts share an encoding.
  Buffer.from(`fulcrum/secret/v1\u0000${context.teamId}\u0000${context.name}`, "utf8")

const deriveKeyId = (key: Uint8Array): string =>
  `k_${createHash("sha256").update("fulcrum/secret-key-id/v1\u0000").update(key).digest("hex").slice(0, 12)}`

const howToFix = "32 random bytes in base64 (`openssl rand -base64 32`), optionally prefixed with `<key id>:`"

/**
 * Reads one key written as `base64` or `id:base64`. `variable` names its source in the error message;
 * the value itself never appears in it.
 *
 * @since 0.1.0
 */
export const parseKey = (
  variable: string,
  text: Redacted.Redacted<string>
): Effect.Effect<SecretKey, InvalidSecretKey> => {
  const fail = (problem: string) =>
    Effect.fail(new InvalidSecretKey({ variable, message: `${variable} ${problem}; expected ${howToFix}` }))
  const raw = Redacted.value(text).trim()
  // Base64 has no ':', so the first ':' can only separate an id.
  const colon = raw.indexOf(":")
  const id = colon === -1 ? undefined : raw.slice(0, colon)
  const encoded = colon === -1 ? raw : raw.slice(colon + 1)
  if (raw === "") return fail("is empty")
  if (id !== undefined && !KeyIdPattern.test(id)) {
    return fail("has a key id that is not 1-64 letters, digits, '_', '.' or '-'")
  }
  if (!Base64Pattern.test(encoded)) return fail("is not base64")
  const key = Buffer.from(encoded, encoded.includes("-") || encoded.includes("_") ? "base64url" : "base64")
  if (key.length !== 32) return fail(`decodes to ${key.length} bytes, not 32`)
  return Effect.succeed({ id: id ?? deriveKeyId(key), key: Redacted.make(new Uint8Array(key)) })
}

/** Makes a fresh random key in the `FULCRUM_SECRET_KEY` format (base64 of 32 bytes). @since 0.1.0 */
export const generateKey = (): Redacted.Redacted<string> => Redacted.make(randomBytes(32).toString("base64"))

/** Builds the cipher from the current key and the previous ones (still able to open, never to seal). @since 0.1.0 */
export const make = (
  keys: { readonly current: SecretKey; readonly previous?: ReadonlyArray<SecretKey> | undefined }
): Effect.Effect<SecretCipher["Service"], InvalidSecretKey> =>
  Effect.gen(function*() {
    const byId = new Map<string, Uint8Array>([[keys.current.id, Redacted.value(keys.current.key)]])
    for (const previous of keys.previous ?? []) {
      const known = byId.get(previous.id)
      const material = Redacted.value(previous.key)
      if (known !== undefined && !Buffer.from(known).equals(material)) {
        return yield* new InvalidSecretKey({
          variable: "the secret keys",
          message: `two different keys share the id "${previous.id}"; give each key its own id`
        })
      }
      byId.set(previous.id, material)
    }
    const current = Redacted.value(keys.current.key)

    const seal = (plaintext: Redacted.Redacted<string>, context: SecretContext) =>
      Effect.sync((): Sealed => {
        const nonce = randomBytes(nonceBytes)
        const cipher = createCipheriv(algorithm, current, nonce)
        cipher.setAAD(aad(context))
        const ciphertext = Buffer.concat([cipher.update(Redacted.value(plaintext), "utf8"), cipher.final()])
        return { keyId: keys.current.id, nonce, ciphertext, authTag: cipher.getAuthTag() }
      })

    const open = (sealed: Sealed, context: SecretContext) =>
      Option.match(Option.fromUndefinedOr(byId.get(sealed.keyId)), {
        onNone: () =>
          Effect.fail(
            new UnknownSecretKey({
              keyId: sealed.keyId,
              message: `a stored secret was sealed with key "${sealed.keyId}", which is neither the current ` +
                "key nor one of the previous keys"
            })
          ),
        onSome: (key) =>
          Effect.try({
            try: () => {
              const decipher = createDecipheriv(algorithm, key, sealed.nonce)
              decipher.setAAD(aad(context))
              decipher.setAuthTag(sealed.authTag)
              const plaintext = Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()])
              return Redacted.make(plaintext.toString("utf8"))
            },
            catch: () =>
              new SecretUnreadable({
                keyId: sealed.keyId,
                teamId: context.teamId,
                name: context.name,
                message: `the secret "${context.name}" of team ${context.teamId} does not authenticate under key ` +
                  `"${sealed.keyId}" (another key with that id, or the stored value was altered)`
              })
          })
      })

    return SecretCipher.of({ currentKeyId: keys.current.id, seal, open })
  })

/**
 * The cipher from keys written as `base64` or `id:base64`.
 *
 * @example
 * ```ts
 * import { SecretCipher } from "@fulcrum/store-sql"
 * const Cipher = SecretCipher.layer({ current: SecretCipher.generateKey() })
 * ```
 *
 * @since 0.1.0
 */
export const layer = (keys: Keys): Layer.Layer<SecretCipher, InvalidSecretKey> => Layer.effect(SecretCipher, fromKeys(keys))

/** The keys as written: the current one and older ones still able to open. @since 0.2.0 */
export interface Keys {
  readonly current: Redacted.Redacted<string>
  readonly previous?: ReadonlyArray<Redacted.Redacted<string>> | undefined
}

const fromKeys = Effect.fnUntraced(function*(keys: Keys) {
  const current = yield* parseKey("the current secret key", keys.current)
  const previous = yield* Effect.forEach(keys.previous ?? [], (key, i) => parseKey(`previous secret key #${i + 1}`, key))
  return yield* make({ current, previous })
})

/**
 * `FULCRUM_SECRET_KEY` and the optional, comma-separated `FULCRUM_SECRET_KEY_PREVIOUS`, each checked
 * before anything is opened: a missing or malformed key is `InvalidConfig` (exit code 1) naming its
 * variable, never its value.
 *
 * @since 0.2.0
 */
export const keysFromEnv: Effect.Effect<
  { readonly current: Redacted.Redacted<string>; readonly previous: ReadonlyArray<Redacted.Redacted<string>> },
  EnvVariable.InvalidConfig
> = Effect.gen(function*() {
  const current = yield* EnvVariable.required(Environment.secretKey).read
  const list = yield* EnvVariable.optional(Environment.secretKeyPrevious).read
  const previous = Option.match(list, {
    onNone: () => [],
    onSome: (text) => Redacted.value(text).split(",").map((entry) => entry.trim()).filter((entry) => entry !== "").map((entry) => Redacted.make(entry))
  })
  yield* EnvVariable.check("FULCRUM_SECRET_KEY")(parseKey("FULCRUM_SECRET_KEY", current))
  yield* Effect.forEach(previous, (key, i) =>
    EnvVariable.check("FULCRUM_SECRET_KEY_PREVIOUS")(parseKey(`FULCRUM_SECRET_KEY_PREVIOUS (entry ${i + 1})`, key)))
  return { current, previous }
})

/**
 * The cipher from {@link keysFromEnv}, as a value: hosts build it before they open anything, so a bad key
 * stops the start before a file or a row is written.
 *
 * @since 0.1.0
 */
export const fromConfig: Effect.Effect<SecretCipher["Service"], EnvVariable.InvalidConfig> = Effect.flatMap(
  keysFromEnv,
  (keys) => EnvVariable.check("FULCRUM_SECRET_KEY_PREVIOUS")(fromKeys(keys))
)

/** The cipher from `FULCRUM_SECRET_KEY` and the optional, comma-separated `FULCRUM_SECRET_KEY_PREVIOUS`. @since 0.1.0 */
export const layerConfig: Layer.Layer<SecretCipher, EnvVariable.InvalidConfig> = Layer.effect(SecretCipher, fromConfig)
