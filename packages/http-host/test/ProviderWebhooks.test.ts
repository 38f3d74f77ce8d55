/**
 * The provider webhook as an independent provider meets it (protocol v1): 404 for an unknown team before
 * any signature work, 401 for a missing, forged or stale signature (nothing stored, the security log
 * told, no secret anywhere), 400 for a malformed body, 202 accepted, 200 for a webhook-id already
 * received whatever the body; a webhook about an interview no candidate has is kept and listed.
 */
import { assert, describe, layer } from "@effect/vitest"
import { StandardWebhooks } from "@fulcrum/core"
import { Effect, Redacted } from "effect"
import * as AdminSetup from "./support/AdminSetup.ts"
import { bearer, operatorToken, permanentKey, providerSecret, setupKey, TestHost } from "./support/TestHost.ts"
import * as TestHosts from "./support/TestHost.ts"

const graded = (interviewId: string) =>
  JSON.stringify({
    type: "interview.graded",
    timestamp: new Date().toISOString(),
    data: { interviewId, score: 91, outcome: "pass", reportUrl: "https://provider.example/reports/1" }
  })

const signed = (
  body: string,
  options: { readonly id?: string; readonly secret?: Redacted.Redacted<string>; readonly skewSeconds?: number } = {}
) =>
  StandardWebhooks.sign(options.secret ?? Redacted.make(providerSecret), {
    id: options.id ?? `msg_${crypto.randomUUID()}`,
    timestampSeconds: Date.now() / 1000 + (options.skewSeconds ?? 0),
    body
  }).pipe(Effect.map((headers) => ({ ...headers, "content-type": "application/json" })))

layer(TestHosts.layer, { excludeTestServices: true })("provider webhooks", (it) => {
  describe("POST /webhooks/provider/{teamId}", () => {
    it.effect("answers 404, 401, 400, 202 and 200 as the protocol says, and keeps an unknown interview's webhook", () =>
      Effect.gen(function*() {
        const host = yield* TestHost
        const client = yield* host.client()
        const team = yield* AdminSetup.createTeam(client, "Provider Webhooks", { baseUrl: host.sandbox.baseUrl, setupKey, permanentKey })
        const teamId = team.settings.teamId
        const path = `/webhooks/provider/${teamId}`
        const post = (url: string, body: string, headers: Record<string, string>) =>
          host.request("POST", url, { headers, body })

        const unknownTeam = yield* post("/webhooks/provider/no-such-team", graded("iv_1"), {})
        assert.strictEqual(unknownTeam.status, 404, unknownTeam.text)
        assert.strictEqual((unknownTeam.json as { code: string }).code, "UnknownTeam")

        const body = graded("iv_unknown")
        for (
          const headers of [
            { "content-type": "application/json" },
            yield* signed(body, { secret: StandardWebhooks.generateSecret() }),
            yield* signed(body, { skewSeconds: -301 }),
            // Signed ahead by more than the 5 minutes plus however long a busy machine takes to deliver it
            // (at 301 s a 1 s delay put it back inside the window).
            yield* signed(body, { skewSeconds: 330 }),
            { ...(yield* signed(body)), "webhook-signature": "v1,AAAA" }
          ]
        ) {
          const refused = yield* post(path, body, headers)
          assert.strictEqual(refused.status, 401, refused.text)
          assert.hasAllKeys(refused.json, ["code", "message"])
        }

        const malformed = `{"type":"interview.graded","timestamp":"now","data":{}}`
        const bad = yield* post(path, malformed, yield* signed(malformed))
        assert.strictEqual(bad.status, 400, bad.text)

        const id = "msg_unknown_interview"
        const accepted = yield* post(path, body, yield* signed(body, { id }))
        assert.strictEqual(accepted.status, 202, accepted.text)
        const eventId = (accepted.json as { eventId: string }).eventId
        // The same webhook-id again, even with another body, is a duplicate: nothing stored twice.
        const other = graded("iv_other")
        const again = yield* post(path, other, yield* signed(other, { id }))
        assert.strictEqual(again.status, 200, again.text)
        assert.strictEqual((again.json as { status: string }).status, "duplicate")
        const repeatMalformed = yield* post(path, malformed, yield* signed(malformed, { id }))
        assert.strictEqual(repeatMalformed.status, 200, repeatMalformed.text)

        const events = yield* client.activity.events({ params: { teamId }, query: {} })
        const provider = events.events.filter((event) => event.source === "provider")
        assert.deepStrictEqual(provider.map((event) => [event.eventId, event.kind]), [[eventId, "interview.graded"]])

        const log = yield* host.securityLog
        assert.include(log, "StaleTimestamp")
        assert.include(log, "BadSignature")
        for (const text of [log, ...host.logs(), ...host.exchanges().map((exchange) => exchange.body)]) {
          assert.notInclude(text, providerSecret.slice(6))
        }
      }))

    it.effect("serves the protocol's own OpenAPI document", () =>
      Effect.gen(function*() {
        const host = yield* TestHost
        const document = yield* host.request("GET", "/provider-openapi.json")
        assert.strictEqual(document.status, 200)
        const paths = Object.keys((document.json as { paths: Record<string, unknown> }).paths)
        assert.includeMembers(paths, [
          "/v1/interview-types",
          "/v1/invites",
          "/v1/invites/{interviewId}/next-step",
          "/v1/invites/{interviewId}/cancel",
          "/webhooks/provider/{teamId}"
        ])
      }))

    it.effect("resend: 404 for a candidate Fulcrum never met", () =>
      Effect.gen(function*() {
        const host = yield* TestHost
        const client = yield* host.client()
        const team = yield* AdminSetup.createTeam(client, "Resend", { baseUrl: host.sandbox.baseUrl, setupKey, permanentKey })
        const answer = yield* host.request("POST", `/api/teams/${team.settings.teamId}/candidates/opp-none/resend`, {
          headers: { ...bearer(operatorToken), "content-type": "application/json" },
          body: "{}"
        })
        assert.strictEqual(answer.status, 404, answer.text)
      }))
  })
})
