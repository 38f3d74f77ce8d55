/**
 * No secret ever leaves the host: not in a response, not in a log line (at any level), not in the
 * security log. The test uses recognisable secrets — the operator token, the Lever setup and permanent
 * keys, the signing tokens Lever issued and one pasted by hand, a team token, and wrong keys and tokens
 * an admin might paste by mistake — walks the whole admin API and the error paths with them, then
 * searches everything the host said.
 */
import { assert, layer } from "@effect/vitest"
import { Effect } from "effect"
import * as AdminSetup from "./support/AdminSetup.ts"
import { bearer, operatorToken, permanentKey, setupKey, TestHost } from "./support/TestHost.ts"
import * as TestHosts from "./support/TestHost.ts"

const pastedSigningToken = "signing-token-SECRET-6f0e2d4c8a1b"
const wrongPermanentKey = "wrong-permanent-key-SECRET-9d3c7b1a"
const wrongSetupKey = "wrong-setup-key-SECRET-2e8f4a6c"
const wrongOperatorToken = "wrong-operator-token-SECRET-0c5a9e3d"

layer(TestHosts.layer, { excludeTestServices: true })("secrets", (it) => {
  it.effect("no response, log line or security-log entry contains a secret", () =>
    Effect.gen(function*() {
      const host = yield* TestHost
      const client = yield* host.client()
      const operator = { ...bearer(operatorToken), "content-type": "application/json" }
      const put = (path: string, body: unknown) => host.request("PUT", path, { headers: operator, body: JSON.stringify(body) })
      const post = (path: string, body: unknown) => host.request("POST", path, { headers: operator, body: JSON.stringify(body) })

      const team = yield* AdminSetup.setupTeam(client, "Secretive", { baseUrl: host.sandbox.baseUrl, setupKey, permanentKey })
      const teamId = team.settings.teamId
      const base = `/api/teams/${teamId}`
      const hooks = (yield* host.sandbox.control.webhooks.list()).filter((hook) => hook.url.includes(teamId))
      for (const hook of hooks) yield* host.sandbox.control.verifyWebhook(hook.id)
      yield* client.teams.signingToken({ params: { teamId, webhook: "candidate-deleted" }, payload: { token: pastedSigningToken } })

      // Everything an admin reads.
      yield* client.teams.get({ params: { teamId } })
      yield* client.teams.list()
      yield* client.teams.checklist({ params: { teamId } })
      yield* client.teams.webhookUrls({ params: { teamId } })
      yield* client.teams.interviewTypes({ params: { teamId } })
      yield* client.teams.healthCheck({ params: { teamId } })
      yield* client.teams.leverStages({ params: { teamId }, payload: { setupKey } })
      yield* client.teams.leverArchiveReasons({ params: { teamId }, payload: {} })
      yield* client.activity.candidates({ params: { teamId }, query: {} })
      yield* client.activity.events({ params: { teamId }, query: {} })

      // A team token: shown once, when issued, then never again.
      const { body: issued } = yield* client.teams.issueToken({ params: { teamId }, payload: { label: "CI" } })
      const issuedAnswers = host.exchanges().filter((exchange) => exchange.body.includes(issued.token))
      assert.strictEqual(issuedAnswers.length, 1, "only the answer that issues the token shows it")
      yield* (yield* host.client(issued.token)).teams.get({ params: { teamId } })
      yield* client.teams.listTokens({ params: { teamId } })

      // Secrets in requests that fail: malformed, rejected by Lever, or not ours.
      assert.strictEqual((yield* put(`${base}/permanent-key`, { key: `${permanentKey} trailing words` })).status, 400)
      assert.strictEqual((yield* put(`${base}/permanent-key`, { key: wrongPermanentKey })).status, 422)
      assert.strictEqual((yield* post(`${base}/lever/stages`, { setupKey: wrongSetupKey })).status, 422)
      assert.strictEqual((yield* post(`${base}/lever/webhooks/register`, { setupKey: wrongSetupKey })).status, 422)
      assert.strictEqual((yield* put(`${base}/signing-tokens/stage-change`, { token: `${pastedSigningToken}\n` })).status, 400)
      assert.strictEqual((yield* put(`${base}/signing-tokens/stage-change`, { token: 42 })).status, 400)
      assert.strictEqual((yield* host.request("GET", base, { headers: bearer(wrongOperatorToken) })).status, 401)
      assert.strictEqual((yield* host.request("GET", base, { headers: bearer(`${operatorToken}x`) })).status, 401)
      const forged = JSON.stringify({
        triggeredAt: Date.now(),
        event: "candidateStageChange",
        data: {},
        token: "ab".repeat(24),
        signature: "00".repeat(32)
      })
      assert.strictEqual(
        (yield* host.request("POST", `/webhooks/lever/${teamId}/candidate-deleted`, {
          headers: { "content-type": "application/json" },
          body: forged
        })).status,
        401
      )

      const secrets = [
        operatorToken,
        setupKey,
        permanentKey,
        pastedSigningToken,
        issued.token,
        wrongPermanentKey,
        wrongSetupKey,
        wrongOperatorToken,
        ...hooks.map((hook) => hook.configuration.signatureToken)
      ]
      const answers = host.exchanges().filter((exchange) => exchange !== issuedAnswers[0])
      const logs = host.logs()
      const security = yield* host.securityLog
      assert.isAbove(answers.length, 25, "the sweep reached the host")
      assert.isNotEmpty(logs, "the host logged (so searching its logs means something)")
      assert.include(security, "BadSignature", "the forged webhook is in the security log")
      for (const secret of secrets) {
        for (const answer of answers) {
          assert.notInclude(answer.body, secret, `${answer.method} ${answer.url} (${answer.status}) shows a secret`)
        }
        for (const line of logs) assert.notInclude(line, secret, "a log line shows a secret")
        assert.notInclude(security, secret, "the security log shows a secret")
      }
    }))
})
