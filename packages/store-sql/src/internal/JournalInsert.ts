/**
 * The one way rows enter `step_journal` in a batch: `StepJournalSql.recordAll`,
 * `CandidateStoreSql.saveJournaled` (there as a CTE, so a decision is journaled in the statement that
 * saves its events) and `EventInboxSql.complete` (a run's last steps journaled with its end), alone
 * (`insert`) or several runs' in one statement (`insertEach`, their group commit). The steps arrive as
 * one JSON array; they are inserted in its order, so of two rows with one key the first is kept (`DO NOTHING` skips the second), and a key already journaled
 * keeps its first result.
 *
 * @internal
 */
import { Effect, Schema } from "effect"
import type { SqlClient, Statement } from "effect/sql"
import { jsonText } from "./Columns.ts"

const encodeBatch = jsonText(Schema.Array(Schema.Struct({ stepKey: Schema.String, result: Schema.Json })))

/**
 * A batch of steps as the insert reads it (one JSON array), or `null` when there are none: the callers
 * then leave the insert out. A result is whatever JSON value the journal stores (`StepJournal`'s
 * `unknown`); encoding fails on one that is not JSON.
 *
 * @internal
 */
export const encodeSteps = (steps: ReadonlyArray<{ readonly stepKey: string; readonly result: unknown }>) =>
  steps.length === 0
    ? Effect.succeed(null)
    : encodeBatch(steps as ReadonlyArray<{ readonly stepKey: string; readonly result: Schema.Json }>)

/**
 * `INSERT INTO step_journal ...` of the encoded `steps` for `teamId` (a value, or a fragment such as
 * `(SELECT team_id FROM completed)`); with `when`, only if that condition holds (a fragment such as
 * `EXISTS (SELECT 1 FROM written)`).
 *
 * @internal
 */
export const insert = (
  sql: SqlClient.SqlClient,
  teamId: string | Statement.Fragment,
  steps: string,
  at: number,
  when?: Statement.Fragment
) =>
  sql`
    INSERT INTO step_journal (team_id, step_key, result, recorded_at)
    SELECT ${teamId}, step->>'stepKey', step->'result', ${at}
    FROM jsonb_array_elements(${steps}::jsonb) WITH ORDINALITY AS steps (step, position)
    ${when === undefined ? sql`` : sql`WHERE ${when}`}
    ORDER BY position
    ON CONFLICT (team_id, step_key) DO NOTHING`

/**
 * `INSERT INTO step_journal ...` of the steps of several writes in one statement: `source` is a relation
 * (a CTE's name, or a subquery) with one row per write whose own write happened, with the columns `i` (the
 * write's place in its batch), `team_id`, `steps` (its encoded steps, or null) and `at`. The rows go in
 * in batch order, then in each write's order, so the first result of a key wins as with `insert`.
 *
 * @internal
 */
export const insertEach = (sql: SqlClient.SqlClient, source: Statement.Fragment) =>
  sql`
    INSERT INTO step_journal (team_id, step_key, result, recorded_at)
    SELECT source.team_id, step->>'stepKey', step->'result', source.at
    FROM ${source} AS source
    CROSS JOIN LATERAL jsonb_array_elements(source.steps) WITH ORDINALITY AS steps (step, position)
    ORDER BY source.i, position
    ON CONFLICT (team_id, step_key) DO NOTHING`
