/**
 * The first schema: teams and their encrypted secrets, candidates and timelines, the inbox (record and
 * work queue in one table), the step journal and the security log.
 *
 * Times are epoch milliseconds in `bigint` columns: the ports speak numbers, callers pass `now`, and the
 * stores never read the database clock, so tests with a controlled clock mean the same on every driver.
 *
 * @internal
 */
import { Effect } from "effect"
import { SqlClient } from "effect/sql"

export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient

  yield* sql`
    CREATE TABLE teams (
      team_id text PRIMARY KEY,
      settings jsonb NOT NULL,
      version integer NOT NULL CHECK (version > 0),
      created_at bigint NOT NULL
    )`
  yield* sql`CREATE INDEX teams_by_creation ON teams (created_at, team_id)`

  // AES-256-GCM envelopes; `key_id` names the key that sealed the row, so keys can rotate.
  yield* sql`
    CREATE TABLE team_secrets (
      team_id text NOT NULL REFERENCES teams (team_id) ON DELETE CASCADE,
      name text NOT NULL,
      key_id text NOT NULL,
      nonce bytea NOT NULL,
      ciphertext bytea NOT NULL,
      auth_tag bytea NOT NULL,
      PRIMARY KEY (team_id, name)
    )`
  yield* sql`CREATE INDEX team_secrets_by_key ON team_secrets (key_id)`

  // Ids compare byte by byte ("C"), whatever the database's collation: page order and cursors then
  // mean the same on every server, and match the in-memory reference.
  yield* sql`
    CREATE TABLE candidates (
      team_id text COLLATE "C" NOT NULL,
      opportunity_id text COLLATE "C" NOT NULL,
      state jsonb NOT NULL,
      version integer NOT NULL CHECK (version > 0),
      invite_state text NOT NULL,
      interview_ids jsonb NOT NULL,
      updated_at bigint NOT NULL,
      PRIMARY KEY (team_id, opportunity_id)
    )`
  yield* sql`CREATE INDEX candidates_by_update ON candidates (team_id, updated_at DESC, opportunity_id DESC)`
  yield* sql`
    CREATE INDEX candidates_by_invite_state
      ON candidates (team_id, invite_state, updated_at DESC, opportunity_id DESC)`
  yield* sql`CREATE INDEX candidates_by_interview ON candidates USING gin (interview_ids jsonb_path_ops)`

  // No foreign key to candidates: skips and problems are recorded before a candidate is ever saved.
  yield* sql`
    CREATE TABLE candidate_timeline (
      team_id text NOT NULL,
      opportunity_id text NOT NULL,
      key text NOT NULL,
      seq bigint GENERATED ALWAYS AS IDENTITY,
      at bigint NOT NULL,
      kind text NOT NULL,
      message text NOT NULL,
      event_id text,
      PRIMARY KEY (team_id, opportunity_id, key)
    )`
  yield* sql`CREATE INDEX candidate_timeline_in_order ON candidate_timeline (team_id, opportunity_id, at, seq)`

  // One row is both the record of an accepted event and its unit of work. `seq` is arrival order.
  yield* sql`
    CREATE TABLE inbox_events (
      event_id text PRIMARY KEY DEFAULT ('evt_' || replace(gen_random_uuid()::text, '-', '')),
      seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
      team_id text NOT NULL,
      dedupe_key text NOT NULL,
      source text NOT NULL,
      kind text NOT NULL,
      opportunity_id text,
      payload jsonb NOT NULL,
      raw_body text,
      received_at bigint NOT NULL,
      status text NOT NULL CHECK (status IN ('pending', 'running', 'done', 'skipped', 'dead')),
      note text,
      attempts integer NOT NULL DEFAULT 0,
      replays integer NOT NULL DEFAULT 0,
      next_attempt_at bigint NOT NULL,
      last_error text,
      lease_owner text,
      lease_until bigint,
      updated_at bigint NOT NULL,
      CONSTRAINT inbox_events_dedupe UNIQUE (team_id, dedupe_key),
      CONSTRAINT inbox_events_lease CHECK ((status = 'running') = (lease_owner IS NOT NULL AND lease_until IS NOT NULL))
    )`
  // The claim walks each team's active events in arrival order...
  yield* sql`CREATE INDEX inbox_events_active ON inbox_events (team_id, seq) WHERE status IN ('pending', 'running')`
  // ...and asks, per event, whether an earlier or running event holds its opportunity.
  yield* sql`
    CREATE INDEX inbox_events_active_by_opportunity ON inbox_events (team_id, opportunity_id, seq)
      WHERE status IN ('pending', 'running') AND opportunity_id IS NOT NULL`
  yield* sql`CREATE INDEX inbox_events_by_lease ON inbox_events (lease_owner) WHERE status = 'running'`
  yield* sql`CREATE INDEX inbox_events_listed ON inbox_events (team_id, seq DESC)`
  yield* sql`CREATE INDEX inbox_events_listed_by_status ON inbox_events (team_id, status, seq DESC)`
  yield* sql`
    CREATE INDEX inbox_events_listed_by_opportunity ON inbox_events (team_id, opportunity_id, seq DESC)
      WHERE opportunity_id IS NOT NULL`

  // When each team was last served by a claim: teams take turns across claims, not only within one.
  yield* sql`
    CREATE TABLE inbox_team_turns (
      team_id text PRIMARY KEY,
      served_turn bigint NOT NULL
    )`
  yield* sql`CREATE INDEX inbox_team_turns_latest ON inbox_team_turns (served_turn)`

  yield* sql`
    CREATE TABLE step_journal (
      team_id text NOT NULL,
      step_key text NOT NULL,
      result jsonb NOT NULL,
      recorded_at bigint NOT NULL,
      PRIMARY KEY (team_id, step_key)
    )`

  yield* sql`
    CREATE TABLE security_log (
      seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      at bigint NOT NULL,
      team_id text,
      kind text NOT NULL,
      detail text NOT NULL,
      remote_address text
    )`
  yield* sql`CREATE INDEX security_log_newest ON security_log (at DESC, seq DESC)`
  yield* sql`CREATE INDEX security_log_newest_by_team ON security_log (team_id, at DESC, seq DESC)`
})
