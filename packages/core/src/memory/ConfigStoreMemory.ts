/**
 * An in-memory `ConfigStore`: team settings with optimistic versions, and secrets kept as `Redacted` so
 * that printing, logging or serialising the store's contents never reveals them. Everything is lost when
 * the process exits; use it in tests and in embedders' experiments, never where teams must survive a
 * restart.
 *
 * @since 0.1.0
 */
import type { Ids, Setup } from "@fulcrum/domain"
import { Effect, HashMap, Layer, Option, SynchronizedRef } from "effect"
import type { Redacted } from "effect"
import {
  ConfigStore,
  type SecretName,
  type SecretWrites,
  TeamExists,
  TeamNotFound,
  VersionConflict,
  type VersionedSettings
} from "../ports/ConfigStore.ts"

interface Team {
  readonly current: VersionedSettings
  readonly secrets: HashMap.HashMap<SecretName, Redacted.Redacted<string>>
}

type Teams = HashMap.HashMap<Ids.TeamId, Team>

/**
 * Builds an empty in-memory `ConfigStore`. Each call gives a store of its own.
 *
 * @since 0.1.0
 */
export const make: Effect.Effect<ConfigStore["Service"]> = Effect.gen(function*() {
  // One serialised ref for all teams: every read-check-write below happens under its lock, so a version
  // check and the write it guards can never interleave with another update.
  const teams = yield* SynchronizedRef.make<Teams>(HashMap.empty())

  const modifyTeam = <A, E>(
    teamId: Ids.TeamId,
    f: (team: Team) => Effect.Effect<readonly [A, Team], E>
  ): Effect.Effect<A, E | TeamNotFound> =>
    SynchronizedRef.modifyEffect(teams, (all): Effect.Effect<readonly [A, Teams], E | TeamNotFound> =>
      Option.match(HashMap.get(all, teamId), {
        onNone: () => Effect.fail(new TeamNotFound({ teamId })),
        onSome: (team) => Effect.map(f(team), ([a, next]) => [a, HashMap.set(all, teamId, next)] as const)
      }))

  const create = Effect.fn("ConfigStoreMemory.create")(function*(settings: Setup.TeamSettings) {
    return yield* SynchronizedRef.modifyEffect(teams, (all) => {
      if (HashMap.has(all, settings.teamId)) return Effect.fail(new TeamExists({ teamId: settings.teamId }))
      const current: VersionedSettings = { settings, version: 1 }
      return Effect.succeed([current, HashMap.set(all, settings.teamId, { current, secrets: HashMap.empty() })] as const)
    })
  })

  const get = Effect.fn("ConfigStoreMemory.get")(function*(teamId: Ids.TeamId) {
    const all = yield* SynchronizedRef.get(teams)
    return yield* Option.match(HashMap.get(all, teamId), {
      onNone: () => Effect.fail(new TeamNotFound({ teamId })),
      onSome: (team) => Effect.succeed(team.current)
    })
  })

  const list = Effect.fn("ConfigStoreMemory.list")(function*() {
    const all = yield* SynchronizedRef.get(teams)
    return Array.from(HashMap.values(all), (team) => team.current).sort(
      (a, b) => a.settings.createdAt - b.settings.createdAt || compareStrings(a.settings.teamId, b.settings.teamId)
    )
  })

  const update = Effect.fn("ConfigStoreMemory.update")(
    function*(teamId: Ids.TeamId, expectedVersion: number, settings: Setup.TeamSettings, secrets: SecretWrites = []) {
      return yield* modifyTeam(teamId, (team) => {
        if (team.current.version !== expectedVersion) {
          return Effect.fail(
            new VersionConflict({ teamId, expected: expectedVersion, actual: team.current.version })
          )
        }
        const current: VersionedSettings = { settings, version: team.current.version + 1 }
        const written = secrets.reduce((all, [name, value]) => HashMap.set(all, name, value), team.secrets)
        return Effect.succeed([current, { ...team, current, secrets: written }] as const)
      })
    }
  )

  const putSecret = Effect.fn("ConfigStoreMemory.putSecret")(
    function*(teamId: Ids.TeamId, name: SecretName, value: Redacted.Redacted<string>) {
      return yield* modifyTeam(
        teamId,
        (team) => Effect.succeed([undefined, { ...team, secrets: HashMap.set(team.secrets, name, value) }] as const)
      )
    }
  )

  const getSecret = Effect.fn("ConfigStoreMemory.getSecret")(function*(teamId: Ids.TeamId, name: SecretName) {
    const all = yield* SynchronizedRef.get(teams)
    return Option.flatMap(HashMap.get(all, teamId), (team) => HashMap.get(team.secrets, name))
  })

  const deleteSecret = Effect.fn("ConfigStoreMemory.deleteSecret")(function*(teamId: Ids.TeamId, name: SecretName) {
    yield* SynchronizedRef.update(teams, (all) =>
      Option.match(HashMap.get(all, teamId), {
        onNone: () => all,
        onSome: (team) => HashMap.set(all, teamId, { ...team, secrets: HashMap.remove(team.secrets, name) })
      }))
  })

  return ConfigStore.of({ create, get, list, update, putSecret, getSecret, deleteSecret })
})

/**
 * A `ConfigStore` kept in memory, empty when the layer is built.
 *
 * @since 0.1.0
 */
export const layer: Layer.Layer<ConfigStore> = Layer.effect(ConfigStore, make)

const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)
