import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit } from "effect"
import { Pagination } from "../src/index.ts"

describe("Pagination", () => {
  it.effect("next tokens are raw base64 containing + / and = by default", () =>
    Effect.gen(function*() {
      const token = Pagination.encodeCursor("stages", 100)
      assert.include(token, "+")
      assert.include(token, "/")
      assert.match(token, /==$/)
      assert.notInclude(token, "%")
      // A client percent-encodes it in the URL; the server sees the token after one decoding.
      assert.strictEqual(yield* Pagination.decodeCursor("stages", decodeURIComponent(encodeURIComponent(token))), 100)
    }))

  it.effect("percent-encoded tokens on request, passed back verbatim", () =>
    Effect.gen(function*() {
      const token = Pagination.encodeCursor("stages", 100, "percent-encoded")
      assert.include(token, "%2B")
      assert.include(token, "%2F")
      assert.match(token, /%3D%3D$/)
      assert.strictEqual(yield* Pagination.decodeCursor("stages", decodeURIComponent(token)), 100)
    }))

  it.effect("rejects tokens that were re-encoded, sent with a raw +, garbled or taken from another list", () =>
    Effect.gen(function*() {
      const token = Pagination.encodeCursor("archive_reasons?type=", 200)
      for (
        const bad of [
          encodeURIComponent(token), // encoded twice by the client: the server sees %2B...
          token.replace(/\+/g, " "), // sent unencoded: a query string's + reads as a space
          token.slice(0, -4) + "AAA=", // garbled
          "100" // a numeric offset
        ]
      ) {
        const exit = yield* Effect.exit(Pagination.decodeCursor("archive_reasons?type=", bad))
        assert.isTrue(Exit.isFailure(exit), bad)
      }
      const otherList = yield* Effect.exit(Pagination.decodeCursor("stages", token))
      assert.isTrue(Exit.isFailure(otherList))
    }))

  it.effect("limit is 1..100, default 100", () =>
    Effect.gen(function*() {
      assert.strictEqual(yield* Pagination.parseLimit(undefined), 100)
      assert.strictEqual(yield* Pagination.parseLimit("1"), 1)
      assert.strictEqual(yield* Pagination.parseLimit("100"), 100)
      for (const bad of ["0", "101", "-1", "1.5", "abc", ""]) {
        assert.isTrue(Exit.isFailure(yield* Effect.exit(Pagination.parseLimit(bad))), bad)
      }
    }))

  it.effect("pages walk the whole list, in either token encoding", () =>
    Effect.gen(function*() {
      const items = Array.from({ length: 250 }, (_, i) => i)
      for (const tokens of ["raw", "percent-encoded"] as const) {
        const seen: Array<number> = []
        let offset: string | undefined
        for (;;) {
          const page = yield* Pagination.paginate(items, { list: "x", limit: "100", offset, tokens })
          seen.push(...page.data)
          if (!page.hasNext) {
            assert.isUndefined(page.next)
            break
          }
          // What the server reads after the URL's one percent-decoding.
          offset = tokens === "raw" ? page.next! : decodeURIComponent(page.next!)
        }
        assert.deepStrictEqual(seen, items)
      }
    }))
})
