/**
 * `PeriodicTasks` on SQL (PostgreSQL and PGlite): a row per (task, key) with its next run, due and
 * pushed ahead on the database's clock (`now()`), so workers whose clocks disagree still run each period
 * once. A claim is one statement: the due rows are locked with `FOR UPDATE SKIP LOCKED` (concurrent
 * claimers skip each other's rows rather than wait) and moved one period ahead.
 *
 * @since 0.2.0
 */
import { PeriodicTasks } from "@fulcrum/core"
import { Array as Arr, Effect, Layer, Schema } from "effect"
import { SqlClient, SqlSchema } from "effect/sql"
import * as StoreFailure from "./internal/StoreFailure.ts"

/** Keys registered per INSERT (two bound parameters each, far below PostgreSQL's limit). */
const insertChunk = 1000

const KeyRow = Schema.Struct({ key: Schema.String })

/**
 * Builds the store over the `SqlClient` in context.
 *
 * @since 0.2.0
 */
export const make: Effect.Effect<PeriodicTasks.PeriodicTasks["Service"], never, SqlClient.SqlClient> = Effect.gen(
  function*() {
    const sql = yield* SqlClient.SqlClient

    const claimDue = Effect.fn("PeriodicTasksSql.claimDue")(
      function*(options: PeriodicTasks.ClaimOptions) {
        const { intervalMs, limit, task } = options
        for (let i = 0; i < options.keys.length; i += insertChunk) {
          const rows: ReadonlyArray<Record<string, unknown>> = options.keys.slice(i, i + insertChunk)
            .map((key) => ({ task, key }))
          if (!Arr.isReadonlyArrayNonEmpty(rows)) continue
          // A key never seen is due now (the column's default, on the database's clock); known keys keep
          // their schedule.
          yield* sql`INSERT INTO periodic_tasks ${sql.insert(rows)} ON CONFLICT (task, key) DO NOTHING`
        }
        const claimed = yield* SqlSchema.findAll({
          Request: Schema.Void,
          Result: KeyRow,
          execute: () =>
            sql`
              UPDATE periodic_tasks AS t
              SET next_run_at = now() + ${intervalMs} * interval '1 millisecond'
              FROM (
                SELECT task, key FROM periodic_tasks
                WHERE task = ${task} AND next_run_at <= now()
                ORDER BY next_run_at, key
                LIMIT ${limit}
                FOR UPDATE SKIP LOCKED
              ) AS due
              WHERE t.task = due.task AND t.key = due.key
              RETURNING t.key`
        })(undefined)
        return claimed.map((row) => row.key)
      },
      StoreFailure.mapErrors("PeriodicTasks.claimDue")
    )

    return PeriodicTasks.PeriodicTasks.of({ claimDue })
  }
)

/**
 * The `PeriodicTasks` over the `SqlClient` in context.
 *
 * @since 0.2.0
 */
export const layer: Layer.Layer<PeriodicTasks.PeriodicTasks, never, SqlClient.SqlClient> = Layer.effect(
  PeriodicTasks.PeriodicTasks,
  make
)
