/**
 * Step keys compare byte by byte (`COLLATE "C"`), so the primary key's index also serves prefix reads:
 * `StepJournal.findAll` reads every step of an event's candidate with `starts_with`, which PostgreSQL
 * (15+) turns into index ranges only under the C collation. Equality, all the journal otherwise asks,
 * is the same under every deterministic collation, so no key changes meaning. The column's index is
 * rebuilt once here.
 *
 * @internal
 */
import { Effect } from "effect"
import { SqlClient } from "effect/sql"

export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`ALTER TABLE step_journal ALTER COLUMN step_key TYPE text COLLATE "C"`
})
