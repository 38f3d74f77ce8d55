/**
 * A team set up only over the admin API, one step at a time, the copy-paste way of the reference guide
 * (webhook URLs pasted into Lever, Lever's signing tokens pasted back): after each step the checklist
 * says that step is done, keeps what was done, and says what is still missing and how to fix it, until
 * Lever's "Verify connection" makes the team ready.
 */
import { assert, layer } from "@effect/vitest"
import type { TeamModels } from "@fulcrum/api"
import type { Checklist } from "@fulcrum/domain"
import { Effect } from "effect"
import * as AdminSetup from "./support/AdminSetup.ts"
import { bearer, operatorToken, permanentKey, setupKey, TestHost } from "./support/TestHost.ts"
import * as TestHosts from "./support/TestHost.ts"

/** The step completed `items`, kept every item done before, and left the rest explained. */
const progressed = (
  before: Checklist.Checklist,
  after: Checklist.Checklist,
  items: ReadonlyArray<Checklist.ChecklistItemId>
) => {
  const done = AdminSetup.doneItems(after)
  for (const item of items) {
    assert.notInclude(AdminSetup.doneItems(before), item, `"${item}" was not done before the step`)
    assert.include(done, item, `the step made "${item}" done`)
  }
  for (const item of AdminSetup.doneItems(before)) assert.include(done, item, `"${item}" stays done`)
  for (const item of after.items.filter((candidate) => !candidate.done)) {
    assert.isNotEmpty(item.problem ?? "", `"${item.id}" says what is missing`)
    assert.isNotEmpty(item.fix ?? "", `"${item.id}" says how to fix it`)
  }
  return after
}

