/**
 * The worker's configuration, read from the environment with Effect's `Config` and checked before
 * anything connects. A missing or malformed variable fails with `InvalidConfig` naming it (exit code
 * 1); secret values (`DATABASE_URL`, `FULCRUM_SECRET_KEY`) are read as `Redacted` and never appear in a
 * message or a log.
 *
 * | variable | default | meaning |
 * | --- | --- | --- |
 * | `DATABASE_URL` | — | PostgreSQL; several workers may share it |
 * | `FULCRUM_DATA_DIR` | — | embedded PGlite in `<dir>/pgdata` when `DATABASE_URL` is unset (one process per directory) |
 * | `FULCRUM_SECRET_KEY` | required | the key team secrets are encrypted with (`FULCRUM_SECRET_KEY_PREVIOUS`: older keys) |
 * | `WORKER_ID` | `<host>-<pid>` | the name leases are held in; unique per process |
 * | `WORKER_CONCURRENCY` | 8 | events processed at once |
 * | `WORKER_LEASE_MS` | 10000 | how long a claim is held before another worker may take it (extended while running) |
 * | `WORKER_SHUTDOWN_GRACE_MS` | 10000 | on SIGTERM, how long in-flight events may finish before they are handed back |
 * | `WORKER_POLL_INTERVAL_MS` | 100 | idle wait between claims when nothing is due |
 * | `WORKER_MAX_ATTEMPTS` | 8 | failed runs of an event before it is dead |
 * | `WORKER_MAX_INTERRUPTIONS` | 50 | runs of an event that ended without an outcome (handed back on a stop, worker killed or crashed, lease lost) before it is dead |
 * | `WORKER_RETRY_BASE_DELAY_MS` | 2000 | first retry delay, doubling (with jitter) each attempt |
 * | `WORKER_RETRY_MAX_DELAY_MS` | 300000 | the longest retry delay |
 * | `FULCRUM_ALLOW_CUSTOM_LEVER_URL` | false | whether teams may point at a custom Lever base URL |
 * | `FULCRUM_SCHEDULER` | required by `fulcrum-worker` | the interview scheduler: `http` (the provider protocol, docs/provider-protocol.md) or `memory` (tests only: no invite is sent); unused when the embedder passes one |
 * | `FULCRUM_PROVIDER_URL` | required with `http` | the assessment provider's base URL |
 * | `FULCRUM_PROVIDER_SECRET` | required with `http` | the `whsec_` secret shared with the provider (signs both ways) |
 * | `LOG_LEVEL` | `info` | `trace`, `debug`, `info`, `warn`, `error`, `fatal` or `none` |
 * | `FULCRUM_METRICS_PORT` | — (no listener) | serve Prometheus text at `GET /metrics` on this port (all interfaces) |
 * | `OTEL_EXPORTER_OTLP_ENDPOINT`, `OTEL_*` | — (no export) | OpenTelemetry export (see `@fulcrum/observability`'s `OtelConfig`) |
 *
 * @since 0.1.0
 */
import { Policy, StandardWebhooks, Worker } from "@fulcrum/core"
import { LogLevels } from "@fulcrum/node-process"
import { SchedulerHttp } from "@fulcrum/scheduler-http"
import { SecretCipher } from "@fulcrum/store-sql"
import { Config, Effect, type LogLevel, Option, Redacted, Result } from "effect"
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

/**
 * One of {@link schedulerChoices}.
 *
 * @since 0.1.0
 */
export type SchedulerChoice = typeof schedulerChoices[number]

/**
 * The assessment provider the `http` scheduler talks to (`FULCRUM_PROVIDER_URL`, `FULCRUM_PROVIDER_SECRET`).
 *
 * @since 0.1.0
 */
export interface ProviderConfig {
  readonly url: string
  readonly secret: Redacted.Redacted<string>
}

/**
 * The secret keys team secrets are sealed with: the current one and older ones still able to open.
 *
 * @since 0.1.0
 */
export interface SecretKeys {
  readonly current: Redacted.Redacted<string>
  readonly previous: ReadonlyArray<Redacted.Redacted<string>>
}

/**
 * A worker's complete, checked configuration.
 *
 * @since 0.1.0
 */
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

/**
 * The scheduled jobs' settings, shared by every host that runs them (the worker, the quickstart).
 *
 * @since 0.2.0
 */
