/**
 * The trace context an event was accepted in (`traceparent`), so the worker's spans continue the
 * webhook's trace. Nullable: events accepted with tracing off, or before this migration, have none.
 * Adding a nullable column without a default is a catalog change only: no table rewrite, no long lock.
 *
 * @internal
 */
import { Effect } from "effect"
import { SqlClient } from "effect/sql"

export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`ALTER TABLE inbox_events ADD COLUMN trace_parent text`
})
