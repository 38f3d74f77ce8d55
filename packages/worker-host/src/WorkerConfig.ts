/**
 * The worker's configuration, read from the environment with Effect's `Config` and checked before
 * anything connects. A missing or malformed variable fails with `InvalidConfig` naming it (exit code
 * 1); secret values (`DATABASE_URL`, `FULCRUM_SECRET_KEY`) are read as `Redacted` and never appear in a
 * message or a log.
 *
 * Every variable it reads is listed in {@link variables}; docs/operations.md shows them all in one
 * generated table (`node scripts/env-table.ts`).
 *
 * @since 0.1.0
 */
import { Environment, EnvVariable, LeverOAuthConfig, Policy, Worker } from "@fulcrum/core"
import { OtelConfig } from "@fulcrum/observability"
import { SecretCipher } from "@fulcrum/store-sql"
import { Effect, type LogLevel, Option, type Redacted } from "effect"
import { hostname } from "node:os"
import { join } from "node:path"
import { InvalidConfig } from "./StartupError.ts"

/**
 * Where the stores live: PostgreSQL (shareable by many workers) or embedded PGlite in a directory (one
 * process at a time).
 *
 * @since 0.1.0
 */
export type Database =
  | { readonly _tag: "Postgres"; readonly url: Redacted.Redacted<string> }
  | { readonly _tag: "Pglite"; readonly dataDir: string }

/**
 * The interview schedulers `fulcrum-worker` can run with on its own. Embedders pass their scheduler
 * Layer to `WorkerHost.layer` instead.
 *
 * @since 0.1.0
 */
export const schedulerChoices = ["http", "memory"] as const

/** One of {@link schedulerChoices}. @since 0.1.0 */
export type SchedulerChoice = typeof schedulerChoices[number]

/** The assessment provider the `http` scheduler talks to (`FULCRUM_PROVIDER_URL`, `FULCRUM_PROVIDER_SECRET`). @since 0.1.0 */
export interface ProviderConfig {
  readonly url: string
  readonly secret: Redacted.Redacted<string>
}

/** The secret keys team secrets are sealed with: the current one and older ones still able to open. @since 0.1.0 */
export interface SecretKeys {
  readonly current: Redacted.Redacted<string>
  readonly previous: ReadonlyArray<Redacted.Redacted<string>>
}

/** A worker's complete, checked configuration. @since 0.1.0 */
export interface WorkerConfig {
  readonly database: Database
  readonly secretKeys: SecretKeys
  readonly worker: Required<Worker.WorkerOptions>
  readonly policy: Policy.PolicyShape
  /**
   * `FULCRUM_SCHEDULER`, when set. `fulcrum-worker` requires it ({@link requireScheduler}); a host that
   * passes its own scheduler Layer does not read it.
   */
  readonly scheduler: Option.Option<SchedulerChoice>
  /** The provider, when both of its variables are set (required by `FULCRUM_SCHEDULER=http`). */
  readonly provider: Option.Option<ProviderConfig>
  readonly logLevel: LogLevel.LogLevel
  /** `FULCRUM_METRICS_PORT`: where `GET /metrics` is served, when set. */
  readonly metricsPort: Option.Option<number>
  /** Scheduled jobs beside the queue: connection health and retention ({@link operations}). */
  readonly operations: Operations
}

/** The scheduled jobs' settings, shared by every host that runs them (the worker, the quickstart). @since 0.2.0 */
export interface Operations {
  /** `FULCRUM_HEALTH_INTERVAL_SECONDS` (default 900): each team's connection health check period. */
  readonly healthIntervalMs: number
  /** `FULCRUM_RETENTION_DAYS` (default 30): how long finished events, raw bodies and journals are kept. */
  readonly retentionMs: number
  /** `PUBLIC_BASE_URL`, when set: the health check then requires Lever's webhooks to point exactly there. */
  readonly publicBaseUrl: string | undefined
}

const { optional, required, withDefault } = EnvVariable

const databaseUrl = optional(Environment.databaseUrl)
const dataDir = optional(Environment.dataDir)
const workerId = withDefault(
  EnvVariable.text("WORKER_ID", "The name leases are held in; must be unique per running process.", "a name"),
  `${hostname()}-${process.pid}`,
  "`<hostname>-<pid>`"
)
const count = (name: string, fallback: number, min: number, meaning: string) =>
  withDefault(EnvVariable.integer(name, meaning, { min }), fallback)
