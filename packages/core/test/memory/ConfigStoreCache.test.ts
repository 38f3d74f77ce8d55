import { assert, describe, it } from "@effect/vitest"
import { Ids, Setup } from "@fulcrum/domain"
import { Deferred, Effect, Layer, Option, Redacted, Result } from "effect"
import { TestClock } from "effect/testing"
import * as ConfigStoreCache from "../../src/ConfigStoreCache.ts"
import * as ConfigStoreMemory from "../../src/memory/ConfigStoreMemory.ts"
import { ConfigStore, TeamNotFound } from "../../src/ports/ConfigStore.ts"
import * as ConfigStoreContract from "../../src/testing/ConfigStoreContract.ts"

// Reads its own writes like any ConfigStore.
ConfigStoreContract.suite(
  "ConfigStoreCache over ConfigStoreMemory",
  ConfigStoreCache.layer().pipe(Layer.provide(ConfigStoreMemory.layer))
)

const valueOf = (secret: Option.Option<Redacted.Redacted<string>>) =>
  Option.getOrNull(Option.map(secret, Redacted.value))

const teamId = Ids.TeamId.make("cached-team")
const settings = Setup.initial({
  _tag: "TeamCreated",
  teamId,
  name: "Cached",
  environment: { _tag: "Production" },
  at: 0
})

/**
 * The store as another process sees it (`beneath`, the shared database) and this process's cached view
 * of it, plus how many settings reads reached the database.
 */
const twoViews = Effect.gen(function*() {
  const beneath = yield* ConfigStore
  const reads = { settings: 0, secrets: 0 }
  const counted = ConfigStore.of({
    ...beneath,
    get: (id) => Effect.andThen(Effect.sync(() => reads.settings++), beneath.get(id)),
    getSecret: (id, name) => Effect.andThen(Effect.sync(() => reads.secrets++), beneath.getSecret(id, name))
  })
  const cached = yield* ConfigStoreCache.make({ timeToLive: "1 second" }).pipe(
    Effect.provideService(ConfigStore, counted)
  )
  yield* beneath.create(settings)
  return { beneath, cached, reads }
}).pipe(Effect.provide(ConfigStoreMemory.layer))

