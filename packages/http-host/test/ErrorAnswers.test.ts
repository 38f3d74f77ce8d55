/**
 * What the host answers when a request cannot be served: always JSON `{"_tag", "message", ...}` with
 * the status that tells a client what to change (401 who, 403 may not, 404 no such thing, 405 which
 * method, 413 too big, 422 the setup refuses it and why, 400 which parts of the request are wrong),
 * always with a request id. Sent raw, so nothing on the client's side fixes the request first.
 */
import { assert, describe, layer } from "@effect/vitest"
import { Effect } from "effect"
import * as AdminSetup from "./support/AdminSetup.ts"
import { bearer, maxBodyBytes, operatorToken, permanentKey, setupKey, TestHost } from "./support/TestHost.ts"
import * as TestHosts from "./support/TestHost.ts"
import type { RawResponse } from "./support/TestHost.ts"

const operator = { ...bearer(operatorToken), "content-type": "application/json" }
const json = { "content-type": "application/json" }

/** A JSON error with this status and tag; returns its body. */
const expectError = (response: RawResponse, status: number, tag: string) => {
  assert.strictEqual(response.status, status, response.text)
  assert.match(response.headers.get("content-type") ?? "", /^application\/json/)
  assert.isNotEmpty(response.headers.get("x-request-id") ?? "", "a request id to quote to the operator")
  const body = response.json as { readonly _tag: string; readonly message: string } & Record<string, unknown>
  assert.strictEqual(body._tag, tag, response.text)
  assert.isNotEmpty(body.message)
  return body
}

/** The failing paths an `InvalidRequest` lists. */
const problemPaths = (body: Record<string, unknown>) =>
  (body["problems"] as ReadonlyArray<{ readonly path: string; readonly message: string }>).map((problem) => problem.path)

/** A team set up on the host's sandbox, and its Lever stage ids by name. */
const readyTeam = (name: string) =>
  Effect.gen(function*() {
    const host = yield* TestHost
    const client = yield* host.client()
    const team = yield* AdminSetup.setupTeam(client, name, { baseUrl: host.sandbox.baseUrl, setupKey, permanentKey })
    const stages = (yield* client.teams.leverStages({ params: { teamId: team.settings.teamId }, payload: {} })).stages
    const stageId = (text: string) => stages.find((stage) => stage.text === text)!.id
    return { host, client, teamId: team.settings.teamId, stageId }
  })

/** An id shaped like a real team id that no team has. */
const unknownTeamId = "team_00000000000000000000000000000000"

