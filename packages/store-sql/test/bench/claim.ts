/**
 * How fast `EventInbox.claim` stays when one team has a backlog: 10,000 pending events of one team and
 * one event of another, on PGlite (always) and PostgreSQL (when DATABASE_URL is set). Prints one JSON
 * line per database and scenario: the claim latency (median and p95 over repeated claim + complete
 * cycles) and whether the other team's event came in the first claim.
 *
 *   node packages/store-sql/test/bench/claim.ts [events=10000]
 */
import { PgClient } from "@effect/sql-pg"
import { EventInbox } from "@fulcrum/core"
import { Effect, Layer, Redacted } from "effect"
import { SqlClient } from "effect/sql"
import { Database, EventInboxSql } from "../../src/index.ts"

const backlog = Number(process.argv[2] ?? 10_000)
const cycles = 200
const t0 = 1_767_225_600_000

type Scenario = "distinct opportunities" | "one opportunity" | "waiting for retry"

const seed = (scenario: Scenario, busy: string) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    // Bulk-seeded in one statement; `accept` is measured by the contract tests, not here.
    const opportunity = scenario === "one opportunity" ? sql`'opp-1'` : sql`'opp-' || i`
    const due = scenario === "waiting for retry" ? sql`${t0 + 86_400_000}::bigint` : sql`${t0}::bigint + i`
    yield* sql`
      INSERT INTO inbox_events
        (team_id, dedupe_key, source, kind, opportunity_id, payload, raw_body, received_at, status, note,
         next_attempt_at, updated_at)
      SELECT ${busy}, 'token-' || i, 'lever', 'candidateStageChange', ${opportunity},
             jsonb_build_object('_tag', 'StageChanged', 'opportunityId', ${opportunity}, 'toStageId', 's2',
                                'fromStageId', 's1'),
             NULL, ${t0}::bigint + i, 'pending', NULL, ${due}, ${t0}::bigint + i
      FROM generate_series(1, ${backlog}) AS i`
    if (process.env["BENCH_ANALYZE"] === "1") yield* sql`ANALYZE inbox_events`
  })

const measure = (scenario: Scenario) =>
  Effect.gen(function*() {
    const inbox = yield* EventInbox.EventInbox
    const run = crypto.randomUUID().slice(0, 8)
    const busy = `bench-busy-${run}`
    const quiet = `bench-quiet-${run}`
    yield* seed(scenario, busy)
    yield* inbox.accept({
      teamId: quiet,
      dedupeKey: "token-q",
      source: "lever",
      kind: "candidateStageChange",
      opportunityId: "opp-q",
      payload: { _tag: "Ping" },
      rawBody: null,
      receivedAt: t0 + backlog + 1,
      status: "pending",
      note: null
    })
    const now = t0 + backlog + 10
    const latencies: Array<number> = []
    let quietFirst = false
    for (let cycle = 0; cycle < cycles; cycle++) {
      const start = performance.now()
      const claimed = yield* inbox.claim({ workerId: "bench", limit: 10, leaseMs: 60_000, now })
      latencies.push(performance.now() - start)
      if (cycle === 0) quietFirst = claimed.some((c) => c.event.teamId === quiet)
      yield* Effect.forEach(claimed, (c) =>
        inbox.complete(c.event.eventId, "bench", { status: "done", note: null, now }), { discard: true })
    }
    latencies.sort((a, b) => a - b)
    const at = (q: number) => Math.round(latencies[Math.floor(q * (latencies.length - 1))]! * 100) / 100
    return {
      scenario,
      backlog,
      claims: cycles,
      limit: 10,
      medianMs: at(0.5),
      p95Ms: at(0.95),
      quietTeamInFirstClaim: quietFirst
    }
  })

const runOn = (database: string, layer: Layer.Layer<SqlClient.SqlClient, unknown>) =>
  Effect.gen(function*() {
    for (const scenario of ["distinct opportunities", "one opportunity", "waiting for retry"] as const) {
      const result = yield* measure(scenario)
      console.log(JSON.stringify({ database, ...result }))
      const sql = yield* SqlClient.SqlClient
      // Each scenario starts from an empty inbox.
      yield* sql`DELETE FROM inbox_events`
    }
  }).pipe(Effect.provide(EventInboxSql.layer.pipe(Layer.provideMerge(layer))), Effect.scoped)

await Effect.runPromise(runOn("PGlite", Database.layerPglite()))
const url = process.env["DATABASE_URL"]
if (url) {
  const schema = `fulcrum_bench_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`
  const dropSchema = Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    yield* sql`DROP SCHEMA IF EXISTS ${sql(schema)} CASCADE`
  }).pipe(Effect.provide(PgClient.layer({ url: Redacted.make(url) })), Effect.ignore)
  await Effect.runPromise(
    runOn("PostgreSQL", Database.layerPg({ url: Redacted.make(url), schema })).pipe(Effect.ensuring(dropSchema))
  )
}
