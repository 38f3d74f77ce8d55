/**
 * Benchmark: how fast `fulcrum-http` starts and how much memory it and `fulcrum-worker` hold, on
 * PostgreSQL.
 *
 *   node bench/host-start.ts
 *
 * 1. Start to ready: `fulcrum-http` spawned on a scratch database until `/readyz` answers 200; first on
 *    the empty database (migrations run), then `BENCH_STARTS` more times on the migrated one (warm
 *    start: what a restart or a new replica costs).
 * 2. RSS idle: the host's resident memory 2 s after it became ready.
 * 3. RSS after `BENCH_CANDIDATES` candidates: a team set up over the admin API against the Lever sandbox
 *    (in this process, rate limit off), that many tagged candidates created in the sandbox, then one
 *    signed stage-change webhook each to the host (20 at a time), processed by a `fulcrum-worker`
 *    (`FULCRUM_SCHEDULER=memory`) on the same database: RSS of both once every event is done.
 *
 * Environment: `BENCH_STARTS` (3), `BENCH_CANDIDATES` (1000), `BENCH_HOST_ENV` (extra `KEY=value,...`
 * for both processes), `BENCH_NODE_ARGS` (Node/V8 flags for both, space-separated), `BENCH_PG_URL` (admin connection, default `postgres://postgres@127.0.0.1:5432/test`).
 */
import { NodeRuntime } from "@effect/platform-node"
import { LeverSandbox } from "@fulcrum/lever-sandbox"
import { SecretCipher } from "@fulcrum/store-sql"
import { Config, Effect, Redacted } from "effect"
import { SqlClient } from "effect/sql"
import { randomUUID } from "node:crypto"
import { cpus, loadavg } from "node:os"
import * as Databases from "./flows/Databases.ts"
import { table } from "./flows/Table.ts"
import * as LoadGenerator from "./host/LoadGenerator.ts"
import * as Processes from "./host/Processes.ts"
import * as Team from "./host/Team.ts"
import * as Webhooks from "./host/Webhooks.ts"

const settings = Config.all({
  starts: Config.Int("BENCH_STARTS").pipe(Config.withDefault(3)),
  candidates: Config.Int("BENCH_CANDIDATES").pipe(Config.withDefault(1_000)),
  extraEnv: Config.String("BENCH_HOST_ENV").pipe(Config.withDefault("")),
  nodeArgs: Config.String("BENCH_NODE_ARGS").pipe(Config.withDefault(""))
})

const log = (line: string) => Effect.sync(() => console.log(line))
const load = () => loadavg().map((l) => l.toFixed(2)).join(" ")
const fixed = (n: number, digits = 0) => Number.isFinite(n) ? n.toFixed(digits) : "—"
const sleep = (ms: number) => Effect.promise(() => new Promise((resolve) => setTimeout(resolve, ms)))

/** `KEY=value,KEY=value` as an environment. */
const parseEnv = (text: string): Record<string, string> =>
  Object.fromEntries(text.split(",").filter((pair) => pair.includes("=")).map((pair) => {
    const at = pair.indexOf("=")
    return [pair.slice(0, at).trim(), pair.slice(at + 1).trim()]
  }))

