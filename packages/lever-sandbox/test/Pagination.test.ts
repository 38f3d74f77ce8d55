import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit } from "effect"
import { Pagination } from "../src/index.ts"

describe("Pagination", () => {
  it.effect("next tokens are percent-encoded base64 containing + / and =", () =>
    Effect.gen(function*() {
      const token = Pagination.encodeCursor("stages", 100)
      assert.include(token, "%2B")
      assert.include(token, "%2F")
      assert.match(token, /%3D%3D$/)
      // What the server sees after the URL's single percent-decoding:
      assert.strictEqual(yield* Pagination.decodeCursor("stages", decodeURIComponent(token)), 100)
    }))

  it.effect("rejects tokens that were re-encoded, decoded, garbled or taken from another list", () =>
    Effect.gen(function*() {
      const token = Pagination.encodeCursor("archive_reasons?type=", 200)
      for (
        const bad of [
          token, // re-encoded by the client: the server sees %2B...
          decodeURIComponent(token).replace(/\+/g, " "), // decoded by the client: + became a space
          decodeURIComponent(token).slice(0, -4) + "AAA=", // garbled
          "100", // a numeric offset
          ""
        ]
      ) {
        if (bad === "") continue
        const exit = yield* Effect.exit(Pagination.decodeCursor("archive_reasons?type=", bad))
        assert.isTrue(Exit.isFailure(exit), bad)
      }
      const otherList = yield* Effect.exit(Pagination.decodeCursor("stages", decodeURIComponent(token)))
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

  it.effect("pages walk the whole list", () =>
    Effect.gen(function*() {
      const items = Array.from({ length: 250 }, (_, i) => i)
      const seen: Array<number> = []
      let offset: string | undefined
      for (;;) {
        const page = yield* Pagination.paginate(items, { list: "x", limit: "100", offset })
        seen.push(...page.data)
        if (!page.hasNext) {
          assert.isUndefined(page.next)
          break
        }
        offset = decodeURIComponent(page.next!)
      }
      assert.deepStrictEqual(seen, items)
    }))
})
