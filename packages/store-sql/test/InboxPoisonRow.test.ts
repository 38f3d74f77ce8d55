/**
 * A stored row whose payload no longer decodes (written by another version, or edited by hand) must not
 * stall the queue: the claim that takes it marks it `dead`, says which field failed (never the value), and
 * returns the rest of its batch; a later claim does not take it again. The row stays visible: `get` and
 * `list` return it (payload shown as `Ignored`, `lastError` naming the field) beside the team's other
 * events, and `replay` refuses it with a `StoreError` instead of re-queueing it.
 */
import { assert, describe, it, layer } from "@effect/vitest"
import { EventInbox } from "@fulcrum/core"
import { Ids } from "@fulcrum/domain"
import { Effect, Layer, Option, Schema } from "effect"
import { SqlClient } from "effect/sql"
import { EventInboxSql } from "../src/index.ts"
import { postgresSkipReason, postgresUrl, sharedPglite, sharedPostgres } from "./support/TestDatabase.ts"

const t0 = 1_767_225_600_000

const StoredRow = Schema.Struct({ status: Schema.String, last_error: Schema.NullOr(Schema.String) })

const reason = "stored payload could not be decoded: payload.toStageId"
const shownPayload = { _tag: "Ignored", event: "candidateStageChange (stored payload could not be decoded)" } as const

