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
 * - `pg`: flows/s, one worker process (a forked child running `Worker.run`, concurrency
 *   `BENCH_CONCURRENCY`), PostgreSQL over TCP on 127.0.0.1.
 * - `pg2`: the same with two worker processes, started alike, same database.
 * - `pg-half`: one worker process again, with half the flows: as much work as each process of `pg2`.
 *   With `pg` and `pg2` it gives two workers against one both ways (the same flows in all, and the same
 *   flows per process) and what a new worker process costs once, whatever it drains (`2A − B` from the
 *   CPU of this run, A, and of `pg`, B: mostly compiling its code).
 * - `graphile`: graphile-worker 0.18 draining `BENCH_GRAPHILE_JOBS` no-op jobs, concurrency 8, TCP.
 * - `unix`: `pg` and `graphile` again through the server's Unix socket (skipped when there is none).
 * - `pglite`: flows/s on embedded PGlite (in memory, in process).
 * - `latency`: `BENCH_LATENCY_CANDIDATES` candidates through the in-memory Lever and scheduler on
 *   PostgreSQL, moved `BENCH_LATENCY_RATE` per second, then all at once: p50/p99 from webhook stored to
 *   note posted, and the total time.
 * - `fairness`: one team's `BENCH_FAIRNESS_BACKLOG` webhooks queued, the worker on them, then another
 *   team's first candidate: its time from webhook stored to note posted.
 *
 * Environment (defaults keep a run under ~3 minutes on 2 cores): `BENCH_FLOWS` (2000),
 * `BENCH_PGLITE_FLOWS` (1000), `BENCH_CONCURRENCY` (8), `BENCH_TEAMS` (1), `BENCH_GRAPHILE_JOBS`
 * (20000), `BENCH_LATENCY_CANDIDATES` (1000), `BENCH_LATENCY_RATE` (100), `BENCH_FAIRNESS_BACKLOG`
 * (10000), `BENCH_PG_POOL` (10), `BENCH_ONLY` (comma-separated sections), `BENCH_PROFILE` (1: statements
 * per flow, slower), `BENCH_WARMUP` (0: flows each worker process of `pg`/`pg2`/`unix` drains, unmeasured,
 * before the measured ones: a new process's first events also pay for compiling its code),
 * `BENCH_IN_PROCESS` (1: the first worker runs in this process, as before 2026-12-07: warmer than a
 * forked one, since this process received the webhooks and drained the earlier runs),
 * `BENCH_WORKER_NODE_ARGS` (Node/V8 flags for the forked worker processes, space-separated, e.g.
 * `--always-sparkplug`), `BENCH_PG_URL` (admin connection, default `postgres://postgres@127.0.0.1:5432/test`),
 * `BENCH_PG_SOCKET_DIR` (default `/var/run/postgresql`).
 *
 * Besides items/s, each row gives the CPU milliseconds per item (the worker processes, and the
 * PostgreSQL backends of the run's database, the bench's own drain poll included) and the ceiling those
 * imply on idle cores: on a shared machine, wall-clock rates move with everyone else's load, CPU per item
 * much less. Each worker process's line under a row splits its CPU per event by thread (Linux): the main
 * thread, and V8's helpers (background compilation and concurrent marking), which a CPU profile of the
 * process does not show.
 */
import { NodeRuntime } from "@effect/platform-node"
import { InProcess } from "@fulcrum/lever-sandbox"
import { Database, SecretCipher } from "@fulcrum/store-sql"
import { Config, Duration, Effect, Option, References } from "effect"
import { SqlClient } from "effect/sql"
import { cpus, loadavg, totalmem } from "node:os"
import * as Counters from "./flows/Counters.ts"
import * as Databases from "./flows/Databases.ts"
import * as Flow from "./flows/Flow.ts"
import * as Graphile from "./flows/Graphile.ts"
import * as Measure from "./flows/Measure.ts"
import * as Profile from "./flows/Profile.ts"
import * as Report from "./flows/Report.ts"

const sections = ["pg", "pg2", "pg-half", "graphile", "unix", "pglite", "latency", "fairness"] as const
type Section = typeof sections[number]

const settings = Config.all({
  flows: Config.Int("BENCH_FLOWS").pipe(Config.withDefault(2_000)),
  pgliteFlows: Config.Int("BENCH_PGLITE_FLOWS").pipe(Config.withDefault(1_000)),
  concurrency: Config.Int("BENCH_CONCURRENCY").pipe(Config.withDefault(8)),
  teams: Config.Int("BENCH_TEAMS").pipe(Config.withDefault(1)),
  graphileJobs: Config.Int("BENCH_GRAPHILE_JOBS").pipe(Config.withDefault(20_000)),
  latencyCandidates: Config.Int("BENCH_LATENCY_CANDIDATES").pipe(Config.withDefault(1_000)),
  latencyRate: Config.Number("BENCH_LATENCY_RATE").pipe(Config.withDefault(100)),
  fairnessBacklog: Config.Int("BENCH_FAIRNESS_BACKLOG").pipe(Config.withDefault(10_000)),
  pool: Config.Int("BENCH_PG_POOL").pipe(Config.withDefault(10)),
  only: Config.String("BENCH_ONLY").pipe(Config.withDefault(sections.join(","))),
  profile: Config.Boolean("BENCH_PROFILE").pipe(Config.withDefault(false)),
  warmup: Config.Int("BENCH_WARMUP").pipe(Config.withDefault(0)),
  inProcess: Config.Boolean("BENCH_IN_PROCESS").pipe(Config.withDefault(false))
})

const timeout = Duration.seconds(150)
const log = (line: string) => Effect.sync(() => console.log(line))
const load = () => loadavg().map((l) => l.toFixed(2)).join(" ")
const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "es"}`

/** Cores, Node, PostgreSQL and the load the machine is under (other work skews every wall-clock figure). */
const machine = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const [row] = yield* sql<{ readonly version: string }>`SELECT current_setting('server_version') AS version`
  const cpu = cpus()
  return [
    `cores: ${cpu.length} × ${cpu[0]?.model.trim() ?? "unknown CPU"} · memory ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `node ${process.version} · PostgreSQL ${row?.version ?? "?"} (local server) · load average ${load()}`
  ]
}).pipe(Effect.provide(Databases.admin))

