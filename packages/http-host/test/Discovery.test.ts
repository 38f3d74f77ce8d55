/**
 * What the host serves without a token, for people and machines finding their way: the OpenAPI
 * document (every endpoint, with the admin ones behind the bearer token), a reference page that works
 * on a machine without internet access, and the probes orchestrators poll.
 */
import { assert, layer } from "@effect/vitest"
import { createConfig, lintFromString } from "@redocly/openapi-core"
import { request as httpRequest } from "node:http"
import { brotliDecompressSync, gunzipSync } from "node:zlib"
import { Effect } from "effect"
import { TestHost } from "./support/TestHost.ts"
import * as TestHosts from "./support/TestHost.ts"

/** Every endpoint of the API as the product defines it, and whether it needs the admin bearer token. */
const endpoints: ReadonlyArray<readonly [string, boolean]> = [
  ["POST /webhooks/lever/{teamId}/stage-change", false],
  ["POST /webhooks/lever/{teamId}/archive-change", false],
  ["POST /webhooks/lever/{teamId}/candidate-deleted", false],
  ["POST /webhooks/provider/{teamId}", false],
  ["POST /api/teams", true],
  ["GET /api/teams", true],
  ["GET /api/teams/{teamId}", true],
  ["GET /api/teams/{teamId}/checklist", true],
  ["PUT /api/teams/{teamId}/integration", true],
  ["PUT /api/teams/{teamId}/lever/environment", true],
  ["PUT /api/teams/{teamId}/permanent-key", true],
  ["POST /api/teams/{teamId}/lever/stages", true],
  ["POST /api/teams/{teamId}/lever/archive-reasons", true],
  ["PUT /api/teams/{teamId}/stage-mapping", true],
  ["PUT /api/teams/{teamId}/archive-reasons/{reasonId}", true],
  ["POST /api/teams/{teamId}/archive-reasons/accept-suggestions", true],
  ["PUT /api/teams/{teamId}/signing-tokens/{webhook}", true],
  ["GET /api/teams/{teamId}/interview-types", true],
  ["POST /api/teams/{teamId}/interview-types", true],
  ["GET /api/teams/{teamId}/provider/interview-types", true],
  ["GET /api/teams/{teamId}/interview-types/{interviewTypeId}", true],
  ["DELETE /api/teams/{teamId}/interview-types/{interviewTypeId}", true],
  ["GET /api/teams/{teamId}/postings", true],
  ["PUT /api/teams/{teamId}/postings/{postingId}/interview-type", true],
  ["PUT /api/teams/{teamId}/progress-tags", true],
  ["GET /api/teams/{teamId}/webhook-urls", true],
  ["POST /api/teams/{teamId}/lever/webhooks/register", true],
  ["GET /api/teams/{teamId}/health", true],
  ["POST /api/teams/{teamId}/health-check", true],
  ["POST /api/teams/{teamId}/tokens", true],
  ["GET /api/teams/{teamId}/tokens", true],
  ["DELETE /api/teams/{teamId}/tokens/{tokenId}", true],
  ["GET /api/teams/{teamId}/candidates", true],
  ["GET /api/teams/{teamId}/candidates/{opportunityId}", true],
  ["POST /api/teams/{teamId}/candidates/{opportunityId}/resend", true],
  ["GET /api/teams/{teamId}/events", true],
  ["POST /api/teams/{teamId}/events/{eventId}/replay", true],
  ["POST /api/teams/{teamId}/interviews/{interviewId}/result", true],
  ["GET /api/teams/{teamId}/lever/connect", true],
  ["POST /api/teams/{teamId}/lever/connect", true],
  ["GET /oauth/lever/callback", false],
  ["GET /healthz", false],
  ["GET /readyz", false]
]

