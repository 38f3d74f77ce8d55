/**
 * Leases are measured on the database's clock, not the worker's: workers whose clocks are an hour ahead
 * or behind (each call's `now` is the worker's clock, injected here) neither take an event whose lease
 * still runs nor lose one early, and a lease still runs out on the database's time. With leases on the
 * callers' clocks, the worker an hour ahead would take over every running event at once, and a worker an
 * hour behind would hand its own out the moment it claimed them.
 */
import { assert, describe, layer } from "@effect/vitest"
import { EventInbox } from "@fulcrum/core"
import { Ids } from "@fulcrum/domain"
import { Duration, Effect, Layer, Schedule } from "effect"
import type { SqlClient } from "effect/sql"
import { EventInboxSql } from "../src/index.ts"
import { postgresSkipReason, postgresUrl, sharedPglite, sharedPostgres } from "./support/TestDatabase.ts"

const hour = 3_600_000
/** A worker's clock: the real time plus its skew. */
const clock = (skewMs: number) => Date.now() + skewMs
const ahead = hour
const behind = -hour

const suite = (database: string, layer_: Layer.Layer<SqlClient.SqlClient>) =>
  layer(EventInboxSql.layer.pipe(Layer.provide(layer_)), { excludeTestServices: true, timeout: 60_000 })(
    `EventInboxSql leases on the database's clock (${database})`,
    (it) => {
      const run = crypto.randomUUID().slice(0, 8)
      /** One pending event, received two hours ago, so it is due on every worker's clock. */
      const acceptOne = (name: string) =>
        Effect.gen(function*() {
          const inbox = yield* EventInbox.EventInbox
          const accepted = yield* inbox.accept({
            teamId: Ids.TeamId.make(`clock-${run}-${name}`),
            dedupeKey: "token-1",
            source: "lever",
            kind: "candidateStageChange",
            opportunityId: "opp-1",
            payload: { _tag: "Ping" },
            rawBody: null,
            receivedAt: Date.now() - 2 * hour,
            status: "pending",
            note: null
          })
          assert.strictEqual(accepted._tag, "Accepted")
          return accepted.eventId
        })
      /** Claims until the event is among the claimed (or nothing is left); the ids of this event claimed. */
      const claimMine = (eventId: string, workerId: string, skewMs: number, leaseMs: number) =>
        Effect.gen(function*() {
          const inbox = yield* EventInbox.EventInbox
          const claimed = yield* inbox.claim({ workerId, limit: 100, leaseMs, now: clock(skewMs) })
          return claimed.filter((c) => c.event.eventId === eventId)
        })

      it.effect("a worker an hour ahead cannot take an event another worker's lease still holds", () =>
        Effect.gen(function*() {
          const eventId = yield* acceptOne("ahead")
          const [mine] = yield* claimMine(eventId, `on-time-${run}`, 0, 60_000)
          assert.isDefined(mine)
          // The lease ends a minute from now on the database's clock, whatever the workers' clocks say.
          assert.isAtLeast(mine!.leaseUntil, Date.now() + 30_000)
          assert.isAtMost(mine!.leaseUntil, Date.now() + 90_000)
          assert.deepStrictEqual(yield* claimMine(eventId, `ahead-${run}`, ahead, 60_000), [])
        }))

      it.effect("a worker an hour behind keeps its lease, and extends it from the database's now", () =>
        Effect.gen(function*() {
          const inbox = yield* EventInbox.EventInbox
          const eventId = yield* acceptOne("behind")
          const worker = `behind-${run}`
          const [mine] = yield* claimMine(eventId, worker, behind, 60_000)
          assert.isDefined(mine)
          assert.isAtLeast(mine!.leaseUntil, Date.now() + 30_000)
          assert.deepStrictEqual(yield* claimMine(eventId, `on-time-${run}`, 0, 60_000), [])
          yield* inbox.extendLease(eventId, worker, { leaseMs: 120_000, now: clock(behind) })
          assert.deepStrictEqual(yield* claimMine(eventId, `ahead-${run}`, ahead, 60_000), [])
          yield* inbox.complete(eventId, worker, { status: "done", note: null, now: clock(behind) })
        }))

      it.effect("a lease runs out on the database's time, even for a worker whose clock is an hour behind", () =>
        Effect.gen(function*() {
          const eventId = yield* acceptOne("expiry")
          const [first] = yield* claimMine(eventId, `short-${run}`, 0, 200)
          assert.isDefined(first)
          // Waits for the condition (the lease has run out on the database), polling, not a fixed time.
          const taken = yield* claimMine(eventId, `late-${run}`, behind, 60_000).pipe(
            Effect.flatMap((claimed) => claimed.length > 0 ? Effect.succeed(claimed) : Effect.fail("still leased")),
            Effect.retry({ schedule: Schedule.spaced(Duration.millis(20)) }),
            Effect.timeout(Duration.seconds(20))
          )
          // Taken over: the first run ended without an outcome.
          assert.deepStrictEqual(taken.map((c) => [c.event.attempts, c.event.interruptions]), [[1, 1]])
        }))
    }
  )

suite("PGlite", sharedPglite())
if (postgresUrl === undefined) describe.skip(`EventInboxSql leases on PostgreSQL (${postgresSkipReason})`, () => {})
else suite("PostgreSQL", sharedPostgres(postgresUrl))
