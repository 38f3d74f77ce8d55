/**
 * The worker host as Layers: the stores on the configured database, Lever over HTTP, the operator's
 * retry policy, an interview scheduler, `Worker.run` draining the inbox and `Maintenance.run` pruning the
 * security log every hour, for as long as the layer is alive. There is no business logic here; everything
 * the worker does is `@fulcrum/core`'s.
 *
 * Closing the layer's scope is the graceful shutdown: the worker stops claiming, in-flight events get
 * `shutdownGraceMs` to finish, and whatever is still held is handed back (`EventInbox.release`) before
 * the database closes, so another worker takes it at once instead of waiting for the lease to run out.
 *
 * - `layerWorker(options)`: only the worker, over ports you provide (embedders, the example host).
 * - `layerMaintenance(options)`: only the hourly housekeeping, over the `SecurityLog` you provide.
 * - `layer({ config, scheduler })`: the whole process from a checked `WorkerConfig`.
 * - `layerFromEnv({ scheduler? })`: the same, configured from the environment (what `fulcrum-worker` runs).
 *
 * @since 0.1.0
 */
import {
  type CandidateStore,
  ConnectionHealth,
  type ConfigStore,
  ConfigStoreCache,
  CredentialsRecheck,
  type EventInbox,
  type InterviewScheduler,
  type LeverApi,
  InviteExpiry,
  LeverOAuthConfig,
  Maintenance,
  Policy,
  type PeriodicTasks,
  type StepJournal,
  Worker
} from "@fulcrum/core"
import { LeverHttp, type LeverHttpOptions, LeverOAuthHttp } from "@fulcrum/lever-http"
import { HeapTuning } from "@fulcrum/node-process"
import { Otel, PrometheusEndpoint } from "@fulcrum/observability"
import { Database, DatabaseUnavailable, SecretCipher, Stores } from "@fulcrum/store-sql"
import { Cause, Effect, Layer, Option, References } from "effect"
import * as SchedulerChoice from "./SchedulerChoice.ts"
import { InvalidConfig, type StartupError } from "./StartupError.ts"
import * as WorkerConfig from "./WorkerConfig.ts"

/**
 * The ports the worker runs on.
 *
 * @since 0.1.0
 */
export type WorkerPorts =
  | EventInbox.EventInbox
  | ConfigStore.ConfigStore
  | CandidateStore.CandidateStore
  | StepJournal.StepJournal
  | LeverApi.LeverApi
  | InterviewScheduler.InterviewScheduler

/**
 * Only the worker: runs `Worker.run(options)` (and `CredentialsRecheck.run()`, which checks again the
 * Lever credentials stored while Lever was out of reach) in the layer's scope over the ports in context, and
 * shuts it down gracefully when the scope closes. The `Policy` in context (retry budget) applies.
 *
 * @example
 * ```ts
 * import { InterviewSchedulerMemory, MemoryStores } from "@fulcrum/core"
 * import { InProcess } from "@fulcrum/lever-sandbox"
 * import { WorkerHost } from "@fulcrum/worker-host"
 * import { Layer } from "effect"
 *
 * const InProcessWorker = WorkerHost.layerWorker({ workerId: "example-host" }).pipe(
 *   Layer.provide([MemoryStores.layer, InProcess.layer(), InterviewSchedulerMemory.layer])
 * )
 * ```
 *
 * @since 0.1.0
 */
export const layerWorker = (options: Worker.WorkerOptions): Layer.Layer<never, never, WorkerPorts> =>
  Layer.effectDiscard(Effect.andThen(
    Effect.forkScoped(Worker.run(options)),
    // Credentials stored while Lever was out of reach are checked again until Lever answers.
    Effect.forkScoped(CredentialsRecheck.run())
  ))

/**
 * Only the housekeeping: runs `Maintenance.run(options)` (retention: finished events, raw bodies, step
 * journals and security-log entries older than 30 days by default, deleted in batches every hour) in the
 * layer's scope. `layer` includes it; an embedder who runs `layerWorker` adds it beside, in one process or
 * in several (one of them runs each hour's round).
 *
 * @example
 * ```ts
 * const Housekeeping = WorkerHost.layerMaintenance({ retentionMs: 7 * 24 * 60 * 60 * 1000 })
 * ```
 *
 * @since 0.1.0
 */