describe("ConfigStoreCache", () => {
  it.effect("a burst of deliveries for one team reads its settings once", () =>
    Effect.gen(function*() {
      const { cached, reads } = yield* twoViews
      yield* Effect.all(Array.from({ length: 100 }, () => cached.get(teamId)), { concurrency: "unbounded" })
      assert.strictEqual(reads.settings, 1)
    }))

  it.effect("a signing token submitted by another process is used within the time to live", () =>
    Effect.gen(function*() {
      const { beneath, cached } = yield* twoViews
      yield* beneath.putSecret(teamId, "signingToken:stageChange", Redacted.make("old"))
      assert.strictEqual(valueOf(yield* cached.getSecret(teamId, "signingToken:stageChange")), "old")
      yield* beneath.putSecret(teamId, "signingToken:stageChange", Redacted.make("new"))
      yield* TestClock.adjust("1 second")
      assert.strictEqual(valueOf(yield* cached.getSecret(teamId, "signingToken:stageChange")), "new")
    }))

  it.effect("an update on settings changed elsewhere conflicts once; the retry reads the current version", () =>
    Effect.gen(function*() {
      const { beneath, cached } = yield* twoViews
      const seen = yield* cached.get(teamId)
      yield* beneath.update(teamId, seen.version, { ...seen.settings, name: "Renamed elsewhere" })
      const enable = { ...seen.settings, integrationEnabled: true }
      const conflict = yield* Effect.result(cached.update(teamId, seen.version, enable))
      assert.isTrue(Result.isFailure(conflict) && conflict.failure._tag === "VersionConflict")
      const current = yield* cached.get(teamId)
      assert.strictEqual(current.settings.name, "Renamed elsewhere")
      yield* cached.update(teamId, current.version, { ...current.settings, integrationEnabled: true })
      assert.isTrue((yield* beneath.get(teamId)).settings.integrationEnabled)
    }))

  it.effect("the permanent key is served from the cache while the settings name it, and read again once they name another", () =>
    Effect.gen(function*() {
      const { beneath, cached, reads } = yield* twoViews
      const submit = (key: string, submittedAt: number, fingerprint: string) =>
        Effect.flatMap(beneath.get(teamId), (current) =>
          beneath.update(teamId, current.version, {
            ...current.settings,
            connection: { _tag: "ApiKey", key: { submittedAt, fingerprint } }
          }, [["permanentKey", Redacted.make(key)]]))
      yield* submit("first", 1, "f1")
      assert.strictEqual(valueOf(yield* cached.getSecret(teamId, "permanentKey")), "first")
      assert.strictEqual(valueOf(yield* cached.getSecret(teamId, "permanentKey")), "first")
      assert.strictEqual(reads.secrets, 1)
      // Replaced by another process: the key stays the one the (cached) settings name until they are read again.
      yield* submit("second", 2, "f2")
      assert.strictEqual((yield* cached.get(teamId)).settings.connection._tag, "ApiKey")
      assert.strictEqual(valueOf(yield* cached.getSecret(teamId, "permanentKey")), "first")
      yield* TestClock.adjust("1 second")
      const named = (yield* cached.get(teamId)).settings.connection
      assert.deepStrictEqual(named, { _tag: "ApiKey", key: { submittedAt: 2, fingerprint: "f2" } })
      assert.strictEqual(valueOf(yield* cached.getSecret(teamId, "permanentKey")), "second")
      // Written through this store without a new receipt: read again at once.
      yield* cached.putSecret(teamId, "permanentKey", Redacted.make("third"))
      assert.strictEqual(valueOf(yield* cached.getSecret(teamId, "permanentKey")), "third")
      yield* cached.deleteSecret(teamId, "permanentKey")
      assert.strictEqual(valueOf(yield* cached.getSecret(teamId, "permanentKey")), null)
    }))

  it.effect("a permanent key the settings do not name is read from the store every time", () =>
    Effect.gen(function*() {
      const { beneath, cached, reads } = yield* twoViews
      yield* beneath.putSecret(teamId, "permanentKey", Redacted.make("unnamed"))
      yield* cached.getSecret(teamId, "permanentKey")
      yield* beneath.putSecret(teamId, "permanentKey", Redacted.make("replaced"))
      assert.strictEqual(valueOf(yield* cached.getSecret(teamId, "permanentKey")), "replaced")
      assert.strictEqual(reads.secrets, 2)
    }))

  it.effect("OAuth tokens are never served from the cache", () =>
    Effect.gen(function*() {
      const { beneath, cached } = yield* twoViews
      yield* beneath.putSecret(teamId, "oauth:accessToken", Redacted.make("first"))
      yield* cached.getSecret(teamId, "oauth:accessToken")
      yield* beneath.putSecret(teamId, "oauth:accessToken", Redacted.make("refreshed"))
      assert.strictEqual(valueOf(yield* cached.getSecret(teamId, "oauth:accessToken")), "refreshed")
    }))

  it.effect("a team created by another process is found at once (misses are not cached)", () =>
    Effect.gen(function*() {
      const { beneath, cached } = yield* twoViews
      const other = Ids.TeamId.make("created-elsewhere")
      assert.isTrue(Result.isFailure(yield* Effect.result(cached.get(other))))
      yield* beneath.create({ ...settings, teamId: other })
      assert.strictEqual((yield* cached.get(other)).settings.teamId, other)
    }))
})

/**
 * This process's cached view over a store whose settings reads, after the first, take what it had read
 * and then wait for `release`: a background refresh that has read but not finished, for as long as the
 * test wants. `fail` makes those reads fail instead.
 */
