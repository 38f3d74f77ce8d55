/**
 * The measurements of `bench/flows.ts`, each run inside the layers of `Flow.app`:
 *
 * - `throughput`: a backlog of signed webhooks is received (timed: webhooks stored per second), then
 *   `Worker.run` (and optionally a second worker process) drains it; flows/s counts from the moment the
 *   workers start to the last event's completion as recorded in the inbox.
 * - `latency`: candidates in the in-memory Lever are moved to the assessment stage while a worker runs;
 *   each one's latency is from its webhook being stored (`receivedAt`) to the note appearing on Lever.
 */
import { StepKey, Worker } from "@fulcrum/core"
import { Ids } from "@fulcrum/domain"
import { Control, LeverSandbox } from "@fulcrum/lever-sandbox"
import { Clock, Duration, Effect, Fiber, FiberSet, Redacted, References } from "effect"
import type { Scope } from "effect"
import { SqlClient } from "effect/sql"
import { fork } from "node:child_process"
import * as Counters from "./Counters.ts"
import * as Cpu from "./Cpu.ts"
import * as Flow from "./Flow.ts"

/** What a throughput run measured. */
export interface Throughput {
  readonly flows: number
  readonly processes: number
  readonly concurrency: number
  readonly webhooksPerSecond: number
  readonly drainSeconds: number
  readonly flowsPerSecond: number
  /** CPU milliseconds per flow while draining: the worker processes, and PostgreSQL's backends. */
  readonly workerCpuMs: number
  readonly postgresCpuMs: number
  /** What each worker process did while draining (this one first); its CPU as read from outside. */
  readonly workers: ReadonlyArray<Counters.WorkerCounts>
}

/** What a latency run measured (milliseconds). */
export interface Latency {
  readonly candidates: number
  /** Arrivals per second asked for; 0 means all at once. */
  readonly rate: number
  readonly totalSeconds: number
  readonly p50: number
  readonly p95: number
  readonly p99: number
  readonly max: number
}

/** The `q` quantile (0..1) of ascending `sorted`, nearest rank. */
export const quantile = (sorted: ReadonlyArray<number>, q: number): number =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!

const range = (n: number): ReadonlyArray<number> => Array.from({ length: n }, (_, i) => i)

/** Configures `count` teams; their ids and stage-change signing tokens. */
const configureTeams = (count: number) =>
  Effect.forEach(range(count), (n) => {
    const teamId = Flow.teamIdOf(n)
    return Effect.map(Flow.configureTeam(teamId), (signingToken) => ({ teamId, signingToken }))
  })

/**
 * Polls the inbox until nothing is pending or running; fails after `timeout`. The poll's backend is one of
 * the run's, so its CPU counts in PostgreSQL's per flow: it asks whether any active event is left (the
 * first entry of the active-events index), not how many (every entry, 40 times a second).
 */
const drained = (timeout: Duration.Input) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    for (;;) {
      const [row] = yield* sql<{ readonly active: boolean }>`
        SELECT EXISTS (SELECT 1 FROM inbox_events WHERE status IN ('pending', 'running')) AS active`
      if (row?.active === false) return
      yield* Effect.sleep(Duration.millis(25))
    }
  }).pipe(
    Effect.timeoutOrElse({
      duration: timeout,
      orElse: () => Effect.die(new Error(`the inbox did not drain within ${Duration.format(Duration.fromInputUnsafe(timeout))}`))
    })
  )

/** The server backends serving this database (the pools of every process of the run). */
const backends = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const rows = yield* sql<{ readonly pid: number }>`
    SELECT pid FROM pg_stat_activity WHERE datname = current_database()`
  return rows.map((row) => row.pid)
})

/**
 * Checks every flow finished (event done after exactly one claim, note journaled) and returns the last
 * completion time.
 */
const verify = (flows: number) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const [events] = yield* sql<{ readonly done: number; readonly other: number; readonly again: number; readonly last: number }>`
      SELECT count(*) FILTER (WHERE status = 'done')::int AS done,
             count(*) FILTER (WHERE status <> 'done')::int AS other,
             count(*) FILTER (WHERE attempts <> 1)::int AS again,
             max(updated_at)::float8 AS last
      FROM inbox_events`
    const [notes] = yield* sql<{ readonly n: number }>`
      SELECT count(*)::int AS n FROM step_journal WHERE step_key LIKE ${`${StepKey.make("note", "")}%`}`
    // Every event claimed exactly once (no lease ran out, no two workers took the same event) and one
    // note journaled per flow.
    if (events?.done !== flows || events.other !== 0 || events.again !== 0 || notes?.n !== flows) {
      return yield* Effect.die(
        new Error(`expected ${flows} flows done with a note each, got ${JSON.stringify({ ...events, notes: notes?.n })}`)
      )
    }
    return events.last
  })

