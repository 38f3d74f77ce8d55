/**
 * The invite-state vocabulary of the provider protocol: `invite_pending`, `invited` and `completed`
 * became `pending`, `sent` and `submitted` (and `started`, `cancelled` are new). The candidates' JSON
 * state decodes the old names by itself (`Candidate.StoredInviteState`); the `invite_state` column, which
 * `list` filters on, is renamed here so a filter by today's names finds every candidate.
 *
 * @internal
 */
import { Effect } from "effect"
import { SqlClient } from "effect/sql"

export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`
    UPDATE candidates SET invite_state = CASE invite_state
      WHEN 'invite_pending' THEN 'pending'
      WHEN 'invited' THEN 'sent'
      WHEN 'completed' THEN 'submitted'
      ELSE invite_state END
    WHERE invite_state IN ('invite_pending', 'invited', 'completed')`
})