/** A raw exchange over node:http: no client decompresses or adds `Accept-Encoding` behind the test's back. */
const rawGet = (url: string, headers: Record<string, string> = {}) =>
  Effect.callback<{ readonly status: number; readonly headers: Record<string, string | undefined>; readonly body: Buffer }>(
    (resume) => {
      const request = httpRequest(url, { headers }, (response) => {
        const chunks: Array<Buffer> = []
        response.on("data", (chunk: Buffer) => chunks.push(chunk))
        response.on("end", () =>
          resume(Effect.succeed({
            status: response.statusCode ?? 0,
            headers: response.headers as Record<string, string | undefined>,
            body: Buffer.concat(chunks)
          })))
      })
      request.on("error", (error) => resume(Effect.die(error)))
      request.end()
    }
  )

interface OpenApiDocument {
  readonly openapi: string
  readonly info: { readonly title: string; readonly version: string; readonly license?: { readonly name: string } }
  readonly servers?: ReadonlyArray<{ readonly url: string }>
  readonly tags: ReadonlyArray<{ readonly name: string; readonly description?: string }>
  readonly paths: Record<string, Record<string, {
    readonly security?: ReadonlyArray<Record<string, unknown>>
    readonly summary?: string
    readonly description?: string
    readonly requestBody?: { readonly content: Record<string, { readonly schema: { readonly required?: ReadonlyArray<string> } }> }
  }>>
  readonly components: { readonly securitySchemes: Record<string, { readonly type: string; readonly scheme: string }> }
}

