/**
 * `StepJournal` on SQL: one row per (team, step key), written with `ON CONFLICT DO NOTHING`, so the first
 * recorded result wins even when twins race. Results are JSON values stored as JSONB; a step without a
 * result is recorded as JSON `null`, which a lookup tells apart from a missing row. `findAll` reads rows by
 * prefix (`JournalRead`) in one statement, and `forget` deletes rows by exact key or by prefix, in one transaction.
 *
 * @since 0.1.0
 */
import { StepJournal } from "@fulcrum/core"
import type { Ids } from "@fulcrum/domain"
import { Effect, Layer, Option, Schema } from "effect"
import { SqlClient, SqlSchema } from "effect/sql"
import { jsonText } from "./internal/Columns.ts"
import * as JournalInsert from "./internal/JournalInsert.ts"
import * as JournalRead from "./internal/JournalRead.ts"
import * as StoreFailure from "./internal/StoreFailure.ts"

const ResultRow = Schema.Struct({ result: Schema.Json })
/** Conditions per DELETE statement of `forget` (each one a bound parameter). */
const forgetChunk = 500

const StepKey = Schema.Struct({ teamId: Schema.String, stepKey: Schema.String })

/**
 * Builds the journal over the `SqlClient` in context.
 *
 * @since 0.1.0
 */
export const make: Effect.Effect<StepJournal.StepJournal["Service"], never, SqlClient.SqlClient> = Effect.gen(
  function*() {
    const sql = yield* SqlClient.SqlClient
    // A result that is not JSON (a Date, a bigint, `undefined`) fails here, instead of reading back changed.
    const encodeResult = jsonText(Schema.Json)
    const findResult = SqlSchema.findOneOption({
      Request: StepKey,
      Result: ResultRow,
      execute: ({ stepKey, teamId }) =>
        sql`SELECT result FROM step_journal WHERE team_id = ${teamId} AND step_key = ${stepKey}`
    })

    const find = Effect.fn("StepJournalSql.find")(
      function*(teamId: Ids.TeamId, stepKey: string) {
        return Option.map(yield* findResult({ teamId, stepKey }), (row): unknown => row.result)
      },
      StoreFailure.mapErrors("StepJournal.find")
    )

    const findAll = Effect.fn("StepJournalSql.findAll")(
      function*(teamId: Ids.TeamId, steps: { readonly prefixes: ReadonlyArray<string> }) {
        if (steps.prefixes.length === 0) return new Map<string, unknown>() as ReadonlyMap<string, unknown>
        const rows = yield* SqlSchema.findAll({
          Request: Schema.Void,
          Result: JournalRead.Row,
          execute: () => JournalRead.select(sql, teamId, steps.prefixes)
        })(undefined)
        return JournalRead.byKey(rows, steps.prefixes)
      },
      StoreFailure.mapErrors("StepJournal.findAll")
    )

    const record = Effect.fn("StepJournalSql.record")(
      function*(teamId: Ids.TeamId, stepKey: string, result: unknown, at: number) {
        const json = yield* encodeResult(result as Schema.Json)
        yield* sql`
          INSERT INTO step_journal (team_id, step_key, result, recorded_at)
          VALUES (${teamId}, ${stepKey}, ${json}::jsonb, ${at})
          ON CONFLICT (team_id, step_key) DO NOTHING`
      },
      StoreFailure.mapErrors("StepJournal.record")
    )

    const recordAll = Effect.fn("StepJournalSql.recordAll")(
      function*(teamId: Ids.TeamId, steps: ReadonlyArray<{ readonly stepKey: string; readonly result: unknown }>, at: number) {
        const json = yield* JournalInsert.encodeSteps(steps)
        if (json !== null) yield* JournalInsert.insert(sql, teamId, json, at)
      },
      StoreFailure.mapErrors("StepJournal.recordAll")
    )

    const forget = Effect.fn("StepJournalSql.forget")(
      function*(
        teamId: Ids.TeamId,
        steps: { readonly keys?: ReadonlyArray<string>; readonly prefixes?: ReadonlyArray<string> }
      ) {
        // `starts_with`, not LIKE: a prefix is a plain string, and ids may hold `_` or `%`.
        const clauses = [
          ...(steps.keys ?? []).map((key) => sql`step_key = ${key}`),
          ...(steps.prefixes ?? []).map((prefix) => sql`starts_with(step_key, ${prefix})`)
        ]
        if (clauses.length === 0) return 0
        const chunks = Array.from(
          { length: Math.ceil(clauses.length / forgetChunk) },
          (_, i) => clauses.slice(i * forgetChunk, (i + 1) * forgetChunk)
        )
        return yield* sql.withTransaction(Effect.gen(function*() {
          let forgotten = 0
          for (const chunk of chunks) {
            const rows = yield* sql`
              DELETE FROM step_journal WHERE team_id = ${teamId} AND (${sql.or(chunk)})
              RETURNING step_key`
            forgotten += rows.length
          }
          return forgotten
        }))
      },
      StoreFailure.mapErrors("StepJournal.forget")
    )

    const prune = Effect.fn("StepJournalSql.prune")(
      function*(options: { readonly before: number; readonly limit: number }) {
        // A batch by age, locked with SKIP LOCKED: a step being recorded right now is never waited on.
        const rows = yield* sql`
          WITH doomed AS (
            SELECT team_id, step_key FROM step_journal WHERE recorded_at < ${options.before}
            ORDER BY recorded_at LIMIT ${options.limit} FOR UPDATE SKIP LOCKED
          )
          DELETE FROM step_journal s USING doomed
          WHERE s.team_id = doomed.team_id AND s.step_key = doomed.step_key
          RETURNING 1`
        return rows.length
      },
      StoreFailure.mapErrors("StepJournal.prune")
    )

    return StepJournal.StepJournal.of({ find, findAll, record, recordAll, forget, prune })
  }
)

/**
 * The `StepJournal` over the `SqlClient` in context.
 *
 * @since 0.1.0
 */
export const layer: Layer.Layer<StepJournal.StepJournal, never, SqlClient.SqlClient> = Layer.effect(
  StepJournal.StepJournal,
  make
)
