/**
 * Benchmark: durable candidate flows per second on PostgreSQL as worker processes are added, with two
 * `fulcrum-http` processes taking the webhooks behind one port list, in one run.
 *
 *   node bench/scale-out.ts
 *
 * Set-up, once per run: a scratch database; two `fulcrum-http` processes (their bin, as deployed) on it,
 * the first migrating it; a team set up over the first host's admin API against the Lever sandbox
 * (started in this process; only the set-up talks to it).
 *
 * Then, for each worker count in `BENCH_SCALE_WORKERS` (default 1, 2, 4), a round: that many worker
 * processes (`bench/flows/worker-child.ts`: `Worker.run` with concurrency `BENCH_CONCURRENCY` on the same
 * stores, a no-op Lever and the in-memory scheduler, as in `bench/flows.ts`) start; `BENCH_SCALE_WARMUP`
 * flows per worker process warm them up (a new process runs its first flows in V8's interpreter), then
 * `BENCH_SCALE_FLOWS` signed stage-change webhooks, each for a new candidate, are delivered over
 * `BENCH_CONNECTIONS` keep-alive connections spread over both hosts' ports, while the workers drain them.
 * A flow is durable when its event is done: claimed, opportunity read, decision journaled, invite sent
 * (idempotency key), note posted and journaled. The round ends when every event of the round is done;
 * each must have been claimed exactly once.
 *
 * Columns: webhooks acked per second (202s over the delivery time), durable flows per second (from the
 * first delivery to the last event done), and CPU milliseconds per flow of the hosts, the workers and the
 * PostgreSQL backends of the database over the round, with the load average at the round's end: on a
 * shared machine, compare CPU per flow and ratios, not raw rates.
 *
 * Environment: `BENCH_SCALE_WORKERS` (`1,2,4`), `BENCH_SCALE_FLOWS` (2000), `BENCH_SCALE_WARMUP` (150), `BENCH_CONCURRENCY` (8, per
 * worker process), `BENCH_CONNECTIONS` (16), `BENCH_PG_URL` (admin connection, default
 * `postgres://postgres@127.0.0.1:5432/test`).
 */
import { NodeRuntime } from "@effect/platform-node"
import { LeverSandbox } from "@fulcrum/lever-sandbox"
import { SecretCipher } from "@fulcrum/store-sql"
import { Config, Duration, Effect, Redacted, References } from "effect"
import { SqlClient } from "effect/sql"
import { randomUUID } from "node:crypto"
import { cpus, loadavg } from "node:os"
import * as Cpu from "./flows/Cpu.ts"
import * as Databases from "./flows/Databases.ts"
import * as Measure from "./flows/Measure.ts"
import { table } from "./flows/Table.ts"
import * as LoadGenerator from "./host/LoadGenerator.ts"
import * as Processes from "./host/Processes.ts"
import * as Team from "./host/Team.ts"
import * as Webhooks from "./host/Webhooks.ts"

const settings = Config.all({
  workers: Config.String("BENCH_SCALE_WORKERS").pipe(Config.withDefault("1,2,4")),
  flows: Config.Int("BENCH_SCALE_FLOWS").pipe(Config.withDefault(2_000)),
  concurrency: Config.Int("BENCH_CONCURRENCY").pipe(Config.withDefault(8)),
  connections: Config.Int("BENCH_CONNECTIONS").pipe(Config.withDefault(16)),
  warmup: Config.Int("BENCH_SCALE_WARMUP").pipe(Config.withDefault(150))
})

const hosts = 2
const log = (line: string) => Effect.sync(() => console.log(line))
const load = () => loadavg().map((l) => l.toFixed(2)).join(" ")
const fixed = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : "—")

/** What one round measured. */
interface Round {
  readonly workers: number
  readonly acksPerSecond: number
  readonly flowsPerSecond: number
  readonly hostCpuMs: number
  readonly workerCpuMs: number
  readonly postgresCpuMs: number
  readonly load: string
}

/** The server backends of the run's database, by pid. */
const backends = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const rows = yield* sql<{ readonly pid: number }>`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`
  return rows.map((row) => row.pid)
})

/** The round's events by outcome (opportunity ids carry the round's prefix), and the last completion. */
const progress = (prefix: string) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const [row] = yield* sql<{ readonly done: number; readonly again: number; readonly last: number | null }>`
      SELECT count(*) FILTER (WHERE status = 'done')::int AS done,
             count(*) FILTER (WHERE attempts <> 1 OR interruptions <> 0)::int AS again,
             max(updated_at)::float8 AS last
      FROM inbox_events WHERE starts_with(opportunity_id, ${prefix})`
    return row ?? { done: 0, again: 0, last: null }
  })

