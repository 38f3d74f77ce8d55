import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { WebhookBody } from "../src/index.ts"
import { signedBody } from "./fixtures.ts"

const rejection = (rawBody: string) => Effect.flip(WebhookBody.parse(rawBody))

describe("WebhookBody.parse", () => {
  it.effect("reads a Lever body, ignoring unknown fields such as id", () =>
    Effect.gen(function*() {
      const body = { ...signedBody(), id: "delivery-1", somethingNew: [1, 2] }
      const envelope = yield* WebhookBody.parse(JSON.stringify(body))
      assert.strictEqual(envelope.token, body.token)
      assert.strictEqual(envelope.signature, body.signature)
      assert.strictEqual(envelope.triggeredAt, body.triggeredAt)
      assert.strictEqual(envelope.event, "candidateStageChange")
      assert.deepStrictEqual(envelope.data, body.data)
    }))

  it.effect("rejects text that is not JSON, or JSON that is not an object, as MalformedWebhook", () =>
    Effect.gen(function*() {
      for (const raw of ["", "{", "not json", "{\"token\": }"]) {
        const error = yield* rejection(raw)
        assert.strictEqual(error._tag, "MalformedWebhook")
        assert.strictEqual(error.message, "the body is not valid JSON")
      }
      for (const raw of ["[]", "null", "42", "\"text\"", "true"]) {
        const error = yield* rejection(raw)
        assert.strictEqual(error._tag, "MalformedWebhook")
        assert.strictEqual(error.message, "the body is not a JSON object")
      }
    }))

  it.effect("rejects an absent, null or empty signature or token as MissingSignature", () =>
    Effect.gen(function*() {
      const { signature: _signature, ...unsigned } = signedBody()
      const { token: _token, ...tokenless } = signedBody()
      const cases: ReadonlyArray<[unknown, string]> = [
        [unsigned, "the body has no signature"],
        [{ ...signedBody(), signature: "" }, "the body has no signature"],
        [{ ...signedBody(), signature: null }, "the body has no signature"],
        [tokenless, "the body has no token"],
        [{ ...signedBody(), token: "" }, "the body has no token"],
        [{ ...signedBody(), token: null }, "the body has no token"]
      ]
      for (const [body, message] of cases) {
        const error = yield* rejection(JSON.stringify(body))
        assert.strictEqual(error._tag, "MissingSignature")
        assert.strictEqual(error.message, message)
      }
    }))

  it.effect("names every faulty envelope field without echoing any value", () =>
    Effect.gen(function*() {
      const body = signedBody()
      const { data: _data, ...withoutData } = body
      const error = yield* rejection(JSON.stringify({ ...withoutData, triggeredAt: "yesterday", event: 7 }))
      assert.strictEqual(error._tag, "MalformedWebhook")
      assert.include(error.message, "triggeredAt")
      assert.include(error.message, "event")
      assert.include(error.message, "data")
      assert.notInclude(error.message, "yesterday")
      assert.notInclude(error.message, body.token)
      assert.notInclude(error.message, body.signature)
    }))

  it.effect("rejects a token or signature of the wrong type or absurd length, without echoing it", () =>
    Effect.gen(function*() {
      const long = "f".repeat(5000)
      for (const body of [{ ...signedBody(), token: long }, { ...signedBody(), signature: long }]) {
        const error = yield* rejection(JSON.stringify(body))
        assert.strictEqual(error._tag, "MalformedWebhook")
        assert.notInclude(error.message, "ffff")
        assert.isBelow(error.message.length, 200)
      }
      const numeric = yield* rejection(JSON.stringify({ ...signedBody(), signature: 12345 }))
      assert.strictEqual(numeric._tag, "MalformedWebhook")
      assert.include(numeric.message, "signature")
    }))

  it.effect("accepts only epoch milliseconds as triggeredAt", () =>
    Effect.gen(function*() {
      for (const triggeredAt of ["-1", "1.5", "1e400", "9007199254740993"]) {
        const raw = JSON.stringify(signedBody()).replace(/"triggeredAt":\d+/, `"triggeredAt":${triggeredAt}`)
        const error = yield* rejection(raw)
        assert.strictEqual(error._tag, "MalformedWebhook", triggeredAt)
        assert.include(error.message, "triggeredAt")
      }
    }))
})
