/**
 * The setup paths the reference guide offers besides the guided one, end to end with every adapter in
 * memory: webhooks added in Lever by hand with their signing tokens uploaded, reading Lever's tags, the
 * connection health check (working, revoked key, stages edited in Lever), confidential access and the
 * permissions progress tags and webhook registration need, a permanent key Lever rejects, and ids that a
 * seeded `Random` makes the same on every run.
 */
import { assert, describe, it } from "@effect/vitest"
import {
  Candidates,
  ConfigStore,
  InterviewSchedulerMemory,
  LeverApi,
  ReceiveWebhook,
  SecurityLog,
  TeamSetup
} from "@fulcrum/core"
import { Lever } from "@fulcrum/domain"
import { Clock, Effect, Option, Random, Redacted, Schema } from "effect"
import { TestClock } from "effect/testing"
import { Control, InProcess, LeverSandbox, Permission, Seed } from "../../src/index.ts"
import {
  archiveReasonIds,
  candidateEntersAssessment,
  candidateOf,
  checklistItem,
  configureTeam,
  connectAndMap,
  createCandidate,
  createKey,
  deliver,
  drain,
  keys,
  kindOf,
  publicBaseUrl,
  stageIds,
  tag,
  teamId,
  TestLayer,
  verifyConnection
} from "./support.ts"

const createTeam = TeamSetup.createTeam({
  teamId,
  name: "Acme",
  environment: { _tag: "Custom", baseUrl: InProcess.baseUrl }
})

/** Lever's "Verify connection" on one webhook, delivered; the outcome, or why it was rejected. */
const pingWebhook = (webhookId: string) =>
  Effect.gen(function*() {
    const ping = yield* (yield* Control.ControlHandle).verifyWebhook(webhookId)
    return yield* ReceiveWebhook.receiveWebhook({
      teamId,
      webhook: kindOf(ping.url),
      rawBody: JSON.stringify(ping.body),
      receivedAt: yield* Clock.currentTimeMillis
    }).pipe(Effect.result)
  })