const main = Effect.gen(function*() {
  const config = yield* settings
  const counts = config.workers.split(",").map((n) => Number(n.trim())).filter((n) => n > 0)
  yield* log("Fulcrum scale-out benchmark: durable flows/s by worker processes, two fulcrum-http behind one port list")
  yield* log(`cores: ${cpus().length} × ${cpus()[0]?.model.trim() ?? "?"} · node ${process.version} · load average ${load()}`)

  const sandbox = yield* Effect.acquireRelease(
    Effect.promise(() => LeverSandbox.start({ port: 0, rateLimit: false })),
    (running) => Effect.promise(() => running.stop())
  )
  const db = yield* Databases.scratch("bench_scale_out")
  const adminToken = randomUUID()
  const secretKey = SecretCipher.generateKey()
  const startHost = Effect.gen(function*() {
    const port = yield* Effect.promise(Processes.freePort)
    const child = yield* Effect.acquireRelease(
      Effect.sync(() =>
        Processes.start(
          Processes.scripts.http,
          Processes.hostEnv({ port, databaseUrl: db.url, adminToken, secretKey: Redacted.value(secretKey) })
        )
      ),
      (started) => Effect.promise(() => Processes.stop(started))
    )
    yield* Effect.promise(() => Processes.waitReady(child, `http://127.0.0.1:${port}/readyz`))
    return { child, port }
  })
  // The first host migrates the database; the second starts on the migrated one.
  const first = yield* startHost
  const second = yield* startHost
  const servers = [first, second]
  const team = yield* Effect.promise(() => Team.setUp(`http://127.0.0.1:${first.port}`, adminToken, sandbox.baseUrl))
  yield* log(`${hosts} fulcrum-http ready on ports ${servers.map((s) => s.port).join(", ")}; team ${team.teamId}`)
  yield* log("")

  const round = (workers: number) =>
    Effect.scoped(Effect.gen(function*() {
      const signed = (prefix: string, count: number) =>
        Effect.promise(() =>
          Webhooks.stageChanges({
            teamId: team.teamId,
            signingToken: team.signingToken,
            count,
            opportunityIds: Array.from({ length: count }, (_, i) => `${prefix}${i}`)
          })
        )
      const run = randomUUID().slice(0, 8)
      const warmPrefix = `warm-${workers}-${run}-`
      const prefix = `scale-${workers}-${run}-`
      const warmCount = config.warmup * workers
      const warmShots = yield* signed(warmPrefix, warmCount)
      const shots = yield* signed(prefix, config.flows)
      yield* log(
        `· ${workers} worker process${workers === 1 ? "" : "es"} × ${config.concurrency}: ${warmCount} webhooks to warm up, then ${config.flows}…`
      )
      const started = yield* Effect.forEach(
        Array.from({ length: workers }),
        () => Measure.workerProcess({ databaseUrl: db.url, secretKey, concurrency: config.concurrency }),
        { concurrency: "unbounded" }
      )
      yield* Effect.forEach(started, (w) => w.go, { discard: true })
      /** Delivers `batch` over both hosts and waits until every one of its events is done. */
      const deliver = (batch: ReadonlyArray<LoadGenerator.Shot>, batchPrefix: string) =>
        Effect.gen(function*() {
          let i = 0
          const acked = yield* Effect.promise(() =>
            LoadGenerator.closedLoop(
              { port: first.port, ports: servers.map((s) => s.port), next: () => batch[i++]! },
              config.connections,
              3_600,
              batch.length
            )
          )
          if (acked.statuses["202"] !== batch.length) {
            return yield* Effect.die(
              new Error(`expected ${batch.length} webhooks acked, got ${JSON.stringify(acked.statuses)}`)
            )
          }
          for (;;) {
            const now = yield* progress(batchPrefix)
            if (now.done === batch.length) break
            yield* Effect.sleep(Duration.millis(25))
          }
          const done = yield* progress(batchPrefix)
          // Every event claimed once: no lease ran out, no two workers took the same event.
          if (done.again !== 0) return yield* Effect.die(new Error(`${done.again} events of the round ran more than once`))
          return { acked, done }
        })
      // Each new process runs its first flows in V8's interpreter; measured from warm.
      if (warmCount > 0) yield* deliver(warmShots, warmPrefix)
      const nodePids = {
        hosts: servers.map((s) => s.child.process.pid ?? 0),
        workers: started.map((w) => w.pid)
      }
      const snapshot = Effect.map(backends, (pids) =>
        Cpu.snapshot([...nodePids.hosts, ...nodePids.workers, ...pids]))
      const before = yield* snapshot
      const t0 = Date.now()
      const { acked, done } = yield* deliver(shots, prefix)
      const after = yield* snapshot
      const cpuOf = (pids: ReadonlyArray<number>) =>
        pids.reduce((sum, pid) => sum + (after.backends.get(pid) ?? 0) - (before.backends.get(pid) ?? 0), 0)
      const all = Cpu.between(before, after).postgres
      const hostMs = cpuOf(nodePids.hosts)
      const workerMs = cpuOf(nodePids.workers)
      const result: Round = {
        workers,
        acksPerSecond: acked.perSecond,
        flowsPerSecond: config.flows / (((done.last ?? t0) - t0) / 1000),
        hostCpuMs: hostMs / config.flows,
        workerCpuMs: workerMs / config.flows,
        postgresCpuMs: (all - hostMs - workerMs) / config.flows,
        load: load()
      }
      return result
    })).pipe(Effect.provide(Databases.clientFor(db.url)))

  const rounds: Array<Round> = []
  for (const workers of counts) rounds.push(yield* round(workers))
  yield* log("")
  yield* log(table(
    ["workers × conc.", "hosts", "webhooks acked/s", "durable flows/s", "CPU ms/flow hosts + workers + PG", "load average"],
    rounds.map((r) => [
      `${r.workers} × ${config.concurrency}`,
      String(hosts),
      fixed(r.acksPerSecond),
      fixed(r.flowsPerSecond),
      `${fixed(r.hostCpuMs, 2)} + ${fixed(r.workerCpuMs, 2)} + ${fixed(r.postgresCpuMs, 2)} = ${
        fixed(r.hostCpuMs + r.workerCpuMs + r.postgresCpuMs, 2)
      }`,
      r.load
    ])
  ))
  const base = rounds[0]
  if (base !== undefined) {
    for (const r of rounds.slice(1)) {
      yield* log(`${r.workers} workers ÷ ${base.workers}: flows/s ${fixed(r.flowsPerSecond / base.flowsPerSecond, 2)}×`)
    }
  }
  yield* log(`load average at end: ${load()}`)
})

main.pipe(
  Effect.scoped,
  Effect.provideService(References.MinimumLogLevel, "Warn"),
  NodeRuntime.runMain
)
