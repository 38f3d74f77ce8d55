/**
 * Scheduled work shared by every worker, and what retention leaves behind.
 *
 * - `periodic_tasks`: one row per (task, key) with its next run on the database's clock; a claim pushes
 *   `next_run_at` one period ahead under `FOR UPDATE SKIP LOCKED`, so each period runs once.
 * - `inbox_pruned_keys`: the dedupe key of each inbox event retention deleted, kept until `keep_until`, so
 *   Lever repeating a token is still a duplicate after its event's row and raw body are gone.
 *
 * @internal
 */
import { Effect } from "effect"
import { SqlClient } from "effect/sql"

export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`
    CREATE TABLE periodic_tasks (
      task text COLLATE "C" NOT NULL,
      key text COLLATE "C" NOT NULL,
      next_run_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (task, key)
    )`
  yield* sql`CREATE INDEX periodic_tasks_due ON periodic_tasks (task, next_run_at)`
  yield* sql`
    CREATE TABLE inbox_pruned_keys (
      team_id text NOT NULL,
      dedupe_key text NOT NULL,
      event_id text NOT NULL,
      keep_until bigint NOT NULL,
      PRIMARY KEY (team_id, dedupe_key)
    )`
  yield* sql`CREATE INDEX inbox_pruned_keys_expiry ON inbox_pruned_keys (keep_until)`
  // Retention finds finished events by age without scanning the live queue.
  yield* sql`
    CREATE INDEX inbox_events_finished_by_age ON inbox_events (updated_at)
    WHERE status IN ('done', 'skipped')`
  yield* sql`CREATE INDEX inbox_events_raw_by_age ON inbox_events (received_at) WHERE raw_body IS NOT NULL`
  yield* sql`CREATE INDEX step_journal_by_age ON step_journal (recorded_at)`
})
