/**
 * Fewer index entries per write on the worker's path. An inbox status change (accept, claim, complete) and
 * a candidate save are updates PostgreSQL cannot make HOT (`status`, `updated_at` are indexed), so each
 * adds an entry to every index whose predicate the new row meets; each timeline entry adds one to each of
 * its table's indexes.
 *
 * - `seq`'s unique constraint goes: it is an identity column (`GENERATED ALWAYS`), so its values are unique
 *   without it, and every query on `seq` leads with `team_id` (`inbox_events_listed`, `inbox_events_active`).
 * - `inbox_events_listed_by_status` becomes `inbox_events_listed_finished`, the same keys over finished
 *   events only (`done`, `skipped`, `dead`): a list of pending or running events reads
 *   `inbox_events_active` instead, so the index takes an event once, when it finishes.
 * - `inbox_events_raw_by_age` keeps only finished events' raw bodies, the only ones retention strips.
 * - `candidate_timeline_in_order` goes: a timeline is read one candidate at a time, through the primary
 *   key (team, opportunity, key), and its few entries sorted.
 * - `candidates_by_interview` leaves out candidates without an interview (most saves before an invite).
 *
 * An accepted event then writes six index entries instead of nine, a claim seven instead of ten, a
 * completion seven instead of eight, a timeline entry one instead of two. `inbox_events_active_by_opportunity`
 * stays: without it, the claim's check that an event past the prefix is the first of its line would read
 * the line's finished events too (through the by-opportunity list index), or every active event before it.
 * docs/benchmarks.md (issue 17, "PostgreSQL per flow") has the plans of the queries these indexes served.
 *
 * @internal
 */
import { Effect } from "effect"
import { SqlClient } from "effect/sql"

export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`ALTER TABLE inbox_events DROP CONSTRAINT inbox_events_seq_key`
  yield* sql`DROP INDEX inbox_events_listed_by_status`
  yield* sql`
    CREATE INDEX inbox_events_listed_finished ON inbox_events (team_id, status, seq DESC)
    WHERE status NOT IN ('pending', 'running')`
  yield* sql`DROP INDEX inbox_events_raw_by_age`
  yield* sql`
    CREATE INDEX inbox_events_raw_by_age ON inbox_events (received_at)
    WHERE raw_body IS NOT NULL AND status NOT IN ('pending', 'running')`
  yield* sql`DROP INDEX candidate_timeline_in_order`
  // `CandidateByInterview.newest` repeats the predicate, so every plan of it may use the index.
  yield* sql`DROP INDEX candidates_by_interview`
  yield* sql`
    CREATE INDEX candidates_by_interview ON candidates USING gin (interview_ids jsonb_path_ops)
    WITH (fastupdate = off) WHERE interview_ids <> '[]'::jsonb`
})
