/**
 * `ConfigStore` on SQL: team settings as JSONB encoded with the domain's `TeamSettings` schema, with an
 * optimistic `version` (an update applies only `WHERE version = expected`), and team secrets sealed with
 * `SecretCipher` (AES-256-GCM) so the table never holds a plaintext secret.
 *
 * @since 0.1.0
 */
import { ConfigStore, StoreError } from "@fulcrum/core"
import type { Ids } from "@fulcrum/domain"
import { Setup } from "@fulcrum/domain"
import { Effect, Layer, Option, Redacted, Schema } from "effect"
import { SqlClient, SqlSchema } from "effect/sql"
import { jsonText } from "./internal/Columns.ts"
import { SealedRow, toSealed } from "./internal/SecretRows.ts"
import * as StoreFailure from "./internal/StoreFailure.ts"
import { type Sealed, SecretCipher } from "./SecretCipher.ts"

const SettingsRow = Schema.Struct({ settings: Setup.TeamSettings, version: Schema.Number })
const VersionRow = Schema.Struct({ version: Schema.Number })
const TeamKey = Schema.Struct({ teamId: Schema.String })
const SecretRef = Schema.Struct({ teamId: Schema.String, name: Schema.String })

/**
 * Builds the store over the `SqlClient` in context, sealing secrets with the `SecretCipher`.
 *
 * @since 0.1.0
 */
