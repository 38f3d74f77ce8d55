import { assert, describe, it } from "@effect/vitest"
import { ConfigProvider, Effect, Layer, Redacted } from "effect"
import { SecretCipher } from "../src/index.ts"

const keyA = Buffer.alloc(32, 1).toString("base64")
const keyB = Buffer.alloc(32, 2).toString("base64")
const context = { teamId: "team-a", name: "permanentKey" }
const secret = "lever-key-0123456789abcdef"

const cipherOf = (current: string, previous: ReadonlyArray<string> = []) =>
  Effect.gen(function*() {
    const keys = {
      current: yield* SecretCipher.parseKey("current", Redacted.make(current)),
      previous: yield* Effect.forEach(previous, (key) => SecretCipher.parseKey("previous", Redacted.make(key)))
    }
    return yield* SecretCipher.make(keys)
  })

const fromEnv = (env: Record<string, string>) =>
  Effect.gen(function*() {
    return yield* SecretCipher.SecretCipher
  }).pipe(
    Effect.provide(SecretCipher.layerConfig.pipe(Layer.provide(ConfigProvider.layer(ConfigProvider.fromUnknown(env)))))
  )

describe("SecretCipher", () => {
  it.effect("seals and opens a secret, with a fresh nonce every time and no plaintext in the envelope", () =>
    Effect.gen(function*() {
      const cipher = yield* cipherOf(keyA)
      const first = yield* cipher.seal(Redacted.make(secret), context)
      const second = yield* cipher.seal(Redacted.make(secret), context)
      assert.strictEqual(first.nonce.length, 12)
      assert.strictEqual(first.authTag.length, 16)
      assert.notDeepEqual(first.nonce, second.nonce)
      assert.notDeepEqual(first.ciphertext, second.ciphertext)
      assert.strictEqual(Buffer.from(first.ciphertext).indexOf(Buffer.from(secret)), -1)
      const opened = yield* cipher.open(first, context)
      assert.isTrue(Redacted.isRedacted(opened))
      assert.strictEqual(Redacted.value(opened), secret)
    }))

  it.effect("opens a value only for the team and secret name it was sealed for", () =>
    Effect.gen(function*() {
      const cipher = yield* cipherOf(keyA)
      const sealed = yield* cipher.seal(Redacted.make(secret), context)
      const otherTeam = yield* Effect.flip(cipher.open(sealed, { ...context, teamId: "team-b" }))
      assert.strictEqual(otherTeam._tag, "SecretUnreadable")
      const otherName = yield* Effect.flip(cipher.open(sealed, { ...context, name: "oauth:accessToken" }))
      assert.strictEqual(otherName._tag, "SecretUnreadable")
    }))

  it.effect("fails with a typed error under the wrong key, naming the key and never the secret", () =>
    Effect.gen(function*() {
      const sealedWithA = yield* Effect.flatMap(cipherOf(`main:${keyA}`), (c) => c.seal(Redacted.make(secret), context))
      // Same key id, different key material: the value does not authenticate.
      const wrong = yield* Effect.flip(Effect.flatMap(cipherOf(`main:${keyB}`), (c) => c.open(sealedWithA, context)))
      assert.strictEqual(wrong._tag, "SecretUnreadable")
      assert.include(wrong.message, "\"main\"")
      assert.notInclude(wrong.message, secret)
      // A key id nobody configured.
      const unknown = yield* Effect.flip(Effect.flatMap(cipherOf(keyB), (c) => c.open(sealedWithA, context)))
      assert.strictEqual(unknown._tag, "UnknownSecretKey")
      assert.strictEqual(unknown._tag === "UnknownSecretKey" && unknown.keyId, "main")
    }))

  it.effect("seals with the current key and still opens values of the previous keys", () =>
    Effect.gen(function*() {
      const old = yield* cipherOf(keyA)
      const sealedOld = yield* old.seal(Redacted.make(secret), context)
      const rotated = yield* cipherOf(keyB, [keyA])
      assert.notStrictEqual(rotated.currentKeyId, old.currentKeyId)
      assert.strictEqual(Redacted.value(yield* rotated.open(sealedOld, context)), secret)
      const sealedNew = yield* rotated.seal(Redacted.make(secret), context)
      assert.strictEqual(sealedNew.keyId, rotated.currentKeyId)
    }))

  it.effect("derives a stable key id from the key when none is given, and keeps a given one", () =>
    Effect.gen(function*() {
      const derived = yield* SecretCipher.parseKey("X", Redacted.make(keyA))
      const again = yield* SecretCipher.parseKey("X", Redacted.make(` ${keyA}\n`))
      assert.strictEqual(derived.id, again.id)
      assert.match(derived.id, /^k_[0-9a-f]{12}$/)
      assert.notInclude(derived.id, keyA.slice(0, 8))
      assert.strictEqual((yield* SecretCipher.parseKey("X", Redacted.make(`2026-01:${keyA}`))).id, "2026-01")
      const urlSafe = Buffer.alloc(32, 251).toString("base64url")
      assert.strictEqual(Redacted.value((yield* SecretCipher.parseKey("X", Redacted.make(urlSafe))).key).length, 32)
    }))

  it.effect("refuses malformed keys with a message naming the variable and never the value", () =>
    Effect.gen(function*() {
      const short = Buffer.alloc(16, 3).toString("base64")
      const cases = ["", "not base64 at all!", short, `bad id!:${keyA}`]
      for (const value of cases) {
        const error = yield* Effect.flip(SecretCipher.parseKey("FULCRUM_SECRET_KEY", Redacted.make(value)))
        assert.strictEqual(error._tag, "InvalidSecretKey")
        assert.strictEqual(error.variable, "FULCRUM_SECRET_KEY")
        assert.include(error.message, "FULCRUM_SECRET_KEY")
        if (value !== "") assert.notInclude(error.message, value)
      }
      const tooShort = yield* Effect.flip(SecretCipher.parseKey("FULCRUM_SECRET_KEY", Redacted.make(short)))
      assert.include(tooShort.message, "16 bytes")
      const clash = yield* Effect.flip(cipherOf(`main:${keyA}`, [`main:${keyB}`]))
      assert.strictEqual(clash._tag, "InvalidSecretKey")
      assert.notInclude(clash.message, keyA)
      assert.notInclude(clash.message, keyB)
    }))

  it.effect("reads FULCRUM_SECRET_KEY and the comma-separated FULCRUM_SECRET_KEY_PREVIOUS", () =>
    Effect.gen(function*() {
      const sealedWithA = yield* Effect.flatMap(cipherOf(`old:${keyA}`), (c) => c.seal(Redacted.make(secret), context))
      const cipher = yield* fromEnv({
        FULCRUM_SECRET_KEY: `new:${keyB}`,
        FULCRUM_SECRET_KEY_PREVIOUS: ` old:${keyA} , ${Buffer.alloc(32, 9).toString("base64")},`
      })
      assert.strictEqual(cipher.currentKeyId, "new")
      assert.strictEqual(Redacted.value(yield* cipher.open(sealedWithA, context)), secret)
    }))

  it.effect("fails at startup when FULCRUM_SECRET_KEY is missing or malformed, naming it", () =>
    Effect.gen(function*() {
      const missing = yield* Effect.flip(fromEnv({}))
      assert.strictEqual(missing._tag, "InvalidConfig")
      assert.strictEqual(missing.variable, "FULCRUM_SECRET_KEY")
      const malformed = yield* Effect.flip(fromEnv({ FULCRUM_SECRET_KEY: "c2hvcnQ=" }))
      assert.strictEqual(malformed._tag, "InvalidConfig")
      assert.include(malformed.message, "FULCRUM_SECRET_KEY")
      assert.notInclude(malformed.message, "c2hvcnQ=")
      const badPrevious = yield* Effect.flip(
        fromEnv({ FULCRUM_SECRET_KEY: keyA, FULCRUM_SECRET_KEY_PREVIOUS: `${keyB},oops` })
      )
      assert.strictEqual(badPrevious._tag, "InvalidConfig")
      assert.strictEqual(badPrevious.variable, "FULCRUM_SECRET_KEY_PREVIOUS")
      assert.include(badPrevious.message, "FULCRUM_SECRET_KEY_PREVIOUS (entry 2)")
    }))

  it.effect("makes keys in the FULCRUM_SECRET_KEY format", () =>
    Effect.gen(function*() {
      const key = yield* SecretCipher.parseKey("generated", SecretCipher.generateKey())
      assert.strictEqual(Redacted.value(key.key).length, 32)
      assert.notStrictEqual(Redacted.value(SecretCipher.generateKey()), Redacted.value(SecretCipher.generateKey()))
    }))
})
