/**
 * A short-lived read cache in front of a `ConfigStore`, for the webhook front door: without it every
 * delivery reads the team's settings and decrypts its signing token before the one statement that stores
 * the event, three round trips where one does.
 *
 * What is cached, per team, for `timeToLive` (default 1 s): `get` (settings and version), `getSecret`
 * of the signing tokens, and `getSecret` of the permanent Lever key (read once per event by the worker)
 * under the receipt the team's settings (as cached) hold for it: a key is stored with its receipt in one
 * write (`TeamSetup`), so a replaced key has a new receipt and is read again as soon as the settings
 * naming it are, and the key used with a team's settings is the one they name. Other secrets (OAuth
 * tokens, a pending Connect) always go to the store: an OAuth token refreshed elsewhere must be used at
 * once. Failures (an unknown team, a store error) are never cached.
 *
 * Consistency:
 * - a write through this store (`create`, `update`, `putSecret`, `deleteSecret`) drops the entry it
 *   touched once the write is done, successful or not, so this process reads its own writes: a signing
 *   token submitted over the admin API verifies the very next webhook;
 * - a write made by another process (a second host, the worker) is seen within `timeToLive`;
 * - an `update` that fails with `VersionConflict` drops the team's settings too, so the caller's retry
 *   (see `TeamSetup`) re-reads the current version instead of the cached one.
 *
 * Concurrent misses for the same key share one read. An entry asked for once it is half its time to live
 * old is read again in the background while the cached value is served, so a team whose webhooks come
 * steadily never waits for these reads after the first (with a plain expiry, one webhook per team and
 * second waited for one or two round trips to the database, which matters where it is a network hop away).
 *
 * @example
 * ```ts
 * import { ConfigStoreCache } from "@fulcrum/core"
 * import { Stores } from "@fulcrum/store-sql"
 * import { Layer } from "effect"
 *
 * // Every store, with ConfigStore reads cached for 1 s.
 * const StoresWithCache = ConfigStoreCache.layer().pipe(Layer.provideMerge(Stores.layerFromEnv))
 * ```
 *
 * @since 0.1.0
 */
import type { Ids, Setup } from "@fulcrum/domain"
import { Duration, Effect, Exit, Layer } from "effect"
import * as RefreshAheadCache from "./internal/RefreshAheadCache.ts"
import { ConfigStore, type SecretName } from "./ports/ConfigStore.ts"

/** Tuning of the cache. @since 0.1.0 */
export interface Options {
  /** How long a read is reused; also how late another process's write may be seen. Default 1 second. */
  readonly timeToLive?: Duration.Input | undefined
  /** How many teams' settings (and, separately, signing tokens) are kept; default 10,000. */
  readonly capacity?: number | undefined
}

/** The default time to live: at 200 webhooks/s a team's settings are read once instead of 200 times. @since 0.1.0 */
export const defaultTimeToLive: Duration.Duration = Duration.seconds(1)

const defaultCapacity = 10_000

/** Only signing tokens are cached (see the module doc). */
const isSigningToken = (name: SecretName): boolean => name.startsWith("signingToken:")

// Team ids and secret names refuse control characters, so a NUL cannot occur in either part.
const secretKey = (teamId: Ids.TeamId, name: SecretName): string => `${teamId}\u0000${name}`
const fromSecretKey = (key: string): readonly [Ids.TeamId, SecretName] => {
  const at = key.indexOf("\u0000")
  return [key.slice(0, at) as Ids.TeamId, key.slice(at + 1) as SecretName]
}

/** The permanent key of a team whose settings hold `receipt` for it; `generation` counts this process's writes of it. */
const leverKeyOf = (teamId: Ids.TeamId, generation: number, receipt: Setup.SecretReceipt): string =>
  `${teamId}\u0000${generation}\u0000${receipt.submittedAt}\u0000${receipt.fingerprint}`
const teamOfLeverKey = (key: string): Ids.TeamId => key.slice(0, key.indexOf("\u0000")) as Ids.TeamId

/**
 * Wraps the `ConfigStore` in context. Background reads run in the scope and stop with it.
 *
 * @since 0.1.0
 */
export const make = Effect.fnUntraced(function*(options: Options = {}) {
  const store = yield* ConfigStore
  const cacheOptions = {
    timeToLive: Duration.fromInputUnsafe(options.timeToLive ?? defaultTimeToLive),
    capacity: options.capacity ?? defaultCapacity
  }
  const settings = yield* RefreshAheadCache.make((teamId) => store.get(teamId as Ids.TeamId), cacheOptions)
  const signingTokens = yield* RefreshAheadCache.make((key) => store.getSecret(...fromSecretKey(key)), cacheOptions)
  const leverKeys = yield* RefreshAheadCache.make(
    (key) => store.getSecret(teamOfLeverKey(key), "permanentKey"),
    cacheOptions
  )
  // A key written through this store without a new receipt (`putSecret`, `deleteSecret`) starts a new
  // generation, so what was cached before is never read again.
  const generations = new Map<Ids.TeamId, number>()

  /** The permanent key under the receipt the cached settings hold, or from the store when they hold none. */
  const leverKey = (teamId: Ids.TeamId) =>
    Effect.flatMap(Effect.exit(settings.get(teamId)), (read) => {
      const connection = Exit.isSuccess(read) ? read.value.settings.connection : undefined
      return connection?._tag === "ApiKey"
        ? leverKeys.get(leverKeyOf(teamId, generations.get(teamId) ?? 0, connection.key))
        : store.getSecret(teamId, "permanentKey")
    })

  const dropSettings = (teamId: Ids.TeamId) => settings.invalidate(teamId)
  const dropSecret = (teamId: Ids.TeamId, name: SecretName) =>
    isSigningToken(name)
      ? signingTokens.invalidate(secretKey(teamId, name))
      : name === "permanentKey"
      ? Effect.sync(() => generations.set(teamId, (generations.get(teamId) ?? 0) + 1))
      : Effect.void

  return ConfigStore.of({
    get: (teamId) => settings.get(teamId),
    getSecret: (teamId, name) =>
      isSigningToken(name)
        ? signingTokens.get(secretKey(teamId, name))
        : name === "permanentKey"
        ? leverKey(teamId)
        : store.getSecret(teamId, name),
    list: store.list,
    create: (created) => Effect.ensuring(store.create(created), dropSettings(created.teamId)),
    update: (teamId, expectedVersion, updated, secrets = []) =>
      Effect.ensuring(
        store.update(teamId, expectedVersion, updated, secrets),
        Effect.andThen(dropSettings(teamId), Effect.forEach(secrets, ([name]) => dropSecret(teamId, name)))
      ),
    putSecret: (teamId, name, value) => Effect.ensuring(store.putSecret(teamId, name, value), dropSecret(teamId, name)),
    deleteSecret: (teamId, name) => Effect.ensuring(store.deleteSecret(teamId, name), dropSecret(teamId, name))
  })
})

/**
 * The cached `ConfigStore` over the `ConfigStore` it is provided with. Use it with `Layer.provideMerge`
 * over the stores so that every service of the process shares the one cache: writes made through any of
 * them then drop what they changed.
 *
 * @since 0.1.0
 */
export const layer = (options: Options = {}): Layer.Layer<ConfigStore, never, ConfigStore> =>
  Layer.effect(ConfigStore, make(options))
