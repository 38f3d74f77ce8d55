/**
 * Benchmark: candidate flows through the real core on our durable engine (the `EventInbox` +
 * `StepJournal` of `@fulcrum/store-sql`), against graphile-worker 0.18 on the same PostgreSQL server in
 * the same run as the yardstick.
 *
 *   node bench/flows.ts
 *
 * A flow is a tagged candidate moved to the assessment stage: a signed `candidateStageChange` webhook is
 * verified and stored by `ReceiveWebhook` (stored and scheduled in one statement), then `Worker.run`
 * claims it with a lease, `ProcessEvent` reads the opportunity (no-op Lever), journals the decision,
 * sends the invite (in-memory scheduler, idempotency key) and posts the note, and the event is done.
 *
 * Sections (each on a scratch database created and dropped by the run):
 * - `pg`: flows/s, one worker process (`Worker.run`, concurrency `BENCH_CONCURRENCY`), PostgreSQL.
 * - `pg2`: the same with a second worker process (a forked child running `Worker.run`), same database.
 * - `graphile`: graphile-worker 0.18 draining `BENCH_GRAPHILE_JOBS` no-op jobs, concurrency 8.
 * - `pglite`: flows/s on embedded PGlite (in memory, in process).
 * - `latency`: `BENCH_LATENCY_CANDIDATES` candidates through the in-memory Lever and scheduler on
 *   PostgreSQL, moved `BENCH_LATENCY_RATE` per second, then all at once: p50/p99 from webhook stored to
 *   note posted, and the total time.
 *
 * Environment (defaults keep a run under ~3 minutes on 2 cores): `BENCH_FLOWS` (2000),
 * `BENCH_PGLITE_FLOWS` (1000), `BENCH_CONCURRENCY` (8), `BENCH_TEAMS` (1), `BENCH_GRAPHILE_JOBS`
 * (20000), `BENCH_LATENCY_CANDIDATES` (1000), `BENCH_LATENCY_RATE` (100), `BENCH_PG_POOL` (10),
 * `BENCH_ONLY` (comma-separated sections), `BENCH_PROFILE` (1: statements per flow, slower),
 * `BENCH_PG_URL` (admin connection, default `postgres://postgres@127.0.0.1:5432/test`).
 */
import { NodeRuntime } from "@effect/platform-node"
import { LeverApiMemory } from "@fulcrum/core"
import { Database, SecretCipher } from "@fulcrum/store-sql"
import { Config, Duration, Effect, References } from "effect"
import { SqlClient } from "effect/sql"
import { cpus, loadavg, totalmem } from "node:os"
import * as Databases from "./flows/Databases.ts"
import * as Flow from "./flows/Flow.ts"
import * as Graphile from "./flows/Graphile.ts"
import * as Measure from "./flows/Measure.ts"
import * as Profile from "./flows/Profile.ts"
import { table } from "./flows/Table.ts"

const sections = ["pg", "pg2", "graphile", "pglite", "latency"] as const
type Section = typeof sections[number]

const settings = Config.all({
  flows: Config.Int("BENCH_FLOWS").pipe(Config.withDefault(2_000)),
  pgliteFlows: Config.Int("BENCH_PGLITE_FLOWS").pipe(Config.withDefault(1_000)),
  concurrency: Config.Int("BENCH_CONCURRENCY").pipe(Config.withDefault(8)),
  teams: Config.Int("BENCH_TEAMS").pipe(Config.withDefault(1)),
  graphileJobs: Config.Int("BENCH_GRAPHILE_JOBS").pipe(Config.withDefault(20_000)),
  latencyCandidates: Config.Int("BENCH_LATENCY_CANDIDATES").pipe(Config.withDefault(1_000)),
  latencyRate: Config.Number("BENCH_LATENCY_RATE").pipe(Config.withDefault(100)),
  pool: Config.Int("BENCH_PG_POOL").pipe(Config.withDefault(10)),
  only: Config.String("BENCH_ONLY").pipe(Config.withDefault(sections.join(","))),
  profile: Config.Boolean("BENCH_PROFILE").pipe(Config.withDefault(false))
})

const timeout = Duration.seconds(150)
const fixed = (n: number, digits = 0): string => Number.isFinite(n) ? n.toFixed(digits) : "—"
const log = (line: string) => Effect.sync(() => console.log(line))

