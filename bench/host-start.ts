/**
 * Benchmark: how fast `fulcrum-http` and the quickstart start, and how much memory they and
 * `fulcrum-worker` hold.
 *
 *   node bench/host-start.ts
 *   BENCH_ROOTS=/path/to/before,. BENCH_CANDIDATES=0 node bench/host-start.ts   # before/after, interleaved
 *
 * 1. `fulcrum-http` start to ready: spawned on a scratch PostgreSQL database until `/readyz` answers 200;
 *    first on the empty database (migrations run), then `BENCH_STARTS` more times on the migrated one
 *    (warm start: what a restart or a new replica costs). Its CPU time at ready and its RSS 2 s later.
 * 2. Quickstart (`examples/quickstart/src/main.ts`: embedded PGlite, Lever sandbox, worker, demo team)
 *    start to its banner: once as on a new machine (no PGlite template, cold compile cache), then
 *    `BENCH_ROUNDS` rounds of a first start (a new data directory) and a warm start (the same one again).
 *    Its CPU time and its peak RSS (`VmHWM` from /proc: the kernel's own high-water mark, so no spike
 *    between two samples is missed) at the banner.
 * 3. RSS after `BENCH_CANDIDATES` candidates (0 skips it): a team set up over the admin API against the
 *    Lever sandbox (in this process, rate limit off), that many tagged candidates created in the sandbox,
 *    then one signed stage-change webhook each to the host (20 at a time), processed by a `fulcrum-worker`
 *    (`FULCRUM_SCHEDULER=memory`) on the same database: RSS of both once every event is done.
 *
 * `BENCH_QUICKSTART` (`source`, or a comma-separated choice of `source` and `bundle`) says what 2 starts:
 * the sources (`src/main.ts`) and/or the bundle `./dev.sh start` runs (`dist/main.js`, built first with
 * `scripts/bundle.ts --if-stale` in each checkout); each is a column of its own, start by start.
 *
 * `BENCH_ROOTS` (comma-separated checkouts, default this one) runs 1 and 2 for each checkout in turn,
 * start by start, so a before/after comparison shares the machine's load; a summary gives the median
 * and range of each figure with the load average seen. Children share one fresh `NODE_COMPILE_CACHE`.
 *
 * Environment: `BENCH_STARTS` (3), `BENCH_ROUNDS` (3), `BENCH_CANDIDATES` (1000), `BENCH_HOST_ENV`
 * (extra `KEY=value,...` for the hosts), `BENCH_NODE_ARGS` (Node/V8 flags for them, space-separated),
 * `BENCH_PG_URL` (admin connection, default `postgres://postgres@127.0.0.1:5432/test`).
 */
import { NodeRuntime } from "@effect/platform-node"
import { LeverSandbox } from "@fulcrum/lever-sandbox"
import { SecretCipher } from "@fulcrum/store-sql"
import { Config, Effect, Redacted } from "effect"
import { SqlClient } from "effect/sql"
import { randomUUID } from "node:crypto"
import { execFileSync } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { cpus, loadavg, tmpdir } from "node:os"
import { join, relative, resolve } from "node:path"
import * as Databases from "./flows/Databases.ts"
import { table } from "./flows/Table.ts"
import * as LoadGenerator from "./host/LoadGenerator.ts"
import * as Processes from "./host/Processes.ts"
import * as Team from "./host/Team.ts"
import * as Webhooks from "./host/Webhooks.ts"

