/**
 * What `Compression` answers with: the client's preferred encoding it supports, and the response as it
 * is wherever compressing would cost more than it saves or is not wanted (tiny bodies, webhook acks,
 * bodies already encoded, images).
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { HttpServerRequest, HttpServerResponse } from "effect/http"
import { gunzipSync } from "node:zlib"
import { Compression } from "../src/index.ts"

const request = (url: string, acceptEncoding?: string) =>
  HttpServerRequest.fromWeb(
    new Request(`http://host${url}`, acceptEncoding === undefined ? {} : { headers: { "accept-encoding": acceptEncoding } })
  )

const big = { items: Array.from({ length: 200 }, (_, i) => ({ id: `item-${i}`, text: "the same words again" })) }

describe("Compression", () => {
  it("negotiates brotli first, then gzip, honouring q=0 and *", () => {
    assert.strictEqual(Compression.negotiate("gzip, deflate, br"), "br")
    assert.strictEqual(Compression.negotiate("br;q=0, gzip"), "gzip")
    assert.strictEqual(Compression.negotiate("gzip;q=1, br;q=0.5"), "gzip")
    assert.strictEqual(Compression.negotiate("*"), "br")
    assert.strictEqual(Compression.negotiate("identity"), undefined)
    assert.strictEqual(Compression.negotiate(undefined), undefined)
  })

  it.effect("compresses a large JSON answer, and says it varies by Accept-Encoding", () =>
    Effect.gen(function*() {
      const response = HttpServerResponse.jsonUnsafe(big)
      const compressed = yield* Compression.compress(request("/api/teams/t/candidates", "gzip"), response)
      assert.strictEqual(compressed.headers["content-encoding"], "gzip")
      assert.strictEqual(compressed.headers["vary"], "Accept-Encoding")
      const body = compressed.body
      assert.strictEqual(body._tag, "Uint8Array")
      if (body._tag === "Uint8Array") assert.deepStrictEqual(JSON.parse(gunzipSync(body.body).toString()), big)
    }))

  it.effect("leaves tiny answers, webhook acks, encoded bodies and images as they are", () =>
    Effect.gen(function*() {
      const unchanged = (url: string, response: HttpServerResponse.HttpServerResponse) =>
        Effect.map(Compression.compress(request(url, "br, gzip"), response), (after) => assert.strictEqual(after, response))
      yield* unchanged("/healthz", HttpServerResponse.jsonUnsafe({ status: "ok" }))
      yield* unchanged("/webhooks/lever/t/stage-change", HttpServerResponse.jsonUnsafe(big, { status: 202 }))
      yield* unchanged("/x", HttpServerResponse.setHeader(HttpServerResponse.jsonUnsafe(big), "content-encoding", "gzip"))
      yield* unchanged("/logo.png", HttpServerResponse.uint8Array(new Uint8Array(4_096), { contentType: "image/png" }))
    }))
})
