/**
 * Retention and erasure statements of `EventInboxSql`, apart from the queue's statements. Each one
 * touches at most `limit` rows, chosen with `FOR UPDATE SKIP LOCKED`, so a batch never waits on a row a
 * worker is settling and never holds many row locks for long.
 *
 * @internal
 */
import { EventInbox } from "@fulcrum/core"
import { Effect, Schema } from "effect"
import type { SqlClient } from "effect/sql"
import { Int8 } from "./Columns.ts"

const CountRow = Schema.Struct({ count: Int8 })
const decodeCount = Schema.decodeUnknownEffect(Schema.Array(CountRow))

const count = (rows: ReadonlyArray<unknown>) => Effect.map(decodeCount(rows), (decoded) => decoded[0]?.count ?? 0)

/** One batch of `EventInbox.prune`. */
export const prune = (sql: SqlClient.SqlClient, options: EventInbox.PruneOptions) =>
  Effect.gen(function*() {
    const { before, keepKeysUntil, limit, now } = options
    const keys = yield* count(
      yield* sql`
        WITH expired AS (
          SELECT team_id, dedupe_key FROM inbox_pruned_keys WHERE keep_until < ${now}
          ORDER BY keep_until LIMIT ${limit} FOR UPDATE SKIP LOCKED
        ), gone AS (
          DELETE FROM inbox_pruned_keys k USING expired
          WHERE k.team_id = expired.team_id AND k.dedupe_key = expired.dedupe_key
          RETURNING 1
        )
        SELECT count(*) AS count FROM gone`
    )
    // The dedupe key is kept in the same statement that deletes the event, so no moment exists in which
    // a repeated Lever token would be accepted as new.
    const events = yield* count(
      yield* sql`
        WITH doomed AS (
          SELECT event_id, team_id, dedupe_key FROM inbox_events
          WHERE status IN ('done', 'skipped') AND updated_at < ${before}
          ORDER BY updated_at LIMIT ${limit} FOR UPDATE SKIP LOCKED
        ), kept AS (
          INSERT INTO inbox_pruned_keys (team_id, dedupe_key, event_id, keep_until)
          SELECT team_id, dedupe_key, event_id, ${keepKeysUntil} FROM doomed
          ON CONFLICT (team_id, dedupe_key) DO UPDATE SET keep_until = excluded.keep_until
          RETURNING 1
        ), gone AS (
          DELETE FROM inbox_events e USING doomed WHERE e.event_id = doomed.event_id RETURNING 1
        )
        SELECT count(*) AS count FROM gone`
    )
    const rawBodies = yield* count(
      yield* sql`
        WITH doomed AS (
          SELECT event_id FROM inbox_events
          WHERE raw_body IS NOT NULL AND received_at < ${before} AND status NOT IN ('pending', 'running')
          ORDER BY received_at LIMIT ${limit} FOR UPDATE SKIP LOCKED
        ), stripped AS (
          UPDATE inbox_events e SET raw_body = NULL FROM doomed WHERE e.event_id = doomed.event_id RETURNING 1
        )
        SELECT count(*) AS count FROM stripped`
    )
    return { events, rawBodies, keys } satisfies EventInbox.Pruned
  })

/**
 * `EventInbox.scrub`: in every event of the opportunity, a result's summary and report URL, the note and
 * the last error become `erasedMarker` and the raw body goes; rows with nothing left to erase are not
 * touched, so scrubbing again changes nothing.
 */
export const scrub = (sql: SqlClient.SqlClient, teamId: string, opportunityId: string) => {
  const marker = EventInbox.erasedMarker
  const isResult = sql`payload->>'_tag' = 'ResultReported'`
  const resultLeft = sql`(${isResult} AND (payload->>'summary' IS DISTINCT FROM ${marker}::text
    OR payload->>'reportUrl' IS DISTINCT FROM ${marker}::text))`
  return Effect.flatMap(
    sql`
      UPDATE inbox_events
      SET payload = CASE WHEN ${isResult}
            THEN payload || jsonb_build_object('summary', ${marker}::text, 'reportUrl', ${marker}::text)
            ELSE payload END,
          note = CASE WHEN note IS NULL THEN NULL ELSE ${marker}::text END,
          last_error = CASE WHEN last_error IS NULL THEN NULL ELSE ${marker}::text END,
          raw_body = NULL
      WHERE team_id = ${teamId} AND opportunity_id = ${opportunityId}
        AND (${resultLeft} OR raw_body IS NOT NULL
          OR note IS DISTINCT FROM ${marker}::text AND note IS NOT NULL
          OR last_error IS DISTINCT FROM ${marker}::text AND last_error IS NOT NULL)
      RETURNING event_id`,
    (rows) => Effect.succeed(rows.length)
  )
}
