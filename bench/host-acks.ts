/**
 * Benchmark: how fast `fulcrum-http` acknowledges signed, unique Lever webhooks on PostgreSQL, against a
 * floor measured in the same run on the same database with the same load generator.
 *
 *   node bench/host-acks.ts
 *
 * - host: `fulcrum-http` as a child process (its bin, default settings, `LOG_LEVEL` as given), on a
 *   scratch database it migrates itself, with a team set up over its admin API against the Lever
 *   sandbox (started in this process; the permanent key is checked against it). Each delivery is a
 *   `candidateStageChange` with a fresh token, signed with the team's stage-change signing token: the
 *   host verifies it, stores and schedules the event, and answers 202.
 * - floor: a raw `node:http` server doing one `INSERT ... ON CONFLICT DO NOTHING` per request into a copy
 *   of `inbox_events` (same columns, constraints and indexes) in the same database (bench/host/floor-server.ts).
 *
 * Both get the same load from `bench/host/LoadGenerator.ts`, one after the other (the host goes first in
 * even rounds, the other in odd ones): (a) closed loop,
 * `BENCH_CONNECTIONS` keep-alive connections for `BENCH_SECONDS`: requests/s, p50/p99; (b) open loop,
 * `BENCH_RATE` requests/s for `BENCH_RATE_SECONDS`: p50/p99 from when each request was due. Also the CPU
 * milliseconds each server process used per request, and a check that every 202 is a stored row.
 *
 * `BENCH_TRACING=otlp` runs the host with OpenTelemetry export on (`OTEL_EXPORTER_OTLP_ENDPOINT` pointing at a
 * sink in this process that reads and drops every export, as a collector would; protobuf, the default), so
 * the ratio shows what tracing every ack costs.
 *
 * `BENCH_AGAINST=effect-floor` replaces the floor with the same work on Effect's HTTP server and
 * `@effect/sql-pg` (bench/host/effect-floor-server.ts): what the platform the host is built on costs
 * without any Fulcrum code.
 *
 * `BENCH_AGAINST=facade` measures the Promise façade instead of the floor: `createFulcrum` from
 * `@fulcrum/embed` on a raw `node:http` server (bench/host/facade-server.ts), a child process on the same
 * database and secret key (so the team set up through the host is its team too), reported as
 * façade ÷ host (goal ≥ 0.9).
 *
 * Environment: `BENCH_AGAINST` (`floor`, `effect-floor` or `facade`), `BENCH_TRACING` (`off` or `otlp`), `BENCH_ROUNDS` (2), `BENCH_SECONDS` (10), `BENCH_CONNECTIONS` (20), `BENCH_RATE` (200),
 * `BENCH_RATE_SECONDS` (15), `BENCH_HOST_ENV` (extra `KEY=value,KEY=value` for the host, e.g.
 * `LOG_LEVEL=debug`), `BENCH_NODE_ARGS` (Node/V8 flags for the host and the façade, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`, space-separated), `BENCH_PG_URL` (admin connection, default `postgres://postgres@127.0.0.1:5432/test`).
 */
import { NodeRuntime } from "@effect/platform-node"
import { LeverSandbox } from "@fulcrum/lever-sandbox"
import { SecretCipher } from "@fulcrum/store-sql"
import { Config, Effect, Redacted } from "effect"
import { SqlClient } from "effect/sql"
import { randomUUID } from "node:crypto"
import { cpus, loadavg } from "node:os"
import { processMs } from "./flows/Cpu.ts"
import * as Databases from "./flows/Databases.ts"
import { table } from "./flows/Table.ts"
import * as LoadGenerator from "./host/LoadGenerator.ts"
import * as OtlpSink from "./host/OtlpSink.ts"
import * as Processes from "./host/Processes.ts"
import * as Team from "./host/Team.ts"
import * as Webhooks from "./host/Webhooks.ts"