export const layerMaintenance = (
  options: Maintenance.MaintenanceOptions = {}
): Layer.Layer<never, never, Maintenance.Requirements | PeriodicTasks.PeriodicTasks> =>
  Layer.effectDiscard(Effect.forkScoped(Maintenance.run(options)))

/**
 * The sweep of invites past their `expiresAt` (`InviteExpiry.run`): each lapsed invite is marked expired,
 * with a Lever note and the progress tag, even when the provider never says so.
 *
 * @since 0.1.0
 */
export const layerInviteExpiry = (
  options: { readonly intervalMs?: number } = {}
): Layer.Layer<never, never, ConfigStore.ConfigStore | CandidateStore.CandidateStore | EventInbox.EventInbox> =>
  Layer.effectDiscard(Effect.forkScoped(InviteExpiry.run(options)))

/**
 * Options of `layer`.
 *
 * @since 0.1.0
 */
/**
 * Only the scheduled connection health check: `ConnectionHealth.run(options)` in the layer's scope, each
 * team checked once per period across every process that runs it. `layer` includes it.
 *
 * @example
 * ```ts
 * const Health = WorkerHost.layerHealth({ intervalMs: 15 * 60 * 1000, publicBaseUrl: "https://fulcrum.example" })
 * ```
 *
 * @since 0.2.0
 */
export const layerHealth = (
  options: ConnectionHealth.RunOptions = {}
): Layer.Layer<never, never, ConfigStore.ConfigStore | PeriodicTasks.PeriodicTasks | LeverApi.LeverApi> =>
  Layer.effectDiscard(Effect.forkScoped(ConnectionHealth.run(options)))

export interface Options<E, R> {
  /** The checked configuration (see `WorkerConfig.load`). */
  readonly config: WorkerConfig.WorkerConfig
  /** The assessment provider's invite system: the embedder's own, or `SchedulerChoice.layer("memory")`. */
  readonly scheduler: Layer.Layer<InterviewScheduler.InterviewScheduler, E, R>
  /** Tuning of the Lever HTTP client (rate limit per key, retries, timeout); Lever's limits by default. */
  readonly lever?: LeverHttpOptions.Options | undefined
}

/**
 * The database layer for the configuration, with its failures as `DatabaseUnavailable` (exit code 2).
 */
const database = (config: WorkerConfig.Database) =>
  config._tag === "Postgres"
    ? DatabaseUnavailable.atStart(Database.layerPg({ url: config.url }), {
      database: "postgres",
      where: "PostgreSQL (DATABASE_URL)"
    })
    : DatabaseUnavailable.atStart(Database.layerPglite({ dataDir: config.dataDir }), {
      database: "pglite",
      where: `PGlite in ${config.dataDir}`
    })

/**
 * The whole worker process from a checked configuration: stores on PostgreSQL or PGlite (migrated at
 * start), team secrets opened with the configured key, Lever over HTTP, the retry policy, the given
 * scheduler, and the worker. Fails at build with `DatabaseUnavailable` when the database cannot be
 * opened.
 *
 * @example
 * ```ts
 * import { WorkerConfig, WorkerHost } from "@fulcrum/worker-host"
 * import { Effect, Layer } from "effect"
 * import { MySchedulerLive } from "./MyScheduler.ts"
 *
 * const Worker = Layer.unwrap(
 *   Effect.map(WorkerConfig.load, (config) => WorkerHost.layer({ config, scheduler: MySchedulerLive }))
 * )
 * ```
 *
 * @since 0.1.0
 */