export const make: Effect.Effect<ConfigStore.ConfigStore["Service"], never, SqlClient.SqlClient | SecretCipher> =
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const cipher = yield* SecretCipher
    const encodeSettings = jsonText(Setup.TeamSettings)

    const findSettings = SqlSchema.findOneOption({
      Request: TeamKey,
      Result: SettingsRow,
      execute: ({ teamId }) => sql`SELECT settings, version FROM teams WHERE team_id = ${teamId}`
    })
    const findVersion = SqlSchema.findOneOption({
      Request: TeamKey,
      Result: VersionRow,
      execute: ({ teamId }) => sql`SELECT version FROM teams WHERE team_id = ${teamId}`
    })
    const findSealed = SqlSchema.findOneOption({
      Request: SecretRef,
      Result: SealedRow,
      execute: ({ name, teamId }) =>
        sql`SELECT key_id, nonce, ciphertext, auth_tag FROM team_secrets WHERE team_id = ${teamId} AND name = ${name}`
    })

    const create = Effect.fn("ConfigStoreSql.create")(
      function*(settings: Setup.TeamSettings) {
        const json = yield* encodeSettings(settings)
        const rows = yield* SqlSchema.findAll({
          Request: Schema.Void,
          Result: SettingsRow,
          execute: () =>
            sql`
              INSERT INTO teams (team_id, settings, version, created_at)
              VALUES (${settings.teamId}, ${json}::jsonb, 1, ${settings.createdAt})
              ON CONFLICT (team_id) DO NOTHING
              RETURNING settings, version`
        })(undefined)
        const created = rows[0]
        if (created === undefined) return yield* new ConfigStore.TeamExists({ teamId: settings.teamId })
        return created
      },
      StoreFailure.mapErrors("ConfigStore.create")
    )

    const get = Effect.fn("ConfigStoreSql.get")(
      function*(teamId: Ids.TeamId) {
        const found = yield* findSettings({ teamId })
        if (Option.isNone(found)) return yield* new ConfigStore.TeamNotFound({ teamId })
        return found.value
      },
      StoreFailure.mapErrors("ConfigStore.get")
    )

    const list = Effect.fn("ConfigStoreSql.list")(
      function*() {
        return yield* SqlSchema.findAll({
          Request: Schema.Void,
          Result: SettingsRow,
          execute: () => sql`SELECT settings, version FROM teams ORDER BY created_at, team_id`
        })(undefined)
      },
      StoreFailure.mapErrors("ConfigStore.list")
    )

    /** One statement: the team check and the upsert cannot be split by a concurrent write. */
    const upsertSecret = (teamId: Ids.TeamId, name: ConfigStore.SecretName, sealed: Sealed) =>
      sql`
        INSERT INTO team_secrets (team_id, name, key_id, nonce, ciphertext, auth_tag)
        SELECT ${teamId}, ${name}, ${sealed.keyId}, ${sealed.nonce}::bytea, ${sealed.ciphertext}::bytea,
               ${sealed.authTag}::bytea
        WHERE EXISTS (SELECT 1 FROM teams WHERE team_id = ${teamId})
        ON CONFLICT (team_id, name) DO UPDATE
          SET key_id = excluded.key_id, nonce = excluded.nonce, ciphertext = excluded.ciphertext,
              auth_tag = excluded.auth_tag
        RETURNING name`

    const putSecret = Effect.fn("ConfigStoreSql.putSecret")(
      function*(teamId: Ids.TeamId, name: ConfigStore.SecretName, value: Redacted.Redacted<string>) {
        const sealed = yield* cipher.seal(value, { teamId, name })
        const stored = yield* upsertSecret(teamId, name, sealed)
        if (stored.length === 0) return yield* new ConfigStore.TeamNotFound({ teamId })
      },
      StoreFailure.mapErrors("ConfigStore.putSecret")
    )

    const update = Effect.fn("ConfigStoreSql.update")(
      function*(
        teamId: Ids.TeamId,
        expectedVersion: number,
        settings: Setup.TeamSettings,
        secrets: ConfigStore.SecretWrites = []
      ) {
        const json = yield* encodeSettings(settings)
        const sealed = yield* Effect.forEach(secrets, ([name, value]) =>
          Effect.map(cipher.seal(value, { teamId, name }), (seal) => [name, seal] as const))
        // The settings and the secrets they record are one transaction: a stale version writes neither.
        const updated = yield* sql.withTransaction(Effect.gen(function*() {
          const rows = yield* SqlSchema.findAll({
            Request: Schema.Void,
            Result: SettingsRow,
            execute: () =>
              sql`
                UPDATE teams SET settings = ${json}::jsonb, version = version + 1, created_at = ${settings.createdAt}
                WHERE team_id = ${teamId} AND version = ${expectedVersion}
                RETURNING settings, version`
          })(undefined)
          if (rows[0] === undefined) return undefined
          for (const [name, seal] of sealed) yield* upsertSecret(teamId, name, seal)
          return rows[0]
        }))
        if (updated !== undefined) return updated
        const current = yield* findVersion({ teamId })
        if (Option.isNone(current)) return yield* new ConfigStore.TeamNotFound({ teamId })
        return yield* new ConfigStore.VersionConflict({ teamId, expected: expectedVersion, actual: current.value.version })
      },
      StoreFailure.mapErrors("ConfigStore.update")
    )

    const getSecret = Effect.fn("ConfigStoreSql.getSecret")(
      function*(teamId: Ids.TeamId, name: ConfigStore.SecretName) {
        const row = yield* findSealed({ teamId, name })
        if (Option.isNone(row)) return Option.none<Redacted.Redacted<string>>()
        return Option.some(
          yield* cipher.open(toSealed(row.value), { teamId, name }).pipe(
            Effect.mapError((error) =>
              new StoreError.StoreError({ operation: "ConfigStore.getSecret", message: error.message })
            )
          )
        )
      },
      StoreFailure.mapErrors("ConfigStore.getSecret")
    )

    const deleteSecret = Effect.fn("ConfigStoreSql.deleteSecret")(
      function*(teamId: Ids.TeamId, name: ConfigStore.SecretName) {
        yield* sql`DELETE FROM team_secrets WHERE team_id = ${teamId} AND name = ${name}`
      },
      StoreFailure.mapErrors("ConfigStore.deleteSecret")
    )

    return ConfigStore.ConfigStore.of({ create, get, list, update, putSecret, getSecret, deleteSecret })
  })

/**
 * The `ConfigStore` over the `SqlClient` and `SecretCipher` in context.
 *
 * @since 0.1.0
 */
export const layer: Layer.Layer<ConfigStore.ConfigStore, never, SqlClient.SqlClient | SecretCipher> = Layer.effect(
  ConfigStore.ConfigStore,
  make
)
