/**
 * Routing by job posting over the admin API, with the typed client against the host and the Lever
 * sandbox: the postings are listed with their links, a posting is linked and unlinked, the stage mapping
 * takes a further assessment stage with a default interview type, and a key without
 * `postings:read:admin` is refused with a 422 naming it, while everything else keeps working.
 */
import { assert, layer } from "@effect/vitest"
import { Ids } from "@fulcrum/domain"
import { LeverSandbox, Permission } from "@fulcrum/lever-sandbox"
import { Effect } from "effect"
import * as AdminSetup from "./support/AdminSetup.ts"
import { bearer, operatorToken, permanentKey, setupKey, TestHost } from "./support/TestHost.ts"
import * as TestHosts from "./support/TestHost.ts"

layer(TestHosts.layer, { excludeTestServices: true })("job postings over the admin API", (it) => {
  it.effect("lists postings, links and unlinks one, maps a further assessment stage with a default", () =>
    Effect.gen(function*() {
      const host = yield* TestHost
      const client = yield* host.client()
      const team = yield* AdminSetup.setupTeam(client, "Postings", { baseUrl: host.sandbox.baseUrl, setupKey, permanentKey })
      const teamId = team.settings.teamId
      const [backendType] = team.settings.interviewTypes

      const listed = yield* client.postings.list({ params: { teamId } })
      const backend = listed.postings.find((posting) => posting.id === LeverSandbox.PostingIds.backend)
      assert.deepInclude(backend, {
        text: "Senior Backend Engineer",
        state: "published",
        team: "Platform",
        location: "Berlin",
        interviewTypeId: null
      })
      assert.lengthOf(listed.postings, 3)

      const postingId = Ids.PostingId.make(LeverSandbox.PostingIds.backend)
      const linked = yield* client.postings.interviewType({
        params: { teamId, postingId },
        payload: { interviewTypeId: backendType!.id }
      })
      assert.strictEqual(linked.settings.postingLinks?.[postingId]?.title, "Senior Backend Engineer")
      const raw = yield* host.request("GET", `/api/teams/${teamId}`, { headers: bearer(operatorToken) })
      assert.match(raw.text, /"linkedAt":"\d{4}-\d{2}-\d{2}T/, "times are ISO-8601 on the wire")
      const relisted = yield* client.postings.list({ params: { teamId } })
      assert.strictEqual(relisted.postings.find((p) => p.id === postingId)?.interviewTypeId, backendType!.id)

      const unknownType = yield* host.request("PUT", `/api/teams/${teamId}/postings/${postingId}/interview-type`, {
        headers: { ...bearer(operatorToken), "content-type": "application/json" },
        body: JSON.stringify({ interviewTypeId: "no-such-type" })
      })
      assert.strictEqual(unknownType.status, 422)
      assert.deepInclude(unknownType.json as object, { reason: "UnknownInterviewType" })
      const unknownPosting = yield* host.request("PUT", `/api/teams/${teamId}/postings/no-such-posting/interview-type`, {
        headers: { ...bearer(operatorToken), "content-type": "application/json" },
        body: JSON.stringify({ interviewTypeId: backendType!.id })
      })
      assert.strictEqual(unknownPosting.status, 422)
      assert.deepInclude(unknownPosting.json as object, { reason: "UnknownPosting" })

      const unlinked = yield* client.postings.interviewType({ params: { teamId, postingId }, payload: { interviewTypeId: null } })
      assert.deepStrictEqual(unlinked.settings.postingLinks, {})

      const stages = yield* client.teams.leverStages({ params: { teamId }, payload: {} })
      const byName = (text: string) => stages.stages.find((stage) => stage.text === text)!.id
      const mapped = yield* client.teams.stageMapping({
        params: { teamId },
        payload: {
          assessment: byName(AdminSetup.stageNames.assessment),
          onsite: byName(AdminSetup.stageNames.onsite),
          offer: byName(AdminSetup.stageNames.offer),
          extraAssessments: [{ stageId: byName("Phone interview"), defaultInterviewTypeId: backendType!.id }]
        }
      })
      assert.deepStrictEqual(mapped.settings.stageMapping?.extraAssessments, [
        { stageId: byName("Phone interview"), name: "Phone interview", defaultInterviewTypeId: backendType!.id }
      ])
      const twice = yield* host.request("PUT", `/api/teams/${teamId}/stage-mapping`, {
        headers: { ...bearer(operatorToken), "content-type": "application/json" },
        body: JSON.stringify({
          assessment: byName(AdminSetup.stageNames.assessment),
          onsite: byName(AdminSetup.stageNames.onsite),
          offer: byName(AdminSetup.stageNames.offer),
          extraAssessments: [{ stageId: byName(AdminSetup.stageNames.onsite) }]
        })
      })
      assert.strictEqual(twice.status, 422)
      assert.deepInclude(twice.json as object, { reason: "StageMappedTwice" })
    }))

  it.effect("a key without postings:read:admin gets a 422 naming it when linking, and nothing else breaks", () =>
    Effect.gen(function*() {
      const host = yield* TestHost
      const client = yield* host.client()
      const withoutPostings = yield* host.sandbox.control.keys.create({
        name: "No postings",
        permissions: Permission.permanent.filter((permission) => permission !== "postings:read:admin")
      })
      const team = yield* AdminSetup.setupTeam(client, "No postings", {
        baseUrl: host.sandbox.baseUrl,
        setupKey,
        permanentKey: withoutPostings.key
      })
      const teamId = team.settings.teamId
      assert.deepStrictEqual(team.settings.permissions?.missing, [], "no posting linked: the permission is not needed")
      const refused = yield* host.request(
        "PUT",
        `/api/teams/${teamId}/postings/${LeverSandbox.PostingIds.backend}/interview-type`,
        {
          headers: { ...bearer(operatorToken), "content-type": "application/json" },
          body: JSON.stringify({ interviewTypeId: team.settings.interviewTypes[0]!.id })
        }
      )
      assert.strictEqual(refused.status, 422)
      assert.deepInclude(refused.json as object, {
        reason: "LeverPermissionMissing",
        missingPermissions: ["postings:read:admin"]
      })
      assert.include((refused.json as { message: string }).message, "postings:read:admin")
      const listing = yield* host.request("GET", `/api/teams/${teamId}/postings`, { headers: bearer(operatorToken) })
      assert.strictEqual(listing.status, 422)
      const after = yield* client.teams.get({ params: { teamId } })
      assert.isUndefined(after.settings.postingLinks?.[LeverSandbox.PostingIds.backend], "nothing was linked")
      const report = yield* client.teams.healthCheck({ params: { teamId } })
      assert.isFalse(report.findings.some((finding) => finding.kind === "PermissionMissing"))
      const checked = yield* client.teams.get({ params: { teamId } })
      assert.deepStrictEqual(checked.settings.permissions?.missing, [], "the health check asks for it only once linked")
      assert.notInclude(JSON.stringify(host.exchanges()), withoutPostings.key.slice(8), "the key never shows")
    }))
})