/** A worker process on the bench's database (a forked `worker-child.ts`), started and stopped with the scope. */
export interface WorkerProcess {
  readonly pid: number
  /** Starts its `Worker.run`. */
  readonly go: Effect.Effect<void>
  /** Stops its `Worker.run` and answers what it did since `go`. */
  readonly stop: Effect.Effect<Counters.WorkerCounts>
}

/**
 * Forks `worker-child.ts` against `databaseUrl` and waits until its layers are built; SIGTERM (then,
 * after 15 s, SIGKILL) when the scope closes.
 */
export const workerProcess = (options: {
  readonly databaseUrl: string
  readonly secretKey: Redacted.Redacted<string>
  readonly concurrency: number
}) =>
  Effect.gen(function*() {
    const child = yield* Effect.acquireRelease(
      Effect.sync(() =>
        fork(new URL("./worker-child.ts", import.meta.url), {
          // Node/V8 flags for the worker processes only (`BENCH_WORKER_NODE_ARGS`, space-separated).
          execArgv: [...process.execArgv, ...(process.env["BENCH_WORKER_NODE_ARGS"] ?? "").split(" ").filter((arg) => arg !== "")],
          env: {
            ...process.env,
            BENCH_CHILD_DATABASE_URL: options.databaseUrl,
            BENCH_CHILD_SECRET_KEY: Redacted.value(options.secretKey),
            BENCH_CONCURRENCY: String(options.concurrency)
          },
          stdio: ["ignore", "inherit", "inherit", "ipc"]
        })
      ),
      (child) =>
        Effect.callback<void>((resume) => {
          if (child.exitCode !== null || child.signalCode !== null) return resume(Effect.void)
          const force = setTimeout(() => child.kill("SIGKILL"), 15_000)
          child.once("exit", () => {
            clearTimeout(force)
            resume(Effect.void)
          })
          child.kill("SIGTERM")
        })
    )
    yield* Effect.callback<void, Error>((resume) => {
      child.once("message", (message) => {
        if (message === "ready") resume(Effect.void)
      })
      child.once("exit", (code) => resume(Effect.fail(new Error(`a worker process exited (${code}) before it was ready`))))
    }).pipe(Effect.timeout(Duration.seconds(60)), Effect.orDie)
    const stop = Effect.callback<Counters.WorkerCounts>((resume) => {
      const listener = (message: unknown) => {
        if (typeof message === "object" && message !== null && "stopped" in message) {
          child.off("message", listener)
          resume(Effect.succeed(message.stopped as Counters.WorkerCounts))
        }
      }
      child.on("message", listener)
      child.send("stop")
    })
    return { pid: child.pid ?? 0, go: Effect.sync(() => void child.send("go")), stop } satisfies WorkerProcess
  })

/**
 * Receives `flows` signed webhooks (16 at a time, as concurrent HTTP requests would), then drains them
 * with `Worker.run`: in `workers` forked worker processes started at the same moment, all set up alike
 * (so a second process is measured on the same footing as the first), or, without them, in this process
 * (profiling: the statements are traced here). With `warmup`, each worker process first drains that many
 * flows of its own (received and drained the same way, not measured), so the measured drain runs on warm
 * processes, as a deployment's long-running workers do: a process's first events also pay for compiling
 * its code.
 */
