/**
 * The contract test kit of the `ConfigStore` port. An adapter proves itself by running the suite against
 * its own layer:
 *
 * ```ts
 * import { ConfigStoreContract } from "@fulcrum/core/testing"
 * ConfigStoreContract.suite("ConfigStoreSql (PGlite)", ConfigStoreSql.layer.pipe(Layer.provide(PgliteTest)))
 * ```
 *
 * The layer is built once for the whole suite and shared by its tests. Every test works on teams with
 * fresh random ids, so the suite also passes against a database that already holds data (from earlier
 * runs or other suites); it never needs an empty store, except that `list` must be able to return all
 * teams in one call.
 *
 * @since 0.1.0
 */
import { assert } from "@effect/vitest"
import { Ids, Setup } from "@fulcrum/domain"
import { Effect, Option, Redacted } from "effect"
import { ConfigStore, type SecretName } from "../ports/ConfigStore.ts"
import { type Suite, suiteOf, type SuiteOptions, teamIdFor } from "./internal/kit.ts"

/**
 * Tuning of a suite run: `timeout`, the milliseconds each test, and building or closing the layer, may take.
 *
 * @since 0.1.0
 */
export type { SuiteOptions }

/**
 * Settings that use every field, so that a store dropping or reshaping any of them fails the round-trip
 * tests.
 */
const settingsFor = (teamId: Ids.TeamId, name = "Acme Hiring"): Setup.TeamSettings => {
  const stage = (id: string) => Ids.StageId.make(id)
  return {
    teamId,
    name,
    createdAt: 1_767_225_600_000,
    integrationEnabled: true,
    environment: { _tag: "Custom", baseUrl: "http://127.0.0.1:4010" },
    connection: { _tag: "ApiKey", key: { submittedAt: 1_767_225_601_000, fingerprint: "a1b2c3d4" } },
    permissions: { checkedAt: 1_767_225_602_000, missing: ["notes:write:admin"], confidentialAccess: false },
    leverStages: {
      readAt: 1_767_225_603_000,
      stages: [
        { id: stage("lead-new"), text: "New lead" },
        { id: stage("8d3c7b0e-1f5a-4c2b-9e61-0a7d5c4b3a21"), text: "Coding test" },
        { id: stage("offer"), text: "Offer" }
      ]
    },
    leverArchiveReasons: {
      readAt: 1_767_225_604_000,
      reasons: [
        { id: Ids.ArchiveReasonId.make("hired"), text: "Hired", status: "active", type: "hired" },
        { id: Ids.ArchiveReasonId.make("not-a-fit"), text: "Not a fit", status: "inactive", type: "non-hired" }
      ]
    },
    stageMapping: {
      assessment: { stageId: stage("8d3c7b0e-1f5a-4c2b-9e61-0a7d5c4b3a21"), name: "Coding test" },
      onsite: { stageId: stage("lead-new"), name: "New lead" },
      offer: { stageId: stage("offer"), name: "Offer" },
      extraAssessments: [
        { stageId: stage("applicant-new"), name: "Short screen", defaultInterviewTypeId: Ids.InterviewTypeId.make("frontend") }
      ]
    },
    archiveReasonMapping: { hired: "Offer Accepted", "not-a-fit": "Rejected" },
    signingTokens: {
      stageChange: { submittedAt: 1_767_225_605_000, fingerprint: "e5f6a7b8", registeredWebhookId: null },
      archiveChange: { submittedAt: 1_767_225_606_000, fingerprint: "c9d0e1f2", registeredWebhookId: "wh_42" }
    },
    webhooksSeen: { stageChange: { at: 1_767_225_607_000, via: "ping" } },
    interviewTypes: [
      { id: Ids.InterviewTypeId.make("backend"), name: "Backend", tag: "Assessment: Backend", passThreshold: 70 },
      { id: Ids.InterviewTypeId.make("frontend"), name: "Frontend", tag: "Assessment: Frontend" }
    ],
    progressTags: { enabled: true, prefix: "Fulcrum" },
    problems: [
      { _tag: "UnmappedArchiveReason", reasonId: Ids.ArchiveReasonId.make("timing"), seenAt: 1_767_225_608_000 },
      { _tag: "CredentialsRejected", at: 1_767_225_609_000, detail: "Lever answered 401" }
    ],
    postingLinks: {
      "p-1": {
        postingId: Ids.PostingId.make("p-1"),
        title: "Senior Backend Engineer",
        interviewTypeId: Ids.InterviewTypeId.make("backend"),
        linkedAt: 1_767_225_610_000,
        missingSince: null
      },
      "p-2": {
        postingId: Ids.PostingId.make("p-2"),
        title: "Closed posting",
        interviewTypeId: Ids.InterviewTypeId.make("frontend"),
        linkedAt: 1_767_225_611_000,
        missingSince: 1_767_225_612_000
      }
    },
    health: {
      checkedAt: 1_767_225_610_000,
      findings: [{
        kind: "StageRenamed",
        subject: { id: "offer", name: "Offer" },
        firstSeenAt: 1_767_225_609_500,
        message: "In Lever, the stage “Offer” was renamed.",
        fix: "Map the stages again."
      }]
    }
  }
}