const main = Effect.gen(function*() {
  const config = yield* settings
  const only = new Set(config.only.split(",").map((s) => s.trim()))
  const runs = (section: Section) => only.has(section)
  const cores = cpus().length
  const secretKey = SecretCipher.generateKey()
  const socketDir = yield* Databases.socketDir
  const socket = Option.getOrUndefined(Option.as(Databases.viaSocket(yield* Databases.adminUrl, socketDir), socketDir))
  const recorder = new Profile.Recorder()
  const profiled = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
    config.profile ? Effect.withTracer(effect, Profile.tracer(recorder)) : effect
  const onPhase = config.profile ? (phase: "ingest" | "drain") => recorder.phase(phase) : undefined

  yield* log("Fulcrum flows benchmark")
  for (const line of yield* machine) yield* log(line)
  yield* log("")

  /** One throughput run on a fresh PostgreSQL database, with 1 or 2 worker processes. */
  const onPostgres = (processes: 1 | 2, via: string | undefined, flows = config.flows) =>
    Effect.scoped(Effect.gen(function*() {
      const db = yield* Databases.scratch("bench_flows", via)
      const transport = via === undefined ? "TCP" : "Unix socket"
      // Profiling traces the statements in this process: its one worker runs here.
      const profiling = onPhase !== undefined && via === undefined && processes === 1
      const inProcess = profiling || config.inProcess
      const forked = processes - (inProcess ? 1 : 0)
      const worker = Measure.workerProcess({ databaseUrl: db.url, secretKey, concurrency: config.concurrency })
      yield* log(
        `· flows on PostgreSQL (${transport}), ${plural(processes, "process")} × ${config.concurrency}: ${
          config.warmup > 0 ? `${config.warmup * processes} to warm up, then ` : ""
        }${flows}…`
      )
      return yield* Measure.throughput({
        flows,
        concurrency: config.concurrency,
        teams: config.teams,
        runId: `pg${processes}`,
        timeout,
        server: true,
        warmup: config.warmup,
        ...(inProcess ? { inProcess } : {}),
        ...(profiling
          ? { onPhase, onClaim: (ms: number) => recorder.record("EventInbox.claim", ms) }
          : { workers: Effect.all(Array.from({ length: forked }, () => worker)) })
      }).pipe(Effect.provide(Flow.app(Flow.storesPg(db.url, secretKey, config.pool), Flow.noopLever)), profiled)
    }))
  const graphile = (via: string | undefined) =>
    log(`· graphile-worker 0.18 (${via === undefined ? "TCP" : "Unix socket"}): ${config.graphileJobs} no-op jobs, concurrency 8…`)
      .pipe(Effect.andThen(Graphile.measure({ jobs: config.graphileJobs, concurrency: 8, socket: via })))

  const rows: Array<Report.Row> = []
  const tcp = "TCP 127.0.0.1" as const
  if (runs("pg")) rows.push({ _tag: "Flows", transport: tcp, result: yield* onPostgres(1, undefined) })
  if (runs("pg2")) rows.push({ _tag: "Flows", transport: tcp, result: yield* onPostgres(2, undefined) })
  const half = Math.round(config.flows / 2)
  if (runs("pg-half")) rows.push({ _tag: "Flows", transport: tcp, result: yield* onPostgres(1, undefined, half) })
  if (runs("graphile")) rows.push({ _tag: "Graphile", transport: tcp, result: yield* graphile(undefined) })
  if (runs("unix") && socket !== undefined) {
    rows.push({ _tag: "Flows", transport: "Unix socket", result: yield* onPostgres(1, socket) })
    rows.push({ _tag: "Graphile", transport: "Unix socket", result: yield* graphile(socket) })
  }
  if (runs("pglite")) {
    yield* log(`· flows on PGlite (in memory), 1 process × ${config.concurrency}: ${config.pgliteFlows}…`)
    const result = yield* Measure.throughput({
      flows: config.pgliteFlows,
      concurrency: config.concurrency,
      teams: config.teams,
      runId: "pglite",
      timeout,
      server: false
    }).pipe(Effect.provide(Flow.app(Flow.stores(Database.layerPglite(), secretKey), Flow.noopLever)))
    rows.push({ _tag: "Flows", transport: "PGlite (memory)", result })
  }

  const latencyRun = (rate: number) =>
    Effect.scoped(Effect.gen(function*() {
      const db = yield* Databases.scratch("bench_latency")
      yield* log(`· latency: ${config.latencyCandidates} candidates, ${rate > 0 ? `${rate}/s` : "all at once"} (TCP)…`)
      return yield* Measure.latency({
        candidates: config.latencyCandidates,
        rate,
        concurrency: config.concurrency,
        timeout
      }).pipe(Effect.provide(Flow.app(Flow.storesPg(db.url, secretKey, config.pool), InProcess.layer())))
    }))
  const latencies = runs("latency") ? [yield* latencyRun(config.latencyRate), yield* latencyRun(0)] : []

  const fair = runs("fairness")
    ? yield* Effect.scoped(Effect.gen(function*() {
      const db = yield* Databases.scratch("bench_fairness")
      yield* log(`· fairness: one team's ${config.fairnessBacklog} events, then another team's first candidate (TCP)…`)
      return yield* Measure.fairness({ backlog: config.fairnessBacklog, concurrency: config.concurrency, timeout })
        .pipe(Effect.provide(Flow.app(Flow.storesPg(db.url, secretKey, config.pool), Flow.noopLever)))
    }))
    : undefined

  if (rows.length > 0) {
    yield* log("")
    yield* log("Throughput. A flow: signed webhook verified and stored → claimed → opportunity read → decision")
    yield* log("journaled → invite sent → note posted → done (no-op Lever, in-memory scheduler). A graphile job: nothing.")
    yield* log("")
    yield* log(Report.throughput(rows, cores))
    for (const row of rows) {
      if (row._tag !== "Flows" || row.transport === "PGlite (memory)") continue
      yield* log("")
      yield* log(`Worker processes, ${row.transport}, ${plural(row.result.processes, "process")}, ${row.result.flows} flows:`)
      for (const [n, counts] of row.result.workers.entries()) {
        yield* log(`  ${Counters.describe(n === 0 && config.inProcess ? "this process" : `process ${n + 1}`, counts)}`)
      }
    }
  }
  if (latencies.length > 0) {
    yield* log("")
    yield* log(`Latency: ${config.latencyCandidates} candidates through the in-memory Lever and scheduler on PostgreSQL (TCP),`)
    yield* log(`1 process × ${config.concurrency}; from webhook stored (receivedAt) to the note on Lever.`)
    yield* log("")
    yield* log(Report.latency(latencies))
  }
  if (fair !== undefined) {
    yield* log("")
    yield* log(
      `Fairness: with one team's ${fair.backlog} events queued (the worker started on them 1 s earlier), another ` +
        `team's first candidate had its invite and note ${Report.fixed(fair.quietLatencyMs)} ms after its webhook ` +
        `was stored (${fair.busyDone} of the busy team's events were done by then).`
    )
  }
  yield* log("")
  const { verdict } = Report
  for (const row of rows) {
    if (row._tag !== "Flows" || row.transport === "PGlite (memory)") continue
    const r = row.result
    yield* log(
      `target ≥ 200 flows/s (${plural(r.processes, "process")}, ${row.transport}): ${Report.fixed(r.flowsPerSecond)} — ${
        verdict(r.flowsPerSecond >= 200)
      }; CPU ceiling on ${cores} idle cores ${Report.fixed(Report.ceiling(cores, Report.cpuPerItem(r)))}`
    )
  }
  const overTcp = (processes: number, flows: number) =>
    rows.find((row): row is Extract<Report.Row, { readonly _tag: "Flows" }> =>
      row._tag === "Flows" && row.transport === tcp && row.result.processes === processes && row.result.flows === flows
    )?.result
  for (const line of Report.twoWorkers(overTcp(1, config.flows), overTcp(2, config.flows), overTcp(1, half))) {
    yield* log(line)
  }
  const paced = latencies.find((l) => l.rate > 0)
  if (paced !== undefined) {
    yield* log(`target p99 < 1 s at ${paced.rate} candidates/s: ${Report.fixed(paced.p99)} ms — ${verdict(paced.p99 < 1000)}`)
  }
  yield* log(`load average at end: ${load()}`)
  for (const [phase, statements] of recorder.phases) {
    yield* log("")
    yield* log(`Profile (PostgreSQL over TCP, 1 process), ${phase}: statements per flow`)
    yield* log(Report.profile(statements, config.flows))
  }
})

main.pipe(
  // As the hosts run without an OTLP endpoint: tracing off (profiling installs its own tracer).
  Effect.provideServiceEffect(References.TracerEnabled, Effect.map(settings, (config) => config.profile)),
  Effect.provideService(References.MinimumLogLevel, "Warn"),
  NodeRuntime.runMain
)
