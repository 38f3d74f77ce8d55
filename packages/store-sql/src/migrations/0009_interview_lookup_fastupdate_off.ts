/**
 * `candidates_by_interview` (the GIN index behind `CandidateStore.findByInterviewId`) without GIN's
 * pending list. With `fastupdate` on, PostgreSQL's default, new entries wait in an unsorted list until a
 * vacuum or 4 MB of them, and every search reads the whole list: every candidate save adds entries (the
 * row is never updated in place, as `updated_at` is indexed), so the lookup each provider webhook makes
 * at the host, and the worker's for each provider event, grew with the saves since the last vacuum
 * (12 ms instead of 0.04 ms with 50,000 entries pending). Off, an entry goes into the index as the row is
 * saved (a handful of keys per candidate) and a lookup stays a few index pages. The list the index
 * already has is merged now.
 *
 * @internal
 */
import { Effect } from "effect"
import { SqlClient } from "effect/sql"

export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`ALTER INDEX candidates_by_interview SET (fastupdate = off)`
  yield* sql`SELECT gin_clean_pending_list('candidates_by_interview'::regclass)`
})
