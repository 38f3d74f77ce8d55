import { assert, describe, it } from "@effect/vitest"
import { Ids } from "@fulcrum/domain"
import { Effect, Layer, Redacted } from "effect"
import * as LeverSignature from "../../src/LeverSignature.ts"
import * as MemoryStores from "../../src/memory/MemoryStores.ts"
import * as SignatureVerifierMemory from "../../src/memory/SignatureVerifierMemory.ts"
import { SignatureVerifier } from "../../src/ports/SignatureVerifier.ts"
import * as SignatureVerifierContract from "../../src/testing/SignatureVerifierContract.ts"

SignatureVerifierContract.suite(
  "SignatureVerifierMemory satisfies the SignatureVerifier contract",
  SignatureVerifierMemory.layer.pipe(Layer.provideMerge(MemoryStores.layer))
)

SignatureVerifierContract.suite(
  "SignatureVerifierMemory with a 10 s / 5 s window satisfies the SignatureVerifier contract",
  SignatureVerifierMemory.layerWith({ pastToleranceSeconds: 10, futureToleranceSeconds: 5 }).pipe(
    Layer.provideMerge(MemoryStores.layer)
  ),
  { pastToleranceSeconds: 10, futureToleranceSeconds: 5 }
)

const teamId = Ids.TeamId.make("acme")
const signingToken = Redacted.make("acme-stage-change-signing-token")
const now = 1_750_000_000_000

const verify = (rawBody: string, receivedAt = now) =>
  Effect.gen(function*() {
    const verifier = yield* SignatureVerifier
    return yield* verifier.verify({ teamId, webhook: "stageChange", rawBody, receivedAt })
  })

const Verifier = SignatureVerifierMemory.layer.pipe(
  Layer.provideMerge(MemoryStores.layer),
  Layer.tap((context) =>
    SignatureVerifierContract.defaultSetup({ teamId, signingTokens: { stageChange: signingToken } }).pipe(
      Effect.provide(context),
      Effect.orDie
    )
  )
)

const ping = LeverSignature.sign(signingToken, { event: "candidateStageChange", data: {}, triggeredAt: now })

describe("SignatureVerifierMemory", () => {
  it.effect("names the faulty envelope fields without echoing their values", () =>
    Effect.gen(function*() {
      const body = yield* ping
      const error = yield* Effect.flip(
        verify(JSON.stringify({ ...body, triggeredAt: "yesterday", event: 7, data: undefined }))
      )
      assert.strictEqual(error._tag, "MalformedWebhook")
      assert.include(error._tag === "MalformedWebhook" ? error.message : "", "triggeredAt, event")
      assert.notInclude(JSON.stringify(error), "yesterday")
      assert.notInclude(JSON.stringify(error), body.token)
    }).pipe(Effect.provide(Verifier)))

  it.effect("accepts only epoch milliseconds as triggeredAt", () =>
    Effect.gen(function*() {
      const body = yield* ping
      for (const triggeredAt of ["-1", "1.5", "1e400"]) {
        const raw = JSON.stringify(body).replace(/"triggeredAt":\d+/, `"triggeredAt":${triggeredAt}`)
        const error = yield* Effect.flip(verify(raw))
        assert.strictEqual(error._tag, "MalformedWebhook", triggeredAt)
      }
    }).pipe(Effect.provide(Verifier)))

  it.effect("says how far outside the window a delivery was", () =>
    Effect.gen(function*() {
      const body = yield* ping
      const old = yield* Effect.flip(verify(JSON.stringify(body), now + 301_000))
      assert.strictEqual(old._tag, "StaleWebhook")
      assert.include(old._tag === "StaleWebhook" ? old.message : "", "301 s before receipt")
      const early = yield* Effect.flip(verify(JSON.stringify(body), now - 61_000))
      assert.include(early._tag === "StaleWebhook" ? early.message : "", "61 s after receipt")
    }).pipe(Effect.provide(Verifier)))
})
