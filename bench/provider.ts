/**
 * Benchmark: the assessment provider protocol end to end, on PostgreSQL, with `fulcrum-http` and
 * `fulcrum-worker` (FULCRUM_SCHEDULER=http) as child processes and the Lever and provider sandboxes in
 * this process.
 *
 *   node bench/provider.ts
 *
 * 1. Latency at a steady rate: `BENCH_RATE` candidates/s (3) for `BENCH_SECONDS` (30; the issue's run is
 *    300): each is tagged and moved to the assessment stage in the Lever sandbox and Lever's signed
 *    webhook is delivered to the host (t0); measured until the invite exists at the provider (t1) and
 *    until the "Assessment invite sent" note is on the candidate in Lever (t2). p50/p99 of t1−t0, t2−t0.
 * 2. Provider webhooks acknowledged per second: signed, unique `interview.started` webhooks to
 *    `POST /webhooks/provider/{teamId}`, against the raw floor `bench/host-acks.ts` uses (one INSERT per
 *    request into a copy of `inbox_events`, `bench/host/floor-server.ts`), same load generator, closed loop
 *    of `BENCH_CONNECTIONS` (20) connections for `BENCH_ACK_SECONDS` (10), after 2 s of warm-up each (as
 *    `bench/host-acks.ts` does: a new process runs its first requests in V8's interpreter). Also the CPU
 *    milliseconds per request of each process while it was measured: the server, the worker (which takes
 *    the host's stored webhooks as they arrive), PostgreSQL's backends of the run's database, and this
 *    process (the load generator), so a ratio can be told from a starved generator or a busy worker.
 *
 *    Then both paced at `BENCH_ACK_RATE` (200/s) for `BENCH_ACK_RATE_SECONDS` (5; 0 skips it): at one rate
 *    the CPU per request compares across runs on a busy machine, where a closed loop's moves with its rate.
 *    The worker is stopped before 2 (`BENCH_ACK_WORKER=on` keeps it): the floor's rows are never processed
 *    and `bench/host-acks.ts`, where the floor and Lever's ack rate come from, runs no worker, so with it
 *    the host would pay for processing each webhook (a candidate lookup and a retry, as the bench's
 *    interviews are unknown) on the same 2 cores while the floor pays for none.
 *
 * `BENCH_BASELINE=<another checkout>` adds 3: that checkout's `fulcrum-http` on the same database, measured
 * against this one in `BENCH_ACK_ROUNDS` (3) rounds of floor, baseline, host, closed loop each, so a change
 * compares on a shared machine (the baseline applies its own migrations, none of a newer schema's).
 *
 * `BENCH_ACKS_ONLY=true` skips 1. `BENCH_NODE_ARGS`: Node/V8 flags for `fulcrum-http`, space-separated
 * (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof-provider`).
 *
 * Environment: `BENCH_RATE`, `BENCH_SECONDS`, `BENCH_CONNECTIONS`, `BENCH_ACK_SECONDS`, `BENCH_ACKS_ONLY`,
 * `BENCH_ACK_RATE`, `BENCH_ACK_RATE_SECONDS`, `BENCH_ACK_WORKER` (`off` or `on`), `BENCH_BASELINE`, `BENCH_ACK_ROUNDS`, `BENCH_NODE_ARGS`, `BENCH_PG_URL`.
 */
import { NodeRuntime } from "@effect/platform-node"
import { StandardWebhooks } from "@fulcrum/core"
import { LeverSandbox } from "@fulcrum/lever-sandbox"
import { ProviderSandbox } from "@fulcrum/provider-sandbox"
import { SecretCipher } from "@fulcrum/store-sql"
import { Config, Effect, Redacted } from "effect"
import { SqlClient } from "effect/sql"
import { randomUUID } from "node:crypto"
import { cpus, loadavg } from "node:os"
import * as Cpu from "./flows/Cpu.ts"
import * as Databases from "./flows/Databases.ts"
import { table } from "./flows/Table.ts"
import * as LoadGenerator from "./host/LoadGenerator.ts"
import * as Processes from "./host/Processes.ts"
import * as Team from "./host/Team.ts"
import * as Webhooks from "./host/Webhooks.ts"

