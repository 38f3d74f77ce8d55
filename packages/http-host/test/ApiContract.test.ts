/**
 * The shape of the API as an outside client reads it, over raw HTTP: a created resource comes back as
 * itself with `Location`; a team carries its id at the top and its webhook URLs; the Lever environment
 * has one shape in requests and responses; every time is ISO-8601.
 */
import { assert, layer } from "@effect/vitest"
import { Effect } from "effect"
import { bearer, operatorToken, TestHost } from "./support/TestHost.ts"
import * as TestHosts from "./support/TestHost.ts"

const operator = { ...bearer(operatorToken), "content-type": "application/json" }
const isoTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

interface TeamBody {
  readonly teamId: string
  readonly settings: { readonly createdAt: unknown; readonly lever: unknown } & Record<string, unknown>
  readonly webhookUrls: Record<string, string>
}

layer(TestHosts.layer, { excludeTestServices: true })("the API's contract shape", (it) => {
  it.effect("POST /api/teams: 201, Location, the team with its id at the top, its webhook URLs", () =>
    Effect.gen(function*() {
      const host = yield* TestHost
      const lever = { environment: "custom", baseUrl: host.sandbox.baseUrl }
      const created = yield* host.request("POST", "/api/teams", {
        headers: operator,
        body: JSON.stringify({ name: "Shape Co", lever })
      })
      assert.strictEqual(created.status, 201, created.text)
      const team = created.json as TeamBody
      assert.match(team.teamId, /^team_[0-9a-f]{32}$/)
      assert.strictEqual(created.headers.get("location"), `/api/teams/${team.teamId}`)
      assert.deepStrictEqual(team.settings.lever, lever, "the environment comes back in the shape it was sent")
      assert.notProperty(team.settings, "environment")
      assert.match(String(team.settings.createdAt), isoTime)
      assert.strictEqual(team.webhookUrls["stageChange"], `${host.url}/webhooks/lever/${team.teamId}/stage-change`)

      const fetched = yield* host.request("GET", created.headers.get("location")!, { headers: operator })
      assert.strictEqual(fetched.status, 200)
      assert.deepStrictEqual((fetched.json as TeamBody).webhookUrls, team.webhookUrls, "GET carries the webhook URLs")

      const moved = yield* host.request("PUT", `/api/teams/${team.teamId}/lever/environment`, {
        headers: operator,
        body: JSON.stringify({ environment: "sandbox" })
      })
      assert.deepStrictEqual((moved.json as TeamBody).settings.lever, { environment: "sandbox" })
    }))

  it.effect("a created team token has a Location and ISO-8601 times", () =>
    Effect.gen(function*() {
      const host = yield* TestHost
      const created = yield* host.request("POST", "/api/teams", {
        headers: operator,
        body: JSON.stringify({ name: "Token Co", lever: { environment: "sandbox" } })
      })
      const { teamId } = created.json as TeamBody
      const issued = yield* host.request("POST", `/api/teams/${teamId}/tokens`, {
        headers: operator,
        body: JSON.stringify({ label: "CI" })
      })
      assert.strictEqual(issued.status, 201)
      const token = issued.json as { tokenId: string; createdAt: unknown; lastUsedAt: unknown }
      assert.strictEqual(issued.headers.get("location"), `/api/teams/${teamId}/tokens/${token.tokenId}`)
      assert.match(String(token.createdAt), isoTime)
      assert.isNull(token.lastUsedAt)
    }))
})