export const throughput = Effect.fn("bench.throughput")(function*(options: {
  readonly flows: number
  readonly concurrency: number
  readonly teams: number
  readonly runId: string
  readonly timeout: Duration.Input
  /** Whether the database is a PostgreSQL server whose backends' CPU can be read (not PGlite). */
  readonly server: boolean
  /** The worker processes (forked); without them, one `Worker.run` in this process. */
  readonly workers?: Effect.Effect<ReadonlyArray<WorkerProcess>, never, Scope.Scope>
  /**
   * Whether a `Worker.run` in this process drains too, beside `workers` (default: only when there are no
   * `workers`). This process received the webhooks and may have drained earlier runs, so it is warmer
   * than a forked one: the bench's layout before 2026-12-07, kept to compare.
   */
  readonly inProcess?: boolean
  /** Flows each worker process drains before the measured ones (default 0). */
  readonly warmup?: number
  /** Called as each phase ("ingest", "drain") starts (profiling). */
  readonly onPhase?: (phase: "ingest" | "drain") => void
  /** Called after each claim of this process's worker with its wall time (profiling: claims run untraced). */
  readonly onClaim?: (ms: number) => void
}) {
  const teams = yield* configureTeams(options.teams)
  return yield* Effect.scoped(Effect.gen(function*() {
    const forked = options.workers === undefined ? [] : yield* options.workers
    const inProcess = options.inProcess ?? forked.length === 0
    const processes = forked.length + (inProcess ? 1 : 0)
    const workerId = `bench-${process.pid}-${options.runId}`
    // Starts the drain in every worker process; answers how to stop them and collect their counts (this
    // process's first).
    const start = Effect.fnUntraced(function*(counts: Counters.WorkerCounts) {
      yield* Effect.forEach(forked, (w) => w.go, { discard: true })
      const stopForked = Effect.forEach(forked, (w) => w.stop)
      if (!inProcess) return stopForked
      const gcBefore = Counters.gcPauseMs()
      const worker = yield* Effect.forkChild(
        Counters.counted(Worker.run({ workerId, concurrency: options.concurrency }), counts, options.onClaim)
      )
      return Effect.gen(function*() {
        yield* Fiber.interrupt(worker)
        counts.gcMs = Counters.gcPauseMs() - gcBefore
        return [counts, ...(yield* stopForked)]
      })
    })
    const warmup = (options.warmup ?? 0) * processes
    if (warmup > 0) {
      const warm = yield* Flow.signDeliveries(teams, warmup, `${options.runId}-warm`)
      yield* Effect.forEach(warm, Flow.receive, { concurrency: 16, discard: true })
      const stop = yield* start(Counters.make())
      yield* drained(options.timeout)
      yield* stop
    }
    const deliveries = yield* Flow.signDeliveries(teams, options.flows, options.runId)
    options.onPhase?.("ingest")
    const ingestStarted = performance.now()
    yield* Effect.forEach(deliveries, Flow.receive, { concurrency: 16, discard: true })
    const webhooksPerSecond = options.flows / ((performance.now() - ingestStarted) / 1000)
    const pids = forked.map((w) => w.pid)
    const cpu = Effect.map(options.server ? backends : Effect.succeed([]), (backendPids) =>
      Cpu.snapshot([...backendPids, ...pids]))
    const before = yield* cpu
    options.onPhase?.("drain")
    const startedAt = yield* Clock.currentTimeMillis
    const stop = yield* start(Counters.make())
    yield* drained(options.timeout)
    const after = yield* cpu
    const used = Cpu.between(before, after)
    // The worker processes were read by pid among the backends; their CPU belongs to the workers.
    const processMs = pids.map((pid) => (after.backends.get(pid) ?? 0) - (before.backends.get(pid) ?? 0))
    const forkedMs = processMs.reduce((a, b) => a + b, 0)
    const last = yield* verify(options.flows + warmup)
    const counted = yield* stop
    const cpuOf = [...(inProcess ? [used.self] : []), ...processMs]
    const workers = counted.map((c, i) => ({ ...c, cpuMs: cpuOf[i] ?? 0 }))
    const drainSeconds = (last - startedAt) / 1000
    return {
      flows: options.flows,
      processes,
      concurrency: options.concurrency,
      webhooksPerSecond,
      drainSeconds,
      flowsPerSecond: options.flows / drainSeconds,
      // This process's only when it drained too (otherwise it only polled and read the counters).
      workerCpuMs: ((inProcess ? used.self : 0) + forkedMs) / options.flows,
      postgresCpuMs: (used.postgres - forkedMs) / options.flows,
      workers
    } satisfies Throughput
  }))
})

/**
 * Moves `candidates` tagged candidates of the in-process Lever to the assessment stage, `rate` per second
 * (0: all at once), delivering each signed webhook to `ReceiveWebhook` while `Worker.run` runs, and
 * measures each candidate's time from webhook stored to note posted.
 */
