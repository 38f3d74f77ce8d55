/**
 * The security log's rate limit: each row counts the entries of its team and source that the limit kept
 * out (`suppressed`, the last at `last_suppressed_at`), and an index finds a team and source's newest
 * rows, which every `record` reads.
 *
 * @internal
 */
import { Effect } from "effect"
import { SqlClient } from "effect/sql"

export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient

  yield* sql`
    ALTER TABLE security_log
      ADD COLUMN suppressed integer NOT NULL DEFAULT 0 CHECK (suppressed >= 0),
      ADD COLUMN last_suppressed_at bigint`
  // Equality and IS NULL on both columns use it: unknown teams and unknown addresses are groups too.
  yield* sql`CREATE INDEX security_log_by_source ON security_log (team_id, remote_address, at DESC, seq DESC)`
})
