/**
 * Setup offers the assessment provider's interview types: `GET /api/teams/{teamId}/provider/interview-types`
 * asks the provider (protocol v1, `GET /v1/interview-types?teamId=`) through `FULCRUM_PROVIDER_URL`, and
 * answers a typed JSON error the settings page falls back on: 502 `ProviderUnavailable` when the provider
 * is down or refuses, 422 `ProviderNotConfigured` when the host has no provider.
 */
import { assert, describe, layer } from "@effect/vitest"
import { ProviderSandbox } from "@fulcrum/provider-sandbox"
import { Effect, Layer, Redacted } from "effect"
import * as AdminSetup from "./support/AdminSetup.ts"
import { bearer, operatorToken, permanentKey, providerSecret, setupKey, TestHost } from "./support/TestHost.ts"
import * as TestHosts from "./support/TestHost.ts"

const providerTypes = [
  { id: "prv-backend", name: "Backend take-home" },
  { id: "prv-frontend", name: "Frontend pairing" }
]

/** The host with `FULCRUM_PROVIDER_URL` pointing at a provider sandbox sharing its secret. */
const WithProvider = Layer.unwrap(Effect.gen(function*() {
  const provider = yield* ProviderSandbox.ProviderSandbox
  return TestHosts.layerWith({ providerUrl: provider.url })
})).pipe(
  Layer.provideMerge(ProviderSandbox.layer({ secret: Redacted.make(providerSecret), interviewTypes: providerTypes }))
)

const newTeam = Effect.gen(function*() {
  const host = yield* TestHost
  const client = yield* host.client()
  const team = yield* AdminSetup.createTeam(client, "Provider Types", { baseUrl: host.sandbox.baseUrl, setupKey, permanentKey })
  return { host, client, teamId: team.settings.teamId }
})

const path = (teamId: string) => `/api/teams/${teamId}/provider/interview-types`

layer(WithProvider, { excludeTestServices: true })("provider interview types, provider configured", (it) => {
  describe("GET /api/teams/{teamId}/provider/interview-types", () => {
    it.effect("lists the provider's types for the team (typed client and raw JSON); an unknown team is a 404", () =>
      Effect.gen(function*() {
        const { client, host, teamId } = yield* newTeam
        const listed = yield* client.teams.providerInterviewTypes({ params: { teamId } })
        assert.deepStrictEqual(listed, { interviewTypes: providerTypes })

        const raw = yield* host.request("GET", path(teamId), { headers: bearer(operatorToken) })
        assert.strictEqual(raw.status, 200, raw.text)
        assert.deepStrictEqual(raw.json, { interviewTypes: providerTypes })

        const unknown = yield* host.request("GET", path("no-such-team"), { headers: bearer(operatorToken) })
        assert.strictEqual(unknown.status, 404, unknown.text)
      }))

    it.effect("the provider down (5xx on every try) or refusing (4xx with its message): 502 ProviderUnavailable", () =>
      Effect.gen(function*() {
        const { host, teamId } = yield* newTeam
        const provider = yield* ProviderSandbox.ProviderSandbox
        provider.faults.queue.push({ kind: "status", status: 503, path: "/v1/interview-types", count: 10 })
        const down = yield* host.request("GET", path(teamId), { headers: bearer(operatorToken) })
        provider.faults.queue.length = 0
        assert.strictEqual(down.status, 502, down.text)
        assert.deepInclude(down.json as object, { _tag: "ProviderUnavailable", reason: "Unreachable" })

        provider.faults.queue.push({
          kind: "status",
          status: 403,
          code: "UnknownTeam",
          message: "This team has no account here",
          path: "/v1/interview-types",
          count: 1
        })
        const refused = yield* host.request("GET", path(teamId), { headers: bearer(operatorToken) })
        assert.strictEqual(refused.status, 502, refused.text)
        assert.deepInclude(refused.json as object, { _tag: "ProviderUnavailable", reason: "Refused" })
        assert.include((refused.json as { message: string }).message, "This team has no account here")

        // Back up: listed again.
        const again = yield* host.request("GET", path(teamId), { headers: bearer(operatorToken) })
        assert.strictEqual(again.status, 200, again.text)
      }))
  })
})

layer(TestHosts.layer, { excludeTestServices: true })("provider interview types, no provider", (it) => {
  it.effect("without FULCRUM_PROVIDER_URL: 422 ProviderNotConfigured, and an id typed by hand is still taken", () =>
    Effect.gen(function*() {
      const { client, host, teamId } = yield* newTeam
      const answer = yield* host.request("GET", path(teamId), { headers: bearer(operatorToken) })
      assert.strictEqual(answer.status, 422, answer.text)
      assert.deepInclude(answer.json as object, { _tag: "Unprocessable", reason: "ProviderNotConfigured" })

      const added = yield* client.teams.addInterviewType({
        params: { teamId },
        payload: { name: "Backend", tag: "Backend", providerInterviewTypeId: "typed-by-hand" }
      })
      assert.strictEqual(added.body.providerInterviewTypeId, "typed-by-hand")
    }))
})
