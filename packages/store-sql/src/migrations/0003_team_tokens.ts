/**
 * Team-scoped admin tokens. A row keeps the token's hash (`TeamTokenFormat.hash`, the hex SHA-256 of the
 * whole token) and its metadata; the token itself is shown once when issued and never stored.
 *
 * No foreign key to `teams`: the `TeamTokens` port stands alone (the admin use case checks that the team
 * exists), as the journal and the security log do.
 *
 * @internal
 */
import { Effect } from "effect"
import { SqlClient } from "effect/sql"

export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient

  // The token id is the primary key, so resolving a token is one lookup by the id it carries; ids compare
  // byte by byte ("C") so lists order the same on every server.
  yield* sql`
    CREATE TABLE team_tokens (
      token_id text COLLATE "C" PRIMARY KEY,
      team_id text COLLATE "C" NOT NULL,
      label text NOT NULL,
      token_hash text NOT NULL CHECK (token_hash ~ '^[0-9a-f]{64}$'),
      created_at bigint NOT NULL,
      last_used_at bigint
    )`
  yield* sql`CREATE INDEX team_tokens_by_team ON team_tokens (team_id, created_at DESC, token_id)`
})
