/**
 * The connection health check end to end with every adapter in memory: findings with their first-seen
 * time kept across checks and counted once, webhooks missing or pointing elsewhere, a revoked key, a
 * candidate archived with a reason never mapped (kept, noted in Lever, shown), and the scheduled check
 * running once per team per period however many workers run it.
 */
import { assert, describe, it } from "@effect/vitest"
import { ConnectionHealth, LeverApi, TeamSetup } from "@fulcrum/core"
import { Clock, Effect, Fiber, Metric, Redacted } from "effect"
import { TestClock } from "effect/testing"
import { Lever } from "@fulcrum/domain"
import { Control, InProcess, LeverSandbox } from "../../src/index.ts"
import {
  archiveReasonIds,
  calls,
  candidateEntersAssessment,
  candidateOf,
  checklistItem,
  configureTeam,
  createKey,
  deliver,
  drain,
  publicBaseUrl,
  teamId,
  TestLayer,
  verifyConnection
} from "./support.ts"

/** A permanent key that may do everything, confidential candidates included: a healthy connection. */
const connectWithFullKey = Effect.gen(function*() {
  const secret = Redacted.make("lsbx_permanent_key_with_everything")
  const credentials = yield* createKey(secret, Lever.allPermissions, true)
  yield* TeamSetup.submitPermanentKey(teamId, secret)
  return InProcess.target(teamId, credentials)
})

const appeared = (kind: string) =>
  Effect.map(
    Metric.value(Metric.withAttributes(ConnectionHealth.findingChanges, { kind, change: "appeared" })),
    (state) => state.count
  )