export const layer = <E, R>(options: Options<E, R>): Layer.Layer<never, StartupError | E, R> => {
  const { config } = options
  const Cipher = SecretCipher.layer({ current: config.secretKeys.current, previous: config.secretKeys.previous }).pipe(
    // `WorkerConfig.load` has parsed the keys already; this keeps the variable's name if it ever fails.
    Layer.catchCause(() =>
      Layer.effectContext<SecretCipher.SecretCipher, InvalidConfig, never>(
        Effect.fail(new InvalidConfig({ variable: "FULCRUM_SECRET_KEY", message: "FULCRUM_SECRET_KEY: not a usable key" }))
      )
    )
  )
  // Team settings cached for a second, as in the HTTP host: every event reads its team's settings, and
  // at a busy team's rate that is the same row hundreds of times a second. A change made elsewhere is
  // seen within the second (an event processed that second earlier would not have seen it either).
  const StoresLive = ConfigStoreCache.layer().pipe(
    Layer.provideMerge(Stores.layer.pipe(Layer.provide(Layer.merge(database(config.database), Cipher))))
  )
  // OAuth teams need Lever's token endpoint to renew their access tokens; the client config comes
  // from FULCRUM_LEVER_OAUTH_* (absent: OAuth off).
  const OAuth = Layer.merge(
    LeverOAuthHttp.layerFetch(),
    LeverOAuthConfig.layerConfig
  )
  const Ports = Layer.mergeAll(StoresLive, LeverHttp.layerFetch(options.lever ?? {}), OAuth, options.scheduler)
  const Started = Layer.effectDiscard(
    Effect.logInfo("worker host started").pipe(
      Effect.annotateLogs({
        workerId: config.worker.workerId,
        database: config.database._tag === "Postgres" ? "postgres" : `pglite:${config.database.dataDir}`,
        concurrency: config.worker.concurrency,
        leaseMs: config.worker.leaseMs,
        shutdownGraceMs: config.worker.shutdownGraceMs,
        maxAttempts: config.policy.maxAttempts,
        maxInterruptions: config.policy.maxInterruptions
      }),
      Effect.andThen(Effect.sync(HeapTuning.serving))
    )
  )
  // Prometheus scrapes the worker on a port of its own, when one is configured.
  const Metrics = Option.match(config.metricsPort, {
    onNone: () => Layer.empty,
    onSome: (port) =>
      PrometheusEndpoint.layerServer({ port }).pipe(
        Layer.catchCause((cause) =>
          Layer.effectContext(Effect.fail(new InvalidConfig({
            variable: "FULCRUM_METRICS_PORT",
            message: `FULCRUM_METRICS_PORT: cannot listen on port ${port}: ${Cause.pretty(cause).split("\n")[0]}`
          }))))
      )
  })
  const { operations } = config
  return Layer.mergeAll(
    layerWorker(config.worker),
    layerMaintenance({ retentionMs: operations.retentionMs }),
    layerHealth({ intervalMs: operations.healthIntervalMs, publicBaseUrl: operations.publicBaseUrl }),
    layerInviteExpiry(),
    Started,
    Metrics
  ).pipe(
    Layer.provide(Ports),
    Layer.provide(Layer.succeed(Policy.Policy, config.policy)),
    Layer.provide(Layer.succeed(References.MinimumLogLevel, config.logLevel))
  )
}

/**
 * Options of `layerFromEnv`.
 *
 * @since 0.1.0
 */
export interface FromEnvOptions<E, R> {
  /** The scheduler; absent, `FULCRUM_SCHEDULER` must name one (`http` or `memory`), or the start fails. */
  readonly scheduler?: Layer.Layer<InterviewScheduler.InterviewScheduler, E, R> | undefined
  readonly lever?: LeverHttpOptions.Options | undefined
}

/**
 * The worker configured from the environment (`WorkerConfig.load`), failing with `InvalidConfig`
 * naming the variable before anything connects. This is what the `fulcrum-worker` bin launches; without
 * a `scheduler` option, `FULCRUM_SCHEDULER` is required (`WorkerConfig.requireScheduler`).
 *
 * @since 0.1.0
 */
export const layerFromEnv = <E = never, R = never>(
  options: FromEnvOptions<E, R> = {}
): Layer.Layer<never, StartupError | E, R> =>
  Layer.unwrap(Effect.gen(function*() {
    const config = yield* WorkerConfig.load
    const scheduler = options.scheduler ??
      SchedulerChoice.layer(yield* WorkerConfig.requireScheduler(config), config.provider)
    return layer({ config, scheduler, lever: options.lever }).pipe(Layer.provide(observability))
  }))

/**
 * OpenTelemetry export from the `OTEL_*` variables (`@fulcrum/observability`'s `Otel`); without an
 * endpoint, tracing is off. A malformed variable is `InvalidConfig` (exit code 1).
 *
 * @since 0.1.0
 */
export const observability = Otel.layerFromEnv("fulcrum-worker")