const concurrency = count("WORKER_CONCURRENCY", Worker.defaultConcurrency, 1, "Events processed at once by this process.")
const leaseMs = count("WORKER_LEASE_MS", Worker.defaultLeaseMs, 500, "How long a claim is held before another worker may take it; extended while the event runs (see *Leases*).")
const shutdownGraceMs = count("WORKER_SHUTDOWN_GRACE_MS", 10_000, 0, "On SIGTERM/SIGINT, how long in-flight events may finish before they are handed back.")
const pollIntervalMs = count("WORKER_POLL_INTERVAL_MS", 100, 1, "Wait between claims when nothing is due; doubles while claims find nothing, up to 4×.")
const maxAttempts = count("WORKER_MAX_ATTEMPTS", Policy.defaults.maxAttempts, 1, "Failed runs of an event before it is dead.")
const maxInterruptions = count(
  "WORKER_MAX_INTERRUPTIONS",
  Policy.defaults.maxInterruptions,
  1,
  "Runs of an event that ended without an outcome (handed back on a stop, or cut off by a killed or crashed worker or a lost lease) before it is dead (see *Leases*). Restarts use up this budget, never `WORKER_MAX_ATTEMPTS`."
)
const baseRetryDelayMs = count("WORKER_RETRY_BASE_DELAY_MS", Policy.defaults.baseRetryDelayMs, 1, "First retry delay; it doubles each attempt, with jitter (50–100 %).")
const maxRetryDelayMs = count(
  "WORKER_RETRY_MAX_DELAY_MS",
  Policy.defaults.maxRetryDelayMs,
  1,
  "The longest retry delay, at least `WORKER_RETRY_BASE_DELAY_MS`. With the defaults an event is dead after its 8th run, 2–4 minutes after the first."
)
const allowCustomLeverUrl = withDefault(Environment.allowCustomLeverUrl, false)
const schedulerHelp = `${schedulerChoices.map((choice) => `"${choice}"`).join(" or ")} ("http" sends invites to the ` +
  "provider at FULCRUM_PROVIDER_URL; \"memory\" is for tests only: it records invites in the worker's memory and " +
  "no candidate receives one)"
const scheduler = optional(EnvVariable.literals(
  "FULCRUM_SCHEDULER",
  "The interview scheduler `fulcrum-worker` runs with; no default. `http`: invites go to the assessment provider over the provider protocol (docs/provider-protocol.md). `memory` is for tests only: no candidate receives an invite, the Lever note says \"recorded, NOT sent\", and the worker warns at start. An embedder may pass its own scheduler instead (`WorkerHost.layerFromEnv({ scheduler })`).",
  schedulerChoices,
  schedulerHelp
), "required")
const providerUrl = optional(Environment.providerUrl, "with `http`")
const providerSecret = optional(Environment.providerSecret, "with `http`")
const logLevel = withDefault(Environment.logLevel, "Info", "`info`")
const metricsPort = optional(Environment.metricsPort, "— (no listener)")
const healthIntervalSeconds = count(
  "FULCRUM_HEALTH_INTERVAL_SECONDS",
  900,
  10,
  "Each team's connection health check period (see *Connection health*)."
)
const retentionDays = count(
  "FULCRUM_RETENTION_DAYS",
  30,
  1,
  "How long finished events, raw bodies, step journals and the security log are kept (see *Retention*)."
)
const publicBaseUrl = optional(Environment.publicBaseUrl)

/** The variables {@link operations} reads, also read by every host that runs the scheduled jobs. @since 0.2.0 */
export const operationsVariables: ReadonlyArray<EnvVariable.Variable<unknown>> = [
  healthIntervalSeconds,
  retentionDays,
  publicBaseUrl
]

/** The variables `fulcrum-worker` reads, in the order they are checked (for the docs table). @since 0.2.0 */
export const variables: ReadonlyArray<EnvVariable.Variable<unknown>> = [
  databaseUrl,
  dataDir,
  required(Environment.secretKey),
  optional(Environment.secretKeyPrevious),
  workerId,
  concurrency,
  leaseMs,
  shutdownGraceMs,
  pollIntervalMs,
  maxAttempts,
  maxInterruptions,
  baseRetryDelayMs,
  maxRetryDelayMs,
  allowCustomLeverUrl,
  scheduler,
  providerUrl,
  providerSecret,
  ...operationsVariables,
  logLevel,
  metricsPort,
  ...LeverOAuthConfig.variables,
  ...OtelConfig.variables("fulcrum-worker")
]

const database: Effect.Effect<Database, InvalidConfig> = Effect.gen(function*() {
  const url = yield* databaseUrl.read
  if (Option.isSome(url)) return { _tag: "Postgres", url: url.value }
  const dir = yield* dataDir.read
  if (Option.isSome(dir)) return { _tag: "Pglite", dataDir: join(dir.value, "pgdata") }
  // A worker on a private in-memory database would drain a queue nobody else can fill.
  return yield* EnvVariable.invalid(
    "DATABASE_URL",
    "DATABASE_URL or FULCRUM_DATA_DIR must be set: the worker drains the queue of a shared database"
  )
})

