/**
 * The one way a candidate is saved: `CandidateStoreSql.save` / `saveJournaled`, and
 * `EventInboxSql.complete` (a run's last save, written with the event's completion). The state is written
 * when the version matches (a `written` CTE that returns the new version), and its timeline entries only
 * if it was, in the same statement: one round trip, atomic without a transaction.
 *
 * @internal
 */
import { type CandidateStore, ConfigStore } from "@fulcrum/core"
import { Candidate } from "@fulcrum/domain"
import { Effect, Option, Schema } from "effect"
import type { SqlClient, Statement } from "effect/sql"
import { SqlSchema } from "effect/sql"
import { jsonText } from "./Columns.ts"

const encodeState = jsonText(Candidate.CandidateState)
const VersionRow = Schema.Struct({ version: Schema.Number })
const CandidateKey = Schema.Struct({ teamId: Schema.String, opportunityId: Schema.String })

const interviewIdsOf = (state: Candidate.CandidateState): ReadonlyArray<string> =>
  Object.values(state.invites).flatMap((invite) => (invite.interviewId === null ? [] : [invite.interviewId]))

/**
 * `written AS (…), appended AS (…)`: the CTEs of a save of `state` over `expectedVersion` (0: a new
 * candidate) with its `timeline`, for a `WITH` that goes on with more CTEs or `SELECT version FROM written`.
 *
 * @internal
 */
export const ctes = Effect.fnUntraced(function*(
  sql: SqlClient.SqlClient,
  state: Candidate.CandidateState,
  expectedVersion: number,
  timeline: ReadonlyArray<CandidateStore.TimelineEntry>
) {
  const json = yield* encodeState(state)
  const inviteState = Candidate.inviteState(state)
  const interviewIds = JSON.stringify(interviewIdsOf(state))
  const entries = JSON.stringify(timeline)
  const { opportunityId, teamId } = state
  // The timeline entries are inserted in order, so entries of the same `at` read back in append order.
  return sql`
    written AS (${
    expectedVersion === 0
      ? sql`
        INSERT INTO candidates
          (team_id, opportunity_id, state, version, invite_state, interview_ids, updated_at)
        VALUES
          (${teamId}, ${opportunityId}, ${json}::jsonb, 1, ${inviteState}, ${interviewIds}::jsonb,
           ${state.updatedAt})
        ON CONFLICT (team_id, opportunity_id) DO NOTHING
        RETURNING version`
      : sql`
        UPDATE candidates
        SET state = ${json}::jsonb, version = version + 1, invite_state = ${inviteState},
            interview_ids = ${interviewIds}::jsonb, updated_at = ${state.updatedAt}
        WHERE team_id = ${teamId} AND opportunity_id = ${opportunityId} AND version = ${expectedVersion}
        RETURNING version`
  }),
    appended AS (
      INSERT INTO candidate_timeline (team_id, opportunity_id, key, at, kind, message, event_id)
      SELECT ${teamId}, ${opportunityId}, entry->>'key', (entry->>'at')::bigint, entry->>'kind',
             entry->>'message', entry->>'eventId'
      FROM jsonb_array_elements(${entries}::jsonb) WITH ORDINALITY AS entries (entry, position)
      WHERE EXISTS (SELECT 1 FROM written)
      ORDER BY position
      ON CONFLICT (team_id, opportunity_id, key) DO NOTHING
    )` satisfies Statement.Fragment
})

/**
 * Fails with the `VersionConflict` of a save over `expected` that wrote nothing, naming the version
 * stored now (0: none).
 *
 * @internal
 */
export const conflict = Effect.fnUntraced(function*(
  sql: SqlClient.SqlClient,
  state: Candidate.CandidateState,
  expected: number
) {
  const actual = yield* SqlSchema.findOneOption({
    Request: CandidateKey,
    Result: VersionRow,
    execute: ({ opportunityId, teamId }) =>
      sql`SELECT version FROM candidates WHERE team_id = ${teamId} AND opportunity_id = ${opportunityId}`
  })({ teamId: state.teamId, opportunityId: state.opportunityId })
  return yield* new ConfigStore.VersionConflict({
    teamId: state.teamId,
    expected,
    actual: Option.match(actual, { onNone: () => 0, onSome: (row) => row.version })
  })
})