/**
 * A settings value with nothing optional filled in: nulls, empty records and arrays must survive too,
 * and the keys added later (`postingLinks`) stay absent, as in settings saved before they existed.
 */
const bareSettingsFor = (teamId: Ids.TeamId): Setup.TeamSettings => ({
  // The settings of a new team are all nulls and empties; only the progress-tag prefix is filled in.
  ...Setup.initial({ _tag: "TeamCreated", teamId, name: "Bare", at: 1_767_225_600_000, environment: { _tag: "Production" } }),
  progressTags: { enabled: false, prefix: "" }
})

const permanentKey: SecretName = "permanentKey"
const stageChangeToken: SecretName = "signingToken:stageChange"

/**
 * Registers the `ConfigStore` contract as a `describe` block named `name`, run against `layer`.
 *
 * @since 0.1.0
 */
export const suite: Suite<ConfigStore> = suiteOf((it, timeout) => {
  it.effect("creates a team at version 1 and reads back exactly the settings it was given", () =>
    Effect.gen(function*() {
      const store = yield* ConfigStore
      const teamId = teamIdFor("create")
      const created = yield* store.create(settingsFor(teamId))
      assert.strictEqual(created.version, 1)
      assert.deepStrictEqual(created.settings, settingsFor(teamId))
      const read = yield* store.get(teamId)
      assert.deepStrictEqual(read, { settings: settingsFor(teamId), version: 1 })
    }), timeout)

  it.effect("keeps nulls, empty records and empty lists as they are", () =>
    Effect.gen(function*() {
      const store = yield* ConfigStore
      const teamId = teamIdFor("bare")
      yield* store.create(bareSettingsFor(teamId))
      assert.deepStrictEqual(yield* store.get(teamId), { settings: bareSettingsFor(teamId), version: 1 })
    }), timeout)

  it.effect("refuses to create a team twice and keeps the first settings", () =>
    Effect.gen(function*() {
      const store = yield* ConfigStore
      const teamId = teamIdFor("exists")
      yield* store.create(settingsFor(teamId, "First"))
      const error = yield* Effect.flip(store.create(settingsFor(teamId, "Second")))
      assert.strictEqual(error._tag, "TeamExists")
      assert.strictEqual(error._tag === "TeamExists" && error.teamId, teamId)
      const read = yield* store.get(teamId)
      assert.strictEqual(read.settings.name, "First")
      assert.strictEqual(read.version, 1)
    }), timeout)

  it.effect("says which team is missing", () =>
    Effect.gen(function*() {
      const store = yield* ConfigStore
      const teamId = teamIdFor("missing")
      const error = yield* Effect.flip(store.get(teamId))
      assert.strictEqual(error._tag, "TeamNotFound")
      assert.strictEqual(error._tag === "TeamNotFound" && error.teamId, teamId)
      const updateError = yield* Effect.flip(store.update(teamId, 1, settingsFor(teamId)))
      assert.strictEqual(updateError._tag, "TeamNotFound")
    }), timeout)

  it.effect("updates when the expected version is current, and each update bumps the version by one", () =>
    Effect.gen(function*() {
      const store = yield* ConfigStore
      const teamId = teamIdFor("update")
      yield* store.create(settingsFor(teamId))
      const second = yield* store.update(teamId, 1, settingsFor(teamId, "Renamed"))
      assert.deepStrictEqual(second, { settings: settingsFor(teamId, "Renamed"), version: 2 })
      const third = yield* store.update(teamId, 2, bareSettingsFor(teamId))
      assert.strictEqual(third.version, 3)
      assert.deepStrictEqual(yield* store.get(teamId), { settings: bareSettingsFor(teamId), version: 3 })
    }), timeout)

  it.effect("refuses a stale update with the expected and actual versions, and changes nothing", () =>
    Effect.gen(function*() {
      const store = yield* ConfigStore
      const teamId = teamIdFor("stale")
      yield* store.create(settingsFor(teamId))
      yield* store.update(teamId, 1, settingsFor(teamId, "Second"))
      const error = yield* Effect.flip(store.update(teamId, 1, settingsFor(teamId, "Lost update")))
      assert.strictEqual(error._tag, "VersionConflict")
      if (error._tag !== "VersionConflict") return
      assert.strictEqual(error.teamId, teamId)
      assert.strictEqual(error.expected, 1)
      assert.strictEqual(error.actual, 2)
      const ahead = yield* Effect.flip(store.update(teamId, 7, settingsFor(teamId, "From the future")))
      assert.deepStrictEqual(ahead._tag === "VersionConflict" && [ahead.expected, ahead.actual], [7, 2])
      assert.deepStrictEqual(yield* store.get(teamId), { settings: settingsFor(teamId, "Second"), version: 2 })
    }), timeout)

  it.effect("writes the secrets given to update with the settings, and none when the version is stale", () =>
    Effect.gen(function*() {
      const store = yield* ConfigStore
      const teamId = teamIdFor("update-secrets")
      yield* store.create(settingsFor(teamId))
      yield* store.update(teamId, 1, settingsFor(teamId, "Keyed"), [[permanentKey, Redacted.make("key-1")]])
      const stored = yield* store.getSecret(teamId, permanentKey)
      assert.deepStrictEqual(Option.map(stored, Redacted.value), Option.some("key-1"))
      const stale = yield* Effect.flip(
        store.update(teamId, 1, settingsFor(teamId, "Stale"), [[permanentKey, Redacted.make("key-2")]])
      )
      assert.strictEqual(stale._tag, "VersionConflict")
      const kept = yield* store.getSecret(teamId, permanentKey)
      assert.deepStrictEqual(Option.map(kept, Redacted.value), Option.some("key-1"))
      assert.strictEqual((yield* store.get(teamId)).settings.name, "Keyed")
    }), timeout)

  it.effect("lets exactly one of many concurrent updates of the same version win", () =>
    Effect.gen(function*() {
      const store = yield* ConfigStore
      const teamId = teamIdFor("race")
      yield* store.create(settingsFor(teamId))
      const results = yield* Effect.forEach(
        Array.from({ length: 10 }, (_, i) => i),
        (i) => Effect.result(store.update(teamId, 1, settingsFor(teamId, `Writer ${i}`))),
        { concurrency: "unbounded" }
      )
      const winners = results.filter((result) => result._tag === "Success")
      assert.strictEqual(winners.length, 1)
      const conflicts = results.filter((result) => result._tag === "Failure" && result.failure._tag === "VersionConflict")
      assert.strictEqual(conflicts.length, 9)
      const read = yield* store.get(teamId)
      assert.strictEqual(read.version, 2)
      assert.deepStrictEqual(winners[0]?._tag === "Success" && winners[0].success, read)
    }), timeout)

  it.effect("lists every team with its current version", () =>
    Effect.gen(function*() {
      const store = yield* ConfigStore
      const a = teamIdFor("list-a")
      const b = teamIdFor("list-b")
      yield* store.create(settingsFor(a))
      yield* store.create(bareSettingsFor(b))
      yield* store.update(b, 1, settingsFor(b, "B, renamed"))
      const all = yield* store.list()
      assert.deepStrictEqual(all.find((team) => team.settings.teamId === a), { settings: settingsFor(a), version: 1 })
      assert.deepStrictEqual(
        all.find((team) => team.settings.teamId === b),
        { settings: settingsFor(b, "B, renamed"), version: 2 }
      )
      assert.strictEqual(new Set(all.map((team) => team.settings.teamId)).size, all.length)
    }), timeout)

  it.effect("returns a stored secret as a Redacted value that prints and serialises without the secret", () =>
    Effect.gen(function*() {
      const store = yield* ConfigStore
      const teamId = teamIdFor("secret")
      const secret = `lever-key-${crypto.randomUUID()}`
      yield* store.create(settingsFor(teamId))
      yield* store.putSecret(teamId, permanentKey, Redacted.make(secret))
      const read = yield* store.getSecret(teamId, permanentKey)
      assert.isTrue(Option.isSome(read))
      if (Option.isNone(read)) return
      assert.isTrue(Redacted.isRedacted(read.value))
      assert.strictEqual(Redacted.value(read.value), secret)
      assert.notInclude(String(read.value), secret)
      assert.notInclude(JSON.stringify(read), secret)
      assert.notInclude(JSON.stringify(yield* store.get(teamId)), secret)
      assert.notInclude(JSON.stringify(yield* store.list()), secret)
    }), timeout)

  it.effect("keeps each secret by team and name, replaces it on a second put, and deletes it", () =>
    Effect.gen(function*() {
      const store = yield* ConfigStore
      const teamId = teamIdFor("secrets")
      const other = teamIdFor("secrets-other")
      yield* store.create(settingsFor(teamId))
      yield* store.create(settingsFor(other))
      const read = (team: Ids.TeamId, secret: SecretName) =>
        store.getSecret(team, secret).pipe(Effect.map(Option.map(Redacted.value)))

      yield* store.putSecret(teamId, permanentKey, Redacted.make("key-1"))
      yield* store.putSecret(teamId, stageChangeToken, Redacted.make("token-1"))
      yield* store.putSecret(other, permanentKey, Redacted.make("other-key"))
      assert.deepStrictEqual(yield* read(teamId, permanentKey), Option.some("key-1"))
      assert.deepStrictEqual(yield* read(teamId, stageChangeToken), Option.some("token-1"))
      assert.deepStrictEqual(yield* read(teamId, "signingToken:archiveChange"), Option.none())
      assert.deepStrictEqual(yield* read(other, permanentKey), Option.some("other-key"))

      yield* store.putSecret(teamId, permanentKey, Redacted.make("key-2"))
      assert.deepStrictEqual(yield* read(teamId, permanentKey), Option.some("key-2"))

      yield* store.deleteSecret(teamId, permanentKey)
      assert.deepStrictEqual(yield* read(teamId, permanentKey), Option.none())
      assert.deepStrictEqual(yield* read(teamId, stageChangeToken), Option.some("token-1"))
      assert.deepStrictEqual(yield* read(other, permanentKey), Option.some("other-key"))
      // Deleting what is not there is not an error: a "disconnect" may run twice.
      yield* store.deleteSecret(teamId, permanentKey)
      yield* store.deleteSecret(teamIdFor("nobody"), permanentKey)
    }), timeout)

  it.effect("keeps secrets across settings updates", () =>
    Effect.gen(function*() {
      const store = yield* ConfigStore
      const teamId = teamIdFor("secret-update")
      yield* store.create(settingsFor(teamId))
      yield* store.putSecret(teamId, stageChangeToken, Redacted.make("token"))
      yield* store.update(teamId, 1, bareSettingsFor(teamId))
      const read = yield* store.getSecret(teamId, stageChangeToken)
      assert.deepStrictEqual(Option.map(read, Redacted.value), Option.some("token"))
    }), timeout)

  it.effect("refuses a secret for an unknown team, and finds no secret there", () =>
    Effect.gen(function*() {
      const store = yield* ConfigStore
      const teamId = teamIdFor("no-team")
      const error = yield* Effect.flip(store.putSecret(teamId, permanentKey, Redacted.make("orphan")))
      assert.strictEqual(error._tag, "TeamNotFound")
      assert.strictEqual(error._tag === "TeamNotFound" && error.teamId, teamId)
      assert.isTrue(Option.isNone(yield* store.getSecret(teamId, permanentKey)))
    }), timeout)
})