const settings = Config.all({
  against: Config.Literals(["floor", "effect-floor", "facade"], "BENCH_AGAINST").pipe(Config.withDefault("floor" as const)),
  rounds: Config.Int("BENCH_ROUNDS").pipe(Config.withDefault(2)),
  seconds: Config.Number("BENCH_SECONDS").pipe(Config.withDefault(10)),
  connections: Config.Int("BENCH_CONNECTIONS").pipe(Config.withDefault(20)),
  rate: Config.Number("BENCH_RATE").pipe(Config.withDefault(200)),
  rateSeconds: Config.Number("BENCH_RATE_SECONDS").pipe(Config.withDefault(15)),
  hostEnv: Config.String("BENCH_HOST_ENV").pipe(Config.withDefault("")),
  tracing: Config.Literals(["off", "otlp"], "BENCH_TRACING").pipe(Config.withDefault("off" as const)),
  nodeArgs: Config.String("BENCH_NODE_ARGS").pipe(Config.withDefault(""))
})

const log = (line: string) => Effect.sync(() => console.log(line))
const load = () => loadavg().map((l) => l.toFixed(2)).join(" ")
const fixed = (n: number, digits = 1) => Number.isFinite(n) ? n.toFixed(digits) : "—"

/** `KEY=value,KEY=value` as an environment. */
const parseEnv = (text: string): Record<string, string> =>
  Object.fromEntries(text.split(",").filter((pair) => pair.includes("=")).map((pair) => {
    const at = pair.indexOf("=")
    return [pair.slice(0, at).trim(), pair.slice(at + 1).trim()]
  }))

interface Measured {
  readonly result: LoadGenerator.Result
  readonly cpuMsPerRequest: number
}