const settings = Config.all({
  rate: Config.Number("BENCH_RATE").pipe(Config.withDefault(3)),
  seconds: Config.Number("BENCH_SECONDS").pipe(Config.withDefault(30)),
  connections: Config.Int("BENCH_CONNECTIONS").pipe(Config.withDefault(20)),
  ackSeconds: Config.Number("BENCH_ACK_SECONDS").pipe(Config.withDefault(10)),
  acksOnly: Config.Boolean("BENCH_ACKS_ONLY").pipe(Config.withDefault(false)),
  ackRate: Config.Number("BENCH_ACK_RATE").pipe(Config.withDefault(200)),
  ackRateSeconds: Config.Number("BENCH_ACK_RATE_SECONDS").pipe(Config.withDefault(5)),
  baseline: Config.String("BENCH_BASELINE").pipe(Config.withDefault("")),
  ackRounds: Config.Int("BENCH_ACK_ROUNDS").pipe(Config.withDefault(3)),
  ackWorker: Config.Literals(["off", "on"], "BENCH_ACK_WORKER").pipe(Config.withDefault("off" as const)),
  nodeArgs: Config.String("BENCH_NODE_ARGS").pipe(Config.withDefault(""))
})

const log = (line: string) => Effect.sync(() => console.log(line))
const load = () => loadavg().map((l) => l.toFixed(2)).join(" ")
const fixed = (n: number, digits = 1) => Number.isFinite(n) ? n.toFixed(digits) : "—"
const quantile = (values: ReadonlyArray<number>, q: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Signed, unique provider webhooks about interviews no candidate has (stored and acknowledged all the same). */
const providerWebhooks = async (teamId: string, secret: Redacted.Redacted<string>, count: number) => {
  const path = `/webhooks/provider/${encodeURIComponent(teamId)}`
  const shots: Array<LoadGenerator.Shot> = []
  const timestampSeconds = Date.now() / 1000
  for (let i = 0; i < count; i++) {
    const body = JSON.stringify({
      type: "interview.started",
      timestamp: new Date().toISOString(),
      data: { interviewId: `iv_bench_${i}` }
    })
    const headers = await Effect.runPromise(
      StandardWebhooks.sign(secret, { id: `msg_${randomUUID()}`, timestampSeconds, body })
    )
    shots.push({ path, body, headers: { ...headers } })
  }
  return shots
}

const main = Effect.gen(function*() {
  const config = yield* settings
  yield* log("Fulcrum assessment provider benchmark")
  yield* log(`cores: ${cpus().length} × ${cpus()[0]?.model.trim() ?? "?"} · node ${process.version} · load average ${load()}`)

  const lever = yield* Effect.acquireRelease(
    Effect.promise(() => LeverSandbox.start({ port: 0, rateLimit: false })),
    (running) => Effect.promise(() => running.stop())
  )
  const provider = yield* Effect.acquireRelease(
    Effect.promise(() => ProviderSandbox.start()),
    (running) => Effect.promise(() => running.close())
  )
  const db = yield* Databases.scratch("bench_provider")
  const adminToken = randomUUID()
  const secretKey = Redacted.value(SecretCipher.generateKey())
  const hostPort = yield* Effect.promise(Processes.freePort)
  const common = {
    DATABASE_URL: db.url,
    FULCRUM_SECRET_KEY: secretKey,
    FULCRUM_ALLOW_CUSTOM_LEVER_URL: "true",
    FULCRUM_PROVIDER_SECRET: Redacted.value(provider.secret),
    LOG_LEVEL: "warn"
  }
  const host = yield* Effect.acquireRelease(
    Effect.sync(() =>
      Processes.start(Processes.scripts.http, {
        ...common,
        PORT: String(hostPort),
        HOST: "127.0.0.1",
        FULCRUM_ADMIN_TOKEN: adminToken
      }, config.nodeArgs.split(" ").filter((arg) => arg !== ""))
    ),
    (child) => Effect.promise(() => Processes.stop(child))
  )
  const hostBase = `http://127.0.0.1:${hostPort}`
  yield* Effect.promise(() => Processes.waitReady(host, `${hostBase}/readyz`))
  provider.setFulcrumUrl(hostBase)
  const team = yield* Effect.promise(() => Team.setUp(hostBase, adminToken, lever.baseUrl))
  const worker = yield* Effect.acquireRelease(
    Effect.sync(() =>
      Processes.start(Processes.scripts.worker, {
        ...common,
        FULCRUM_SCHEDULER: "http",
        FULCRUM_PROVIDER_URL: provider.url,
        WORKER_POLL_INTERVAL_MS: "20",
        LOG_LEVEL: "info"
      })
    ),
    (child) => Effect.promise(() => Processes.stop(child))
  )
  yield* Effect.promise(() => Processes.waitOutput(worker, /worker host started/))

  // 1. Steady rate: tag-and-move → invite at the provider → note on Lever.
  const total = config.acksOnly ? 0 : Math.max(1, Math.round(config.rate * config.seconds))
  if (total > 0) yield* log(`· ${total} candidates at ${config.rate}/s for ${config.seconds} s (load ${load()})…`)
  const toProvider: Array<number> = []
  const toNote: Array<number> = []
  const inviteAt = (opportunityId: string) =>
    [...provider.store.byKey.values()].some((invite) => invite.request.opportunityId === opportunityId)
  const one = async (i: number) => {
    const opportunity = await lever.control.createOpportunity({
      name: `Bench ${i}`,
      emails: [`bench-${i}@example.com`],
      tags: [team.tag]
    })
    await lever.control.moveToStage(opportunity.id, LeverSandbox.StageIds.technicalAssessment)
    const [shot] = await Webhooks.stageChanges({
      teamId: team.teamId,
      signingToken: team.signingToken,
      count: 1,
      opportunityIds: [opportunity.id]
    })
    const t0 = performance.now()
    const answer = await fetch(`${hostBase}${shot!.path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: shot!.body
    })
    await answer.arrayBuffer()
    let atProvider: number | undefined
    for (let polls = 0; polls < 3_000; polls++) {
      if (atProvider === undefined && inviteAt(opportunity.id)) atProvider = performance.now() - t0
      const notes = await lever.control.listNotes(opportunity.id)
      if (notes.some((note) => note.fields.some((field) => String(field.value).includes("Assessment invite sent")))) {
        toProvider.push(atProvider ?? performance.now() - t0)
        toNote.push(performance.now() - t0)
        return
      }
      await sleep(10)
    }
  }
  yield* Effect.promise(async () => {
    const started = performance.now()
    const runs: Array<Promise<void>> = []
    for (let i = 0; i < total; i++) {
      await sleep(Math.max(0, started + (i * 1000) / config.rate - performance.now()))
      runs.push(one(i))
    }
    await Promise.all(runs)
  })
  const creates = [...provider.store.creates.values()]

  // 2. Provider webhook acks vs the raw floor.
  if (config.ackWorker === "off") yield* Effect.promise(() => Processes.stop(worker))
  const floor = yield* Effect.acquireRelease(
    Effect.sync(() => Processes.start(Processes.scripts.floor, { FLOOR_DATABASE_URL: db.url })),
    (child) => Effect.promise(() => Processes.stop(child))
  )
  const floorPort = Number((yield* Effect.promise(() => Processes.waitOutput(floor, /ready (\d+)/)))[1])
  const warmSeconds = 2
  const count = Math.ceil(
    (config.ackSeconds + warmSeconds) * LoadGenerator.presignedPerSecond + config.ackRate * config.ackRateSeconds
  ) + 1
  const targetOf = (port: number, shots: Array<LoadGenerator.Shot>): LoadGenerator.Target => {
    let i = 0
    return {
      port,
      next: () => {
        const shot = shots[i++]
        if (shot === undefined) throw new Error("the bench signed too few deliveries")
        return shot
      }
    }
  }
  yield* log(`· provider webhook acks: ${config.connections} connections × ${config.ackSeconds} s, floor then host, worker ${config.ackWorker} (load ${load()})…`)
  // The floor is host-acks.ts's, fed the same Lever deliveries it is measured with there.
  const floorShots = yield* Effect.promise(() =>
    Webhooks.stageChanges({ teamId: team.teamId, signingToken: team.signingToken, count, opportunityIds: [randomUUID()] })
  )
  const hostShots = yield* Effect.promise(() => providerWebhooks(team.teamId, provider.secret, count))
  const backends = Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const rows = yield* sql<{ readonly pid: number }>`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`
    return rows.map((row) => row.pid)
  }).pipe(Effect.provide(Databases.clientFor(db.url)))
  /** One closed loop against `server`, and the CPU ms per request each process used meanwhile. */
  const measure = (
    server: Processes.Child,
    target: LoadGenerator.Target,
    run: (target: LoadGenerator.Target) => Promise<LoadGenerator.Result>
  ) =>
    Effect.gen(function*() {
      const children = { server: server.process.pid!, worker: worker.process.pid! }
      const before = Cpu.snapshot([...Object.values(children), ...(yield* backends)])
      const result = yield* Effect.promise(() => run(target))
      const after = Cpu.snapshot([...Object.values(children), ...(yield* backends)])
      const used = (pid: number) => (after.backends.get(pid) ?? 0) - (before.backends.get(pid) ?? 0)
      const per = (ms: number) => ms / result.requests
      const { self, postgres } = Cpu.between(before, after)
      return {
        result,
        cpu: {
          server: per(used(children.server)),
          worker: per(used(children.worker)),
          postgres: per(postgres - used(children.server) - used(children.worker)),
          generator: per(self)
        }
      }
    })
  const floorTarget = targetOf(floorPort, floorShots)
  const hostTarget = targetOf(hostPort, hostShots)
  const closed = (seconds: number) => (target: LoadGenerator.Target) =>
    LoadGenerator.closedLoop(target, config.connections, seconds)
  const paced = (target: LoadGenerator.Target) => LoadGenerator.openLoop(target, config.ackRate, config.ackRateSeconds)
  yield* measure(floor, floorTarget, closed(warmSeconds))
  yield* measure(host, hostTarget, closed(warmSeconds))
  const floorRun = yield* measure(floor, floorTarget, closed(config.ackSeconds))
  const hostRun = yield* measure(host, hostTarget, closed(config.ackSeconds))
  const floorResult = floorRun.result
  const hostResult = hostRun.result
  // At one rate both sides batch alike, so CPU per request compares across runs whatever else the
  // machine does; a closed loop's CPU per request moves with the rate it reached.
  const floorPaced = config.ackRateSeconds > 0 ? yield* measure(floor, floorTarget, paced) : undefined
  const hostPaced = config.ackRateSeconds > 0 ? yield* measure(host, hostTarget, paced) : undefined

  if (total > 0) yield* log("")
  if (total > 0) yield* log(table(
    ["measure", "n", "p50 ms", "p99 ms", "max ms"],
    [
      ["tag-and-move → invite at provider", `${toProvider.length}/${total}`, fixed(quantile(toProvider, 0.5)), fixed(quantile(toProvider, 0.99)), fixed(Math.max(...toProvider))],
      ["tag-and-move → note on Lever", `${toNote.length}/${total}`, fixed(quantile(toNote, 0.5)), fixed(quantile(toNote, 0.99)), fixed(Math.max(...toNote))]
    ]
  ))
  if (total > 0) yield* log(`invites created at the provider: ${creates.length} keys, ${creates.filter((n) => n !== 1).length} created more than once (goal p99 < 1000 ms)`)
  yield* log("")
  const statuses = (r: LoadGenerator.Result) => Object.entries(r.statuses).map(([s, n]) => `${s}×${n}`).join(" ")
  const cpuCells = (run: typeof floorRun) =>
    [run.cpu.server, run.cpu.worker, run.cpu.postgres, run.cpu.generator].map((ms) => fixed(ms, 3))
  yield* log(table(
    ["server", "req/s", "p50 ms", "p99 ms", "statuses", "CPU ms/req: server", "worker", "postgres", "generator"],
    [
      ["raw floor (1 INSERT)", fixed(floorResult.perSecond, 0), fixed(floorResult.p50), fixed(floorResult.p99), statuses(floorResult), ...cpuCells(floorRun)],
      ["fulcrum-http provider webhook", fixed(hostResult.perSecond, 0), fixed(hostResult.p50), fixed(hostResult.p99), statuses(hostResult), ...cpuCells(hostRun)]
    ]
  ))
  yield* log(`host ÷ floor: ${fixed(hostResult.perSecond / floorResult.perSecond, 2)} (goal ≥ 0.5); load average at end: ${load()}`)
  if (floorPaced !== undefined && hostPaced !== undefined) {
    yield* log("")
    yield* log(table(
      [`paced ${config.ackRate}/s × ${config.ackRateSeconds} s`, "req/s", "p50 ms", "p99 ms", "statuses", "CPU ms/req: server", "worker", "postgres", "generator"],
      [
        ["raw floor (1 INSERT)", fixed(floorPaced.result.perSecond, 0), fixed(floorPaced.result.p50), fixed(floorPaced.result.p99), statuses(floorPaced.result), ...cpuCells(floorPaced)],
        ["fulcrum-http provider webhook", fixed(hostPaced.result.perSecond, 0), fixed(hostPaced.result.p50), fixed(hostPaced.result.p99), statuses(hostPaced.result), ...cpuCells(hostPaced)]
      ]
    ))
    yield* log(`paced host CPU per ack ÷ floor's: ${fixed(hostPaced.cpu.server / floorPaced.cpu.server, 2)}; load average at end: ${load()}`)
  }

  // 3. A/B against another checkout's `fulcrum-http` on the same database, team and secret: rounds of
  // floor, baseline, this host, back to back, so a busy machine weighs on both alike.
  if (config.baseline !== "") {
    const basePort = yield* Effect.promise(Processes.freePort)
    const base = yield* Effect.acquireRelease(
      Effect.sync(() =>
        Processes.start(Processes.scripts.http, {
          ...common,
          PORT: String(basePort),
          HOST: "127.0.0.1",
          FULCRUM_ADMIN_TOKEN: adminToken
        }, config.nodeArgs.split(" ").filter((arg) => arg !== ""), config.baseline)
      ),
      (child) => Effect.promise(() => Processes.stop(child))
    )
    yield* Effect.promise(() => Processes.waitReady(base, `http://127.0.0.1:${basePort}/readyz`))
    const perRound = Math.ceil(config.ackSeconds * 4_000)
    const signedFor = (port: number) =>
      Effect.map(Effect.promise(() => providerWebhooks(team.teamId, provider.secret, perRound)), (shots) => targetOf(port, shots))
    yield* measure(base, yield* signedFor(basePort), closed(warmSeconds))
    const rows: Array<Array<string>> = []
    for (let round = 1; round <= config.ackRounds; round++) {
      const roundLoad = load()
      const floorShots = yield* Effect.promise(() =>
        Webhooks.stageChanges({ teamId: team.teamId, signingToken: team.signingToken, count: perRound, opportunityIds: [randomUUID()] })
      )
      const f = yield* measure(floor, targetOf(floorPort, floorShots), closed(config.ackSeconds))
      const b = yield* measure(base, yield* signedFor(basePort), closed(config.ackSeconds))
      const h = yield* measure(host, yield* signedFor(hostPort), closed(config.ackSeconds))
      rows.push([
        String(round),
        roundLoad,
        fixed(f.result.perSecond, 0),
        fixed(b.result.perSecond, 0),
        fixed(h.result.perSecond, 0),
        fixed(b.result.perSecond / f.result.perSecond, 2),
        fixed(h.result.perSecond / f.result.perSecond, 2),
        `${fixed(f.cpu.server, 3)} / ${fixed(b.cpu.server, 3)} / ${fixed(h.cpu.server, 3)}`,
        `${fixed(b.cpu.postgres, 3)} / ${fixed(h.cpu.postgres, 3)}`
      ])
    }
    yield* log("")
    yield* log(`A/B: baseline = ${config.baseline}`)
    yield* log(table(
      ["round", "load", "floor req/s", "baseline req/s", "host req/s", "baseline ÷ floor", "host ÷ floor", "CPU ms/ack floor / baseline / host", "postgres ms/ack baseline / host"],
      rows
    ))
  }
}).pipe(Effect.scoped)

main.pipe(NodeRuntime.runMain)
