/**
 * `SecurityLog` on SQL: an append-only table, listed newest first (entries of the same instant latest
 * recorded first). Entries are stored exactly as given; the port's callers keep secrets out of them.
 *
 * @since 0.1.0
 */
import { SecurityLog } from "@fulcrum/core"
import { Effect, Layer, Schema } from "effect"
import { SqlClient, SqlSchema } from "effect/sql"
import { Int8 } from "./internal/Columns.ts"
import * as StoreFailure from "./internal/StoreFailure.ts"

/**
 * How many entries `list` returns when the caller names no limit (as the in-memory log).
 *
 * @since 0.1.0
 */
export const defaultLimit = 100

const EntryRow = Schema.Struct({ ...SecurityLog.SecurityEntry.fields, at: Int8 })

/**
 * Builds the log over the `SqlClient` in context.
 *
 * @since 0.1.0
 */
export const make: Effect.Effect<SecurityLog.SecurityLog["Service"], never, SqlClient.SqlClient> = Effect.gen(
  function*() {
    const sql = yield* SqlClient.SqlClient

    const record = Effect.fn("SecurityLogSql.record")(
      function*(entry: SecurityLog.SecurityEntry) {
        yield* sql`
          INSERT INTO security_log (at, team_id, kind, detail, remote_address)
          VALUES (${entry.at}, ${entry.teamId}, ${entry.kind}, ${entry.detail}, ${entry.remoteAddress})`
      },
      StoreFailure.mapErrors("SecurityLog.record")
    )

    const list = Effect.fn("SecurityLogSql.list")(
      function*(options: { readonly teamId?: string; readonly limit?: number }) {
        const limit = Math.max(0, Math.floor(options.limit ?? defaultLimit))
        return yield* SqlSchema.findAll({
          Request: Schema.Void,
          Result: EntryRow,
          execute: () =>
            sql`
              SELECT at, team_id AS "teamId", kind, detail, remote_address AS "remoteAddress" FROM security_log
              ${options.teamId === undefined ? sql`` : sql`WHERE team_id = ${options.teamId}`}
              ORDER BY at DESC, seq DESC
              LIMIT ${limit}`
        })(undefined)
      },
      StoreFailure.mapErrors("SecurityLog.list")
    )

    return SecurityLog.SecurityLog.of({ record, list })
  }
)

/**
 * The `SecurityLog` over the `SqlClient` in context.
 *
 * @since 0.1.0
 */
export const layer: Layer.Layer<SecurityLog.SecurityLog, never, SqlClient.SqlClient> = Layer.effect(
  SecurityLog.SecurityLog,
  make
)