/** Cores, Node, PostgreSQL and the load the machine is under (other work skews every figure). */
const machine = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const [row] = yield* sql<{ readonly version: string }>`SELECT current_setting('server_version') AS version`
  const cpu = cpus()
  return [
    `cores: ${cpu.length} × ${cpu[0]?.model.trim() ?? "unknown CPU"} · memory ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `node ${process.version} · PostgreSQL ${row?.version ?? "?"} on 127.0.0.1 · load average ${
      loadavg().map((l) => l.toFixed(2)).join(" ")
    }`
  ]
}).pipe(Effect.provide(Databases.admin))

/** Statements per flow by kind, and the database time they took, for one profiled phase. */
const profileTable = (statements: Profile.Statements, per: number) => {
  const rows = [...statements.entries()].sort((a, b) => b[1].totalMs - a[1].totalMs)
  const total = rows.reduce((sum, [, s]) => sum + s.count, 0)
  const totalMs = rows.reduce((sum, [, s]) => sum + s.totalMs, 0)
  return table(["statement", "per flow", "ms per flow", "avg ms"], [
    ...rows.map(([kind, s]) => [kind, fixed(s.count / per, 2), fixed(s.totalMs / per, 2), fixed(s.totalMs / s.count, 2)]),
    ["total", fixed(total / per, 2), fixed(totalMs / per, 2), fixed(totalMs / total, 2)]
  ])
}

const main = Effect.gen(function*() {
  const config = yield* settings
  const only = new Set(config.only.split(",").map((s) => s.trim()))
  const runs = (section: Section) => only.has(section)
  const secretKey = SecretCipher.generateKey()
  const recorder = new Profile.Recorder()
  const profiled = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
    config.profile ? Effect.withTracer(effect, Profile.tracer(recorder)) : effect
  const onPhase = config.profile ? (phase: string) => recorder.phase(phase) : undefined

  yield* log("Fulcrum flows benchmark")
  for (const line of yield* machine) yield* log(line)
  yield* log("")

  /** One throughput run on a fresh PostgreSQL database, with 1 or 2 worker processes. */
  const onPostgres = (processes: 1 | 2) =>
    Effect.scoped(Effect.gen(function*() {
      const db = yield* Databases.scratch("bench_flows")
      yield* log(`· PostgreSQL, ${processes} worker process(es) × ${config.concurrency}: ${config.flows} flows…`)
      return yield* Measure.throughput({
        flows: config.flows,
        concurrency: config.concurrency,
        teams: config.teams,
        runId: `pg${processes}`,
        timeout,
        server: true,
        ...(onPhase === undefined ? {} : { onPhase }),
        ...(processes === 2
          ? { second: Measure.secondWorker({ databaseUrl: db.url, secretKey, concurrency: config.concurrency }) }
          : {})
      }).pipe(Effect.provide(Flow.app(Flow.storesPg(db.url, secretKey, config.pool), Flow.noopLever)), profiled)
    }))

  const pg1 = runs("pg") ? yield* onPostgres(1) : undefined
  const pgProfile = recorder.phases
  const pg2 = runs("pg2") ? yield* onPostgres(2) : undefined

  const graphile = runs("graphile")
    ? yield* log(`· graphile-worker 0.18: ${config.graphileJobs} no-op jobs, concurrency 8…`).pipe(
      Effect.andThen(Graphile.measure({ jobs: config.graphileJobs, concurrency: 8 }))
    )
    : undefined

  const pglite = runs("pglite")
    ? yield* log(`· PGlite (in memory), 1 worker × ${config.concurrency}: ${config.pgliteFlows} flows…`).pipe(
      Effect.andThen(Measure.throughput({
        flows: config.pgliteFlows,
        concurrency: config.concurrency,
        teams: config.teams,
        runId: "pglite",
        timeout,
        server: false
      })),
      Effect.provide(Flow.app(Flow.stores(Database.layerPglite(), secretKey), Flow.noopLever))
    )
    : undefined

  const latencyRun = (rate: number) =>
    Effect.scoped(Effect.gen(function*() {
      const db = yield* Databases.scratch("bench_latency")
      yield* log(`· latency: ${config.latencyCandidates} candidates, ${rate > 0 ? `${rate}/s` : "all at once"}…`)
      return yield* Measure.latency({
        candidates: config.latencyCandidates,
        rate,
        concurrency: config.concurrency,
        timeout
      }).pipe(Effect.provide(Flow.app(Flow.storesPg(db.url, secretKey, config.pool), LeverApiMemory.layer)))
    }))
  const latencies = runs("latency")
    ? [yield* latencyRun(config.latencyRate), yield* latencyRun(0)]
    : []

  yield* log("")
  yield* log("Throughput — a flow is: signed webhook verified + stored → claimed → opportunity read → decision")
  yield* log("journaled → invite sent → note posted → done (no-op Lever, in-memory scheduler)")
  yield* log("")
  const ratio = (flowsPerSecond: number) => graphile === undefined ? "—" : fixed(flowsPerSecond / graphile.jobsPerSecond, 2)
  const flowRow = (engine: string, store: string, r: Measure.Throughput) => [
    engine,
    store,
    `${r.processes} × ${r.concurrency}`,
    String(r.flows),
    fixed(r.webhooksPerSecond),
    fixed(r.drainSeconds, 1),
    fixed(r.flowsPerSecond),
    ratio(r.flowsPerSecond),
    fixed(r.workerCpuMs, 2),
    r.postgresCpuMs > 0 ? fixed(r.postgresCpuMs, 2) : "(in process)"
  ]
  yield* log(table(
    ["engine", "database", "processes × conc.", "items", "webhooks stored/s", "drain s", "per second", "÷ graphile",
      "node CPU ms/item", "PG CPU ms/item"],
    [
      ...(pg1 === undefined ? [] : [flowRow("Fulcrum inbox + journal (flows)", "PostgreSQL", pg1)]),
      ...(pg2 === undefined ? [] : [flowRow("Fulcrum inbox + journal (flows)", "PostgreSQL", pg2)]),
      ...(pglite === undefined ? [] : [flowRow("Fulcrum inbox + journal (flows)", "PGlite (memory)", pglite)]),
      ...(graphile === undefined ? [] : [[
        "graphile-worker 0.18 (no-op jobs)",
        "PostgreSQL",
        `1 × ${graphile.concurrency}`,
        String(graphile.jobs),
        "—",
        fixed(graphile.seconds, 1),
        fixed(graphile.jobsPerSecond),
        "1.00",
        fixed(graphile.workerCpuMs, 2),
        fixed(graphile.postgresCpuMs, 2)
      ]])
    ]
  ))
  if (latencies.length > 0) {
    yield* log("")
    yield* log(`Latency — ${config.latencyCandidates} candidates, in-memory Lever + scheduler, PostgreSQL, 1 worker × ${config.concurrency}:`)
    yield* log("webhook stored (receivedAt) → note posted on Lever")
    yield* log("")
    yield* log(table(
      ["arrivals", "total s", "p50 ms", "p95 ms", "p99 ms", "max ms"],
      latencies.map((l) => [
        l.rate > 0 ? `${l.rate}/s` : "all at once",
        fixed(l.totalSeconds, 2),
        fixed(l.p50),
        fixed(l.p95),
        fixed(l.p99),
        fixed(l.max)
      ])
    ))
  }
  yield* log("")
  const verdict = (ok: boolean) => ok ? "met" : "MISSED"
  if (pg1 !== undefined) {
    yield* log(`target ≥ 200 flows/s, one worker on PostgreSQL: ${fixed(pg1.flowsPerSecond)} — ${verdict(pg1.flowsPerSecond >= 200)}`)
  }
  const paced = latencies.find((l) => l.rate > 0)
  if (paced !== undefined) {
    yield* log(`target p99 < 1 s at ${paced.rate}/s: ${fixed(paced.p99)} ms — ${verdict(paced.p99 < 1000)}`)
  }
  yield* log(`load average at end: ${loadavg().map((l) => l.toFixed(2)).join(" ")}`)
  if (config.profile && pg1 !== undefined) {
    for (const [phase, statements] of pgProfile) {
      yield* log("")
      yield* log(`Profile (PostgreSQL, 1 process), ${phase}: statements per flow`)
      yield* log(profileTable(statements, config.flows))
    }
  }
})

main.pipe(
  Effect.provideService(References.MinimumLogLevel, "Warn"),
  NodeRuntime.runMain
)
