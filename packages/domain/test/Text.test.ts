import { assert, describe, it } from "@effect/vitest"
import { Schema } from "effect"
import { Text } from "../src/index.ts"

// Every C0 control and DEL, each at the start, in the middle and at the end of a value.
const controls = [...Array.from({ length: 0x20 }, (_, code) => String.fromCharCode(code)), "\u007f"]
const placed = (character: string) => [`${character}acme`, `ac${character}me`, `acme${character}`]
const loneSurrogates = ["\ud800", "a\udfffb"]

describe("Text.SafeLine", () => {
  it("accepts names, ids and text in any script, emoji included", () => {
    for (const value of ["", "Acme", "lead-new", "Ärzte & Söhne", "面接", "🚀 launch", "a b"]) {
      assert.isTrue(Schema.is(Text.SafeLine)(value), value)
      assert.isTrue(Text.isSafeLine(value), value)
    }
  })

  it("refuses every C0 control character (NUL, tab and line breaks included), DEL and a lone surrogate", () => {
    for (const value of [...controls.flatMap(placed), ...loneSurrogates]) {
      assert.isFalse(Schema.is(Text.SafeLine)(value), JSON.stringify(value))
      assert.isFalse(Text.isSafeLine(value), JSON.stringify(value))
    }
  })

  it("says what is wrong without repeating the value", () => {
    const decoded = Schema.decodeUnknownExit(Text.SafeLine)("secret\u0000")
    assert.isTrue(decoded._tag === "Failure")
    const message = String(decoded)
    assert.include(message, "control characters")
    assert.notInclude(message, "secret")
  })
})

describe("Text.SafeText", () => {
  it("accepts free text on several lines, with tabs", () => {
    for (const value of ["Strong on algorithms.\nWeak on tests.", "a\tb", "line\r\nbreak", "面接 🚀"]) {
      assert.isTrue(Schema.is(Text.SafeText)(value), JSON.stringify(value))
      assert.isTrue(Text.isSafeText(value), JSON.stringify(value))
    }
  })

  it("refuses NUL and every other control character but tab and line breaks", () => {
    const refused = controls.filter((character) => !["\t", "\n", "\r"].includes(character))
    for (const value of [...refused.flatMap(placed), ...loneSurrogates]) {
      assert.isFalse(Schema.is(Text.SafeText)(value), JSON.stringify(value))
    }
  })
})

describe("Text.escapeControlCharacters", () => {
  it("writes each control character and lone surrogate as a visible escape, on one line", () => {
    assert.strictEqual(Text.escapeControlCharacters("te\u0000am\n\u007f\ud800"), "te\\u0000am\\u000A\\u007F\\uD800")
    for (const value of [...controls.flatMap(placed), ...loneSurrogates]) {
      assert.isTrue(Text.isSafeLine(Text.escapeControlCharacters(value)), JSON.stringify(value))
    }
  })

  it("leaves a safe line, surrogate pairs included, as it is", () => {
    for (const value of ["Acme", "no team acme-1", "🚀 面接", "back\\slash"]) {
      assert.strictEqual(Text.escapeControlCharacters(value), value)
    }
  })
})