layer(TestHosts.layer, { excludeTestServices: true })("discovery", (it) => {
  it.effect("/openapi.json lists every endpoint, the admin ones behind the bearer token", () =>
    Effect.gen(function*() {
      const host = yield* TestHost
      const response = yield* host.request("GET", "/openapi.json")
      assert.strictEqual(response.status, 200)
      assert.match(response.headers.get("content-type") ?? "", /^application\/json/)
      const document = response.json as OpenApiDocument
      assert.match(document.openapi, /^3\./)
      assert.strictEqual(document.info.title, "Fulcrum")
      assert.deepStrictEqual(document.components.securitySchemes["bearer"], { type: "http", scheme: "Bearer" })

      const listed = Object.entries(document.paths).flatMap(([path, item]) =>
        Object.entries(item).map(([method, operation]) =>
          [`${method.toUpperCase()} ${path}`, (operation.security ?? []).some((scheme) => "bearer" in scheme)] as const
        )
      )
      assert.sameDeepMembers([...listed], [...endpoints])
    }))

  it.effect("/openapi.json names this host, documents every operation and tag, and passes Redocly's recommended rules", () =>
    Effect.gen(function*() {
      const host = yield* TestHost
      const response = yield* host.request("GET", "/openapi.json")
      const document = response.json as OpenApiDocument
      assert.deepStrictEqual(document.servers?.map((server) => server.url), [host.url])
      assert.strictEqual(document.info.license?.name, "MIT")
      for (const [path, item] of Object.entries(document.paths)) {
        for (const [method, operation] of Object.entries(item)) {
          assert.isNotEmpty(operation.summary ?? "", `${method} ${path} has a summary`)
          assert.isNotEmpty(operation.description ?? "", `${method} ${path} has a description`)
        }
      }
      for (const tag of document.tags) assert.isNotEmpty(tag.description ?? "", `tag ${tag.name} has a description`)
      assert.strictEqual(new Set(document.tags.map((tag) => tag.name)).size, document.tags.length, "tag names are unique")
      const webhook = document.paths["/webhooks/lever/{teamId}/stage-change"]!["post"]!
      assert.includeMembers(
        [...(webhook.requestBody?.content["application/json"]?.schema.required ?? [])],
        ["triggeredAt", "event", "token", "signature", "data"],
        "the webhook's body is Lever's envelope"
      )
      const lint = yield* Effect.promise(async () =>
        lintFromString({
          source: response.text,
          absoluteRef: `${host.url}/openapi.json`,
          config: await createConfig({ extends: ["recommended"] })
        })
      )
      const errors = lint.filter((problem) => problem.severity === "error")
      assert.deepStrictEqual(errors.map((problem) => `${problem.ruleId}: ${problem.message}`), [])
    }))

  it.effect("/docs and /openapi.json are cached (ETag, Cache-Control, 304) and sent compressed", () =>
    Effect.gen(function*() {
      const host = yield* TestHost
      const plain = yield* rawGet(`${host.url}/docs`)
      assert.strictEqual(plain.status, 200)
      assert.isUndefined(plain.headers["content-encoding"], "no Accept-Encoding: sent as it is")
      assert.strictEqual(plain.headers["vary"], "Accept-Encoding")
      assert.match(plain.headers["cache-control"] ?? "", /max-age=\d+/)
      const etag = plain.headers["etag"] ?? ""
      assert.match(etag, /^W\/".+"$/)

      const again = yield* rawGet(`${host.url}/docs`, { "if-none-match": etag, "accept-encoding": "br" })
      assert.strictEqual(again.status, 304)
      assert.strictEqual(again.body.length, 0)

      const br = yield* rawGet(`${host.url}/docs`, { "accept-encoding": "gzip, deflate, br" })
      assert.strictEqual(br.headers["content-encoding"], "br")
      assert.isBelow(br.body.length, plain.body.length / 3, "brotli shrinks the page")
      assert.isTrue(brotliDecompressSync(br.body).equals(plain.body), "to the same page")

      const gzip = yield* rawGet(`${host.url}/openapi.json`, { "accept-encoding": "gzip" })
      assert.strictEqual(gzip.headers["content-encoding"], "gzip")
      assert.isNotEmpty(gzip.headers["etag"] ?? "")
      assert.deepInclude(JSON.parse(gunzipSync(gzip.body).toString("utf8")), { openapi: "3.1.0" })

      // A tiny answer stays as it is: compressing it would cost more than it saves.
      const health = yield* rawGet(`${host.url}/healthz`, { "accept-encoding": "br, gzip" })
      assert.isUndefined(health.headers["content-encoding"])
      assert.isUndefined(health.headers["etag"])
    }))

  it.effect("/docs is a reference page that loads nothing from the internet", () =>
    Effect.gen(function*() {
      const host = yield* TestHost
      const response = yield* host.request("GET", "/docs")
      assert.strictEqual(response.status, 200)
      assert.match(response.headers.get("content-type") ?? "", /^text\/html/)
      const html = response.text
      assert.include(html, "<title>Fulcrum</title>")
      // Everything the page runs is inline: no tag fetches a script, style, font or image.
      const markup = html.replace(/<script>[\s\S]*?<\/script>/g, "")
      assert.notMatch(markup, /\b(?:src|href)\s*=/i, "no resource is loaded by the markup")
      assert.notMatch(html, /<script[^>]*\bsrc\s*=\s*["']?https?:/i, "no remote script")
      assert.notMatch(html, /<link\b/i, "no stylesheet or font link")
      // The bundled reference loads its fonts from a CDN unless told not to, and the spec comes inline.
      assert.include(html, "\"withDefaultFonts\":false")
      assert.include(html, "content: {\"openapi\":")
      assert.include(html, "/api/teams/{teamId}/stage-mapping")
    }))

  it.effect("/healthz answers while the process runs, /readyz while the store answers", () =>
    Effect.gen(function*() {
      const host = yield* TestHost
      const health = yield* host.request("GET", "/healthz")
      assert.strictEqual(health.status, 200)
      assert.deepStrictEqual(health.json, { status: "ok" })
      const ready = yield* host.request("GET", "/readyz")
      assert.strictEqual(ready.status, 200)
      assert.deepStrictEqual(ready.json, { status: "ready" })
      const client = yield* host.client()
      assert.deepStrictEqual(yield* client.health.readyz(), { status: "ready" })
    }))
})