const main = Effect.gen(function*() {
  const config = yield* settings
  yield* log("Fulcrum host webhook acks benchmark")
  yield* log(`cores: ${cpus().length} × ${cpus()[0]?.model.trim() ?? "?"} · node ${process.version} · load average ${load()}`)

  const sandbox = yield* Effect.acquireRelease(
    Effect.promise(() => LeverSandbox.start({ port: 0, rateLimit: false })),
    (running) => Effect.promise(() => running.stop())
  )
  const sink = config.tracing === "otlp" ? yield* OtlpSink.start : undefined
  yield* log(`tracing: ${sink === undefined ? "off (no OTEL_EXPORTER_OTLP_ENDPOINT)" : `OTLP export on, to a sink at ${sink.url}`}`)
  const db = yield* Databases.scratch("bench_host_acks")
  const adminToken = randomUUID()
  const secretKey = Redacted.value(SecretCipher.generateKey())
  const facade = config.against === "facade"
  const other = facade ? "façade" : config.against === "effect-floor" ? "effect floor" : "floor"
  // The same V8 flags for both children (a profile of each, say), so they stay comparable.
  const nodeArgs = config.nodeArgs.split(" ").filter((arg) => arg !== "")
  const hostPort = yield* Effect.promise(Processes.freePort)
  const host = yield* Effect.acquireRelease(
    Effect.sync(() =>
      Processes.start(Processes.scripts.http, {
        ...Processes.hostEnv({ port: hostPort, databaseUrl: db.url, adminToken, secretKey }),
        ...(sink === undefined ? {} : { OTEL_EXPORTER_OTLP_ENDPOINT: sink.url }),
        ...parseEnv(config.hostEnv)
      }, nodeArgs)
    ),
    (child) => Effect.promise(() => Processes.stop(child))
  )
  const hostBase = `http://127.0.0.1:${hostPort}`
  const readyMs = yield* Effect.promise(() => Processes.waitReady(host, `${hostBase}/readyz`))
  yield* log(`fulcrum-http ready in ${fixed(readyMs, 0)} ms (fresh database, migrations included)`)
  const team = yield* Effect.promise(() => Team.setUp(hostBase, adminToken, sandbox.baseUrl))

  const floor = yield* Effect.acquireRelease(
    Effect.sync(() =>
      facade
        ? Processes.start(Processes.scripts.facade, {
          FACADE_DATABASE_URL: db.url,
          FACADE_SECRET_KEY: secretKey,
          FACADE_ADMIN_TOKEN: adminToken
        }, nodeArgs)
        : Processes.start(
          config.against === "effect-floor" ? Processes.scripts.effectFloor : Processes.scripts.floor,
          { FLOOR_DATABASE_URL: db.url }
        )
    ),
    (child) => Effect.promise(() => Processes.stop(child))
  )
  const floorPort = Number((yield* Effect.promise(() => Processes.waitOutput(floor, /ready (\d+)/)))[1])

  const opportunityIds = Array.from({ length: 1_000 }, () => randomUUID())
  /** A target whose deliveries are signed now for `count` requests (more are never needed). */
  const target = (port: number, count: number) =>
    Effect.map(
      Effect.promise(() =>
        Webhooks.stageChanges({ teamId: team.teamId, signingToken: team.signingToken, count, opportunityIds })
      ),
      (shots): LoadGenerator.Target => {
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
    )
  /** One run against `child` on `port`, with the CPU the child used. */
  const measure = (
    child: Processes.Child,
    port: number,
    count: number,
    run: (target: LoadGenerator.Target) => Promise<LoadGenerator.Result>
  ) =>
    Effect.gen(function*() {
      const t = yield* target(port, count)
      const pid = child.process.pid!
      const before = processMs(pid)
      const result = yield* Effect.promise(() => run(t))
      return { result, cpuMsPerRequest: (processMs(pid) - before) / result.requests } satisfies Measured
    })
  const closedCount = Math.ceil(config.seconds * LoadGenerator.presignedPerSecond)
  const openCount = Math.ceil(config.rate * config.rateSeconds) + 1
  const closed = (child: Processes.Child, port: number) =>
    measure(child, port, closedCount, (t) => LoadGenerator.closedLoop(t, config.connections, config.seconds))
  const open = (child: Processes.Child, port: number) =>
    measure(child, port, openCount, (t) => LoadGenerator.openLoop(t, config.rate, config.rateSeconds))

  /** Runs `other` then `host`, or `host` first when `hostFirst`; answers in that order either way. */
  const inTurn = <A>(other: Effect.Effect<A>, host: Effect.Effect<A>, hostFirst: boolean) =>
    hostFirst ? Effect.map(Effect.zip(host, other), ([h, o]) => [o, h] as const) : Effect.zip(other, host)

  yield* log("· warm-up (2 s each)…")
  yield* measure(floor, floorPort, 2 * LoadGenerator.presignedPerSecond, (t) => LoadGenerator.closedLoop(t, config.connections, 2))
  yield* measure(host, hostPort, 2 * LoadGenerator.presignedPerSecond, (t) => LoadGenerator.closedLoop(t, config.connections, 2))

  const rows: Array<Array<string>> = []
  const ratios: Array<number> = []
  const cpuRatios: Array<number> = []
  const p99Ratios: Array<number> = []
  for (let round = 1; round <= config.rounds; round++) {
    const roundLoad = loadavg()[0]!.toFixed(1)
    // The two take turns going first: the second of a pair finds the database the first just filled and
    // whatever the machine did meanwhile, so neither always does.
    const hostFirst = round % 2 === 0
    yield* log(`· round ${round}: ${config.connections} connections × ${config.seconds} s, then ${config.rate}/s × ${config.rateSeconds} s, ${hostFirst ? "host" : other} first (load ${load()})…`)
    const [floorMax, hostMax] = yield* inTurn(closed(floor, floorPort), closed(host, hostPort), hostFirst)
    const [floorPaced, hostPaced] = yield* inTurn(open(floor, floorPort), open(host, hostPort), hostFirst)
    const ratio = facade
      ? floorMax.result.perSecond / hostMax.result.perSecond
      : hostMax.result.perSecond / floorMax.result.perSecond
    ratios.push(ratio)
    // Issue 17's other two targets, host over the comparison in the same round: CPU per ack (≤ 2 against
    // the floor) and p99 at the paced rate (≤ 1.5).
    cpuRatios.push(hostMax.cpuMsPerRequest / floorMax.cpuMsPerRequest)
    p99Ratios.push(hostPaced.result.p99 / floorPaced.result.p99)
    const statuses = (m: Measured) =>
      Object.entries(m.result.statuses).map(([status, n]) => `${status}×${n}`).join(" ")
    rows.push(
      [
        `${round}`,
        roundLoad,
        fixed(floorMax.result.perSecond, 0),
        fixed(hostMax.result.perSecond, 0),
        fixed(ratio, 2),
        `${fixed(floorMax.result.p50)} / ${fixed(floorMax.result.p99)}`,
        `${fixed(hostMax.result.p50)} / ${fixed(hostMax.result.p99)}`,
        `${fixed(floorPaced.result.p50)} / ${fixed(floorPaced.result.p99)}`,
        `${fixed(hostPaced.result.p50)} / ${fixed(hostPaced.result.p99)}`,
        `${fixed(floorMax.cpuMsPerRequest, 2)} / ${fixed(hostMax.cpuMsPerRequest, 2)}`,
        `${statuses(floorMax)} | ${statuses(hostMax)} | ${statuses(hostPaced)}`
      ]
    )
  }

  const stored = yield* Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const [row] = yield* sql<{ readonly inbox: string; readonly floor: string }>`
      SELECT (SELECT count(*) FROM inbox_events) AS inbox, ${facade ? sql`0` : sql`(SELECT count(*) FROM floor_events)`} AS floor`
    return row!
  }).pipe(Effect.provide(Databases.clientFor(db.url)))

  yield* log("")
  yield* log(`Signed unique candidateStageChange webhooks on PostgreSQL (TCP 127.0.0.1). Closed loop: ${config.connections} connections`)
  yield* log(`× ${config.seconds} s; paced: ${config.rate}/s × ${config.rateSeconds} s (latency from when each was due). ms are p50 / p99.`)
  yield* log("")
  yield* log(table(
    [
      "round",
      "load",
      `${other} req/s`,
      "host req/s",
      "ratio",
      `${other} ms @max`,
      "host ms @max",
      `${other} ms @${config.rate}/s`,
      `host ms @${config.rate}/s`,
      `CPU ms/req ${other} / host`,
      `statuses (${other} max | host max | host paced)`
    ],
    rows
  ))
  yield* log("")
  yield* log(`rows stored: inbox_events ${stored.inbox}${facade ? " (host and façade)" : `, floor_events ${stored.floor}`}`)
  yield* log(
    `${facade ? "façade ÷ host" : `host ÷ ${other}`}: ${ratios.map((r) => fixed(r, 2)).join(", ")} ` +
      `(${facade ? "goal ≥ 0.9" : config.against !== "floor" ? "no target" : sink === undefined ? "target ≥ 0.75" : "target with tracing ≥ 0.5"}); host RSS after the run ${fixed(Processes.rssMb(host), 0)} MB`
  )
  if (facade) {
    yield* log(`façade CPU per ack ÷ host's: ${cpuRatios.map((r) => fixed(1 / r, 2)).join(", ")}`)
  } else {
    yield* log(`host CPU per ack ÷ ${other}'s: ${cpuRatios.map((r) => fixed(r, 2)).join(", ")}${config.against === "floor" ? " (target ≤ 2)" : ""}`)
    yield* log(`host p99 ÷ ${other}'s at ${config.rate}/s: ${p99Ratios.map((r) => fixed(r, 2)).join(", ")}${config.against === "floor" ? " (target ≤ 1.5)" : ""}`)
  }
  if (sink !== undefined) {
    yield* log(`OTLP sink: ${sink.exports()} exports, ${fixed(sink.bytes() / 1_048_576)} MB received (traces ${sink.exports("/v1/traces")}, metrics ${sink.exports("/v1/metrics")})`)
  }
  yield* log(`load average at end: ${load()}`)
}).pipe(Effect.scoped)

main.pipe(NodeRuntime.runMain)
