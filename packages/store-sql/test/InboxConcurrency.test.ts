/**
 * Concurrent claimers on one inbox: four workers drain 500 events (5 teams, 25 opportunities each, 4
 * events per opportunity) claiming, holding and completing in parallel. No event may be claimed twice,
 * no opportunity may have two events running at once, and each opportunity's events must run in the
 * order they were accepted. On PostgreSQL the claimers use separate pooled connections, so their claims
 * truly race; on PGlite they interleave on the one connection.
 */
import { assert, describe, it, layer } from "@effect/vitest"
import { EventInbox } from "@fulcrum/core"
import { Ids } from "@fulcrum/domain"
import { Effect, Layer } from "effect"
import type { SqlClient } from "effect/sql"
import { EventInboxSql } from "../src/index.ts"
import { postgresSkipReason, postgresUrl, sharedPglite, sharedPostgres } from "./support/TestDatabase.ts"

const t0 = 1_767_225_600_000
const teams = 5
const opportunitiesPerTeam = 25
const eventsPerOpportunity = 4
const total = teams * opportunitiesPerTeam * eventsPerOpportunity
const claimers = 4

const suite = (database: string, layer_: Layer.Layer<SqlClient.SqlClient>) =>
  layer(EventInboxSql.layer.pipe(Layer.provide(layer_)), { excludeTestServices: true, timeout: 120_000 })(
    `EventInboxSql claimed concurrently on ${database}`,
    (it) => {
      it.effect(`${claimers} concurrent claimers over ${total} events: each claimed once, one per opportunity, in order`, () =>
        Effect.gen(function*() {
          const inbox = yield* EventInbox.EventInbox
          const run = crypto.randomUUID().slice(0, 8)
          const lineOf = new Map<string, string>()
          const accepted = new Map<string, Array<string>>()
          // Accepted round-robin over opportunities, so every line's events are spread through the inbox.
          for (let round = 0; round < eventsPerOpportunity; round++) {
            for (let team = 0; team < teams; team++) {
              for (let opp = 0; opp < opportunitiesPerTeam; opp++) {
                const teamId = Ids.TeamId.make(`race-${run}-${team}`)
                const opportunityId = `opp-${opp}`
                const result = yield* inbox.accept({
                  teamId,
                  dedupeKey: `token-${opp}-${round}`,
                  source: "lever",
                  kind: "candidateStageChange",
                  opportunityId,
                  payload: { _tag: "Ping" },
                  rawBody: null,
                  receivedAt: t0 + round,
                  status: "pending",
                  note: null
                })
                assert.strictEqual(result._tag, "Accepted")
                const line = `${teamId}/${opportunityId}`
                lineOf.set(result.eventId, line)
                accepted.set(line, [...(accepted.get(line) ?? []), result.eventId])
              }
            }
          }

          const claimedBy = new Map<string, string>()
          const duplicates: Array<string> = []
          const running = new Set<string>()
          const overlaps: Array<string> = []
          const ran = new Map<string, Array<string>>()
          let completed = 0

          const worker = (workerId: string) =>
            Effect.gen(function*() {
              for (let idle = 0; completed < total && idle < 2_000;) {
                const claimed = yield* inbox.claim({ workerId, limit: 8, leaseMs: 600_000, now: t0 + 1_000 })
                if (claimed.length === 0) {
                  idle++
                  yield* Effect.sleep("2 millis")
                  continue
                }
                idle = 0
                for (const { event } of claimed) {
                  const earlier = claimedBy.get(event.eventId)
                  if (earlier !== undefined) duplicates.push(`${event.eventId}: ${earlier} and ${workerId}`)
                  claimedBy.set(event.eventId, workerId)
                  const line = lineOf.get(event.eventId)!
                  if (running.has(line)) overlaps.push(line)
                  running.add(line)
                  ran.set(line, [...(ran.get(line) ?? []), event.eventId])
                }
                yield* Effect.sleep(`${Math.floor(Math.random() * 4)} millis`)
                yield* Effect.forEach(claimed, ({ event }) =>
                  Effect.gen(function*() {
                    // Off the books before the commit: the next event of the line can only be claimed after it.
                    running.delete(lineOf.get(event.eventId)!)
                    yield* inbox.complete(event.eventId, workerId, { status: "done", note: null, now: t0 + 2_000 })
                    completed++
                  }), { discard: true })
              }
            })

          yield* Effect.all(
            Array.from({ length: claimers }, (_, i) => worker(`claimer-${run}-${i}`)),
            { concurrency: "unbounded" }
          )

          assert.deepStrictEqual(duplicates, [])
          assert.deepStrictEqual(overlaps, [])
          assert.strictEqual(claimedBy.size, total)
          assert.strictEqual(completed, total)
          for (const [line, order] of accepted) assert.deepStrictEqual(ran.get(line), order, line)
          // Every claimer took part.
          assert.strictEqual(new Set(claimedBy.values()).size, claimers)
          for (let team = 0; team < teams; team++) {
            const stats = yield* inbox.stats(Ids.TeamId.make(`race-${run}-${team}`))
            assert.deepStrictEqual(stats, { pending: 0, running: 0, done: total / teams, skipped: 0, dead: 0 })
          }
        }), 120_000)

      it.effect("starts a replayed event only once a later event of its opportunity has finished", () =>
        Effect.gen(function*() {
          const inbox = yield* EventInbox.EventInbox
          const teamId = Ids.TeamId.make(`replay-${crypto.randomUUID()}`)
          const worker = `replayer-${crypto.randomUUID()}`
          const event = (dedupeKey: string, receivedAt: number): EventInbox.NewInboxEvent => ({
            teamId,
            dedupeKey,
            source: "lever",
            kind: "candidateStageChange",
            opportunityId: "opp-1",
            payload: { _tag: "Ping" },
            rawBody: null,
            receivedAt,
            status: "pending",
            note: null
          })
          const first = (yield* inbox.accept(event("token-1", t0))).eventId
          const second = (yield* inbox.accept(event("token-2", t0 + 1))).eventId
          const claimIds = (now: number) =>
            Effect.map(
              inbox.claim({ workerId: worker, limit: 10, leaseMs: 60_000, now }),
              (claimed) => claimed.map((c) => c.event.eventId)
            )
          assert.deepStrictEqual(yield* claimIds(t0 + 10), [first])
          yield* inbox.kill(first, worker, { error: "Lever answered 403", now: t0 + 11 })
          assert.deepStrictEqual(yield* claimIds(t0 + 12), [second])
          yield* inbox.replay(teamId, first, t0 + 13)
          // The replayed event is the opportunity's earliest, but the later one is still running.
          assert.deepStrictEqual(yield* claimIds(t0 + 14), [])
          yield* inbox.complete(second, worker, { status: "done", note: null, now: t0 + 15 })
          assert.deepStrictEqual(yield* claimIds(t0 + 16), [first])
          yield* inbox.complete(first, worker, { status: "done", note: null, now: t0 + 17 })
        }))
    }
  )

suite("PGlite", sharedPglite())

if (postgresUrl === undefined) {
  describe.skip(`EventInboxSql claimed concurrently on PostgreSQL (${postgresSkipReason})`, () => {
    it("never claims an event twice", () => {})
  })
} else {
  suite("PostgreSQL", sharedPostgres(postgresUrl))
}
