/**
 * The security log's rate limit as an operator configures it (`SecurityLogSql.layerWith`), under a
 * flood: many records from one source at once. On PostgreSQL they run on separate pooled connections,
 * so they truly race for the last free places under the limit; on PGlite they interleave on the one
 * connection.
 */
import { assert, describe, layer } from "@effect/vitest"
import { SecurityLog } from "@fulcrum/core"
import { Effect, Layer } from "effect"
import type { SqlClient } from "effect/sql"
import { SecurityLogSql } from "../src/index.ts"
import { postgresSkipReason, postgresUrl, sharedPglite, sharedPostgres } from "./support/TestDatabase.ts"

const rateLimit = { maxEntries: 3, windowMs: 10_000 }
const flood = 60
const at = 1_767_225_600_000

const suite = (database: string, layer_: Layer.Layer<SqlClient.SqlClient>) =>
  layer(SecurityLogSql.layerWith({ rateLimit }).pipe(Layer.provide(layer_)), { excludeTestServices: true, timeout: 60_000 })(
    `SecurityLogSql with a limit of ${rateLimit.maxEntries} per ${rateLimit.windowMs} ms on ${database}`,
    (it) => {
      it.effect(`${flood} concurrent rejections from one source: ${rateLimit.maxEntries} rows, the rest counted`, () =>
        Effect.gen(function*() {
          const log = yield* SecurityLog.SecurityLog
          const teamId = `flood-${crypto.randomUUID()}`
          yield* Effect.forEach(
            Array.from({ length: flood }, (_, i) => i),
            (i) => log.record({ at: at + i, teamId, kind: "BadSignature", detail: `attempt ${i}`, remoteAddress: "198.51.100.9" }),
            { concurrency: flood, discard: true }
          )
          const rows = yield* log.list({ teamId, limit: 1_000 })
          assert.strictEqual(rows.length, rateLimit.maxEntries)
          assert.strictEqual(rows.reduce((sum, row) => sum + row.suppressed, 0), flood - rateLimit.maxEntries)
        }), 60_000)
    }
  )

suite("PGlite", sharedPglite())

if (postgresUrl === undefined) {
  describe.skip(`SecurityLogSql rate limit on PostgreSQL (${postgresSkipReason})`, () => {})
} else {
  suite("PostgreSQL", sharedPostgres(postgresUrl))
}
