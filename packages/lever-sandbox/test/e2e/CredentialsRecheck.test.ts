/**
 * A permanent key submitted while Lever is out of reach is stored "not checked yet", and checked again
 * in the background until Lever answers: then the checklist says connected (or rejected), never before.
 */
import { assert, describe, it } from "@effect/vitest"
import { CredentialsRecheck, TeamSetup } from "@fulcrum/core"
import { Effect, Redacted } from "effect"
import { Control, InProcess } from "../../src/index.ts"
import { checklistItem, keys, teamId, TestLayer } from "./support.ts"

const createTeam = TeamSetup.createTeam({
  teamId,
  name: "Acme",
  environment: { _tag: "Custom", baseUrl: InProcess.baseUrl }
})

/** Lever answers 503 to the next `times` calls (each past the adapter's retries). */
const leverDownFor = (times: number) =>
  Effect.flatMap(Effect.service(Control.ControlHandle), (lever) => lever.faults.failNext(times, 503))

describe("CredentialsRecheck", () => {
  it.effect("a key stored during an outage is not checked yet, then checked once Lever answers", () =>
    Effect.gen(function*() {
      yield* createTeam
      yield* leverDownFor(1)
      const stored = yield* TeamSetup.submitPermanentKey(teamId, keys.permanent)
      assert.isNull(stored.settings.permissions)
      assert.isFalse(checklistItem(stored, "connection").done, "not connected while nobody checked the key")
      assert.include(checklistItem(stored, "connection").problem, "not checked yet")

      const report = yield* CredentialsRecheck.runOnce()
      assert.deepStrictEqual(report, { unchecked: 1, answered: 1 })
      const checked = yield* TeamSetup.getTeam(teamId)
      assert.deepStrictEqual(checked.settings.permissions?.missing, [])
      assert.isTrue(checklistItem(checked, "connection").done)
      assert.deepStrictEqual(yield* CredentialsRecheck.runOnce(), { unchecked: 0, answered: 0 }, "nothing left to check")
    }).pipe(Effect.provide(TestLayer)))

  it.effect("a garbage key stored during an outage ends as rejected, and a round during the outage changes nothing", () =>
    Effect.gen(function*() {
      yield* createTeam
      // The submit's check and the first round's both meet the outage.
      yield* leverDownFor(2)
      yield* TeamSetup.submitPermanentKey(teamId, Redacted.make("garbage-key"))
      assert.deepStrictEqual(yield* CredentialsRecheck.runOnce(), { unchecked: 1, answered: 0 }, "still out of reach")
      const report = yield* CredentialsRecheck.runOnce()
      assert.deepStrictEqual(report, { unchecked: 1, answered: 1 }, "Lever answered: the key is rejected")
      const team = yield* TeamSetup.getTeam(teamId)
      const connection = checklistItem(team, "connection")
      assert.isFalse(connection.done)
      assert.include(connection.problem, "Lever rejected the permanent API key")
    }).pipe(Effect.provide(TestLayer)))
})
