import { assert, describe, it } from "@effect/vitest"
import { createHmac } from "node:crypto"
import { Signature } from "../src/index.ts"

describe("Signature", () => {
  it("matches lever-api.md's test vector", () => {
    assert.strictEqual(
      Signature.sign("test-signature-token", "be58f711f349c7780e4579cd7c63341ac6f881e4dccc3154", 1431454330072),
      "67237316b71be6f4595c3313d347b09353b22d7cbab3726261b73d409acd8fd7"
    )
  })

  it("is HMAC-SHA256 of token + decimal triggeredAt, checked in constant time", () => {
    const token = Signature.randomToken()
    const triggeredAt = 1_700_000_000_123
    const signature = createHmac("sha256", "secret").update(`${token}${triggeredAt}`).digest("hex")
    assert.strictEqual(Signature.sign("secret", token, triggeredAt), signature)
    assert.isTrue(Signature.verify("secret", { token, triggeredAt, signature }))
    assert.isFalse(Signature.verify("other", { token, triggeredAt, signature }))
    assert.isFalse(Signature.verify("secret", { token, triggeredAt: triggeredAt + 1, signature }))
    assert.isFalse(Signature.verify("secret", { token, triggeredAt, signature: "short" }))
  })

  it("makes 48-hex-character random tokens", () => {
    const a = Signature.randomToken()
    assert.match(a, /^[0-9a-f]{48}$/)
    assert.notStrictEqual(a, Signature.randomToken())
  })
})