const suite = (database: string, layer_: Layer.Layer<SqlClient.SqlClient>) =>
  // Leases on the calls' `now`: the test moves past every lease by passing a later time (the database's
  // clock is proven by LeaseClock.test.ts).
  layer(EventInboxSql.layerWith({ leaseClock: "caller" }).pipe(Layer.provideMerge(layer_)), {
    excludeTestServices: true,
    timeout: 60_000
  })(
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

      it.effect("lists, gets and refuses to replay the undecodable row, hiding nothing else", () =>
        Effect.gen(function*() {
          const inbox = yield* EventInbox.EventInbox
          const sql = yield* SqlClient.SqlClient
          const teamId = Ids.TeamId.make(`poison-${crypto.randomUUID()}`)
          const otherTeam = Ids.TeamId.make(`neighbour-${crypto.randomUUID()}`)
          const worker = `worker-${crypto.randomUUID()}`
          const good = (team: Ids.TeamId, opportunityId: string, receivedAt: number) =>
            Effect.map(
              inbox.accept({
                source: "lever",
                kind: "candidateStageChange",
                rawBody: null,
                note: null,
                teamId: team,
                dedupeKey: `token-${opportunityId}`,
                opportunityId,
                payload: {
                  _tag: "StageChanged",
                  opportunityId: Ids.OpportunityId.make(opportunityId),
                  fromStageId: null,
                  toStageId: Ids.StageId.make("stage-2")
                },
                receivedAt,
                status: "pending"
              }),
              (accepted) => accepted.eventId
            )
          const first = yield* good(teamId, "opp-1", t0)
          const badPayload = JSON.stringify({
            _tag: "StageChanged",
            opportunityId: "opp-2",
            fromStageId: null,
            toStageId: ["jane.doe@example.com"]
          })
          const rawBody = "{\"event\":\"candidateStageChange\"}"
          const inserted = yield* sql<{ event_id: string }>`
            INSERT INTO inbox_events
              (team_id, dedupe_key, source, kind, opportunity_id, payload, raw_body, received_at, status, note,
               next_attempt_at, updated_at)
            VALUES
              (${teamId}, 'token-opp-2', 'lever', 'candidateStageChange', 'opp-2', ${badPayload}::jsonb,
               ${rawBody}, ${t0 + 1}, 'pending', NULL, ${t0 + 1}, ${t0 + 1})
            RETURNING event_id`
          const bad = inserted[0]!.event_id
          const third = yield* good(teamId, "opp-3", t0 + 2)
          const neighbour = yield* good(otherTeam, "opp-9", t0 + 3)

          // Before any claim: shown as stored (pending), the failing field named, the value nowhere.
          const before = yield* inbox.get(teamId, bad)
          assert.isTrue(Option.isSome(before))
          assert.strictEqual(Option.getOrThrow(before).status, "pending")
          assert.strictEqual(Option.getOrThrow(before).lastError, reason)
          assert.deepStrictEqual(Option.getOrThrow(before).payload, shownPayload)
          assert.notInclude(JSON.stringify(Option.getOrThrow(before)), "jane.doe")

          const claimed = yield* inbox.claim({ workerId: worker, limit: 10, leaseMs: 1_000, now: t0 + 10 })
          assert.deepStrictEqual(claimed.map((c) => c.event.eventId).sort(), [first, third, neighbour].sort())

          // Every event of the team, newest first, the dead one included with its reason.
          const listed = yield* inbox.list(teamId, {})
          assert.deepStrictEqual(listed.events.map((e) => e.eventId), [third, bad, first])
          assert.isNull(listed.next)
          const shown = listed.events[1]!
          assert.deepStrictEqual(shown, {
            eventId: bad,
            teamId,
            dedupeKey: "token-opp-2",
            source: "lever",
            kind: "candidateStageChange",
            opportunityId: "opp-2",
            payload: shownPayload,
            rawBody,
            receivedAt: t0 + 1,
            status: "dead",
            note: null,
            traceParent: null,
            attempts: 1,
            interruptions: 0,
            replays: 0,
            nextAttemptAt: t0 + 1,
            lastError: reason,
            updatedAt: t0 + 10
          })
          assert.deepStrictEqual(listed.events.filter((e) => e.eventId !== bad).map((e) => e.payload._tag), [
            "StageChanged",
            "StageChanged"
          ])

          // The dead list (status filter) and paging past it.
          const dead = yield* inbox.list(teamId, { status: "dead" })
          assert.deepStrictEqual(dead.events, [shown])
          const page1 = yield* inbox.list(teamId, { limit: 1 })
          const page2 = yield* inbox.list(teamId, { limit: 1, cursor: page1.next! })
          const page3 = yield* inbox.list(teamId, { limit: 1, cursor: page2.next! })
          assert.deepStrictEqual([...page1.events, ...page2.events, ...page3.events].map((e) => e.eventId), [
            third,
            bad,
            first
          ])
          assert.isNull(page3.next)

          assert.deepStrictEqual(yield* inbox.get(teamId, bad), Option.some(shown))

          // Replay refuses it, naming the field, and changes nothing.
          const refused = yield* Effect.flip(inbox.replay(teamId, bad, t0 + 20))
          assert.strictEqual(refused._tag, "StoreError")
          if (refused._tag === "StoreError") {
            assert.strictEqual(refused.operation, "EventInbox.replay")
            assert.strictEqual(refused.message, `event ${bad} cannot be replayed: ${reason}`)
          }
          assert.deepStrictEqual(yield* inbox.get(teamId, bad), Option.some(shown))
          assert.deepStrictEqual(yield* inbox.stats(teamId), { pending: 0, running: 2, done: 0, skipped: 0, dead: 1 })

          // An error stored before the payload broke is still shown, after the reason.
          yield* sql`UPDATE inbox_events SET last_error = 'Lever answered 503' WHERE event_id = ${bad}`
          const withStoredError = yield* inbox.get(teamId, bad)
          assert.strictEqual(
            Option.getOrThrow(withStoredError).lastError,
            `${reason}; last error stored: Lever answered 503`
          )

          // The good events still complete and replay; the other team never notices.
          yield* inbox.complete(first, worker, { status: "done", note: null, now: t0 + 30 })
          const replayed = yield* inbox.replay(teamId, first, t0 + 40)
          assert.strictEqual(replayed.status, "pending")
          assert.strictEqual(replayed.replays, 1)
          const others = yield* inbox.list(otherTeam, {})
          assert.deepStrictEqual(others.events.map((e) => [e.eventId, e.status, e.lastError]), [
            [neighbour, "running", null]
          ])
        }))
    }
  )

suite("PGlite", sharedPglite())

if (postgresUrl === undefined) {
  describe.skip(`EventInboxSql with an undecodable stored payload on PostgreSQL (${postgresSkipReason})`, () => {
    it("kills the undecodable row and returns the rest of the claim", () => {})
    it("lists, gets and refuses to replay the undecodable row, hiding nothing else", () => {})
  })
} else {
  suite("PostgreSQL", sharedPostgres(postgresUrl))
}
