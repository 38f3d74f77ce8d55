/**
 * The yardstick: graphile-worker 0.18 draining no-op jobs on the same PostgreSQL server, in the same
 * run. Its schema goes into a scratch database of its own; the jobs are enqueued in bulk (`addJobs`)
 * before the clock starts, then `run` with the given concurrency is timed until the last job finished.
 */
import { Effect } from "effect"
import { Logger, makeWorkerUtils, run, runMigrations } from "graphile-worker"
import pg from "pg"
import * as Cpu from "./Cpu.ts"
import * as Databases from "./Databases.ts"

/** What the yardstick measured. */
export interface GraphileResult {
  readonly jobs: number
  readonly concurrency: number
  readonly seconds: number
  readonly jobsPerSecond: number
  /** CPU milliseconds per job while draining: this process, and the database's PostgreSQL backends. */
  readonly workerCpuMs: number
  readonly postgresCpuMs: number
}

const silent = new Logger(() => () => {})

/** Enqueues `jobs` no-op jobs and times graphile-worker draining them. */
export const measure = (options: {
  readonly jobs: number
  readonly concurrency: number
  /** Connect through the server's Unix socket in this directory instead of TCP. */
  readonly socket?: string | undefined
}) =>
  Effect.scoped(Effect.gen(function*() {
    const db = yield* Databases.scratch("bench_graphile", options.socket)
    // Our own pool, ended before the database is dropped (the runner leaves its own pool's idle clients).
    const pgPool = yield* Effect.acquireRelease(
      Effect.sync(() => new pg.Pool({ connectionString: db.url, max: options.concurrency + 2 })),
      (pool) => Effect.promise(() => pool.end())
    )
    // Errors from idle clients (the drop at the end) are expected; graphile-worker wants both handlers.
    pgPool.on("error", () => {})
    pgPool.on("connect", (client) => client.on("error", () => {}))
    yield* Effect.promise(() => runMigrations({ pgPool, logger: silent }))
    yield* Effect.acquireUseRelease(
      Effect.promise(() => makeWorkerUtils({ pgPool, logger: silent })),
      (utils) =>
        Effect.promise(async () => {
          for (let from = 0; from < options.jobs; from += 1_000) {
            const size = Math.min(1_000, options.jobs - from)
            await utils.addJobs(Array.from({ length: size }, (_, i) => ({ identifier: "noop", payload: { n: from + i } })))
          }
        }),
      (utils) => Effect.promise(async () => utils.release())
    )
    return yield* Effect.promise(async (): Promise<GraphileResult> => {
      let done = 0
      let finished!: () => void
      const drained = new Promise<void>((resolve) => (finished = resolve))
      const backends = async () =>
        (await pgPool.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = current_database()"))
          .rows.map((row) => row.pid)
      const before = Cpu.snapshot(await backends())
      const started = performance.now()
      const runner = await run({
        pgPool,
        concurrency: options.concurrency,
        noHandleSignals: true,
        pollInterval: 1_000,
        logger: silent,
        taskList: {
          noop: async () => {
            if (++done === options.jobs) finished()
          }
        }
      })
      await drained
      const seconds = (performance.now() - started) / 1000
      const used = Cpu.between(before, Cpu.snapshot(await backends()))
      await runner.stop()
      return {
        jobs: options.jobs,
        concurrency: options.concurrency,
        seconds,
        jobsPerSecond: options.jobs / seconds,
        workerCpuMs: used.self / options.jobs,
        postgresCpuMs: used.postgres / options.jobs
      }
    })
  }))
