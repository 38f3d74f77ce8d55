/**
 * Benchmark: retention keeps the store flat. A busy team's days are simulated on a scratch PostgreSQL
 * database: each day `BENCH_EVENTS_PER_DAY` Lever webhooks (raw bodies of ~1 KB) are accepted (the ack
 * path's one statement, `BENCH_ACK_CONCURRENCY` at once, timed), claimed and completed, with two journaled
 * steps each; then one retention round (`Maintenance.runOnce`, `FULCRUM_RETENTION_DAYS`=30 by default) runs
 * at the end of the day on a clock set to that day. Every `BENCH_REPORT_EVERY` days it prints the rows and
 * on-disk size of the inbox (with the kept dedupe keys) and the journal, and the day's ack rate.
 *
 *   node bench/retention.ts
 *
 * Expected: sizes grow for 30 days (plus a week of dedupe keys), then stay flat; the ack rate does not
 * fall with the days. Environment: `BENCH_DAYS` (60), `BENCH_EVENTS_PER_DAY` (1000),
 * `BENCH_ACK_CONCURRENCY` (16), `BENCH_REPORT_EVERY` (5), `BENCH_RETENTION_DAYS` (30), `BENCH_VACUUM` (true:
 * a plain `VACUUM` of the three tables after each day's round, standing in for autovacuum, which the test
 * server runs without; false shows the files growing without it), `BENCH_PG_URL`.
 */
import { NodeRuntime } from "@effect/platform-node"
import { EventInbox, Maintenance, StepJournal, StepKey } from "@fulcrum/core"
import { Ids } from "@fulcrum/domain"
import { Database, EventInboxSql, SecurityLogSql, StepJournalSql } from "@fulcrum/store-sql"
import { Config, Effect, Layer, Redacted, References, Schema } from "effect"
import { SqlClient } from "effect/sql"
import { TestClock } from "effect/testing"
import * as Databases from "./flows/Databases.ts"

const day = 24 * 60 * 60 * 1000
const start = Date.UTC(2026, 0, 1)
const teamId = Ids.TeamId.make("team_busy")

const Size = Schema.Array(Schema.Struct({ rows: Schema.Number, bytes: Schema.Number }))

const sizeOf = (table: string) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const rows = yield* Schema.decodeUnknownEffect(Size)(
      yield* sql.unsafe(
        `SELECT (SELECT count(*) FROM ${table})::int AS rows, pg_total_relation_size('${table}')::int AS bytes`
      )
    )
    return rows[0]!
  })

const body = (token: string, at: number) =>
  JSON.stringify({
    token,
    triggeredAt: at,
    event: "candidateStageChange",
    signature: "f".repeat(64),
    data: { opportunityId: `opp-${token}`, candidateId: `cand-${token}`, contactId: `contact-${token}` },
    // A realistic body is around a kilobyte with Lever's stage ids and padding of optional fields.
    padding: "x".repeat(700)
  })

const oneDay = (dayIndex: number, perDay: number, concurrency: number, retentionDays: number, vacuum: boolean) =>
  Effect.gen(function*() {
    const inbox = yield* EventInbox.EventInbox
    const journal = yield* StepJournal.StepJournal
    const dayStart = start + dayIndex * day
    const began = performance.now()
    yield* Effect.forEach(Array.from({ length: perDay }, (_, i) => i), (i) => {
      const token = `d${dayIndex}-e${i}`
      const at = dayStart + i * Math.floor(day / perDay)
      return inbox.accept({
        teamId,
        dedupeKey: token,
        source: "lever",
        kind: "candidateStageChange",
        opportunityId: `opp-${token}`,
        payload: { _tag: "Ping" },
        rawBody: body(token, at),
        receivedAt: at,
        status: "pending",
        note: null
      })
    }, { concurrency, discard: true })
    const ackSeconds = (performance.now() - began) / 1000
    const dayEnd = dayStart + day - 1
    for (;;) {
      const claimed = yield* inbox.claim({ workerId: "bench", limit: 200, leaseMs: 60_000, now: dayEnd })
      if (claimed.length === 0) break
      yield* Effect.forEach(claimed, ({ event }) =>
        Effect.andThen(
          Effect.forEach(["decision", "invite"] as const, (kind) =>
            journal.record(teamId, StepKey.make(kind, event.eventId), { at: dayEnd }, dayEnd), { discard: true }),
          inbox.complete(event.eventId, "bench", { status: "done", note: null, now: dayEnd })
        ), { concurrency: 8, discard: true })
    }
    yield* TestClock.setTime(dayEnd)
    const pruned = yield* Maintenance.runOnce({ retentionMs: retentionDays * day }).pipe(
      Effect.provideService(References.MinimumLogLevel, "Warn")
    )
    // What autovacuum (on by default in PostgreSQL) does between two rounds: space freed by the deletions
    // is reused instead of growing the files. The test server runs with autovacuum off, so it is done here.
    if (vacuum) yield* (yield* SqlClient.SqlClient).unsafe("VACUUM inbox_events, inbox_pruned_keys, step_journal")
    return { ackRate: perDay / ackSeconds, pruned }
  })

const program = Effect.gen(function*() {
  const days = yield* Config.Number("BENCH_DAYS").pipe(Config.withDefault(60))
  const perDay = yield* Config.Number("BENCH_EVENTS_PER_DAY").pipe(Config.withDefault(1000))
  const concurrency = yield* Config.Number("BENCH_ACK_CONCURRENCY").pipe(Config.withDefault(16))
  const every = yield* Config.Number("BENCH_REPORT_EVERY").pipe(Config.withDefault(5))
  const retentionDays = yield* Config.Number("BENCH_RETENTION_DAYS").pipe(Config.withDefault(30))
  const vacuum = yield* Config.Boolean("BENCH_VACUUM").pipe(Config.withDefault(true))
  const scratch = yield* Databases.scratch("fulcrum_bench_retention")
  const Stores = Layer.mergeAll(EventInboxSql.layer, StepJournalSql.layer, SecurityLogSql.layer).pipe(
    Layer.provideMerge(Database.layerPg({ url: Redacted.make(scratch.url) }))
  )
  console.log(
    `retention: ${days} days × ${perDay} webhooks/day, retention ${retentionDays} days, PostgreSQL, ` +
      `vacuum after each day: ${vacuum}`
  )
  console.log("day  inbox rows  inbox MB  kept keys  journal rows  journal MB  acks/s  pruned events")
  yield* Effect.gen(function*() {
    for (let d = 0; d < days; d++) {
      const { ackRate, pruned } = yield* oneDay(d, perDay, concurrency, retentionDays, vacuum)
      if ((d + 1) % every !== 0 && d !== 0) continue
      const inbox = yield* sizeOf("inbox_events")
      const keys = yield* sizeOf("inbox_pruned_keys")
      const journal = yield* sizeOf("step_journal")
      const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1).padStart(8)
      console.log(
        `${String(d + 1).padStart(3)}  ${String(inbox.rows).padStart(10)}  ${mb(inbox.bytes)}  ${
          String(keys.rows).padStart(9)
        }  ${String(journal.rows).padStart(12)}  ${mb(journal.bytes)}  ${ackRate.toFixed(0).padStart(6)}  ${
          String(pruned.eventsPruned).padStart(13)
        }`
      )
    }
  }).pipe(Effect.provide(Layer.merge(Stores, TestClock.layer())))
}).pipe(Effect.scoped)

NodeRuntime.runMain(program)