layer(TestHosts.layer, { excludeTestServices: true })("team setup over the admin API", (it) => {
  it.effect("step by step, the checklist follows each step until the team is ready", () =>
    Effect.gen(function*() {
      const host = yield* TestHost
      const client = yield* host.client()
      const account = { baseUrl: host.sandbox.baseUrl, setupKey, permanentKey }

      const created = yield* AdminSetup.createTeam(client, "Acme", account)
      const teamId = created.settings.teamId
      assert.match(teamId, /^team_[0-9a-f]{32}$/, "a generated, unguessable id")
      assert.isFalse(created.checklist.ready)
      assert.deepStrictEqual(AdminSetup.doneItems(created.checklist), [])
      let checklist = created.checklist

      const keyed = yield* client.teams.permanentKey({ params: { teamId }, payload: { key: permanentKey } })
      checklist = progressed(checklist, keyed.checklist, ["connection", "permissions"])
      assert.notInclude(JSON.stringify(keyed), permanentKey, "the key is never shown again")

      const { read: stages, team: mapped } = yield* AdminSetup.mapStagesByName(client, teamId, setupKey)
      assert.isNull(stages.mapping, "nothing was mapped before")
      assert.deepStrictEqual(stages.drift, [])
      checklist = progressed(checklist, mapped.checklist, ["stages"])
      const assessment = stages.stages.find((stage) => stage.text === AdminSetup.stageNames.assessment)!
      assert.deepStrictEqual(
        (yield* client.teams.leverStages({ params: { teamId }, payload: { setupKey } })).mapping?.assessment,
        { stageId: assessment.id, name: assessment.text },
        "reading the stages again shows the mapping, with Lever's stage name"
      )

      const reasons = yield* client.teams.leverArchiveReasons({ params: { teamId }, payload: { setupKey } })
      const byText = (text: string) => reasons.reasons.find((reason) => reason.text === text)
      assert.strictEqual(byText("Underqualified")?.suggestedOfferStatus, "Rejected")
      assert.strictEqual(byText("Hired")?.suggestedOfferStatus, "Offer Accepted")
      assert.strictEqual(byText("Accepted another offer")?.suggestedOfferStatus, "Offer Declined")
      assert.isTrue(reasons.reasons.every((reason) => reason.offerStatus === null), "suggestions are not saved")
      const { team: reasoned } = yield* AdminSetup.mapSuggestedReasons(client, teamId, setupKey)
      checklist = progressed(checklist, reasoned.checklist, ["archiveReasons"])
      assert.isFalse(reasoned.checklist.setupKeyNoLongerNeeded, "registering the webhooks may still need the setup key")
      const reread = yield* client.teams.leverArchiveReasons({ params: { teamId }, payload: {} })
      assert.strictEqual(
        reread.reasons.find((reason) => reason.text === "Underqualified")?.offerStatus,
        "Rejected",
        "the permanent key reads them too, with the saved mapping"
      )

      // The copy-paste way: the URLs go into Lever, Lever's signing tokens come back.
      const urls = yield* client.teams.webhookUrls({ params: { teamId } })
      assert.strictEqual(urls.stageChange, `${host.url}/webhooks/lever/${teamId}/stage-change`)
      assert.strictEqual(urls.archiveChange, `${host.url}/webhooks/lever/${teamId}/archive-change`)
      const control = host.sandbox.control
      const stageHook = yield* control.webhooks.register({ url: urls.stageChange, event: "candidateStageChange" })
      const archiveHook = yield* control.webhooks.register({ url: urls.archiveChange, event: "candidateArchiveChange" })
      yield* client.teams.signingToken({
        params: { teamId, webhook: "stage-change" },
        payload: { token: stageHook.configuration.signatureToken }
      })
      const tokened = yield* client.teams.signingToken({
        params: { teamId, webhook: "archive-change" },
        payload: { token: archiveHook.configuration.signatureToken }
      })
      checklist = progressed(checklist, tokened.checklist, ["signingTokens"])
      assert.isTrue(tokened.checklist.setupKeyNoLongerNeeded, "nothing left needs the setup key")
      assert.notInclude(JSON.stringify(tokened), stageHook.configuration.signatureToken)

      const typed = yield* client.teams.addInterviewType({ params: { teamId }, payload: AdminSetup.interviewType })
      assert.strictEqual(typed.body.tag, AdminSetup.interviewType.tag, "the new interview type comes back as itself")
      assert.strictEqual(typed.headers.location, `/api/teams/${teamId}/interview-types/${typed.body.id}`)
      assert.deepStrictEqual(
        yield* client.teams.interviewType({ params: { teamId, interviewTypeId: typed.body.id } }),
        typed.body,
        "its Location answers it"
      )
      checklist = progressed(checklist, (yield* client.teams.checklist({ params: { teamId } })), ["interviewTypes"])
      const types = yield* client.teams.interviewTypes({ params: { teamId } })
      assert.deepStrictEqual(types.interviewTypes.map((type) => type.tag), [AdminSetup.interviewType.tag])

      const enabled = yield* client.teams.integration({ params: { teamId }, payload: { enabled: true } })
      checklist = progressed(checklist, enabled.checklist, ["integration"])
      assert.isFalse(checklist.ready, "Lever has not been heard from yet")
      const webhooksItem = checklist.items.find((item) => item.id === "webhooks")
      assert.include(webhooksItem?.fix ?? "", "Verify", "the checklist says to press Verify connection")

      // Lever's "Verify connection" on both webhooks: signed pings with empty data.
      for (const hook of [stageHook, archiveHook]) {
        const ping = yield* control.verifyWebhook(hook.id)
        assert.strictEqual(ping.attempts.at(-1)?.status, 200, "the ping is answered 2xx")
      }
      const ready: TeamModels.TeamView = yield* client.teams.get({ params: { teamId } })
      progressed(checklist, ready.checklist, ["webhooks"])
      assert.isTrue(ready.checklist.ready, JSON.stringify(ready.checklist.items.filter((item) => !item.done)))
      assert.deepStrictEqual(yield* client.teams.checklist({ params: { teamId } }), ready.checklist)
      const listed = yield* client.teams.list()
      assert.deepStrictEqual(
        listed.teams.find((team) => team.teamId === teamId),
        { teamId, name: "Acme", integrationEnabled: true, ready: true }
      )
    }))

  it.effect("letting Fulcrum register the webhooks with the setup key needs no token copied by hand", () =>
    Effect.gen(function*() {
      const host = yield* TestHost
      const client = yield* host.client()
      const team = yield* AdminSetup.setupTeam(client, "Globex", { baseUrl: host.sandbox.baseUrl, setupKey, permanentKey })
      const teamId = team.settings.teamId
      const hooks = (yield* host.sandbox.control.webhooks.list()).filter((hook) => hook.url.includes(teamId))
      assert.deepStrictEqual(hooks.map((hook) => hook.event).sort(), ["candidateArchiveChange", "candidateStageChange"])
      for (const hook of hooks) yield* host.sandbox.control.verifyWebhook(hook.id)
      assert.isTrue((yield* client.teams.checklist({ params: { teamId } })).ready)

      // Registering again replaces Fulcrum's webhooks in Lever instead of adding more.
      yield* client.teams.registerWebhooks({ params: { teamId }, payload: { setupKey } })
      const again = (yield* host.sandbox.control.webhooks.list()).filter((hook) => hook.url.includes(teamId))
      assert.strictEqual(again.length, 2)
    }))

  it.effect("a permanent key without a runtime permission is refused (422 LeverPermissionMissing) and not stored", () =>
    Effect.gen(function*() {
      const host = yield* TestHost
      const client = yield* host.client()
      const team = yield* AdminSetup.createTeam(client, "Wrong key", { baseUrl: host.sandbox.baseUrl, setupKey, permanentKey })
      const refused = yield* host.request("PUT", `/api/teams/${team.teamId}/permanent-key`, {
        headers: { ...bearer(operatorToken), "content-type": "application/json" },
        body: JSON.stringify({ key: setupKey })
      })
      assert.strictEqual(refused.status, 422, refused.text)
      const body = refused.json as { reason: string; missingPermissions: ReadonlyArray<string>; message: string }
      assert.strictEqual(body.reason, "LeverPermissionMissing")
      assert.includeMembers([...body.missingPermissions], ["opportunities:read:admin", "notes:write:admin"])
      assert.notInclude(refused.text, setupKey)
      const after = yield* client.teams.get({ params: { teamId: team.teamId } })
      assert.strictEqual(after.settings.connection._tag, "NotConnected", "the key was not stored")
    }))

  it.effect("a key submitted while Lever is out of reach is stored as not checked yet, never as connected", () =>
    Effect.gen(function*() {
      const host = yield* TestHost
      const client = yield* host.client()
      // Port 9 on loopback: nothing listens there, so Lever cannot be reached.
      const team = yield* AdminSetup.createTeam(client, "Lever away", { baseUrl: "http://127.0.0.1:9/v1", setupKey, permanentKey })
      const keyed = yield* client.teams.permanentKey({ params: { teamId: team.teamId }, payload: { key: "garbage-key" } })
      const connection = keyed.checklist.items.find((item) => item.id === "connection")!
      assert.isFalse(connection.done, "not connected ✓ while nobody checked the key")
      assert.include(connection.problem ?? "", "not checked yet")
      assert.deepStrictEqual(connection.routes, [{ method: "POST", path: `/api/teams/${team.teamId}/health-check` }])
      const recheck = yield* host.request("POST", `/api/teams/${team.teamId}/health-check`, { headers: bearer(operatorToken) })
      assert.strictEqual(recheck.status, 502, "still out of reach: the health check says so and changes nothing")
      const still = yield* client.teams.checklist({ params: { teamId: team.teamId } })
      assert.isFalse(still.items.find((item) => item.id === "connection")!.done)
    }))
})
