/**
 * Each setup command is one write: a secret is stored together with the settings that record its
 * fingerprint, so a command that fails halfway leaves no secret without its receipt.
 */
import { assert, describe, it } from "@effect/vitest"
import { ConfigStore, ConfigStoreMemory, Policy, StoreError, TeamSetup } from "@fulcrum/core"
import { Ids } from "@fulcrum/domain"
import { Effect, Layer, Option, Redacted, Ref } from "effect"
import { InProcess } from "../../src/index.ts"
import { keys } from "./support.ts"

const teamId = Ids.TeamId.make("acme")

/** A memory store whose next `update` fails when `failNext` is set, as a database blip would. */
const FlakyStore = Layer.effect(ConfigStore.ConfigStore, Effect.gen(function*() {
  const store = yield* ConfigStoreMemory.make
  const failNext = yield* Ref.make(false)
  return ConfigStore.ConfigStore.of({
    ...store,
    update: (id, version, settings, secrets) =>
      Effect.flatMap(Ref.getAndSet(failNext, false), (fail) =>
        fail
          ? Effect.fail(new StoreError.StoreError({ operation: "ConfigStore.update", message: "connection lost" }))
          : store.update(id, version, settings, secrets)),
    // The test reaches the switch through `deleteSecret` on a name no command uses.
    deleteSecret: (id, name) =>
      name === "oauth:pendingConnect" ? Ref.set(failNext, true) : store.deleteSecret(id, name)
  })
}))

const TestLayer = Layer.mergeAll(
  FlakyStore,
  InProcess.layer(),
  Layer.succeed(Policy.Policy, { ...Policy.defaults, allowCustomLeverUrl: true })
)

const failNextUpdate = Effect.flatMap(ConfigStore.ConfigStore, (store) => store.deleteSecret(teamId, "oauth:pendingConnect"))

describe("setup commands are one write", () => {
  it.effect("a permanent key whose settings write fails is not stored either", () =>
    Effect.gen(function*() {
      const store = yield* ConfigStore.ConfigStore
      yield* TeamSetup.createTeam({ teamId, name: "Acme", environment: { _tag: "Custom", baseUrl: InProcess.baseUrl } })
      yield* failNextUpdate
      const failed = yield* Effect.flip(TeamSetup.submitPermanentKey(teamId, keys.permanent))
      assert.strictEqual(failed._tag, "StoreError")
      assert.isTrue(Option.isNone(yield* store.getSecret(teamId, "permanentKey")))
      assert.strictEqual((yield* store.get(teamId)).settings.connection._tag, "NotConnected")

      // Once the store answers again the same command stores both.
      const team = yield* TeamSetup.submitPermanentKey(teamId, keys.permanent)
      assert.strictEqual(team.settings.connection._tag, "ApiKey")
      const key = yield* store.getSecret(teamId, "permanentKey")
      assert.deepStrictEqual(Option.map(key, Redacted.value), Option.some(Redacted.value(keys.permanent)))
    }).pipe(Effect.provide(TestLayer)))

  it.effect("a signing token whose settings write fails is not stored either", () =>
    Effect.gen(function*() {
      const store = yield* ConfigStore.ConfigStore
      yield* TeamSetup.createTeam({ teamId, name: "Acme", environment: { _tag: "Custom", baseUrl: InProcess.baseUrl } })
      yield* failNextUpdate
      yield* Effect.flip(TeamSetup.submitSigningToken(teamId, "stageChange", Redacted.make("token-1")))
      assert.isTrue(Option.isNone(yield* store.getSecret(teamId, "signingToken:stageChange")))
      assert.deepStrictEqual((yield* store.get(teamId)).settings.signingTokens, {})
    }).pipe(Effect.provide(TestLayer)))
})
