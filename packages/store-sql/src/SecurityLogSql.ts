/**
 * `SecurityLog` on SQL: a table listed newest first (entries of the same instant latest recorded first),
 * with the port's rate limit per team and source and pruning by age. Text is stored with its control
 * characters escaped (PostgreSQL refuses a NUL, and the log records bad input); otherwise entries are
 * stored as given, and the port's callers keep secrets out of them.
 *
 * @since 0.1.0
 */
import { SecurityLog } from "@fulcrum/core"
import { Text } from "@fulcrum/domain"
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

/**
 * Options of the SQL log.
 *
 * @since 0.1.0
 */
export interface Options {
  /** Entries per team and source per window; `SecurityLog.defaultRateLimit` by default. */
  readonly rateLimit?: SecurityLog.RateLimit | undefined
}

const EntryRow = Schema.Struct({
  ...SecurityLog.LoggedSecurityEntry.fields,
  at: Int8,
  lastSuppressedAt: Schema.NullOr(Int8)
})

const RecentRow = Schema.Struct({ seq: Int8, entries: Int8 })
const CountRow = Schema.Struct({ count: Int8 })

/**
 * The first key of the advisory locks that serialize the records of one team and source ("FULC"): the
 * two-key lock space never meets the one-key locks others (`effect/cluster`) take.
 */
const lockSpace = 0x46554c43

/**
 * Builds the log over the `SqlClient` in context.
 *
 * @since 0.1.0
 */
export const make = (
  options: Options = {}
): Effect.Effect<SecurityLog.SecurityLog["Service"], never, SqlClient.SqlClient> =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const { maxEntries, windowMs } = SecurityLog.rateLimitOf(options.rateLimit)

    const record = Effect.fn("SecurityLogSql.record")(
      function*(entry: SecurityLog.SecurityEntry) {
        const { at, detail, kind, remoteAddress, teamId } = SecurityLog.escaped(entry)
        const sameSource = sql.and([
          teamId === null ? sql`team_id IS NULL` : sql`team_id = ${teamId}`,
          remoteAddress === null ? sql`remote_address IS NULL` : sql`remote_address = ${remoteAddress}`
        ])
        yield* sql.withTransaction(Effect.gen(function*() {
          // Concurrent deliveries from one source wait for each other here, so they cannot all find room
          // under the limit; other sources are not held up.
          yield* sql`SELECT pg_advisory_xact_lock(${lockSpace}, hashtext(${JSON.stringify([teamId, remoteAddress])}))`
          const recent = yield* SqlSchema.findAll({
            Request: Schema.Void,
            Result: RecentRow,
            execute: () =>
              sql`
                SELECT seq, count(*) OVER () AS entries FROM security_log
                WHERE ${sameSource} AND at > ${at - windowMs}
                ORDER BY at DESC, seq DESC
                LIMIT 1`
          })(undefined)
          const newest = recent[0]
          if (newest !== undefined && newest.entries >= maxEntries) {
            yield* sql`
              UPDATE security_log
              SET suppressed = suppressed + 1, last_suppressed_at = GREATEST(last_suppressed_at, ${at})
              WHERE seq = ${newest.seq}`
            return
          }
          yield* sql`
            INSERT INTO security_log (at, team_id, kind, detail, remote_address)
            VALUES (${at}, ${teamId}, ${kind}, ${detail}, ${remoteAddress})`
        }))
      },
      StoreFailure.mapErrors("SecurityLog.record")
    )

    const list = Effect.fn("SecurityLogSql.list")(
      function*(options: { readonly teamId?: string; readonly limit?: number }) {
        const limit = Math.max(0, Math.floor(options.limit ?? defaultLimit))
        // Team ids are stored escaped: a team id as it arrived finds its entries.
        const teamId = options.teamId === undefined ? undefined : Text.escapeControlCharacters(options.teamId)
        return yield* SqlSchema.findAll({
          Request: Schema.Void,
          Result: EntryRow,
          execute: () =>
            sql`
              SELECT at, team_id AS "teamId", kind, detail, remote_address AS "remoteAddress", suppressed,
                     last_suppressed_at AS "lastSuppressedAt"
              FROM security_log
              ${teamId === undefined ? sql`` : sql`WHERE team_id = ${teamId}`}
              ORDER BY at DESC, seq DESC
              LIMIT ${limit}`
        })(undefined)
      },
      StoreFailure.mapErrors("SecurityLog.list")
    )

    const prune = Effect.fn("SecurityLogSql.prune")(
      function*(options: { readonly before: number }) {
        const rows = yield* SqlSchema.findAll({
          Request: Schema.Void,
          Result: CountRow,
          execute: () =>
            sql`
              WITH pruned AS (DELETE FROM security_log WHERE at < ${options.before} RETURNING 1)
              SELECT count(*) AS count FROM pruned`
        })(undefined)
        return rows[0]?.count ?? 0
      },
      StoreFailure.mapErrors("SecurityLog.prune")
    )

    return SecurityLog.SecurityLog.of({ record, list, prune })
  })

/**
 * The `SecurityLog` over the `SqlClient` in context, with the default rate limit.
 *
 * @since 0.1.0
 */
export const layer: Layer.Layer<SecurityLog.SecurityLog, never, SqlClient.SqlClient> = Layer.effect(
  SecurityLog.SecurityLog,
  make()
)

/**
 * The `SecurityLog` over the `SqlClient` in context, with the given options.
 *
 * @example
 * ```ts
 * SecurityLogSql.layerWith({ rateLimit: { maxEntries: 5, windowMs: 10_000 } })
 * ```
 *
 * @since 0.1.0
 */
export const layerWith = (
  options: Options
): Layer.Layer<SecurityLog.SecurityLog, never, SqlClient.SqlClient> => Layer.effect(SecurityLog.SecurityLog, make(options))
