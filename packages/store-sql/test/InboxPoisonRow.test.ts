/**
 * A stored row whose payload no longer decodes (written by another version, or edited by hand) must not
 * stall the queue: the claim that takes it marks it `dead`, says which field failed (never the value), and
 * returns the rest of its batch; a later claim does not take it again.
 */
import { assert, describe, it, layer } from "@effect/vitest"
import { EventInbox } from "@fulcrum/core"
import { Ids } from "@fulcrum/domain"
import { Effect, Layer, Schema } from "effect"
import { SqlClient } from "effect/sql"
import { EventInboxSql } from "../src/index.ts"
import { postgresSkipReason, postgresUrl, sharedPglite, sharedPostgres } from "./support/TestDatabase.ts"

const t0 = 1_767_225_600_000

const StoredRow = Schema.Struct({ status: Schema.String, last_error: Schema.NullOr(Schema.String) })

const suite = (database: string, layer_: Layer.Layer<SqlClient.SqlClient>) =>
  layer(EventInboxSql.layer.pipe(Layer.provideMerge(layer_)), { excludeTestServices: true, timeout: 60_000 })(
    `EventInboxSql with an undecodable stored payload on ${database}`,
    (it) => {
      it.effect("kills the undecodable row, naming the field and not its value, and returns the rest of the claim", () =>
        Effect.gen(function*() {
          const inbox = yield* EventInbox.EventInbox
          const sql = yield* SqlClient.SqlClient
          const teamId = Ids.TeamId.make(`poison-${crypto.randomUUID()}`)
          const worker = `worker-${crypto.randomUUID()}`
          const good = (opportunityId: string, receivedAt: number) => {
            const stageChanged = {
              _tag: "StageChanged" as const,
              opportunityId: Ids.OpportunityId.make(opportunityId),
              fromStageId: null,
              toStageId: Ids.StageId.make("stage-2")
            }
            const lever = { source: "lever" as const, kind: "candidateStageChange", rawBody: null, note: null }
            return Effect.map(
              inbox.accept({
                ...lever,
                teamId,
                dedupeKey: `token-${opportunityId}`,
                opportunityId,
                payload: stageChanged,
                receivedAt,
                status: "pending"
              }),
              (accepted) => accepted.eventId
            )
          }
          const first = yield* good("opp-1", t0)
          // Between the good ones, in arrival order: `toStageId` is an array where a stage id belongs.
          const badPayload = JSON.stringify({
            _tag: "StageChanged",
            opportunityId: "opp-2",
            fromStageId: null,
            toStageId: ["jane.doe@example.com"]
          })
          const inserted = yield* sql<{ event_id: string }>`
            INSERT INTO inbox_events
              (team_id, dedupe_key, source, kind, opportunity_id, payload, raw_body, received_at, status, note,
               next_attempt_at, updated_at)
            VALUES
              (${teamId}, 'token-opp-2', 'lever', 'candidateStageChange', 'opp-2', ${badPayload}::jsonb, NULL,
               ${t0 + 1}, 'pending', NULL, ${t0 + 1}, ${t0 + 1})
            RETURNING event_id`
          const bad = inserted[0]!.event_id
          const third = yield* good("opp-3", t0 + 2)

          const claimed = yield* inbox.claim({ workerId: worker, limit: 10, leaseMs: 1_000, now: t0 + 10 })
          assert.deepStrictEqual(claimed.map((c) => c.event.eventId), [first, third])

          const [stored] = yield* Schema.decodeUnknownEffect(Schema.Array(StoredRow))(
            yield* sql`SELECT status, last_error FROM inbox_events WHERE event_id = ${bad}`
          )
          assert.deepStrictEqual(stored, {
            status: "dead",
            last_error: "stored payload could not be decoded: payload.toStageId"
          })
          assert.deepStrictEqual(yield* inbox.stats(teamId), { pending: 0, running: 2, done: 0, skipped: 0, dead: 1 })

          // Past every lease: the good events are claimed again, the dead one is not.
          const again = yield* inbox.claim({ workerId: worker, limit: 10, leaseMs: 1_000, now: t0 + 60_000 })
          assert.deepStrictEqual(again.map((c) => c.event.eventId), [first, third])
          assert.deepStrictEqual(yield* inbox.stats(teamId), { pending: 0, running: 2, done: 0, skipped: 0, dead: 1 })
        }))
    }
  )

suite("PGlite", sharedPglite())

if (postgresUrl === undefined) {
  describe.skip(`EventInboxSql with an undecodable stored payload on PostgreSQL (${postgresSkipReason})`, () => {
    it("kills the undecodable row and returns the rest of the claim", () => {})
  })
} else {
  suite("PostgreSQL", sharedPostgres(postgresUrl))
}