export const latency = Effect.fn("bench.latency")(function*(options: {
  readonly candidates: number
  readonly rate: number
  readonly concurrency: number
  readonly timeout: Duration.Input
}) {
  const lever = yield* Control.ControlHandle
  const [team] = yield* configureTeams(1)
  const teamId = team!.teamId
  const opportunities = yield* Effect.forEach(range(options.candidates), (n) =>
    Effect.map(
      // Created in the first stage without a webhook; only the move below sends one.
      lever.createOpportunity({ name: `Latency candidate ${n}`, emails: [`latency-${n}@example.com`], tags: [Flow.tag] }),
      (opportunity) => Ids.OpportunityId.make(opportunity.id)
    ).pipe(Effect.orDie))
  const receivedAt = new Map<Ids.OpportunityId, number>()
  return yield* Effect.scoped(Effect.gen(function*() {
    const worker = yield* Effect.forkChild(Worker.run({ workerId: `bench-latency-${process.pid}`, concurrency: options.concurrency }))
    const arrivals = yield* FiberSet.make<void, never>()
    const started = performance.now()
    for (const [n, opportunityId] of opportunities.entries()) {
      if (options.rate > 0) {
        const wait = started + (n * 1000) / options.rate - performance.now()
        if (wait > 0) yield* Effect.sleep(Duration.millis(wait))
      }
      yield* Effect.orDie(lever.moveToStage(opportunityId, LeverSandbox.StageIds.technicalAssessment))
      const [delivery] = yield* lever.deliveries({ kind: "event", opportunityId })
      if (delivery === undefined) return yield* Effect.die(new Error("moving a candidate sent no webhook"))
      yield* FiberSet.run(
        arrivals,
        Flow.receive({ teamId, opportunityId, rawBody: JSON.stringify(delivery.body) }).pipe(
          Effect.map((at) => void receivedAt.set(opportunityId, at)),
          Effect.orDie
        )
      )
    }
    yield* FiberSet.awaitEmpty(arrivals)
    yield* drained(options.timeout)
    yield* Fiber.interrupt(worker)
    const spans = yield* Effect.forEach(opportunities, (opportunityId) =>
      Effect.flatMap(Effect.orDie(lever.listNotes(opportunityId)), (notes) => {
        const note = notes[0]
        const stored = receivedAt.get(opportunityId)
        return note === undefined || stored === undefined
          ? Effect.die(new Error(`no note on ${opportunityId}`))
          : Effect.succeed({ stored, posted: note.createdAt })
      }))
    const latencies = spans.map((s) => s.posted - s.stored).sort((a, b) => a - b)
    const first = Math.min(...spans.map((s) => s.stored))
    const last = Math.max(...spans.map((s) => s.posted))
    return {
      candidates: options.candidates,
      rate: options.rate,
      totalSeconds: (last - first) / 1000,
      p50: quantile(latencies, 0.5),
      p95: quantile(latencies, 0.95),
      p99: quantile(latencies, 0.99),
      max: latencies[latencies.length - 1]!
    } satisfies Latency
  }))
})

/** What the fairness run measured. */
export interface Fairness {
  readonly backlog: number
  /** From the quiet team's webhook stored to its note posted, in milliseconds. */
  readonly quietLatencyMs: number
  /** Events of the busy team done by then. */
  readonly busyDone: number
}

/**
 * One team's `backlog` of webhooks is stored, the worker starts on it, and a second later another team's
 * first candidate arrives: how long until that candidate's invite and note are done (the fairness
 * requirement: a few seconds at most, whatever the backlog).
 */
export const fairness = Effect.fn("bench.fairness")(function*(options: {
  readonly backlog: number
  readonly concurrency: number
  readonly timeout: Duration.Input
}) {
  const [busy, quiet] = yield* configureTeams(2)
  const deliveries = yield* Flow.signDeliveries([busy!], options.backlog, "busy")
  yield* Effect.forEach(deliveries, Flow.receive, { concurrency: 16, discard: true })
  const [delivery] = yield* Flow.signDeliveries([quiet!], 1, "quiet")
  const posted = yield* Flow.PostedNotes
  const sql = yield* SqlClient.SqlClient
  return yield* Effect.scoped(Effect.gen(function*() {
    // The run ends with the worker busy on the backlog, and core's Worker logs a claim cut short by the
    // interruption as "claim failed; retrying" (a WARN): only errors are worth showing here.
    yield* Effect.forkChild(
      Worker.run({ workerId: `bench-fairness-${process.pid}`, concurrency: options.concurrency }).pipe(
        Effect.provideService(References.MinimumLogLevel, "Error")
      )
    )
    yield* Effect.sleep(Duration.seconds(1))
    const storedAt = yield* Flow.receive(delivery!)
    const postedAt = yield* Effect.gen(function*() {
      for (;;) {
        const at = posted.get(delivery!.opportunityId)
        if (at !== undefined) return at
        yield* Effect.sleep(Duration.millis(5))
      }
    }).pipe(
      Effect.timeoutOrElse({
        duration: options.timeout,
        orElse: () => Effect.die(new Error("the quiet team's candidate was not served in time"))
      })
    )
    const [row] = yield* sql<{ readonly n: number }>`
      SELECT count(*)::int AS n FROM inbox_events WHERE team_id = ${busy!.teamId} AND status = 'done'`
    return { backlog: options.backlog, quietLatencyMs: postedAt - storedAt, busyDone: row?.n ?? 0 } satisfies Fairness
  }))
})
