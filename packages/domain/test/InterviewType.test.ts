import { assert, describe, it } from "@effect/vitest"
import { Result } from "effect"
import { InterviewType } from "../src/index.ts"
import { junior, senior } from "./fixtures.ts"

describe("InterviewType.validateTag", () => {
  it("accepts a tag exactly as given", () => {
    assert.deepStrictEqual(InterviewType.validateTag("Acme Senior SWE"), Result.succeed("Acme Senior SWE"))
    assert.deepStrictEqual(InterviewType.validateTag("x"), Result.succeed("x"))
    assert.deepStrictEqual(InterviewType.validateTag("a".repeat(100)), Result.succeed("a".repeat(100)))
  })

  it("refuses an empty or blank tag", () => {
    assert.deepStrictEqual(InterviewType.validateTag(""), Result.fail("Blank" as const))
    assert.deepStrictEqual(InterviewType.validateTag("   "), Result.fail("Blank" as const))
  })

  it("refuses leading or trailing whitespace", () => {
    assert.deepStrictEqual(InterviewType.validateTag(" SWE"), Result.fail("SurroundingWhitespace" as const))
    assert.deepStrictEqual(InterviewType.validateTag("SWE "), Result.fail("SurroundingWhitespace" as const))
    assert.deepStrictEqual(InterviewType.validateTag("SWE\t"), Result.fail("SurroundingWhitespace" as const))
  })

  it("refuses a line break inside", () => {
    assert.deepStrictEqual(InterviewType.validateTag("Senior\nSWE"), Result.fail("LineBreak" as const))
  })

  it("refuses a NUL, a tab or any other control character inside", () => {
    for (const tag of ["Senior\u0000SWE", "Senior\tSWE", "Senior\u001bSWE", "Senior\u007fSWE"]) {
      assert.deepStrictEqual(InterviewType.validateTag(tag), Result.fail("ControlCharacter" as const), JSON.stringify(tag))
    }
  })

  it("refuses more than 100 characters", () => {
    assert.deepStrictEqual(InterviewType.validateTag("a".repeat(101)), Result.fail("TooLong" as const))
  })

  it("explains each refusal", () => {
    assert.include(InterviewType.tagProblemMessage("", "Blank"), "empty")
    assert.include(InterviewType.tagProblemMessage(" a", "SurroundingWhitespace"), "starts or ends with a space")
    assert.include(InterviewType.tagProblemMessage("a\nb", "LineBreak"), "line break")
    assert.include(InterviewType.tagProblemMessage("a\u0000b", "ControlCharacter"), "control character")
    assert.include(InterviewType.tagProblemMessage("a".repeat(101), "TooLong"), "101 characters")
  })
})

describe("InterviewType.findByTags", () => {
  const types = [senior, junior]

  it("finds the interview type whose tag the opportunity carries", () => {
    assert.deepStrictEqual(InterviewType.findByTags(types, ["referral", "Acme Junior Web"]), [junior])
  })

  it("compares exactly and case-sensitively", () => {
    assert.deepStrictEqual(InterviewType.findByTags(types, ["acme senior swe", "Acme Senior SWE ", "Acme  Senior SWE"]), [])
    assert.isTrue(InterviewType.sameTag("A", "A"))
    assert.isFalse(InterviewType.sameTag("A", "a"))
  })

  it("finds several, in configuration order", () => {
    assert.deepStrictEqual(InterviewType.findByTags(types, ["Acme Junior Web", "Acme Senior SWE"]), [senior, junior])
  })

  it("finds none without tags", () => {
    assert.deepStrictEqual(InterviewType.findByTags(types, []), [])
  })
})

describe("InterviewType.passed", () => {
  it("compares the score with the threshold (at or above passes)", () => {
    assert.strictEqual(InterviewType.passed(senior, 70), true)
    assert.strictEqual(InterviewType.passed(senior, 69.5), false)
  })

  it("has no verdict without a threshold or a score", () => {
    assert.strictEqual(InterviewType.passed(junior, 99), null)
    assert.strictEqual(InterviewType.passed(senior, null), null)
  })
})
