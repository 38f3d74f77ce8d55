/**
 * The example host's configuration, read from the environment once at start. A bad value stops the
 * start with a message that names the variable, never its value.
 *
 * | variable | default | meaning |
 * | --- | --- | --- |
 * | `PORT` | `3000` | the HTTP port (`0` picks a free one) |
 * | `HOST` | `127.0.0.1` | the interface the HTTP server listens on |
 * | `PUBLIC_BASE_URL` | `http://127.0.0.1:PORT` | the origin webhook URLs are built from |
 * | `FULCRUM_DATA_DIR` | `./.fulcrum` | PGlite files, the generated secret key and admin token |
 * | `DATABASE_URL` | unset | PostgreSQL instead of the embedded PGlite |
 * | `FULCRUM_SECRET_KEY` | generated into the data dir | encrypts team secrets at rest |
 * | `FULCRUM_ADMIN_TOKEN` | generated into the data dir | bearer token of the admin views |
 * | `LEVER_SANDBOX_PORT` | `4010` | the in-process Lever sandbox (`0` picks a free one) |
 * | `WEBHOOK_TOLERANCE_SECONDS` | `300` | read by `@fulcrum/signature-lever` |
 * | `LOG_LEVEL` | `info` | `trace`, `debug`, `info`, `warn`, `error`, `fatal`, `none` |
 * | `LOG_FORMAT` | `pretty` | `pretty` or `json` (one JSON object per line) |
 *
 * @since 0.1.0
 */
import { HostConfig } from "@fulcrum/http-host"
import { LogLevels } from "@fulcrum/node-process"
import { SecretCipher } from "@fulcrum/store-sql"
import { Config, Effect, type LogLevel, Option, Redacted } from "effect"

/**
 * A configuration value that is present but unusable; `variable` names it. The HTTP host's, so the
 * quickstart exits with the same code (1) and checks `PUBLIC_BASE_URL` the same way.
 *
 * @since 0.1.0
 */
export const InvalidConfig = HostConfig.InvalidConfig
/** @since 0.1.0 */
export type InvalidConfig = HostConfig.InvalidConfig

/** How log lines are written. @since 0.1.0 */
export type LogFormat = "pretty" | "json"

/** Everything the example host needs to start. @since 0.1.0 */
export interface QuickstartConfig {
  readonly port: number
  readonly host: string
  /** Absent: `http://127.0.0.1:<bound port>`, known only once the server listens (port 0 in tests). */
  readonly publicBaseUrl: Option.Option<string>
  readonly dataDir: string
  readonly databaseUrl: Option.Option<Redacted.Redacted<string>>
  /** Absent: read from (or generated into) `<dataDir>/secret-key`. */
  readonly secretKey: Option.Option<Redacted.Redacted<string>>
  /** Absent: read from (or generated into) `<dataDir>/admin-token`. */
  readonly adminToken: Option.Option<Redacted.Redacted<string>>
  readonly sandboxPort: number
  readonly logLevel: LogLevel.LogLevel
  readonly logFormat: LogFormat
}

const unreadable = (name: string) => () => new InvalidConfig({ variable: name, message: `${name} could not be read` })

/** Blank values count as unset, so `PORT= ./dev.sh start` behaves like no `PORT` at all. */
const optionalString = (name: string) =>
  Effect.map(
    Effect.mapError(Config.option(Config.String(name)), unreadable(name)),
    Option.filter((value) => value.trim() !== "")
  )

const optionalSecret = (name: string) =>
  Effect.map(
    Effect.mapError(Config.option(Config.Redacted(name)), unreadable(name)),
    Option.filter((value) => Redacted.value(value).trim() !== "")
  )

/** A port number (0 picks a free one); unset or blank is `fallback`. */
const port = (name: string, fallback: number) =>
  Effect.flatMap(optionalString(name), (text) => {
    if (Option.isNone(text)) return Effect.succeed(fallback)
    const value = Number(text.value.trim())
    return Number.isInteger(value) && value >= 0 && value <= 65_535
      ? Effect.succeed(value)
      : Effect.fail(
        new InvalidConfig({ variable: name, message: `${name} must be a port number (0-65535; 0 picks a free one)` })
      )
  })

const parseLogLevel = (text: string): Effect.Effect<LogLevel.LogLevel, InvalidConfig> =>
  Option.match(LogLevels.parse(text), {
    onNone: () =>
      Effect.fail(new InvalidConfig({ variable: "LOG_LEVEL", message: `LOG_LEVEL must be one of ${LogLevels.names.join(", ")}` })),
    onSome: Effect.succeed
  })

/** Blank counts as unset; a given key must parse, checked before the data directory is touched. */
const secretKey = Effect.flatMap(optionalSecret("FULCRUM_SECRET_KEY"), (key) =>
  Option.match(key, {
    onNone: () => Effect.succeedNone,
    onSome: (value) =>
      SecretCipher.parseKey("FULCRUM_SECRET_KEY", value).pipe(
        Effect.mapError((error) => new InvalidConfig({ variable: "FULCRUM_SECRET_KEY", message: error.message })),
        Effect.as(Option.some(value))
      )
  }))

/**
 * Reads the configuration from the current `ConfigProvider` (the environment by default). Every value is
 * checked here, before anything is written or opened: a bad one is `InvalidConfig` (exit code 1).
 *
 * @since 0.1.0
 */
export const fromEnv: Effect.Effect<QuickstartConfig, InvalidConfig> = Effect.gen(function*() {
  const httpPort = yield* port("PORT", 3000)
  const sandboxPort = yield* port("LEVER_SANDBOX_PORT", 4010)
  const host = Option.getOrElse(yield* optionalString("HOST"), () => "127.0.0.1")
  const publicBaseUrl = yield* Effect.transposeOption(Option.map(yield* optionalString("PUBLIC_BASE_URL"), HostConfig.parsePublicBaseUrl))
  const dataDir = Option.getOrElse(yield* optionalString("FULCRUM_DATA_DIR"), () => "./.fulcrum")
  const logLevel = yield* parseLogLevel(Option.getOrElse(yield* optionalString("LOG_LEVEL"), () => "info"))
  const logFormat = yield* Effect.flatMap(optionalString("LOG_FORMAT"), (text) => {
    const format = Option.getOrElse(Option.map(text, (value) => value.trim().toLowerCase()), () => "pretty")
    return format === "pretty" || format === "json"
      ? Effect.succeed<LogFormat>(format)
      : Effect.fail(new InvalidConfig({ variable: "LOG_FORMAT", message: "LOG_FORMAT must be pretty or json" }))
  })
  return {
    port: httpPort,
    host,
    publicBaseUrl,
    dataDir,
    databaseUrl: yield* optionalSecret("DATABASE_URL"),
    secretKey: yield* secretKey,
    adminToken: yield* optionalSecret("FULCRUM_ADMIN_TOKEN"),
    sandboxPort,
    logLevel,
    logFormat
  } satisfies QuickstartConfig
})
