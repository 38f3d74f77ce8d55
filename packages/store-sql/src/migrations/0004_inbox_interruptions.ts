/**
 * Runs that ended without an outcome are counted apart from failed runs: `interruptions` is added to by a
 * graceful hand-back and by a claim that takes an event whose lease ran out (its worker was killed,
 * crashed or lost the lease), neither of which adds to `attempts` any more. Existing rows start at 0.
 *
 * @internal
 */
import { Effect } from "effect"
import { SqlClient } from "effect/sql"

export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  // A constant default: PostgreSQL adds the column without rewriting the table.
  yield* sql`ALTER TABLE inbox_events ADD COLUMN interruptions integer NOT NULL DEFAULT 0`
})