layer(TestHosts.layer, { excludeTestServices: true })("error answers", (it) => {
  describe("401 without a valid admin token", () => {
    it.effect("no token, a wrong token, and a team token after it was revoked", () =>
      Effect.gen(function*() {
        const { client, host, teamId } = yield* readyTeam("Auth")
        const none = expectError(yield* host.request("GET", "/api/teams"), 401, "Unauthorized")
        assert.include(none.message, "Authorization: Bearer")
        expectError(yield* host.request("GET", "/api/teams", { headers: bearer("not-the-operator-token") }), 401, "Unauthorized")
        expectError(
          yield* host.request("GET", "/api/teams", { headers: { authorization: `Basic ${btoa(`${operatorToken}:`)}` } }),
          401,
          "Unauthorized"
        )

        const { body: issued } = yield* client.teams.issueToken({ params: { teamId }, payload: { label: "CI" } })
        const before = yield* host.request("GET", `/api/teams/${teamId}`, { headers: bearer(issued.token) })
        assert.strictEqual(before.status, 200, "the team token works for its team")
        yield* client.teams.revokeToken({ params: { teamId, tokenId: issued.tokenId } })
        const revoked = expectError(
          yield* host.request("GET", `/api/teams/${teamId}`, { headers: bearer(issued.token) }),
          401,
          "Unauthorized"
        )
        assert.include(revoked.message, "revoked")
        assert.deepStrictEqual((yield* client.teams.listTokens({ params: { teamId } })).tokens, [])
      }))

    it.effect("a webhook whose signature does not check out", () =>
      Effect.gen(function*() {
        const { host, teamId } = yield* readyTeam("Signed")
        const forged = JSON.stringify({
          triggeredAt: Date.now(),
          event: "candidateStageChange",
          data: { opportunityId: "opp-1", candidateId: "opp-1", contactId: "c-1", toStageId: "x", fromStageId: "y" },
          token: "ab".repeat(24),
          signature: "00".repeat(32)
        })
        const body = expectError(
          yield* host.request("POST", `/webhooks/lever/${teamId}/stage-change`, { headers: json, body: forged }),
          401,
          "Unauthorized"
        )
        assert.include(body.message, "signature")
      }))
  })

  describe("403 for a team token asking for an operator action", () => {
    it.effect("creating a team, or issuing and listing tokens", () =>
      Effect.gen(function*() {
        const { client, host, teamId } = yield* readyTeam("Scoped")
        const { token } = (yield* client.teams.issueToken({ params: { teamId }, payload: { label: "team admin" } })).body
        const asTeam = { ...bearer(token), ...json }
        const create = JSON.stringify({ name: "Mine", lever: { environment: "sandbox" } })
        const body = expectError(yield* host.request("POST", "/api/teams", { headers: asTeam, body: create }), 403, "Forbidden")
        assert.include(body.message, "operator")
        expectError(
          yield* host.request("POST", `/api/teams/${teamId}/tokens`, { headers: asTeam, body: JSON.stringify({ label: "more" }) }),
          403,
          "Forbidden"
        )
        expectError(yield* host.request("GET", `/api/teams/${teamId}/tokens`, { headers: asTeam }), 403, "Forbidden")
        assert.deepStrictEqual(
          (yield* client.teams.list()).teams.filter((team) => team.name === "Mine"),
          [],
          "no team was created"
        )
      }))
  })

  describe("404 for what does not exist or is not the caller's", () => {
    it.effect("unknown team, candidate, event and interview", () =>
      Effect.gen(function*() {
        const { host, teamId } = yield* readyTeam("Lookups")
        const team = expectError(yield* host.request("GET", `/api/teams/${unknownTeamId}`, { headers: operator }), 404, "NotFound")
        assert.include(team.message, unknownTeamId)
        const candidate = expectError(
          yield* host.request("GET", `/api/teams/${teamId}/candidates/opp-unknown`, { headers: operator }),
          404,
          "NotFound"
        )
        assert.include(candidate.message, "opp-unknown")
        expectError(
          yield* host.request("POST", `/api/teams/${teamId}/events/evt-unknown/replay`, { headers: operator }),
          404,
          "NotFound"
        )
        const result = JSON.stringify({ score: 3, summary: "ok", reportUrl: "https://assess.example/r/1" })
        expectError(
          yield* host.request("POST", `/api/teams/${teamId}/interviews/int-unknown/result`, { headers: operator, body: result }),
          404,
          "NotFound"
        )
        expectError(
          yield* host.request("POST", `/webhooks/lever/${unknownTeamId}/stage-change`, { headers: json, body: "{}" }),
          404,
          "NotFound"
        )
        const route = expectError(yield* host.request("GET", "/no/such/route"), 404, "NotFound")
        assert.include(route.message, "/no/such/route")
      }))

    it.effect("a team token reaching another team gets exactly the answer of an unknown team", () =>
      Effect.gen(function*() {
        const { client, teamId } = yield* readyTeam("Own")
        const { host, teamId: otherId } = yield* readyTeam("Other")
        const { token } = (yield* client.teams.issueToken({ params: { teamId }, payload: { label: "own team" } })).body
        assert.strictEqual(otherId.length, unknownTeamId.length)
        const asTeam = { ...bearer(token), ...json }
        for (const [method, path] of [
          ["GET", ""],
          ["GET", "/checklist"],
          ["GET", "/candidates"],
          ["GET", "/events"],
          ["PUT", "/integration"]
        ] as const) {
          const body = method === "PUT" ? JSON.stringify({ enabled: false }) : undefined
          const other = yield* host.request(method, `/api/teams/${otherId}${path}`, { headers: asTeam, ...(body ? { body } : {}) })
          const unknown = yield* host.request(method, `/api/teams/${unknownTeamId}${path}`, { headers: asTeam, ...(body ? { body } : {}) })
          expectError(other, 404, "NotFound")
          assert.strictEqual(other.headers.get("content-type"), unknown.headers.get("content-type"))
          assert.strictEqual(
            other.text.replaceAll(otherId, "<team>"),
            unknown.text.replaceAll(unknownTeamId, "<team>"),
            `${method} ${path}: the same answer as for a team that does not exist`
          )
        }
        assert.isTrue((yield* client.teams.get({ params: { teamId: otherId } })).settings.integrationEnabled, "nothing changed")
        assert.deepStrictEqual(
          (yield* (yield* host.client(token)).teams.list()).teams.map((team) => team.teamId),
          [teamId],
          "the team token lists only its team"
        )
      }))
  })

  describe("405 with the methods the path takes", () => {
    it.effect("a known path with another method", () =>
      Effect.gen(function*() {
        const host = yield* TestHost
        const remove = yield* host.request("DELETE", `/api/teams/${unknownTeamId}`, { headers: operator })
        expectError(remove, 405, "MethodNotAllowed")
        assert.strictEqual(remove.headers.get("allow"), "GET")
        const read = yield* host.request("GET", `/webhooks/lever/${unknownTeamId}/stage-change`)
        expectError(read, 405, "MethodNotAllowed")
        assert.strictEqual(read.headers.get("allow"), "POST")
        const patch = yield* host.request("PATCH", "/api/teams", { headers: operator })
        const body = expectError(patch, 405, "MethodNotAllowed")
        assert.sameMembers((patch.headers.get("allow") ?? "").split(", "), ["GET", "POST"])
        assert.include(body.message, "PATCH")
      }))
  })

  describe("413 above the body limit", () => {
    const oversized = JSON.stringify({ name: "x".repeat(maxBodyBytes), lever: { environment: "sandbox" } })

    it.effect("a declared length over the limit, on admin endpoints and webhooks", () =>
      Effect.gen(function*() {
        const host = yield* TestHost
        const body = expectError(yield* host.request("POST", "/api/teams", { headers: operator, body: oversized }), 413, "PayloadTooLarge")
        assert.strictEqual(body["limitBytes"], maxBodyBytes)
        assert.include(body.message, String(maxBodyBytes))
        expectError(
          yield* host.request("POST", `/webhooks/lever/${unknownTeamId}/stage-change`, { headers: json, body: oversized }),
          413,
          "PayloadTooLarge"
        )
        assert.deepStrictEqual((yield* (yield* host.client()).teams.list()).teams.filter((team) => team.name.startsWith("xxx")), [])
      }))

    it.effect("a chunked body (no declared length) that grows over the limit, on admin endpoints and webhooks", () =>
      Effect.gen(function*() {
        const host = yield* TestHost
        for (const [path, headers] of [[`/webhooks/lever/${unknownTeamId}/stage-change`, json], ["/api/teams", operator]] as const) {
          expectError(yield* host.request("POST", path, { headers, body: oversized, chunked: true }), 413, "PayloadTooLarge")
        }
      }))
  })

  describe("415 for a body not sent as JSON", () => {
    it.effect("an admin body with another content type", () =>
      Effect.gen(function*() {
        const host = yield* TestHost
        const body = expectError(
          yield* host.request("POST", "/api/teams", {
            headers: { ...bearer(operatorToken), "content-type": "text/plain" },
            body: JSON.stringify({ name: "Plain", lever: { environment: "sandbox" } })
          }),
          415,
          "UnsupportedMediaType"
        )
        assert.include(body.message, "application/json")
      }))
  })

  describe("422 when the setup refuses a well-formed request", () => {
    it.effect("stage mappings: a stage twice, a stage Lever does not have, a provider stage left out", () =>
      Effect.gen(function*() {
        const { host, stageId, teamId } = yield* readyTeam("Stages")
        const put = (mapping: Record<string, string>) =>
          host.request("PUT", `/api/teams/${teamId}/stage-mapping`, { headers: operator, body: JSON.stringify(mapping) })
        const assessment = stageId("Technical Assessment")
        const onsite = stageId("Onsite Interview")
        const offer = stageId("Offer")

        const twice = expectError(yield* put({ assessment, onsite: assessment, offer }), 422, "Unprocessable")
        assert.strictEqual(twice["reason"], "StageMappedTwice")
        assert.include(twice.message, assessment)
        assert.include(twice.message, "assessment")
        assert.include(twice.message, "onsite")

        const unknown = expectError(yield* put({ assessment: "stage-that-is-not-in-lever", onsite, offer }), 422, "Unprocessable")
        assert.strictEqual(unknown["reason"], "UnknownLeverStage")
        assert.include(unknown.message, "stage-that-is-not-in-lever")

        const missing = expectError(yield* put({ assessment, onsite }), 422, "Unprocessable")
        assert.strictEqual(missing["reason"], "StageNotChosen")
        assert.match(missing.message, /^Choose a Lever stage for offer:/)
        const twoMissing = expectError(yield* put({ assessment }), 422, "Unprocessable")
        assert.match(twoMissing.message, /^Choose a Lever stage for onsite and offer:/)

        const team = yield* (yield* host.client()).teams.get({ params: { teamId } })
        assert.strictEqual(team.settings.stageMapping?.assessment.stageId, assessment, "the mapping is unchanged")
        assert.strictEqual(team.settings.stageMapping?.onsite.stageId, onsite)
      }))

    it.effect("an archive reason Lever does not have", () =>
      Effect.gen(function*() {
        const { host, teamId } = yield* readyTeam("Reasons")
        const body = expectError(
          yield* host.request("PUT", `/api/teams/${teamId}/archive-reasons/reason-not-in-lever`, {
            headers: operator,
            body: JSON.stringify({ offerStatus: "Rejected" })
          }),
          422,
          "Unprocessable"
        )
        assert.strictEqual(body["reason"], "UnknownArchiveReason")
        assert.include(body.message, "reason-not-in-lever")
      }))

    it.effect("an offer status outside the five is a 422 with the accepted ones, like an unknown reason", () =>
      Effect.gen(function*() {
        const { host, teamId } = yield* readyTeam("Statuses")
        const reasons = yield* (yield* host.client()).teams.leverArchiveReasons({ params: { teamId }, payload: {} })
        const reasonId = reasons.reasons.find((reason) => reason.text === "Hired")!.id
        const body = expectError(
          yield* host.request("PUT", `/api/teams/${teamId}/archive-reasons/${reasonId}`, {
            headers: operator,
            body: JSON.stringify({ offerStatus: "Hired" })
          }),
          422,
          "Unprocessable"
        )
        assert.strictEqual(body["reason"], "UnknownOfferStatus")
        assert.include(body.message, "Hired")
        assert.deepStrictEqual(body["accepted"], ["Rejected", "Withdrew", "Offer Accepted", "Offer Declined", "Not Applicable"])
      }))

    it.effect("a stage left empty, blank or null is not chosen: 422 StageNotChosen naming it", () =>
      Effect.gen(function*() {
        const { host, stageId, teamId } = yield* readyTeam("Blank stages")
        const put = (mapping: Record<string, string | null>) =>
          host.request("PUT", `/api/teams/${teamId}/stage-mapping`, { headers: operator, body: JSON.stringify(mapping) })
        const onsite = stageId("Onsite Interview")
        const offer = stageId("Offer")
        for (const empty of ["", "   ", null]) {
          const body = expectError(yield* put({ assessment: empty, onsite, offer }), 422, "Unprocessable")
          assert.strictEqual(body["reason"], "StageNotChosen", JSON.stringify(empty))
          assert.match(body.message, /^Choose a Lever stage for assessment:/)
        }
        const all = expectError(yield* put({ assessment: "", onsite: null, offer: " " }), 422, "Unprocessable")
        assert.match(all.message, /^Choose a Lever stage for assessment and onsite and offer:/)
      }))
  })

  describe("400 for input that must never be stored", () => {
    const badBaseUrls = [
      "",
      "not a url",
      "javascript:alert(1)",
      "file:///etc/passwd",
      "http://lever.example/v1",
      "https://user:secret@lever.example/v1",
      "https://lever.example/v1#top",
      "https://lever.example/v1 ",
      `https://lever.example/${"a".repeat(2_030)}`
    ]

    it.effect("a custom Lever base URL that is not absolute https: (http: on loopback), bounded, without credentials or fragment", () =>
      Effect.gen(function*() {
        const { host, teamId } = yield* readyTeam("Base URLs")
        for (const baseUrl of badBaseUrls) {
          const lever = { environment: "custom", baseUrl }
          const created = expectError(
            yield* host.request("POST", "/api/teams", { headers: operator, body: JSON.stringify({ name: "Bad URL", lever }) }),
            400,
            "InvalidRequest"
          )
          assert.deepStrictEqual(problemPaths(created), ["$.payload.lever.baseUrl"], baseUrl.slice(0, 60))
          const moved = expectError(
            yield* host.request("PUT", `/api/teams/${teamId}/lever/environment`, { headers: operator, body: JSON.stringify(lever) }),
            400,
            "InvalidRequest"
          )
          assert.deepStrictEqual(problemPaths(moved), ["$.payload.baseUrl"], baseUrl.slice(0, 60))
        }
        const client = yield* host.client()
        assert.deepStrictEqual((yield* client.teams.list()).teams.filter((team) => team.name === "Bad URL"), [], "no team was created")
        for (const baseUrl of ["https://lever.example/v1", "http://127.0.0.2:4010/v1", "http://localhost:4010", "http://[::1]:4010/v1"]) {
          const created = yield* host.request("POST", "/api/teams", {
            headers: operator,
            body: JSON.stringify({ name: "Good URL", lever: { environment: "custom", baseUrl } })
          })
          assert.strictEqual(created.status, 201, `${baseUrl}: ${created.text}`)
        }
      }))

    it.effect("an unknown field on any body route is refused, naming it", () =>
      Effect.gen(function*() {
        const { host, teamId } = yield* readyTeam("Unknown fields")
        const team = `/api/teams/${teamId}`
        const routes: ReadonlyArray<readonly [string, string, Record<string, unknown>]> = [
          ["POST", "/api/teams", { name: "X", lever: { environment: "sandbox" } }],
          ["PUT", `${team}/integration`, { enabled: true }],
          ["PUT", `${team}/lever/environment`, { environment: "sandbox" }],
          ["PUT", `${team}/permanent-key`, { key: "k" }],
          ["POST", `${team}/lever/stages`, {}],
          ["POST", `${team}/lever/archive-reasons`, {}],
          ["PUT", `${team}/stage-mapping`, {}],
          ["PUT", `${team}/archive-reasons/reason`, { offerStatus: "Rejected" }],
          ["PUT", `${team}/signing-tokens/stage-change`, { token: "t" }],
          ["POST", `${team}/interview-types`, { name: "N", tag: "t" }],
          ["PUT", `${team}/progress-tags`, { enabled: false, prefix: "Assessment" }],
          ["POST", `${team}/lever/webhooks/register`, {}],
          ["POST", `${team}/tokens`, { label: "CI" }],
          ["POST", `${team}/interviews/iv-1/result`, { score: 1, summary: "s", reportUrl: "https://r.example" }]
        ]
        for (const [method, path, body] of routes) {
          const refused = expectError(
            yield* host.request(method, path, { headers: operator, body: JSON.stringify({ ...body, colour: "blue" }) }),
            400,
            "InvalidRequest"
          )
          assert.include(problemPaths(refused), "$.payload.colour", `${method} ${path}`)
        }
        const nested = expectError(
          yield* host.request("POST", "/api/teams", {
            headers: operator,
            body: JSON.stringify({ name: "X", lever: { environment: "sandbox", region: "eu" } })
          }),
          400,
          "InvalidRequest"
        )
        assert.deepStrictEqual(problemPaths(nested), ["$.payload.lever.region"])
      }))

    it.effect("a secret with a NUL, a control character or a lone surrogate", () =>
      Effect.gen(function*() {
        const { host, teamId } = yield* readyTeam("Secrets")
        // Written as JSON escapes, as a client would send them.
        for (const secret of ["abc\\u0000def", "abc\\u0007def", "\\ud800abc", "abc\\u007fdef", "abc def"]) {
          for (const [path, field] of [
            [`/api/teams/${teamId}/permanent-key`, "key"],
            [`/api/teams/${teamId}/signing-tokens/stage-change`, "token"],
            [`/api/teams/${teamId}/lever/stages`, "setupKey"]
          ] as const) {
            const method = field === "setupKey" ? "POST" : "PUT"
            const refused = expectError(
              yield* host.request(method, path, { headers: operator, body: `{"${field}":"${secret}"}` }),
              400,
              "InvalidRequest"
            )
            assert.deepStrictEqual(problemPaths(refused), [`$.payload.${field}`], `${path} ${secret}`)
          }
        }
      }))

    it.effect("a path parameter over 100 characters is a 404, not a 405", () =>
      Effect.gen(function*() {
        const { host, teamId } = yield* readyTeam("Long ids")
        const long = "x".repeat(101)
        for (const [method, path, headers] of [
          ["GET", `/api/teams/${long}`, operator],
          ["POST", `/api/teams/${long}/lever/stages`, operator],
          ["GET", `/api/teams/${teamId}/candidates/${long}`, operator],
          ["POST", `/webhooks/lever/${long}/stage-change`, json]
        ] as const) {
          const response = yield* host.request(method, path, { headers, ...(method === "POST" ? { body: "{}" } : {}) })
          const body = expectError(response, 404, "NotFound")
          assert.include(body.message, "100 characters", path)
          assert.isNull(response.headers.get("allow"))
        }
      }))
  })

  describe("400 listing what is wrong, by path", () => {
    it.effect("a body that is not JSON", () =>
      Effect.gen(function*() {
        const { host, teamId } = yield* readyTeam("Json")
        const body = expectError(yield* host.request("POST", "/api/teams", { headers: operator, body: "{\"name\": " }), 400, "InvalidRequest")
        assert.deepStrictEqual(problemPaths(body), ["$.payload"])
        const webhook = expectError(
          yield* host.request("POST", `/webhooks/lever/${teamId}/stage-change`, { headers: json, body: "{nope" }),
          400,
          "InvalidRequest"
        )
        assert.include(webhook.message, "JSON")
      }))

    it.effect("wrong types: every failing path is listed, in the body and in the query", () =>
      Effect.gen(function*() {
        const { host, teamId } = yield* readyTeam("Types")
        const body = expectError(
          yield* host.request("POST", "/api/teams", {
            headers: operator,
            body: JSON.stringify({ name: 42, lever: { environment: "mars" } })
          }),
          400,
          "InvalidRequest"
        )
        assert.sameMembers(problemPaths(body), ["$.payload.name", "$.payload.lever.environment"])
        const query = expectError(
          yield* host.request("GET", `/api/teams/${teamId}/candidates?inviteState=bogus&limit=0`, { headers: operator }),
          400,
          "InvalidRequest"
        )
        assert.sameMembers(problemPaths(query), ["$.query.inviteState", "$.query.limit"])
      }))

    it.effect("control characters in ids of webhook and admin paths", () =>
      Effect.gen(function*() {
        const { host, teamId } = yield* readyTeam("Controls")
        for (const [method, path, headers] of [
          ["POST", "/webhooks/lever/te%00am/stage-change", json],
          ["POST", "/webhooks/lever/te%0Aam/archive-change", json],
          ["GET", "/api/teams/te%00am", operator],
          ["GET", `/api/teams/${teamId}/candidates/opp%01ortunity`, operator],
          ["POST", `/api/teams/${teamId}/events/ev%00ent/replay`, operator]
        ] as const) {
          const response = yield* host.request(method, path, { headers, ...(method === "POST" ? { body: "{}" } : {}) })
          const body = expectError(response, 400, "InvalidRequest")
          assert.lengthOf(problemPaths(body), 1, path)
          assert.match(problemPaths(body)[0]!, /^\$\.params\.\w+$/, path)
          assert.include(body.message, "control character", path)
          assert.notInclude(response.text, "\u0000")
        }
      }))
  })
})
