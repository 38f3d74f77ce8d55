import { assert, describe, it } from "@effect/vitest"
import { StandardWebhooks } from "@fulcrum/core"
import { Effect, Layer, Redacted } from "effect"
import { Mac, SecureRandom } from "effect/crypto"
import { createHmac } from "node:crypto"

// The reference vector of the Standard Webhooks libraries.
const secret = Redacted.make("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
const body = `{"test": 2432232314}`
const id = "msg_p5jXN8AQM9LWM0D4loKWxJek"
const timestampSeconds = 1614265330
const expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="

describe("StandardWebhooks", () => {
  it.effect("signs id.timestamp.body with the secret's decoded bytes, as the reference libraries do", () =>
    Effect.gen(function*() {
      const headers = yield* StandardWebhooks.sign(secret, { id, timestampSeconds, body })
      assert.deepStrictEqual(headers, {
        "webhook-id": id,
        "webhook-timestamp": String(timestampSeconds),
        "webhook-signature": expected
      })
    }))

  it.effect("accepts any matching signature of a list, headers in any case, within 5 minutes either way", () =>
    Effect.gen(function*() {
      const headers = {
        "Webhook-Id": id,
        "Webhook-Timestamp": String(timestampSeconds),
        "Webhook-Signature": `v1,bm90IGl0 ${expected}`
      }
      for (const skew of [-299, 0, 299]) {
        const verified = yield* StandardWebhooks.verify(secret, { headers, body, nowMs: (timestampSeconds + skew) * 1000 })
        assert.strictEqual(verified.id, id)
      }
    }))

  it.effect("refuses a changed body, a stale or future timestamp, missing headers and another secret", () =>
    Effect.gen(function*() {
      const headers = { "webhook-id": id, "webhook-timestamp": String(timestampSeconds), "webhook-signature": expected }
      const reason = (effect: Effect.Effect<unknown, StandardWebhooks.SignatureRejected>) =>
        effect.pipe(Effect.flip, Effect.map((e) => e.reason))
      const now = timestampSeconds * 1000
      assert.strictEqual(yield* reason(StandardWebhooks.verify(secret, { headers, body: body + " ", nowMs: now })), "BadSignature")
      assert.strictEqual(yield* reason(StandardWebhooks.verify(secret, { headers, body, nowMs: now + 301_000 })), "StaleTimestamp")
      assert.strictEqual(yield* reason(StandardWebhooks.verify(secret, { headers, body, nowMs: now - 301_000 })), "StaleTimestamp")
      assert.strictEqual(
        yield* reason(StandardWebhooks.verify(secret, { headers: { "webhook-id": id }, body, nowMs: now })),
        "MissingHeaders"
      )
      const other = StandardWebhooks.generateSecret()
      assert.isTrue(Redacted.value(other).startsWith("whsec_"))
      assert.strictEqual(yield* reason(StandardWebhooks.verify(other, { headers, body, nowMs: now })), "BadSignature")
    }))

  it.effect("runs on the context's Mac when there is one (a host's native HMAC), with the same signatures", () =>
    Effect.gen(function*() {
      let calls = 0
      const native = Mac.layerWebCryptoWith({
        hmac: (_hash, key, data) => {
          calls++
          return new Uint8Array(createHmac("sha256", key).update(data).digest())
        }
      }).pipe(Layer.provide(SecureRandom.layerWebCrypto))
      const headers = yield* StandardWebhooks.sign(secret, { id, timestampSeconds, body }).pipe(Effect.provide(native))
      assert.strictEqual(headers["webhook-signature"], expected)
      const verified = yield* StandardWebhooks.verify(secret, { headers: { ...headers }, body, nowMs: timestampSeconds * 1000 }).pipe(
        Effect.provide(native)
      )
      assert.strictEqual(verified.id, id)
      assert.strictEqual(calls, 2)
    }))
})
