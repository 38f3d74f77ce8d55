import { assert, describe, it } from "@effect/vitest"
import { LeverSignature } from "@fulcrum/core"
import { Effect, Redacted, Schema } from "effect"
import { WebhookSignature } from "../src/index.ts"
import { changeAt, referenceSignature, vector } from "./fixtures.ts"

const key = Redacted.make(vector.signingToken)

describe("WebhookSignature", () => {
  it.effect("computes Lever's documented test vector", () =>
    Effect.gen(function*() {
      const signature = yield* WebhookSignature.computeSignature(key, vector.token, vector.triggeredAt)
      assert.strictEqual(signature, vector.signature)
    }))

  it.effect("gives the same digest as core's Web Crypto LeverSignature, an empty signing token included", () =>
    Effect.gen(function*() {
      for (const signingToken of ["", "k", vector.signingToken, "é".repeat(100)]) {
        const secret = Redacted.make(signingToken)
        assert.strictEqual(
          yield* WebhookSignature.computeSignature(secret, vector.token, vector.triggeredAt),
          yield* LeverSignature.compute(secret, vector.token, vector.triggeredAt)
        )
      }
    }))

  it.effect("accepts the test vector's signature, in either hex case", () =>
    Effect.gen(function*() {
      assert.isTrue(yield* WebhookSignature.verifySignature(key, vector))
      const upper = { ...vector, signature: vector.signature.toUpperCase() }
      assert.isTrue(yield* WebhookSignature.verifySignature(key, upper))
    }))

  it.effect("rejects the vector with one character of token, triggeredAt, signature or key changed", () =>
    Effect.gen(function*() {
      for (let i = 0; i < vector.token.length; i += 7) {
        assert.isFalse(yield* WebhookSignature.verifySignature(key, { ...vector, token: changeAt(vector.token, i) }))
      }
      const triggeredAt = String(vector.triggeredAt)
      for (let i = 0; i < triggeredAt.length; i++) {
        const changed = Number(changeAt(triggeredAt, i))
        assert.isFalse(yield* WebhookSignature.verifySignature(key, { ...vector, triggeredAt: changed }))
      }
      for (let i = 0; i < vector.signature.length; i += 9) {
        assert.isFalse(
          yield* WebhookSignature.verifySignature(key, { ...vector, signature: changeAt(vector.signature, i) })
        )
      }
      assert.isFalse(
        yield* WebhookSignature.verifySignature(Redacted.make(changeAt(vector.signingToken, 0)), vector)
      )
    }))

  it.effect("answers false, without failing, for signatures that are not 64 hex digits", () =>
    Effect.gen(function*() {
      const notSignatures = [
        "",
        vector.signature.slice(0, 63),
        vector.signature + "0",
        vector.signature.slice(0, 32),
        `${vector.signature.slice(0, 63)}g`,
        // Buffer.from(..., "hex") would stop at the space and compare a truncated buffer
        `${vector.signature.slice(0, 62)} 7`,
        "z".repeat(64),
        "é".repeat(64)
      ]
      for (const signature of notSignatures) {
        assert.isFalse(yield* WebhookSignature.verifySignature(key, { ...vector, signature }))
      }
    }))

  it("compares hex signatures with timingSafeEqual, never throwing on malformed or unequal input", () => {
    assert.isTrue(WebhookSignature.timingSafeMatches(vector.signature, vector.signature))
    assert.isTrue(WebhookSignature.timingSafeMatches(vector.signature, vector.signature.toUpperCase()))
    assert.isFalse(WebhookSignature.timingSafeMatches(vector.signature, changeAt(vector.signature, 63)))
    for (const other of ["", vector.signature.slice(0, 63), vector.signature.slice(0, 62), "z".repeat(64)]) {
      assert.isFalse(WebhookSignature.timingSafeMatches(vector.signature, other), other)
      assert.isFalse(WebhookSignature.timingSafeMatches(other, vector.signature), other)
    }
  })

  it.effect.prop(
    "agrees with an independent HMAC for any key, token and triggeredAt",
    [Schema.String, Schema.String, Schema.Int],
    ([signingToken, token, triggeredAt]) =>
      Effect.gen(function*() {
        const expected = referenceSignature(signingToken, token, triggeredAt)
        const secret = Redacted.make(signingToken)
        assert.strictEqual(yield* WebhookSignature.computeSignature(secret, token, triggeredAt), expected)
        assert.isTrue(yield* WebhookSignature.verifySignature(secret, { token, triggeredAt, signature: expected }))
      })
  )
})