const settings = Config.all({
  starts: Config.Int("BENCH_STARTS").pipe(Config.withDefault(3)),
  rounds: Config.Int("BENCH_ROUNDS").pipe(Config.withDefault(3)),
  roots: Config.String("BENCH_ROOTS").pipe(Config.withDefault("")),
  candidates: Config.Int("BENCH_CANDIDATES").pipe(Config.withDefault(1_000)),
  extraEnv: Config.String("BENCH_HOST_ENV").pipe(Config.withDefault("")),
  nodeArgs: Config.String("BENCH_NODE_ARGS").pipe(Config.withDefault("")),
  quickstart: Config.String("BENCH_QUICKSTART").pipe(Config.withDefault("source"))
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

/** One start: which kind and checkout, time to ready (or banner), CPU time, RSS, 1-minute load average. */
interface Sample {
  readonly kind: string
  readonly root: string
  readonly ms: number
  readonly cpuMs: number
  readonly rssMb: number
  readonly load: number
}

const median = (values: ReadonlyArray<number>) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** `median (min–max)`, or the one value. */
const spread = (values: ReadonlyArray<number>, digits = 0) =>
  values.length === 1
    ? fixed(values[0]!, digits)
    : `${fixed(median(values), digits)} (${fixed(Math.min(...values), digits)}–${fixed(Math.max(...values), digits)})`

/** One row per kind and checkout, in the order first seen. */
const summarize = (samples: ReadonlyArray<Sample>): Array<Array<string>> => {
  const groups = new Map<string, Array<Sample>>()
  for (const sample of samples) {
    const key = `${sample.kind}\u0000${sample.root}`
    groups.set(key, [...(groups.get(key) ?? []), sample])
  }
  return [...groups.values()].map((group) => [
    group[0]!.kind,
    group[0]!.root,
    String(group.length),
    spread(group.map((s) => s.ms)),
    spread(group.map((s) => s.cpuMs)),
    spread(group.map((s) => s.rssMb)),
    `${Math.min(...group.map((s) => s.load)).toFixed(1)}–${Math.max(...group.map((s) => s.load)).toFixed(1)}`
  ])
}

const main = Effect.gen(function*() {
  const config = yield* settings
  yield* log("Fulcrum host start and memory benchmark")
  yield* log(`cores: ${cpus().length} × ${cpus()[0]?.model.trim() ?? "?"} · node ${process.version} · load average ${load()}`)

  const sandbox = yield* Effect.acquireRelease(
    Effect.promise(() => LeverSandbox.start({ port: 0, rateLimit: false })),
    (running) => Effect.promise(() => running.stop())
  )
  const roots = config.roots === "" ? [Processes.root] : config.roots.split(",").map((root) => resolve(root.trim()))
  const names = roots.map((root) => relative(process.cwd(), root) || ".")
  // One fresh compile cache for every child: the first start of each checkout compiles, as on a new
  // machine, and runs of this bench are comparable (the default cache in /tmp outlives them).
  const scratchDir = yield* Effect.acquireRelease(
    Effect.sync(() => mkdtempSync(join(tmpdir(), "fulcrum-bench-start-"))),
    (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
  )
  const common = { NODE_COMPILE_CACHE: join(scratchDir, "compile-cache") }
  const adminToken = randomUUID()
  const secretKey = Redacted.value(SecretCipher.generateKey())
  const envs: Array<Record<string, string>> = []
  for (const [i] of roots.entries()) {
    const scratch = yield* Databases.scratch(`bench_host_start_${i}`)
    envs.push({
      ...common,
      HOST: "127.0.0.1",
      DATABASE_URL: scratch.url,
      FULCRUM_ADMIN_TOKEN: adminToken,
      FULCRUM_SECRET_KEY: secretKey,
      FULCRUM_ALLOW_CUSTOM_LEVER_URL: "true",
      ...parseEnv(config.extraEnv)
    })
  }
  const env = envs[0]!
  const db = { url: env["DATABASE_URL"]! }
  const nodeArgs = config.nodeArgs.split(" ").filter((arg) => arg !== "")
  /** Spawns the host of checkout `at`, waits for ready; the child (stopped with the scope), its port and start time. */
  const startHost = (at = 0) =>
    Effect.gen(function*() {
      const port = yield* Effect.promise(Processes.freePort)
      const child = yield* Effect.acquireRelease(
        Effect.sync(() => Processes.start(Processes.scripts.http, { ...envs[at]!, PORT: String(port) }, nodeArgs, roots[at])),
        (child) => Effect.promise(() => Processes.stop(child))
      )
      const readyMs = yield* Effect.promise(() => Processes.waitReady(child, `http://127.0.0.1:${port}/readyz`))
      return { child, port, readyMs, cpuMs: Processes.cpuMs(child) }
    })

  const samples: Array<Sample> = []
  const rows: Array<Array<string>> = []
  for (let i = 0; i <= config.starts; i++) {
    for (const [at, name] of names.entries()) {
      yield* Effect.scoped(Effect.gen(function*() {
        const { child, cpuMs, readyMs } = yield* startHost(at)
        const loadAtReady = loadavg()[0]!
        yield* sleep(2_000)
        const rss = Processes.rssMb(child)
        const kind = i === 0 ? "fulcrum-http first (migrates)" : "fulcrum-http warm"
        samples.push({ kind, root: name, ms: readyMs, cpuMs, rssMb: rss, load: loadAtReady })
        rows.push([i === 0 ? "first (migrates)" : `warm #${i}`, name, fixed(readyMs), fixed(cpuMs), fixed(rss), loadAtReady.toFixed(2)])
      }))
    }
  }
  yield* log("")
  yield* log(table(["fulcrum-http start", "checkout", "to ready ms", "CPU ms", "RSS idle MB", "load 1m"], rows))

  /** What the quickstart starts from: its sources, or the bundle `./dev.sh start` runs. */
  const variants = config.quickstart.split(",").map((variant) => variant.trim()).filter((variant) => variant !== "")
  for (const variant of variants) {
    if (variant !== "source" && variant !== "bundle") return yield* Effect.die(new Error(`BENCH_QUICKSTART: "${variant}"? source or bundle`))
  }
  if (variants.includes("bundle")) {
    for (const root of roots) {
      execFileSync(process.execPath, ["examples/quickstart/scripts/bundle.ts", "--if-stale"], { cwd: root, stdio: "inherit" })
    }
  }
  const quickScript = (variant: string) => variant === "bundle" ? Processes.scripts.quickstartBundle : Processes.scripts.quickstart
  const quickName = (at: number, variant: string) => variants.length === 1 && variant === "source" ? names[at]! : `${names[at]} ${variant}`

  /** Starts the quickstart of checkout `at` (its sources or bundle) on `dataDir` and stops it at its banner. */
  const startQuickstart = (at: number, variant: string, dataDir: string, ports: { readonly sandbox: number; readonly provider: number }) =>
    Effect.scoped(Effect.gen(function*() {
      const port = yield* Effect.promise(Processes.freePort)
      const child = yield* Effect.acquireRelease(
        Effect.sync(() =>
          Processes.start(quickScript(variant), {
            ...common,
            FULCRUM_DATA_DIR: dataDir,
            PORT: String(port),
            LEVER_SANDBOX_PORT: String(ports.sandbox),
            PROVIDER_SANDBOX_PORT: String(ports.provider),
            LOG_FORMAT: "json"
          }, nodeArgs, roots[at])
        ),
        (child) => Effect.promise(() => Processes.stop(child))
      )
      yield* Effect.promise(() => Processes.waitOutput(child, /^Fulcrum\s+http/m, 180_000))
      return { ms: performance.now() - child.spawnedAt, cpuMs: Processes.cpuMs(child), rssMb: Processes.peakRssMb(child), load: loadavg()[0]! }
    }))
  const quickRows: Array<Array<string>> = []
  const quickstart = (
    kind: string,
    at: number,
    variant: string,
    dataDir: string,
    ports: { readonly sandbox: number; readonly provider: number }
  ) =>
    Effect.gen(function*() {
      const measured = yield* startQuickstart(at, variant, dataDir, ports)
      const name = quickName(at, variant)
      samples.push({ kind: `quickstart ${kind}`, root: name, ...measured })
      quickRows.push([kind, name, fixed(measured.ms), fixed(measured.cpuMs), fixed(measured.rssMb), measured.load.toFixed(2)])
    })
  const newDataDir = (label: string) =>
    Effect.gen(function*() {
      const ports = { sandbox: yield* Effect.promise(Processes.freePort), provider: yield* Effect.promise(Processes.freePort) }
      return { dir: join(scratchDir, label), ports }
    })
  for (let round = 0; round <= config.rounds; round++) {
    for (const [at, root] of roots.entries()) {
      for (const variant of variants) {
        if (round === 0) {
          // As on a new machine: no PGlite template cache yet (where the quickstart keeps one). A checkout
          // whose store-sql ships its template (./dev.sh or packing made it) unpacks that, as an install does.
          rmSync(join(root, "examples/quickstart/node_modules/.cache/fulcrum"), { recursive: true, force: true })
        }
        const { dir, ports } = yield* newDataDir(`quickstart-${at}-${variant}-${round}`)
        yield* quickstart(round === 0 ? "first on a new machine" : "first (new data dir)", at, variant, dir, ports)
        if (round > 0) yield* quickstart("warm", at, variant, dir, ports)
      }
    }
  }
  yield* log("")
  yield* log(table(["quickstart start to banner", "checkout", "ms", "CPU ms", "peak RSS MB", "load 1m"], quickRows))

  yield* log("")
  yield* log(table(
    ["summary: median (range)", "checkout", "n", "to ready/banner ms", "CPU ms", "RSS MB", "load 1m"],
    summarize(samples)
  ))

  if (config.candidates === 0) return
  yield* log("")
  yield* log(`· ${config.candidates} candidates through host + worker (load ${load()})…`)
  const after = yield* Effect.scoped(Effect.gen(function*() {
    const host = yield* startHost()
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