const main = Effect.gen(function*() {
  const config = yield* settings
  yield* log("Fulcrum host start and memory benchmark")
  yield* log(`cores: ${cpus().length} × ${cpus()[0]?.model.trim() ?? "?"} · node ${process.version} · load average ${load()}`)

  const sandbox = yield* Effect.acquireRelease(
    Effect.promise(() => LeverSandbox.start({ port: 0, rateLimit: false })),
    (running) => Effect.promise(() => running.stop())
  )
  const db = yield* Databases.scratch("bench_host_start")
  const adminToken = randomUUID()
  const env = {
    HOST: "127.0.0.1",
    DATABASE_URL: db.url,
    FULCRUM_ADMIN_TOKEN: adminToken,
    FULCRUM_SECRET_KEY: Redacted.value(SecretCipher.generateKey()),
    FULCRUM_ALLOW_CUSTOM_LEVER_URL: "true",
    ...parseEnv(config.extraEnv)
  }
  const nodeArgs = config.nodeArgs.split(" ").filter((arg) => arg !== "")
  /** Spawns the host, waits for ready; the child (stopped with the scope), its port and start time. */
  const startHost = Effect.gen(function*() {
    const port = yield* Effect.promise(Processes.freePort)
    const child = yield* Effect.acquireRelease(
      Effect.sync(() => Processes.start(Processes.scripts.http, { ...env, PORT: String(port) }, nodeArgs)),
      (child) => Effect.promise(() => Processes.stop(child))
    )
    const readyMs = yield* Effect.promise(() => Processes.waitReady(child, `http://127.0.0.1:${port}/readyz`))
    return { child, port, readyMs }
  })

  const rows: Array<Array<string>> = []
  for (let i = 0; i <= config.starts; i++) {
    yield* Effect.scoped(Effect.gen(function*() {
      const { child, readyMs } = yield* startHost
      yield* sleep(2_000)
      rows.push([i === 0 ? "first (migrates)" : `warm #${i}`, fixed(readyMs), fixed(Processes.rssMb(child))])
    }))
  }
  yield* log("")
  yield* log(table(["fulcrum-http start", "to ready ms", "RSS idle MB"], rows))

  yield* log("")
  yield* log(`· ${config.candidates} candidates through host + worker (load ${load()})…`)
  const after = yield* Effect.scoped(Effect.gen(function*() {
    const host = yield* startHost
    const base = `http://127.0.0.1:${host.port}`
    const team = yield* Effect.promise(() => Team.setUp(base, adminToken, sandbox.baseUrl))
    const worker = yield* Effect.acquireRelease(
      Effect.sync(() => Processes.start(Processes.scripts.worker, { ...env, FULCRUM_SCHEDULER: "memory" }, nodeArgs)),
      (child) => Effect.promise(() => Processes.stop(child))
    )
    const opportunityIds: Array<string> = []
    for (let i = 0; i < config.candidates; i++) {
      const created = yield* Effect.promise(() =>
        sandbox.control.createOpportunity({
          name: `Bench Candidate ${i}`,
          stage: LeverSandbox.StageIds.technicalAssessment,
          tags: [team.tag]
        })
      )
      opportunityIds.push(created.id)
    }
    const shots = yield* Effect.promise(() =>
      Webhooks.stageChanges({
        teamId: team.teamId,
        signingToken: team.signingToken,
        count: config.candidates,
        opportunityIds
      })
    )
    let next = 0
    const target: LoadGenerator.Target = { port: host.port, next: () => shots[next++]! }
    const sent = yield* Effect.promise(() =>
      LoadGenerator.closedLoop(target, 20, Number.POSITIVE_INFINITY, config.candidates)
    )
    const started = performance.now()
    const sql = yield* SqlClient.SqlClient
    for (;;) {
      const [row] = yield* sql<{ readonly open: string }>`
        SELECT count(*) FILTER (WHERE status IN ('pending', 'running')) AS open FROM inbox_events`
      if (Number(row!.open) === 0) break
      if (performance.now() - started > 300_000) return yield* Effect.die(new Error(`events still open: ${row!.open}`))
      yield* sleep(250)
    }
    const [counts] = yield* sql<{ readonly done: string; readonly dead: string }>`
      SELECT count(*) FILTER (WHERE status = 'done') AS done, count(*) FILTER (WHERE status = 'dead') AS dead
      FROM inbox_events`
    yield* sleep(2_000)
    return {
      statuses: sent.statuses,
      drainSeconds: (performance.now() - started) / 1000,
      done: counts!.done,
      dead: counts!.dead,
      hostRss: Processes.rssMb(host.child),
      workerRss: Processes.rssMb(worker)
    }
  }).pipe(Effect.provide(Databases.clientFor(db.url))))
  yield* log(`webhooks answered: ${Object.entries(after.statuses).map(([s, n]) => `${s}×${n}`).join(" ")}; events done ${after.done}, dead ${after.dead}; drained ${fixed(after.drainSeconds, 1)} s after the last ack`)
  yield* log(`RSS after ${config.candidates} candidates: fulcrum-http ${fixed(after.hostRss)} MB, fulcrum-worker ${fixed(after.workerRss)} MB`)
  yield* log(`load average at end: ${load()}`)
}).pipe(Effect.scoped)

main.pipe(NodeRuntime.runMain)
