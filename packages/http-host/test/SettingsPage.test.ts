/**
 * The settings page as the host serves it: at `/` by default, with a strict Content-Security-Policy and
 * the other browser protections on every answer, compressed the way the browser accepts, hashed files
 * cached for a year and `index.html` revalidated; an embedder can mount it under a prefix.
 */
import { NodeHttpServer } from "@effect/platform-node"
import { assert, layer } from "@effect/vitest"
import { Build } from "@fulcrum/settings-ui"
import { Effect, Layer } from "effect"
import { HttpRouter, HttpServer } from "effect/http"
import { createServer } from "node:http"
import { SettingsPage } from "../src/index.ts"
import { TestHost } from "./support/TestHost.ts"
import * as TestHosts from "./support/TestHost.ts"

const built = Layer.effectDiscard(Effect.promise(() => Build.build({ ifStale: true })))

const get = (url: string, headers: Record<string, string> = {}) =>
  Effect.promise(async () => {
    const response = await fetch(url, { headers, redirect: "manual" })
    return { status: response.status, headers: response.headers, body: new Uint8Array(await response.arrayBuffer()) }
  })

const scriptOf = (html: string) => /<script[^>]*src="\.\/(assets\/[^"]+\.js)"/.exec(html)?.[1] ?? ""

layer(Layer.provideMerge(TestHosts.layer, built), { excludeTestServices: true })("the settings page", (it) => {
  it.effect("is served at / with a strict CSP, nosniff, no referrer and no framing", () =>
    Effect.gen(function*() {
      const { url } = yield* TestHost
      const page = yield* get(`${url}/`, { "accept-encoding": "identity" })
      assert.strictEqual(page.status, 200, new TextDecoder().decode(page.body))
      assert.match(page.headers.get("content-type") ?? "", /^text\/html/)
      const csp = page.headers.get("content-security-policy") ?? ""
      assert.include(csp, "script-src 'self'")
      assert.include(csp, "frame-ancestors 'none'")
      assert.notInclude(csp, "unsafe-inline")
      assert.strictEqual(page.headers.get("x-content-type-options"), "nosniff")
      assert.strictEqual(page.headers.get("referrer-policy"), "no-referrer")
      assert.strictEqual(page.headers.get("cache-control"), "no-cache")
      const html = new TextDecoder().decode(page.body)
      assert.notMatch(html, /<script(?![^>]*\ssrc=)[^>]*>/, "no inline script")
      const etag = page.headers.get("etag") ?? ""
      assert.strictEqual((yield* get(`${url}/`, { "if-none-match": etag })).status, 304)
    }))

  it.effect("sends hashed files compressed as accepted, cached for a year", () =>
    Effect.gen(function*() {
      const { url } = yield* TestHost
      const html = new TextDecoder().decode((yield* get(`${url}/`, { "accept-encoding": "identity" })).body)
      const script = scriptOf(html)
      assert.match(script, /^assets\/.+-[\w-]{8}\.js$/)
      const plain = yield* get(`${url}/${script}`, { "accept-encoding": "identity" })
      const brotli = yield* get(`${url}/${script}`, { "accept-encoding": "gzip, deflate, br" })
      const gzip = yield* get(`${url}/${script}`, { "accept-encoding": "gzip" })
      assert.strictEqual(brotli.headers.get("content-encoding"), "br")
      assert.strictEqual(gzip.headers.get("content-encoding"), "gzip")
      assert.isNull(plain.headers.get("content-encoding"))
      assert.isBelow(Number(brotli.headers.get("content-length")), plain.body.length / 2)
      assert.strictEqual(brotli.headers.get("cache-control"), "public, max-age=31536000, immutable")
      assert.strictEqual(brotli.headers.get("vary"), "Accept-Encoding")
      assert.match(brotli.headers.get("content-type") ?? "", /^text\/javascript/)
      assert.strictEqual(brotli.headers.get("x-content-type-options"), "nosniff")
    }))

  it.effect("the API keeps its JSON answers beside the page", () =>
    Effect.gen(function*() {
      const { url } = yield* TestHost
      const missing = yield* get(`${url}/no-such-page`)
      assert.strictEqual(missing.status, 404)
      assert.match(missing.headers.get("content-type") ?? "", /json/)
    }))
})

const prefixed = Layer.effectDiscard(Effect.gen(function*() {
  const server = yield* HttpServer.HttpServer
  return server
})).pipe(
  Layer.provideMerge(HttpRouter.serve(SettingsPage.layer({ path: "/admin/fulcrum/" }), { disableLogger: true, disableListenLog: true })),
  Layer.provideMerge(NodeHttpServer.layer(createServer, { port: 0, host: "127.0.0.1" })),
  Layer.provide(built)
)

layer(prefixed, { excludeTestServices: true })("the settings page under a prefix", (it) => {
  it.effect("an embedder mounts it under its own path; the bare prefix redirects to the trailing slash", () =>
    Effect.gen(function*() {
      const server = yield* HttpServer.HttpServer
      const url = HttpServer.formatAddress(server.address)
      const bare = yield* get(`${url}/admin/fulcrum`)
      assert.strictEqual(bare.status, 308)
      assert.strictEqual(bare.headers.get("location"), "/admin/fulcrum/")
      const page = yield* get(`${url}/admin/fulcrum/`)
      assert.strictEqual(page.status, 200)
      const script = scriptOf(new TextDecoder().decode(page.body))
      assert.strictEqual((yield* get(`${url}/admin/fulcrum/${script}`)).status, 200)
    }))
})