export interface Operations {
  /** `FULCRUM_HEALTH_INTERVAL_SECONDS` (default 900): each team's connection health check period. */
  readonly healthIntervalMs: number
  /** `FULCRUM_RETENTION_DAYS` (default 30): how long finished events, raw bodies and journals are kept. */
  readonly retentionMs: number
  /** `PUBLIC_BASE_URL`, when set: the health check then requires Lever's webhooks to point exactly there. */
  readonly publicBaseUrl: string | undefined
}

/** The first line of a config failure says what was expected; the rest is a path we already name. */
const expectation = (error: Config.ConfigError): string => error.message.replace(/^SchemaError\(/, "").split("\n")[0]!

/** Reads one variable; a failure names it. */
const read = <A>(variable: string, config: Config.Config<A>): Effect.Effect<A, InvalidConfig> =>
  Effect.mapError(config, (error) => new InvalidConfig({ variable, message: `${variable}: ${expectation(error)}` }))

/** An optional variable; blank counts as unset, so `VAR=` in an env file means "use the default". */
const optional = (variable: string): Effect.Effect<Option.Option<string>, InvalidConfig> =>
  Effect.map(read(variable, Config.option(Config.String(variable))), Option.filter((value) => value.trim() !== ""))

/** A whole number of at least `min`, or `fallback` when unset. */
const integer = (variable: string, fallback: number, min: number): Effect.Effect<number, InvalidConfig> =>
  Effect.flatMap(optional(variable), (value) => {
    if (Option.isNone(value)) return Effect.succeed(fallback)
    const parsed = Number(value.value.trim())
    return Number.isSafeInteger(parsed) && parsed >= min
      ? Effect.succeed(parsed)
      : Effect.fail(new InvalidConfig({ variable, message: `${variable}: expected a whole number >= ${min}` }))
  })

const port = (variable: string): Effect.Effect<Option.Option<number>, InvalidConfig> =>
  Effect.flatMap(optional(variable), (value) => {
    if (Option.isNone(value)) return Effect.succeed(Option.none())
    const parsed = Number(value.value.trim())
    return Number.isSafeInteger(parsed) && parsed >= 1 && parsed <= 65_535
      ? Effect.succeed(Option.some(parsed))
      : Effect.fail(new InvalidConfig({ variable, message: `${variable}: expected a port number (1-65535)` }))
  })

const boolean = (variable: string, fallback: boolean): Effect.Effect<boolean, InvalidConfig> =>
  Effect.flatMap(optional(variable), (value) =>
    Option.isNone(value)
      ? Effect.succeed(fallback)
      : read(variable, Config.Boolean(variable)))

const database: Effect.Effect<Database, InvalidConfig> = Effect.gen(function*() {
  const url = Option.filter(
    yield* read("DATABASE_URL", Config.option(Config.Redacted("DATABASE_URL"))),
    (url) => Redacted.value(url).trim() !== ""
  )
  if (Option.isSome(url)) {
    if (!/^postgres(ql)?:\/\//.test(Redacted.value(url.value).trim())) {
      return yield* new InvalidConfig({
        variable: "DATABASE_URL",
        message: "DATABASE_URL: expected a postgres:// or postgresql:// URL"
      })
    }
    return { _tag: "Postgres", url: Redacted.make(Redacted.value(url.value).trim()) }
  }
  const dataDir = yield* optional("FULCRUM_DATA_DIR")
  if (Option.isSome(dataDir)) return { _tag: "Pglite", dataDir: join(dataDir.value.trim(), "pgdata") }
  // A worker on a private in-memory database would drain a queue nobody else can fill.
  return yield* new InvalidConfig({
    variable: "DATABASE_URL",
    message: "DATABASE_URL or FULCRUM_DATA_DIR must be set: the worker drains the queue of a shared database"
  })
})

const secretKeys: Effect.Effect<SecretKeys, InvalidConfig> = Effect.gen(function*() {
  const current = yield* read("FULCRUM_SECRET_KEY", Config.Redacted("FULCRUM_SECRET_KEY")).pipe(
    Effect.mapError(() =>
      new InvalidConfig({
        variable: "FULCRUM_SECRET_KEY",
        message: "FULCRUM_SECRET_KEY is required: the key team secrets are encrypted with (32 bytes, base64)"
      })
    )
  )
  const previousList = yield* read(
    "FULCRUM_SECRET_KEY_PREVIOUS",
    Config.option(Config.Redacted("FULCRUM_SECRET_KEY_PREVIOUS"))
  )
  const previous = Option.match(previousList, {
    onNone: (): ReadonlyArray<Redacted.Redacted<string>> => [],
    onSome: (list) =>
      Redacted.value(list).split(",").map((entry) => entry.trim()).filter((entry) => entry !== "").map((entry) =>
        Redacted.make(entry)
      )
  })
  // Checked here, before anything connects, so a bad key is a configuration error (exit 1) that names
  // the variable; `parseKey` never puts the value in its message.
  yield* SecretCipher.parseKey("FULCRUM_SECRET_KEY", current).pipe(
    Effect.mapError((error) => new InvalidConfig({ variable: "FULCRUM_SECRET_KEY", message: error.message }))
  )
  yield* Effect.forEach(previous, (key, i) =>
    SecretCipher.parseKey(`FULCRUM_SECRET_KEY_PREVIOUS (entry ${i + 1})`, key).pipe(
      Effect.mapError((error) => new InvalidConfig({ variable: "FULCRUM_SECRET_KEY_PREVIOUS", message: error.message }))
    ))
  return { current, previous }
})

const logLevel: Effect.Effect<LogLevel.LogLevel, InvalidConfig> = Effect.flatMap(optional("LOG_LEVEL"), (value) => {
  if (Option.isNone(value)) return Effect.succeed<LogLevel.LogLevel>("Info")
  const level = LogLevels.parse(value.value)
  return Option.isNone(level)
    ? Effect.fail(
      new InvalidConfig({
        variable: "LOG_LEVEL",
        message: `LOG_LEVEL: expected one of ${LogLevels.names.join(", ")}`
      })
    )
    : Effect.succeed(level.value)
})

const schedulerHelp = `expected ${schedulerChoices.map((choice) => `"${choice}"`).join(" or ")} ("http" sends ` +
  "invites to the provider at FULCRUM_PROVIDER_URL; \"memory\" is for tests only: it records invites in the " +
  "worker's memory and no candidate receives one)"

const provider: Effect.Effect<Option.Option<ProviderConfig>, InvalidConfig> = Effect.gen(function*() {
  const url = yield* optional("FULCRUM_PROVIDER_URL")
  const secret = Option.filter(
    yield* read("FULCRUM_PROVIDER_SECRET", Config.option(Config.Redacted("FULCRUM_PROVIDER_SECRET"))),
    (value) => Redacted.value(value).trim() !== ""
  )
  if (Option.isNone(url) && Option.isNone(secret)) return Option.none()
  if (Option.isNone(url) || Option.isNone(secret)) {
    const missing = Option.isNone(url) ? "FULCRUM_PROVIDER_URL" : "FULCRUM_PROVIDER_SECRET"
    return yield* new InvalidConfig({
      variable: missing,
      message: `${missing}: set FULCRUM_PROVIDER_URL and FULCRUM_PROVIDER_SECRET together`
    })
  }
  const base = SchedulerHttp.normalizeBaseUrl(url.value)
  if (Option.isNone(base)) {
    return yield* new InvalidConfig({
      variable: "FULCRUM_PROVIDER_URL",
      message: "FULCRUM_PROVIDER_URL: expected an http(s) URL such as https://assessments.example.com"
    })
  }
  if (Result.isFailure(StandardWebhooks.keyBytes(secret.value))) {
    return yield* new InvalidConfig({
      variable: "FULCRUM_PROVIDER_SECRET",
      message: "FULCRUM_PROVIDER_SECRET: expected whsec_ followed by the base64 of at least 16 random bytes"
    })
  }
  return Option.some({ url: base.value, secret: secret.value })
})

const isSchedulerChoice = (value: string): value is SchedulerChoice =>
  (schedulerChoices as ReadonlyArray<string>).includes(value)

const scheduler: Effect.Effect<Option.Option<SchedulerChoice>, InvalidConfig> = Effect.flatMap(
  optional("FULCRUM_SCHEDULER"),
  (value) => {
    if (Option.isNone(value)) return Effect.succeed(Option.none())
    const choice = value.value.trim().toLowerCase()
    return isSchedulerChoice(choice)
      ? Effect.succeed(Option.some(choice))
      : Effect.fail(new InvalidConfig({ variable: "FULCRUM_SCHEDULER", message: `FULCRUM_SCHEDULER: ${schedulerHelp}` }))
  }
)

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
        ? Effect.fail(
          new InvalidConfig({
            variable: "FULCRUM_PROVIDER_URL",
            message: "FULCRUM_SCHEDULER=http needs FULCRUM_PROVIDER_URL and FULCRUM_PROVIDER_SECRET"
          })
        )
        : Effect.succeed(choice),
    onNone: () =>
      Effect.fail(
        new InvalidConfig({
          variable: "FULCRUM_SCHEDULER",
          message: `FULCRUM_SCHEDULER is required by fulcrum-worker: ${schedulerHelp}`
        })
      )
  })