describe("setup paths beside the guided one, in memory", () => {
  it.effect("manual webhooks: added in Lever by hand, both signing tokens uploaded, a candidate goes through", () =>
    Effect.gen(function*() {
      const lever = yield* Control.ControlHandle
      const leverApi = yield* LeverApi.LeverApi
      const scheduler = yield* InterviewSchedulerMemory.Control
      yield* connectAndMap
      yield* TeamSetup.addInterviewType(teamId, { name: "Senior SWE", tag })
      const before = yield* TeamSetup.toggleIntegration(teamId, true)
      assert.isFalse(checklistItem(before, "signingTokens").done)
      assert.include(checklistItem(before, "signingTokens").fix, "by hand")

      // The admin, signed in to Lever (not a key Fulcrum ever sees), adds the two webhooks on Lever's
      // webhooks screen with the URLs the settings show; Lever shows each one's signature token.
      const adminSession = LeverApi.apiKey(Redacted.make(LeverSandbox.AdminApiKey))
      const inLever = InProcess.target(teamId, adminSession)
      const paths = TeamSetup.webhookPaths(teamId)
      const stageHook = yield* leverApi.registerWebhook(inLever, {
        event: Lever.leverEventName.stageChange,
        url: `${publicBaseUrl}${paths.stageChange}`
      })
      const archiveHook = yield* leverApi.registerWebhook(inLever, {
        event: Lever.leverEventName.archiveChange,
        url: `${publicBaseUrl}${paths.archiveChange}`
      })

      // First the archive-change token lands in the stage-change slot by mistake.
      yield* TeamSetup.submitSigningToken(teamId, "stageChange", archiveHook.signatureToken)
      const wrongToken = yield* pingWebhook(stageHook.id)
      assert.isTrue(wrongToken._tag === "Failure" && wrongToken.failure._tag === "BadSignature")
      const noToken = yield* pingWebhook(archiveHook.id)
      assert.isTrue(noToken._tag === "Failure" && noToken.failure._tag === "TokenNotSubmitted")
      const logged = yield* (yield* SecurityLog.SecurityLog).list({ teamId })
      assert.includeMembers(logged.map((entry) => entry.kind), ["BadSignature", "TokenNotSubmitted"])
      for (const entry of logged) {
        for (const secret of [stageHook.signatureToken, archiveHook.signatureToken]) {
          assert.notInclude(entry.detail, Redacted.value(secret), "the security log never holds a token")
        }
      }

      // Then both tokens in their own slots: uploaded, not registered by Fulcrum.
      yield* TeamSetup.submitSigningToken(teamId, "stageChange", stageHook.signatureToken)
      const uploaded = yield* TeamSetup.submitSigningToken(teamId, "archiveChange", archiveHook.signatureToken)
      assert.isTrue(checklistItem(uploaded, "signingTokens").done)
      assert.isNull(uploaded.settings.signingTokens.stageChange?.registeredWebhookId)
      assert.isNull(uploaded.settings.signingTokens.archiveChange?.registeredWebhookId)
      assert.isFalse(checklistItem(uploaded, "webhooks").done)
      yield* verifyConnection
      const ready = yield* TeamSetup.getTeam(teamId)
      assert.isTrue(ready.checklist.ready, JSON.stringify(ready.checklist.items.filter((i) => !i.done)))

      // A candidate: both webhooks verify with the uploaded tokens.
      const { opportunity } = yield* candidateEntersAssessment("Ada Lovelace", "ada@example.com")
      yield* drain
      const invites = yield* scheduler.invites
      assert.strictEqual(invites.length, 1)
      assert.strictEqual(invites[0]!.request.email, "ada@example.com")
      assert.match((yield* lever.listNotes(opportunity.id)).at(-1)!.text, /Assessment invite recorded, NOT sent: Senior SWE/)

      yield* lever.archive(opportunity.id, archiveReasonIds.underqualified)
      const archived = yield* deliver
      assert.deepStrictEqual(archived.map((d) => d.outcome._tag), ["Accepted"])
      yield* drain
      assert.strictEqual((yield* candidateOf(opportunity.id)).offerStatus, "Rejected")
      const { timeline } = yield* Candidates.candidateTimeline(teamId, opportunity.id)
      assert.includeMembers(timeline.map((entry) => entry.kind), ["InviteSent", "OfferStatusSet"])
    }).pipe(Effect.provide(TestLayer)))

  it.effect("reads Lever's tags with their use counts with the setup key; the permanent key may not", () =>
    Effect.gen(function*() {
      yield* createTeam
      const notConnected = yield* Effect.flip(TeamSetup.readLeverTags(teamId))
      assert.strictEqual(notConnected._tag, "LeverNotConnected")

      yield* createCandidate({ name: "Ada Lovelace", emails: ["ada@example.com"], tags: [tag, "Referral"] })
      yield* createCandidate({ name: "Grace Hopper", emails: ["grace@example.com"], tags: ["Referral"] })
      const tags = yield* TeamSetup.readLeverTags(teamId, keys.setup)
      const count = (text: string) => tags.find((t) => t.text === text)?.count
      assert.strictEqual(count(tag), 1)
      assert.strictEqual(count("Referral"), 3, "Ada, Grace and the seeded Alan carry it")
      assert.isUndefined(count("Sourced"), "Lever lists a tag only while a candidate carries it")

      // Without a setup key the read goes with the permanent key, which lacks tags:read:admin.
      yield* TeamSetup.submitPermanentKey(teamId, keys.permanent)
      const forbidden = yield* Effect.flip(TeamSetup.readLeverTags(teamId))
      assert.strictEqual(forbidden._tag, "LeverForbidden")
      if (forbidden._tag === "LeverForbidden") assert.strictEqual(forbidden.permission, "tags:read:admin")
    }).pipe(Effect.provide(TestLayer)))

  it.effect("health check with working credentials records the permissions, stages and archive reasons", () =>
    Effect.gen(function*() {
      yield* configureTeam
      yield* verifyConnection
      yield* TestClock.adjust("1 hour")
      const now = yield* Clock.currentTimeMillis
      const checked = yield* TeamSetup.healthCheck(teamId)
      // The sandbox's permanent key was created without "Allow access to confidential data".
      assert.deepStrictEqual(checked.settings.permissions, { checkedAt: now, missing: [], confidentialAccess: false })
      assert.deepStrictEqual(checked.settings.leverStages, { readAt: now, stages: Schema.decodeUnknownSync(Schema.Array(Lever.LeverStage))(Seed.stages) })
      assert.deepStrictEqual(checked.settings.leverArchiveReasons, {
        readAt: now,
        reasons: Schema.decodeUnknownSync(Schema.Array(Lever.LeverArchiveReason))(Seed.archiveReasons)
      })
      assert.deepStrictEqual(checked.settings.problems, [])
      assert.isTrue(checked.checklist.ready)
    }).pipe(Effect.provide(TestLayer)))

  it.effect("the key's confidential access is recorded; without it the checklist warns but stays ready", () =>
    Effect.gen(function*() {
      yield* configureTeam
      yield* verifyConnection
      const checked = yield* TeamSetup.healthCheck(teamId)
      assert.isTrue(checked.checklist.ready)
      const [warning] = checked.checklist.warnings
      assert.strictEqual(warning?.id, "confidentialAccess")
      assert.include(warning?.problem, "confidential candidates are skipped")

      // A new key created with "Allow access to confidential data": the warning is gone.
      const withAccess = yield* TeamSetup.submitPermanentKey(teamId, keys.confidential)
      assert.isTrue(withAccess.settings.permissions?.confidentialAccess)
      assert.deepStrictEqual(withAccess.checklist.warnings, [])
      assert.isTrue(withAccess.checklist.ready)
    }).pipe(Effect.provide(TestLayer)))

  it.effect("with progress tags on, a key that cannot change tags lacks opportunities:write:admin", () =>
    Effect.gen(function*() {
      yield* configureTeam
      yield* verifyConnection
      yield* TeamSetup.configureProgressTags(teamId, { enabled: true, prefix: "Fulcrum" })
      const noTagWrites = Redacted.make("lsbx_permanent_key_without_tag_writes")
      yield* createKey(noTagWrites, Lever.runtimePermissions)
      const refused = yield* Effect.flip(TeamSetup.submitPermanentKey(teamId, noTagWrites))
      assert.strictEqual(refused._tag, "PermanentKeyLacksPermissions")
      assert.deepStrictEqual(refused._tag === "PermanentKeyLacksPermissions" ? refused.missing : [], [
        "opportunities:write:admin"
      ])
      assert.include(refused.message, "opportunities:write:admin")
      const checked = yield* TeamSetup.healthCheck(teamId)
      assert.deepStrictEqual(checked.settings.permissions?.missing, [], "the key that has it is kept")

      // The same key is enough once progress tags are off again.
      yield* TeamSetup.configureProgressTags(teamId, { enabled: false, prefix: "Fulcrum" })
      const submitted = yield* TeamSetup.submitPermanentKey(teamId, noTagWrites)
      assert.deepStrictEqual(submitted.settings.permissions?.missing, [])
      assert.isTrue(submitted.checklist.ready)
    }).pipe(Effect.provide(TestLayer)))

  it.effect("registering webhooks with a key without the webhook permissions names both and changes nothing", () =>
    Effect.gen(function*() {
      const lever = yield* Control.ControlHandle
      yield* connectAndMap
      const readOnlySetupKey = Redacted.make("lsbx_setup_key_without_webhooks")
      yield* createKey(readOnlySetupKey, Lever.setupPermissions)
      const error = yield* Effect.flip(
        TeamSetup.registerWebhooks(teamId, { publicBaseUrl, setupKey: readOnlySetupKey })
      )
      assert.strictEqual(error._tag, "LeverForbidden")
      if (error._tag === "LeverForbidden") {
        assert.include(error.message, "webhooks:read:admin and webhooks:write:admin")
        assert.notInclude(error.message, Redacted.value(readOnlySetupKey))
      }
      assert.deepStrictEqual(yield* lever.webhooks.list(), [])
      assert.deepStrictEqual((yield* TeamSetup.getTeam(teamId)).settings.signingTokens, {})
    }).pipe(Effect.provide(TestLayer)))

  it.effect("health check after Lever revoked the permanent key: a problem that says what to do, until a new key", () =>
    Effect.gen(function*() {
      const lever = yield* Control.ControlHandle
      yield* configureTeam
      yield* verifyConnection
      yield* lever.keys.revoke(LeverSandbox.PermanentApiKey)

      const rejected = yield* TeamSetup.healthCheck(teamId)
      const problem = rejected.settings.problems.find((p) => p._tag === "CredentialsRejected")
      assert.isDefined(problem)
      assert.include(problem!._tag === "CredentialsRejected" ? problem!.detail : "", "revoked")
      const connection = checklistItem(rejected, "connection")
      assert.isFalse(connection.done)
      assert.isFalse(rejected.checklist.ready)
      assert.include(connection.problem, "Lever rejected the permanent API key")
      assert.include(connection.fix, "Settings → Integrations and API → API Credentials")
      assert.include(connection.fix, "Generate New Key")
      for (const permission of Lever.runtimePermissions) assert.include(connection.fix, permission)
      assert.notInclude(JSON.stringify(rejected), Redacted.value(keys.permanent))

      // The admin generates a new key and submits it: the problem is gone and the check passes again.
      const newKey = Redacted.make("lsbx_second_permanent_key")
      yield* createKey(newKey, Permission.permanent)
      yield* TeamSetup.submitPermanentKey(teamId, newKey)
      const recovered = yield* TeamSetup.healthCheck(teamId)
      assert.deepStrictEqual(recovered.settings.problems, [])
      assert.isTrue(checklistItem(recovered, "connection").done)
      assert.isTrue(recovered.checklist.ready)
    }).pipe(Effect.provide(TestLayer)))

  it.effect("health check after a mapped stage was renamed and another removed in Lever shows the drift", () =>
    Effect.gen(function*() {
      const lever = yield* Control.ControlHandle
      yield* connectAndMap
      yield* lever.stages.rename(stageIds.technicalAssessment, "Coding Test")
      yield* lever.stages.remove(stageIds.onsiteInterview)
      const mapped = yield* TeamSetup.getTeam(teamId)
      assert.isTrue(checklistItem(mapped, "stages").done)

      const checked = yield* TeamSetup.healthCheck(teamId)
      const stages = checklistItem(checked, "stages")
      assert.isFalse(stages.done)
      assert.include(stages.problem, "The stage mapping no longer matches Lever")
      assert.include(stages.problem, "mapped to assessment was renamed to")
      assert.include(stages.problem, "Coding Test")
      assert.include(stages.problem, "mapped to onsite no longer exists in Lever")
      assert.include(stages.fix, "map the three stages again")

      // Reading the stages again (with the permanent key) names the same drift, and mapping again fixes it.
      const read = yield* TeamSetup.readLeverStages(teamId)
      assert.deepStrictEqual(read.drift.map((d) => [d._tag, d.providerStage]), [
        ["Renamed", "assessment"],
        ["Missing", "onsite"]
      ])
      const remapped = yield* TeamSetup.mapStages(teamId, {
        assessment: stageIds.technicalAssessment,
        onsite: stageIds.recruiterScreen,
        offer: stageIds.offer
      })
      assert.isTrue(checklistItem(remapped, "stages").done)
      assert.strictEqual(remapped.settings.stageMapping?.assessment.name, "Coding Test")
    }).pipe(Effect.provide(TestLayer)))

  it.effect("a permanent key Lever rejects fails with LeverUnauthorized and stores nothing", () =>
    Effect.gen(function*() {
      const store = yield* ConfigStore.ConfigStore
      yield* createTeam
      const before = yield* TeamSetup.getTeam(teamId)
      for (const key of [keys.unknown, keys.revoked]) {
        const error = yield* Effect.flip(TeamSetup.submitPermanentKey(teamId, key))
        assert.strictEqual(error._tag, "LeverUnauthorized")
        assert.notInclude(String(error.message), Redacted.value(key))
      }
      const after = yield* TeamSetup.getTeam(teamId)
      assert.deepStrictEqual(after.settings.connection, { _tag: "NotConnected" })
      assert.isNull(after.settings.permissions)
      assert.strictEqual(after.version, before.version, "the settings were not touched")
      assert.isTrue(Option.isNone(yield* store.getSecret(teamId, "permanentKey")))
      assert.isFalse(checklistItem(after, "connection").done)

      // Nor does a rejected key replace a working one.
      const connected = yield* TeamSetup.submitPermanentKey(teamId, keys.permanent)
      const refused = yield* Effect.flip(TeamSetup.submitPermanentKey(teamId, keys.unknown))
      assert.strictEqual(refused._tag, "LeverUnauthorized")
      const kept = yield* store.getSecret(teamId, "permanentKey")
      assert.strictEqual(Option.map(kept, Redacted.value).pipe(Option.getOrNull), Redacted.value(keys.permanent))
      assert.deepStrictEqual((yield* TeamSetup.getTeam(teamId)).settings.connection, connected.settings.connection)
    }).pipe(Effect.provide(TestLayer)))

  it.effect("hands out the same ids on every run with the same Random seed, all distinct", () =>
    Effect.gen(function*() {
      const idsOfOneRun = Effect.gen(function*() {
        const lever = yield* Control.ControlHandle
        const scheduler = yield* InterviewSchedulerMemory.Control
        const team = yield* configureTeam
        const opportunity = yield* createCandidate({
          name: "Ada Lovelace",
          emails: ["ada@example.com"],
          tags: [tag]
        })
        yield* lever.moveToStage(opportunity.id, stageIds.technicalAssessment)
        const delivered = yield* deliver
        yield* drain
        return {
          webhooks: (yield* lever.webhooks.list()).map((webhook) => webhook.id),
          interviewTypes: team.settings.interviewTypes.map((type) => type.id),
          opportunity: [opportunity.id, opportunity.contact ?? ""],
          events: delivered.map((d) => d.outcome.eventId),
          interviews: (yield* scheduler.invites).map((invite) => invite.sent.interviewId),
          notes: (yield* lever.listNotes(opportunity.id)).map((note) => note.id)
        }
      }).pipe(Effect.provide(TestLayer))

      const first = yield* Random.withSeed(idsOfOneRun, "fulcrum-e2e")
      const second = yield* Random.withSeed(idsOfOneRun, "fulcrum-e2e")
      assert.deepStrictEqual(second, first)
      const otherSeed = yield* Random.withSeed(idsOfOneRun, "another seed")
      assert.notDeepEqual(otherSeed.opportunity, first.opportunity)

      const all: ReadonlyArray<string> = Object.values(first).flat()
      assert.strictEqual(new Set(all).size, all.length, `distinct ids: ${all.join(", ")}`)
      const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
      for (const id of [...first.webhooks, ...first.opportunity, ...first.notes]) assert.match(id, uuid)
      assert.match(first.interviews[0]!, /^interview_[0-9a-f]{16}$/)
    }))
})
