/**
 * The one way `step_journal` is read by prefix: `StepJournalSql.findAll`, and
 * `CandidateStoreSql.getJournaled` (there with the candidate's row, so a run's first read is one
 * statement, or a share of one with other runs' first reads). Each prefix is a range of the bytewise key
 * (migration 0008), read through the primary key's index; the ranges travel as one JSON parameter, so the statement's plan is the same for every
 * call and PostgreSQL can keep it (one condition per prefix, or `starts_with`, is planned again each
 * time: 0.1–0.35 ms of the server's CPU per call against 0.01 for a key lookup).
 *
 * @internal
 */
import { Schema } from "effect"
import type { SqlClient, Statement } from "effect/sql"

/** A journal row as `select` returns it. @internal */
export const Row = Schema.Struct({ step_key: Schema.String, result: Schema.Json })

/**
 * The least string above every string that starts with `prefix`, in code point (UTF-8 byte) order: the
 * prefix with its last code point raised by one (past the surrogates), or `null` when there is none.
 */
const prefixEnd = (prefix: string): string | null => {
  // The usual case, a last character of the Basic Multilingual Plane below the surrogates: raised in place
  // (splitting the prefix into code points costs more than the rest of a run's read).
  const last = prefix.charCodeAt(prefix.length - 1)
  if (last < 0xd7ff) return prefix.slice(0, -1) + String.fromCharCode(last + 1)
  const points = Array.from(prefix, (char) => char.codePointAt(0)!)
  while (points.length > 0) {
    const last = points.pop()!
    if (last < 0x10ffff) return String.fromCodePoint(...points, last + 1 === 0xd800 ? 0xe000 : last + 1)
  }
  return null
}

/**
 * The key ranges of `prefixes` (`bounded`), and the prefixes that have no end (`unbounded`: read to the end
 * of the team's keys). `select` reads both; `CandidateStoreSql`'s batched first read takes only `bounded`.
 *
 * @internal
 */
export const ranges = (prefixes: ReadonlyArray<string>) => {
  const bounded: Array<{ readonly lo: string; readonly hi: string }> = []
  // Only a prefix made of U+10FFFF alone has no end: read from it to the end of the team's keys.
  const unbounded: Array<string> = []
  for (const prefix of prefixes) {
    const end = prefixEnd(prefix)
    if (end === null) unbounded.push(prefix)
    else bounded.push({ lo: prefix, hi: end })
  }
  return { bounded, unbounded }
}

/**
 * `(SELECT step_key, result ...) AS step`: the rows of team `teamId` (a value, or a column such as
 * `b.team_id`) within the key range of the row `range` (`lo`, `hi`), for a `CROSS JOIN LATERAL` over
 * `jsonb_to_recordset(...) AS range (lo text, hi text)`: one index range per range. `select` reads one
 * team's ranges with it, `CandidateStoreSql`'s batched first read several runs'.
 *
 * @internal
 */
export const inRange = (sql: SqlClient.SqlClient, teamId: string | Statement.Fragment) =>
  sql`(
      SELECT step_key, result FROM step_journal
      WHERE team_id = ${teamId} AND step_key >= range.lo COLLATE "C" AND step_key < range.hi COLLATE "C"
      -- A fence: without it the planner may join the team's whole journal against the ranges
      -- (measured: 1,800 rows read per call at 4,000 rows), instead of one index range each.
      OFFSET 0
    ) AS step`

/**
 * `SELECT step_key, result` of `teamId`'s rows whose key starts with one of `prefixes` (and possibly a
 * few more: filter them with `byKey`).
 *
 * @internal
 */
export const select = (sql: SqlClient.SqlClient, teamId: string, prefixes: ReadonlyArray<string>) => {
  const { bounded, unbounded } = ranges(prefixes)
  return sql`
    SELECT step.step_key, step.result
    FROM jsonb_to_recordset(${JSON.stringify(bounded)}::jsonb) AS range (lo text, hi text)
    CROSS JOIN LATERAL ${inRange(sql, teamId)}${
    unbounded.length === 0 ? sql`` : sql`
    UNION ALL
    SELECT step_key, result FROM step_journal
    WHERE team_id = ${teamId} AND (${sql.or(unbounded.map((prefix) => sql`step_key >= ${prefix}`))})`
  }`
}

/**
 * The rows of `select` whose key starts with one of `prefixes`, by key: the ranges hold exactly those
 * keys, and the test here keeps that exact.
 *
 * @internal
 */
export const byKey = (
  rows: ReadonlyArray<typeof Row.Type>,
  prefixes: ReadonlyArray<string>
): ReadonlyMap<string, unknown> =>
  new Map(
    rows.flatMap((row): ReadonlyArray<readonly [string, unknown]> =>
      prefixes.some((prefix) => row.step_key.startsWith(prefix)) ? [[row.step_key, row.result]] : []
    )
  )