/**
 * Reads `FULCRUM_HEALTH_INTERVAL_SECONDS` (at least 10), `FULCRUM_RETENTION_DAYS` (at least 1) and
 * `PUBLIC_BASE_URL` (optional; must be an http(s) URL).
 *
 * @since 0.2.0
 */
export const operations: Effect.Effect<Operations, InvalidConfig> = Effect.gen(function*() {
  const healthSeconds = yield* integer("FULCRUM_HEALTH_INTERVAL_SECONDS", 900, 10)
  const retentionDays = yield* integer("FULCRUM_RETENTION_DAYS", 30, 1)
  const base = yield* optional("PUBLIC_BASE_URL")
  if (Option.isSome(base) && !/^https?:\/\/[^\s]+$/.test(base.value.trim())) {
    return yield* new InvalidConfig({
      variable: "PUBLIC_BASE_URL",
      message: "PUBLIC_BASE_URL: expected an http:// or https:// URL (the origin Lever reaches)"
    })
  }
  return {
    healthIntervalMs: healthSeconds * 1000,
    retentionMs: retentionDays * 24 * 60 * 60 * 1000,
    publicBaseUrl: Option.isSome(base) ? base.value.trim() : undefined
  }
})

/**
 * Reads and checks the whole configuration from the current `ConfigProvider` (the environment, unless
 * a test provides another). Fails with the first `InvalidConfig` found, in the order of the table above.
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
  const keys = yield* secretKeys
  const workerId = Option.getOrElse(
    Option.map(yield* optional("WORKER_ID"), (id) => id.trim()),
    () => `${hostname()}-${process.pid}`
  )
  const concurrency = yield* integer("WORKER_CONCURRENCY", Worker.defaultConcurrency, 1)
  const leaseMs = yield* integer("WORKER_LEASE_MS", Worker.defaultLeaseMs, 500)
  const shutdownGraceMs = yield* integer("WORKER_SHUTDOWN_GRACE_MS", 10_000, 0)
  const pollIntervalMs = yield* integer("WORKER_POLL_INTERVAL_MS", 100, 1)
  const maxAttempts = yield* integer("WORKER_MAX_ATTEMPTS", Policy.defaults.maxAttempts, 1)
  const maxInterruptions = yield* integer("WORKER_MAX_INTERRUPTIONS", Policy.defaults.maxInterruptions, 1)
  const baseRetryDelayMs = yield* integer("WORKER_RETRY_BASE_DELAY_MS", Policy.defaults.baseRetryDelayMs, 1)
  const maxRetryDelayMs = yield* integer("WORKER_RETRY_MAX_DELAY_MS", Policy.defaults.maxRetryDelayMs, 1)
  if (maxRetryDelayMs < baseRetryDelayMs) {
    return yield* new InvalidConfig({
      variable: "WORKER_RETRY_MAX_DELAY_MS",
      message: "WORKER_RETRY_MAX_DELAY_MS: must be at least WORKER_RETRY_BASE_DELAY_MS"
    })
  }
  const allowCustomLeverUrl = yield* boolean("FULCRUM_ALLOW_CUSTOM_LEVER_URL", false)
  return {
    database: db,
    secretKeys: keys,
    worker: { workerId, concurrency, leaseMs, shutdownGraceMs, pollIntervalMs },
    policy: { allowCustomLeverUrl, maxAttempts, maxInterruptions, baseRetryDelayMs, maxRetryDelayMs },
    scheduler: yield* scheduler,
    provider: yield* provider,
    logLevel: yield* logLevel,
    metricsPort: yield* port("FULCRUM_METRICS_PORT"),
    operations: yield* operations
  }
})