describe("connection health", () => {
  it.effect("a webhook deleted in Lever is found, first seen once, counted once, and shown in the checklist", () =>
    Effect.gen(function*() {
      const lever = yield* Control.ControlHandle
      const leverApi = yield* LeverApi.LeverApi
      yield* configureTeam
      yield* verifyConnection
      const inLever = yield* connectWithFullKey
      const healthy = yield* ConnectionHealth.check(teamId, { publicBaseUrl })
      assert.deepStrictEqual(healthy.report.findings, [])
      assert.strictEqual(healthy.report.checkedAt, yield* Clock.currentTimeMillis)

      const stageHook = (yield* lever.webhooks.list()).find((hook) => hook.url.endsWith("/stage-change"))!
      yield* leverApi.deleteWebhook(inLever, stageHook.id)
      const countedBefore = yield* appeared("WebhookMissing")
      yield* TestClock.adjust("1 minute")
      const firstSeen = yield* Clock.currentTimeMillis
      const found = yield* ConnectionHealth.check(teamId, { publicBaseUrl })
      assert.deepStrictEqual(found.report.findings.map((f) => [f.kind, f.subject, f.firstSeenAt]), [
        ["WebhookMissing", { id: "stageChange", name: "Candidate Stage Change" }, firstSeen]
      ])
      assert.include(found.report.findings[0]!.message, "not registered in Lever")
      assert.include(found.report.findings[0]!.fix, "Register the webhooks again")

      yield* TestClock.adjust("15 minutes")
      const again = yield* ConnectionHealth.check(teamId, { publicBaseUrl })
      assert.strictEqual(again.report.checkedAt, yield* Clock.currentTimeMillis)
      assert.strictEqual(again.report.findings[0]!.firstSeenAt, firstSeen, "first seen is kept while it lasts")
      assert.strictEqual((yield* appeared("WebhookMissing")) - countedBefore, 1, "a change is counted once")
      assert.deepStrictEqual(yield* ConnectionHealth.lastReport(teamId), again.report)

      const team = yield* TeamSetup.getTeam(teamId)
      assert.isFalse(checklistItem(team, "webhooks").done)
      assert.include(checklistItem(team, "webhooks").problem, "Candidate Stage Change")
      assert.deepStrictEqual(team.checklist.health, again.report)

      // Seen from another deployment, the archive webhook points elsewhere.
      const elsewhere = yield* ConnectionHealth.check(teamId, { publicBaseUrl: "https://fulcrum.other.example" })
      const archive = elsewhere.report.findings.find((f) => f.subject.id === "archiveChange")
      assert.include(archive?.message, `points at ${publicBaseUrl}/webhooks/lever/${teamId}/archive-change`)

      // Registered again: the finding is resolved and the checklist item done.
      yield* TeamSetup.registerWebhooks(teamId, { publicBaseUrl })
      yield* verifyConnection
      const fixed = yield* ConnectionHealth.check(teamId, { publicBaseUrl })
      assert.deepStrictEqual(fixed.report.findings, [])
      assert.isTrue(checklistItem(yield* TeamSetup.getTeam(teamId), "webhooks").done)
    }).pipe(Effect.provide(TestLayer)))

  it.effect("a revoked key is CredentialsInvalid, with what to do", () =>
    Effect.gen(function*() {
      const lever = yield* Control.ControlHandle
      yield* configureTeam
      yield* lever.keys.revoke(LeverSandbox.PermanentApiKey)
      const { report } = yield* ConnectionHealth.check(teamId, { publicBaseUrl })
      assert.deepStrictEqual(report.findings.map((f) => [f.kind, f.subject.id]), [["CredentialsInvalid", "ApiKey"]])
      assert.include(report.findings[0]!.fix, "generate a new key")
    }).pipe(Effect.provide(TestLayer)))

  it.effect("a candidate archived with a reason never mapped is kept, noted in Lever and shown", () =>
    Effect.gen(function*() {
      const lever = yield* Control.ControlHandle
      yield* configureTeam
      yield* verifyConnection
      const { opportunity } = yield* candidateEntersAssessment("Ada Lovelace", "ada@example.com")
      yield* drain
      // "No show (legacy)" is inactive in Lever, so setup never asked for its offer status.
      yield* lever.archive(opportunity.id, archiveReasonIds.noShowInactive)
      yield* deliver
      yield* drain
      const candidate = yield* candidateOf(opportunity.id)
      assert.deepStrictEqual(candidate.archived?.reason, archiveReasonIds.noShowInactive)
      assert.isNull(candidate.offerStatus)
      const notes = yield* lever.listNotes(opportunity.id)
      assert.isTrue(notes.some((note) => note.text.includes("“No show (legacy)”") && note.text.includes("no offer status")))
      const team = yield* TeamSetup.getTeam(teamId)
      assert.include(checklistItem(team, "archiveReasons").problem, "No show (legacy)")

      const { report } = yield* ConnectionHealth.check(teamId, { publicBaseUrl })
      const unmapped = report.findings.find((f) => f.kind === "ArchiveReasonUnmapped")
      assert.deepStrictEqual(unmapped?.subject, { id: archiveReasonIds.noShowInactive, name: "No show (legacy)" })
      assert.include(unmapped?.message, "candidates were archived with it")
    }).pipe(Effect.provide(TestLayer)))

  it.effect("the scheduled check runs once per connected team per period across three workers", () =>
    Effect.gen(function*() {
      const lever = yield* Control.ControlHandle
      yield* configureTeam
      // A team that never connected has nothing to check.
      yield* TeamSetup.createTeam({ teamId: "idle" as never, name: "Idle", environment: { _tag: "Sandbox" } })
      yield* lever.requests.clear()
      const hour = 60 * 60 * 1000
      const workers = yield* Effect.forEach(
        [1, 2, 3],
        () => Effect.forkChild(ConnectionHealth.run({ intervalMs: hour, publicBaseUrl, pollMs: 60_000 }))
      )
      yield* TestClock.adjust("2 seconds")
      assert.strictEqual(yield* calls("listStages"), 1)
      yield* TestClock.adjust("30 minutes")
      assert.strictEqual(yield* calls("listStages"), 1)
      yield* TestClock.adjust("30 minutes")
      assert.strictEqual(yield* calls("listStages"), 2)
      assert.isNotNull((yield* TeamSetup.getTeam(teamId)).settings.health)
      assert.isNull((yield* TeamSetup.getTeam("idle" as never)).settings.health)
      yield* Effect.forEach(workers, Fiber.interrupt)
    }).pipe(Effect.provide(TestLayer)))
})
