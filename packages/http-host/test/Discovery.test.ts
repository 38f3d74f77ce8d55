/**
 * What the host serves without a token, for people and machines finding their way: the OpenAPI
 * document (every endpoint, with the admin ones behind the bearer token), a reference page that works
 * on a machine without internet access, and the probes orchestrators poll.
 */
import { assert, layer } from "@effect/vitest"
import { Effect } from "effect"
import { TestHost } from "./support/TestHost.ts"
import * as TestHosts from "./support/TestHost.ts"

/** Every endpoint of the API as the product defines it, and whether it needs the admin bearer token. */
const endpoints: ReadonlyArray<readonly [string, boolean]> = [
  ["POST /webhooks/lever/{teamId}/stage-change", false],
  ["POST /webhooks/lever/{teamId}/archive-change", false],
  ["POST /webhooks/lever/{teamId}/candidate-deleted", false],
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
  ["PUT /api/teams/{teamId}/signing-tokens/{webhook}", true],
  ["GET /api/teams/{teamId}/interview-types", true],
  ["POST /api/teams/{teamId}/interview-types", true],
  ["GET /api/teams/{teamId}/interview-types/{interviewTypeId}", true],
  ["DELETE /api/teams/{teamId}/interview-types/{interviewTypeId}", true],
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
  ["GET /api/teams/{teamId}/events", true],
  ["POST /api/teams/{teamId}/events/{eventId}/replay", true],
  ["POST /api/teams/{teamId}/interviews/{interviewId}/result", true],
  ["GET /api/teams/{teamId}/lever/connect", true],
  ["GET /oauth/lever/callback", false],
  ["GET /healthz", false],
  ["GET /readyz", false]
]

interface OpenApiDocument {
  readonly openapi: string
  readonly info: { readonly title: string; readonly version: string }
  readonly paths: Record<string, Record<string, { readonly security?: ReadonlyArray<Record<string, unknown>> }>>
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
