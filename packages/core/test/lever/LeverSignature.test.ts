import { assert, describe, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import * as LeverSignature from "../../src/LeverSignature.ts"

const vector = {
  key: Redacted.make("test-signature-token"),
  token: "be58f711f349c7780e4579cd7c63341ac6f881e4dccc3154",
  triggeredAt: 1431454330072,
  signature: "67237316b71be6f4595c3313d347b09353b22d7cbab3726261b73d409acd8fd7"
}

describe("LeverSignature", () => {
  it.effect("computes Lever's documented test vector", () =>
    Effect.gen(function*() {
      const signature = yield* LeverSignature.compute(vector.key, vector.token, vector.triggeredAt)
      assert.strictEqual(signature, vector.signature)
    }))

  it.effect("changes when the token, triggeredAt or key changes", () =>
    Effect.gen(function*() {
      const otherToken = yield* LeverSignature.compute(
        vector.key,
        vector.token.replace(/^b/, "c"),
        vector.triggeredAt
      )
      const otherTime = yield* LeverSignature.compute(vector.key, vector.token, vector.triggeredAt + 1)
      const otherKey = yield* LeverSignature.compute(
        Redacted.make("test-signature-tokem"),
        vector.token,
        vector.triggeredAt
      )
      for (const signature of [otherToken, otherTime, otherKey]) {
        assert.notStrictEqual(signature, vector.signature)
        assert.match(signature, /^[0-9a-f]{64}$/)
      }
    }))

  it.effect("signs with an empty key as RFC 2104 does (zero-padded key)", () =>
    Effect.gen(function*() {
      const empty = yield* LeverSignature.compute(Redacted.make(""), "t", 1)
      const zeroByte = yield* LeverSignature.compute(Redacted.make("\u0000"), "t", 1)
      assert.strictEqual(empty, zeroByte)
      assert.match(empty, /^[0-9a-f]{64}$/)
    }))

  it("matches only the exact signature, whatever the case", () => {
    assert.isTrue(LeverSignature.matches(vector.signature, vector.signature))
    assert.isTrue(LeverSignature.matches(vector.signature, vector.signature.toUpperCase()))
    assert.isFalse(LeverSignature.matches(vector.signature, vector.signature.slice(0, 63) + "8"))
    assert.isFalse(LeverSignature.matches(vector.signature, "0" + vector.signature.slice(1)))
    assert.isFalse(LeverSignature.matches(vector.signature, vector.signature.slice(0, 63)))
    assert.isFalse(LeverSignature.matches(vector.signature, vector.signature + "0"))
    assert.isFalse(LeverSignature.matches(vector.signature, ""))
  })

  it.effect("verifies only a well-formed exact signature, handing the comparison two 64-hex-digit strings", () =>
    Effect.gen(function*() {
      assert.isTrue(yield* LeverSignature.verify(vector.key, vector))
      assert.isTrue(yield* LeverSignature.verify(vector.key, { ...vector, signature: vector.signature.toUpperCase() }))
      assert.isFalse(yield* LeverSignature.verify(vector.key, { ...vector, triggeredAt: vector.triggeredAt + 1 }))
      const compared: Array<[string, string]> = []
      const spy = (expected: string, actual: string) => {
        compared.push([expected, actual])
        return LeverSignature.matches(expected, actual)
      }
      for (const signature of ["", vector.signature.slice(0, 63), vector.signature + "0", "g".repeat(64)]) {
        assert.isFalse(yield* LeverSignature.verify(vector.key, { ...vector, signature }, spy))
      }
      assert.deepStrictEqual(compared, [], "a malformed signature never reaches the comparison")
      assert.isTrue(yield* LeverSignature.verify(vector.key, vector, spy))
      assert.deepStrictEqual(compared, [[vector.signature, vector.signature]])
    }))

  it.effect("signs a whole webhook body that verifies", () =>
    Effect.gen(function*() {
      const body = yield* LeverSignature.sign(vector.key, {
        event: "candidateStageChange",
        data: { opportunityId: "opp-1", toStageId: "offer" },
        triggeredAt: 1_700_000_000_000
      })
      assert.match(body.token, /^[0-9a-f]{48}$/)
      assert.strictEqual(body.triggeredAt, 1_700_000_000_000)
      assert.strictEqual(body.event, "candidateStageChange")
      assert.deepStrictEqual(body.data, { opportunityId: "opp-1", toStageId: "offer" })
      const expected = yield* LeverSignature.compute(vector.key, body.token, body.triggeredAt)
      assert.isTrue(LeverSignature.matches(expected, body.signature))
      const decoded = JSON.parse(JSON.stringify(body))
      assert.deepStrictEqual(Object.keys(decoded).sort(), ["data", "event", "signature", "token", "triggeredAt"])
    }))

  it.effect("uses a fresh token and the clock when none is given", () =>
    Effect.gen(function*() {
      const first = yield* LeverSignature.sign(vector.key, { event: "candidateArchiveChange", data: {} })
      const second = yield* LeverSignature.sign(vector.key, { event: "candidateArchiveChange", data: {} })
      assert.notStrictEqual(first.token, second.token)
      // it.effect runs on the TestClock, which starts at 0.
      assert.strictEqual(first.triggeredAt, 0)
    }))
})
