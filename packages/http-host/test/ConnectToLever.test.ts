/**
 * Connect to Lever over HTTP, as the admin's browser lives it against the Lever sandbox's OAuth pages:
 * "Connect" redirects to Lever's consent with a cookie that ties the flow to this browser; Lever sends
 * the browser back; the callback stores the tokens and registers the webhooks, so the checklist has
 * nothing to copy by hand. A callback without that browser's cookie, or a second use of it, is refused.
 * When the Super Admin disconnects the app in Lever, the next health check says "reconnect needed".
 */
import { assert, layer } from "@effect/vitest"
import { Effect } from "effect"
import { bearer, operatorToken, TestHost } from "./support/TestHost.ts"
import * as TestHosts from "./support/TestHost.ts"

/** Lever's consent page, approved: where it sends the browser back to. */
const consent = (authorizeUrl: string) =>
  Effect.promise(async () => {
    const response = await fetch(authorizeUrl, { redirect: "manual" })
    return response.headers.get("location") ?? ""
  })

const cookieOf = (setCookie: string | null) => (setCookie ?? "").split(";")[0] ?? ""

/** What the browser gets for "Connect to Lever": the redirect itself, not where it leads. */
const startConnect = (url: string) =>
  Effect.promise(async () => {
    const response = await fetch(url, { headers: bearer(operatorToken), redirect: "manual" })
    return { status: response.status, headers: response.headers, text: await response.text() }
  })

layer(TestHosts.layer, { excludeTestServices: true })("Connect to Lever", (it) => {
  const start = Effect.gen(function*() {
    const host = yield* TestHost
    const client = yield* host.client()
    const { body: team } = yield* client.teams.create({
      payload: { name: "OAuth Co", lever: { environment: "custom", baseUrl: host.sandbox.baseUrl } }
    })
    const teamId = team.teamId
    const connect = yield* startConnect(`${host.url}/api/teams/${teamId}/lever/connect`)
    return { host, client, teamId, connect }
  })

  it.effect("redirects to Lever's consent, and the callback connects the team and registers its webhooks", () =>
    Effect.gen(function*() {
      const { client, connect, host, teamId } = yield* start
      assert.strictEqual(connect.status, 302, connect.text)
      assert.match(JSON.parse(connect.text).expiresAt, /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/, "times are ISO-8601")
      const authorizeUrl = new URL(connect.headers.get("location") ?? "")
      assert.strictEqual(authorizeUrl.searchParams.get("response_type"), "code")
      assert.strictEqual(authorizeUrl.searchParams.get("redirect_uri"), `${host.url}/oauth/lever/callback`)
      assert.include(authorizeUrl.searchParams.get("scope") ?? "", "offline_access")
      const setCookie = connect.headers.get("set-cookie") ?? ""
      assert.match(setCookie, /^fulcrum_lever_connect=/)
      assert.match(setCookie, /HttpOnly/i)
      assert.match(setCookie, /Path=\/oauth\/lever\/callback/i)

      const back = new URL(yield* consent(authorizeUrl.toString()))
      const landed = yield* host.request("GET", `${back.pathname}${back.search}`, { headers: { cookie: cookieOf(setCookie) } })
      assert.strictEqual(landed.status, 200, landed.text)
      assert.include(landed.text, "Connected OAuth Co to Lever")
      assert.include(landed.text, "registered its webhooks")

      const team = yield* client.teams.get({ params: { teamId } })
      assert.strictEqual(team.settings.connection._tag, "OAuth")
      assert.deepStrictEqual(Object.keys(team.settings.signingTokens).sort(), ["archiveChange", "stageChange"])
      const connectItem = team.checklist.items.find((item) => item.id === "connection")
      assert.isTrue(connectItem?.done ?? false, JSON.stringify(team.checklist.items))

      // The same link again (a reload, or someone who copied it) is refused: the flow is single-use.
      const again = yield* host.request("GET", `${back.pathname}${back.search}`, { headers: { cookie: cookieOf(setCookie) } })
      assert.strictEqual(again.status, 400)
      assert.strictEqual((again.json as { _tag: string })._tag, "InvalidRequest")
    }))

  it.effect("a callback from a browser that did not start the flow is refused, and nothing is connected", () =>
    Effect.gen(function*() {
      const { client, connect, host, teamId } = yield* start
      const back = new URL(yield* consent(connect.headers.get("location") ?? ""))
      const lured = yield* host.request("GET", `${back.pathname}${back.search}`)
      assert.strictEqual(lured.status, 400)
      assert.include((lured.json as { message: string }).message, "did not start")
      const team = yield* client.teams.get({ params: { teamId } })
      assert.strictEqual(team.settings.connection._tag, "NotConnected")
    }))

  it.effect("an app disconnected in Lever shows as reconnect needed after the next health check", () =>
    Effect.gen(function*() {
      const { client, connect, host, teamId } = yield* start
      const back = new URL(yield* consent(connect.headers.get("location") ?? ""))
      const cookie = cookieOf(connect.headers.get("set-cookie"))
      assert.strictEqual((yield* host.request("GET", `${back.pathname}${back.search}`, { headers: { cookie } })).status, 200)

      const grants = yield* host.sandbox.control.oauth.grants()
      for (const grant of grants) yield* Effect.orDie(host.sandbox.control.oauth.revokeGrant(grant.id))
      yield* Effect.ignore(client.teams.healthCheck({ params: { teamId } }))

      const team = yield* client.teams.get({ params: { teamId } })
      assert.strictEqual(team.settings.connection._tag, "OAuth")
      assert.isNotNull(team.settings.connection._tag === "OAuth" ? team.settings.connection.reconnectNeeded : null)
      const problem = team.checklist.items.find((item) => !item.done && /reconnect|Connect to Lever/i.test(`${item.problem} ${item.fix}`))
      assert.isDefined(problem, JSON.stringify(team.checklist.items))
    }))

  it.effect("a team token cannot start Connect for another team (404, as for an unknown team)", () =>
    Effect.gen(function*() {
      const { host, teamId } = yield* start
      const { body: other } = yield* (yield* host.client()).teams.create({ payload: { name: "Other", lever: { environment: "sandbox" } } })
      const { body: token } = yield* (yield* host.client()).teams.issueToken({ params: { teamId: other.teamId }, payload: { label: "other" } })
      const refused = yield* host.request("GET", `/api/teams/${teamId}/lever/connect`, { headers: bearer(token.token) })
      assert.strictEqual((refused.json as { _tag: string })._tag, "NotFound")
      assert.strictEqual(refused.status, 404)
    }))
})