/** `FULCRUM_PROVIDER_URL` and `FULCRUM_PROVIDER_SECRET`: both or neither. @since 0.2.0 */
export const provider: Effect.Effect<Option.Option<ProviderConfig>, InvalidConfig> = Effect.gen(function*() {
  const url = yield* providerUrl.read
  const secret = yield* providerSecret.read
  if (Option.isSome(url) !== Option.isSome(secret)) {
    const missing = Option.isNone(url) ? "FULCRUM_PROVIDER_URL" : "FULCRUM_PROVIDER_SECRET"
    return yield* EnvVariable.invalid(missing, "set FULCRUM_PROVIDER_URL and FULCRUM_PROVIDER_SECRET together")
  }
  return Option.zipWith(url, secret, (url, secret) => ({ url, secret }))
})

/**
 * The scheduler `fulcrum-worker` runs with on its own. There is no default: `memory` sends no invite, so
 * an operator chooses by name; `http` needs the provider's URL and secret.
 *
 * @since 0.1.0
 */
export const requireScheduler = (config: WorkerConfig): Effect.Effect<SchedulerChoice, InvalidConfig> =>
  Option.match(config.scheduler, {
    onSome: (choice) =>
      choice === "http" && Option.isNone(config.provider)
        ? Effect.fail(EnvVariable.invalid("FULCRUM_PROVIDER_URL", "FULCRUM_SCHEDULER=http needs FULCRUM_PROVIDER_URL and FULCRUM_PROVIDER_SECRET"))
        : Effect.succeed(choice),
    onNone: () =>
      Effect.fail(
        new InvalidConfig({ variable: "FULCRUM_SCHEDULER", message: `FULCRUM_SCHEDULER is required by fulcrum-worker: expected ${schedulerHelp}` })
      )
  })

/**
 * Reads `FULCRUM_HEALTH_INTERVAL_SECONDS` (at least 10), `FULCRUM_RETENTION_DAYS` (at least 1) and
 * `PUBLIC_BASE_URL` (optional; must be an http(s) URL).
 *
 * @since 0.2.0
 */
export const operations: Effect.Effect<Operations, InvalidConfig> = Effect.gen(function*() {
  const healthSeconds = yield* healthIntervalSeconds.read
  const days = yield* retentionDays.read
  return {
    healthIntervalMs: healthSeconds * 1000,
    retentionMs: days * 24 * 60 * 60 * 1000,
    publicBaseUrl: Option.getOrUndefined(yield* publicBaseUrl.read)
  }
})

/**
 * Reads and checks the whole configuration from the current `ConfigProvider` (the environment, unless
 * a test provides another). Fails with the first `InvalidConfig` found, in the order of {@link variables}.
 *
 * @example
 * ```ts
 * import { WorkerConfig } from "@fulcrum/worker-host"
 * import { ConfigProvider, Effect } from "effect"
 *
 * const config = WorkerConfig.load.pipe(
 *   Effect.provideService(ConfigProvider.ConfigProvider, ConfigProvider.fromUnknown({
 *     DATABASE_URL: "postgres://localhost/fulcrum",
 *     FULCRUM_SECRET_KEY: "…"
 *   }))
 * )
 * ```
 *
 * @since 0.1.0
 */
export const load: Effect.Effect<WorkerConfig, InvalidConfig> = Effect.gen(function*() {
  const db = yield* database
  const keys = yield* SecretCipher.keysFromEnv
  const worker = yield* Effect.all({
    workerId: workerId.read,
    concurrency: concurrency.read,
    leaseMs: leaseMs.read,
    shutdownGraceMs: shutdownGraceMs.read,
    pollIntervalMs: pollIntervalMs.read
  })
  const policy = yield* Effect.all({
    maxAttempts: maxAttempts.read,
    maxInterruptions: maxInterruptions.read,
    baseRetryDelayMs: baseRetryDelayMs.read,
    maxRetryDelayMs: maxRetryDelayMs.read
  })
  if (policy.maxRetryDelayMs < policy.baseRetryDelayMs) {
    return yield* EnvVariable.invalid("WORKER_RETRY_MAX_DELAY_MS", "expected at least WORKER_RETRY_BASE_DELAY_MS")
  }
  return {
    database: db,
    secretKeys: keys,
    worker,
    policy: { allowCustomLeverUrl: yield* allowCustomLeverUrl.read, ...policy },
    scheduler: yield* scheduler.read,
    provider: yield* provider,
    logLevel: yield* logLevel.read,
    metricsPort: yield* metricsPort.read,
    operations: yield* operations
  }
})
