/**
 * The one way a candidate is found by an interview id: `CandidateStoreSql.findByInterviewId` (its state)
 * and `EventInboxSql.acceptForInterview` (its opportunity, as a subquery of the insert). The newest
 * candidate holding the interview, through the `candidates_by_interview` index.
 *
 * @internal
 */
import type { SqlClient } from "effect/sql"

/**
 * `FROM candidates WHERE … LIMIT 1`: `SELECT` the columns wanted in front of it.
 *
 * @internal
 */
export const newest = (sql: SqlClient.SqlClient, teamId: string, interviewId: string) =>
  sql`FROM candidates
    WHERE team_id = ${teamId} AND interview_ids @> ${JSON.stringify([interviewId])}::jsonb
      -- The index's predicate (migration 0010), written out: containing an id implies it, but the planner
      -- cannot see that.
      AND interview_ids <> '[]'::jsonb
    ORDER BY updated_at DESC, opportunity_id DESC
    LIMIT 1`