const heldReads = (options: { readonly fail?: boolean } = {}) =>
  Effect.gen(function*() {
    const beneath = yield* ConfigStore
    const release = yield* Deferred.make<void>()
    const reads = { settings: 0 }
    const held = ConfigStore.of({
      ...beneath,
      get: (id) =>
        Effect.suspend(() =>
          ++reads.settings === 1
            ? beneath.get(id)
            : options.fail === true
            ? Effect.andThen(Deferred.await(release), Effect.fail(new TeamNotFound({ teamId: id })))
            : Effect.flatMap(beneath.get(id), (read) => Effect.as(Deferred.await(release), read))
        )
    })
    const cached = yield* ConfigStoreCache.make({ timeToLive: "1 second" }).pipe(Effect.provideService(ConfigStore, held))
    yield* beneath.create(settings)
    return { beneath, cached, reads, release }
  }).pipe(Effect.provide(ConfigStoreMemory.layer))

/** Lets the background refresh run until `done` holds (a refresh is a few steps once released). */
const settle = <E>(done: Effect.Effect<boolean, E>) =>
  Effect.gen(function*() {
    for (let step = 0; step < 1_000; step++) {
      if (yield* done) return
      yield* Effect.yieldNow
    }
    assert.fail("the background refresh did not finish")
  })

const nameSeen = (cached: ConfigStore["Service"]) => Effect.map(cached.get(teamId), (read) => read.settings.name)

describe("ConfigStoreCache refreshes ahead", () => {
  it.effect("a team asked for steadily is read again in the background; no caller waits for the store", () =>
    Effect.gen(function*() {
      const { beneath, cached, reads, release } = yield* heldReads()
      const first = yield* cached.get(teamId)
      yield* beneath.update(teamId, first.version, { ...first.settings, name: "Renamed elsewhere" })
      yield* TestClock.adjust("600 millis")
      // Past half the time to live: callers get the cached settings at once while the store's read is held,
      // and the many callers start one read between them.
      const seen = yield* Effect.all(Array.from({ length: 20 }, () => nameSeen(cached)), { concurrency: "unbounded" })
      assert.deepStrictEqual(new Set(seen), new Set(["Cached"]))
      assert.strictEqual(reads.settings, 2)
      yield* Deferred.succeed(release, undefined)
      yield* settle(Effect.map(nameSeen(cached), (name) => name === "Renamed elsewhere"))
      assert.strictEqual(reads.settings, 2)
    }))

  it.effect("settings written through this process while a refresh is under way are not undone by it", () =>
    Effect.gen(function*() {
      const { cached, release } = yield* heldReads()
      yield* cached.get(teamId)
      yield* TestClock.adjust("600 millis")
      yield* cached.get(teamId) // starts the refresh, which reads the old settings and is held
      const current = yield* cached.get(teamId)
      yield* cached.update(teamId, current.version, { ...current.settings, name: "Renamed here" })
      yield* Deferred.succeed(release, undefined)
      // The held refresh finishes within these steps; had it been installed, a later step would see it.
      for (let step = 0; step < 50; step++) {
        assert.strictEqual(yield* nameSeen(cached), "Renamed here")
        yield* Effect.yieldNow
      }
    }))

  it.effect("a refresh the store refuses stops the cached settings from being served", () =>
    Effect.gen(function*() {
      const { cached, reads, release } = yield* heldReads({ fail: true })
      yield* cached.get(teamId)
      yield* TestClock.adjust("600 millis")
      assert.strictEqual(yield* nameSeen(cached), "Cached")
      yield* Deferred.succeed(release, undefined)
      // The next caller asks the store itself and gets its answer.
      yield* settle(Effect.map(Effect.result(cached.get(teamId)), Result.isFailure))
      const failed = yield* Effect.result(cached.get(teamId))
      assert.isTrue(Result.isFailure(failed) && failed.failure._tag === "TeamNotFound")
      assert.isAtLeast(reads.settings, 3)
    }))
})
