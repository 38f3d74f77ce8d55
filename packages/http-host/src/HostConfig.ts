/**
 * The HTTP host's configuration, read from the environment and checked before anything listens. A
 * missing or malformed variable fails with `InvalidConfig` naming it; secrets are read as `Redacted`.
 *
 * | variable | default | meaning |
 * | --- | --- | --- |
 * | `PORT` | 3000 | where the host listens |
 * | `HOST` | `0.0.0.0` | the interface it listens on |
 * | `PUBLIC_BASE_URL` | `http://localhost:<PORT>` | the origin Lever and browsers reach the host at (webhook URLs, OAuth redirect) |
 * | `FULCRUM_ADMIN_TOKEN` | required | the operator's bearer token (every team) |
 * | `FULCRUM_MAX_BODY_BYTES` | 1048576 | the largest request body accepted (413 above) |
 * | `FULCRUM_ALLOW_CUSTOM_LEVER_URL` | false | whether a team may point at a custom Lever base URL |
 * | `FULCRUM_PROVIDER_SECRET` | none | the assessment provider's `whsec_` secret; without it provider webhooks are refused (401) |
 * | `FULCRUM_PROVIDER_URL` | none | the assessment provider's base URL (with `FULCRUM_PROVIDER_SECRET`): setup lists its interview types; without it the admin types the provider's ids |
 * | `DATABASE_URL` / `FULCRUM_DATA_DIR` / `FULCRUM_SECRET_KEY` | | the store (see `@fulcrum/store-sql`) |
 * | `WEBHOOK_TOLERANCE_SECONDS` | 300 | how old a signed webhook may be (see `@fulcrum/signature-lever`) |
 * | `LOG_LEVEL` | `info` | `trace`, `debug`, `info`, `warn`, `error`, `fatal` or `none`; logs are JSON lines |
 *
 * @since 0.1.0
 */
import { Policy, StandardWebhooks } from "@fulcrum/core"
import { ExitCode, LogLevels } from "@fulcrum/node-process"
import { SchedulerHttp } from "@fulcrum/scheduler-http"
import { Config, Effect, type LogLevel, Option, Redacted, Result, Runtime, Schema } from "effect"
import { defaultMaxBodyBytes } from "./HostOptions.ts"

/** A variable is missing or malformed. Exit code 1 (`ExitCode.InvalidConfig`). @since 0.1.0 */
export class InvalidConfig extends Schema.TaggedError<InvalidConfig>()("InvalidConfig", {
  variable: Schema.String,
  message: Schema.String
}) {
  override readonly [Runtime.errorExitCode] = ExitCode.InvalidConfig
}

/** The checked configuration of `fulcrum-http`. @since 0.1.0 */
export interface HostConfig {
  readonly port: number
  readonly host: string
  readonly publicBaseUrl: string
  readonly adminToken: Redacted.Redacted<string>
  readonly maxBodyBytes: number
  /** The assessment provider's shared secret (`FULCRUM_PROVIDER_SECRET`), which signs its webhooks. */
  readonly providerSecret?: Redacted.Redacted<string> | undefined
  /**
   * The assessment provider's base URL (`FULCRUM_PROVIDER_URL`, needs `providerSecret`): setup asks it
   * for its interview types (`GET /api/teams/{teamId}/provider/interview-types`).
   */
  readonly providerUrl?: string | undefined
  readonly policy: Policy.PolicyShape
  readonly logLevel: LogLevel.LogLevel
  /** Whether to serve the settings page at `/` (`FULCRUM_SETTINGS_PAGE`, default true). */
  readonly settingsPage?: boolean
}

const invalid = (variable: string, message: string) => new InvalidConfig({ variable, message })

const setting = <A>(name: string, config: Config.Config<A>, message: string) =>
  Effect.mapError(config, () => invalid(name, message))

const optionalText = (name: string) =>
  Effect.map(
    Effect.orElseSucceed(Config.option(Config.String(name)), () => Option.none<string>()),
    Option.filter((value) => value.trim() !== "")
  )

/** Checks an origin: http(s), no path, query or fragment; returned without a trailing slash. @since 0.1.0 */
export const parsePublicBaseUrl = (text: string): Effect.Effect<string, InvalidConfig> => {
  const url = URL.parse(text.trim())
  return url === null || (url.protocol !== "http:" && url.protocol !== "https:") || url.search !== "" || url.hash !== ""
    ? Effect.fail(invalid("PUBLIC_BASE_URL", "PUBLIC_BASE_URL must be an http(s) URL such as https://fulcrum.example.com"))
    : Effect.succeed(text.trim().replace(/\/+$/, ""))
}

/** The configuration from the environment. @since 0.1.0 */
export const fromEnv: Effect.Effect<HostConfig, InvalidConfig> = Effect.gen(function*() {
  const port = yield* setting(
    "PORT",
    Config.schema(Schema.NumberFromString.check(Schema.isInt(), Schema.isBetween({ minimum: 0, maximum: 65_535 })), "PORT")
      .pipe(Config.withDefault(3000)),
    "PORT must be a port number (0-65535)"
  )
  const host = Option.getOrElse(yield* optionalText("HOST"), () => "0.0.0.0")
  const publicBaseUrl = yield* Option.match(yield* optionalText("PUBLIC_BASE_URL"), {
    onNone: () => Effect.succeed(`http://localhost:${port}`),
    onSome: parsePublicBaseUrl
  })
  const adminToken = yield* Effect.flatMap(
    Effect.orElseSucceed(Config.option(Config.Redacted("FULCRUM_ADMIN_TOKEN")), () => Option.none()),
    (token) =>
      Option.isSome(token) && Redacted.value(token.value).trim().length >= 16
        ? Effect.succeed(token.value)
        : Effect.fail(invalid(
          "FULCRUM_ADMIN_TOKEN",
          "FULCRUM_ADMIN_TOKEN is required: a random string of at least 16 characters (e.g. `openssl rand -hex 32`)"
        ))
  )
  const maxBodyBytes = yield* setting(
    "FULCRUM_MAX_BODY_BYTES",
    Config.schema(Schema.NumberFromString.check(Schema.isInt(), Schema.isBetween({ minimum: 1_024, maximum: 104_857_600 })), "FULCRUM_MAX_BODY_BYTES")
      .pipe(Config.withDefault(defaultMaxBodyBytes)),
    "FULCRUM_MAX_BODY_BYTES must be a number of bytes between 1024 and 104857600"
  )
  const allowCustomLeverUrl = yield* setting(
    "FULCRUM_ALLOW_CUSTOM_LEVER_URL",
    Config.Boolean("FULCRUM_ALLOW_CUSTOM_LEVER_URL").pipe(Config.withDefault(false)),
    "FULCRUM_ALLOW_CUSTOM_LEVER_URL must be true or false"
  )
  const settingsPage = yield* setting(
    "FULCRUM_SETTINGS_PAGE",
    Config.Boolean("FULCRUM_SETTINGS_PAGE").pipe(Config.withDefault(true)),
    "FULCRUM_SETTINGS_PAGE must be true or false"
  )
  const logLevel = yield* Option.match(yield* optionalText("LOG_LEVEL"), {
    onNone: () => Effect.succeed<LogLevel.LogLevel>("Info"),
    onSome: (text) =>
      Option.match(LogLevels.parse(text), {
        onNone: () => Effect.fail(invalid("LOG_LEVEL", `LOG_LEVEL must be one of ${LogLevels.names.join(", ")}`)),
        onSome: Effect.succeed
      })
  })
  const providerSecret = yield* Effect.orElseSucceed(
    Config.option(Config.Redacted("FULCRUM_PROVIDER_SECRET")),
    () => Option.none<Redacted.Redacted<string>>()
  )
  if (Option.isSome(providerSecret) && Result.isFailure(StandardWebhooks.keyBytes(providerSecret.value))) {
    return yield* invalid(
      "FULCRUM_PROVIDER_SECRET",
      "FULCRUM_PROVIDER_SECRET must be whsec_ followed by the base64 of at least 16 random bytes"
    )
  }
  const providerUrl = yield* Option.match(yield* optionalText("FULCRUM_PROVIDER_URL"), {
    onNone: () => Effect.succeed(undefined),
    onSome: (text) =>
      Option.match(SchedulerHttp.normalizeBaseUrl(text), {
        onNone: () =>
          Effect.fail(invalid("FULCRUM_PROVIDER_URL", "FULCRUM_PROVIDER_URL must be an http(s) URL such as https://assessments.example.com")),
        onSome: (url) =>
          Option.isNone(providerSecret)
            ? Effect.fail(invalid("FULCRUM_PROVIDER_SECRET", "FULCRUM_PROVIDER_URL needs FULCRUM_PROVIDER_SECRET: set them together"))
            : Effect.succeed(url)
      })
  })
  return {
    settingsPage,
    logLevel,
    port,
    host,
    publicBaseUrl,
    adminToken,
    maxBodyBytes,
    providerSecret: Option.getOrUndefined(providerSecret),
    providerUrl,
    policy: { ...Policy.defaults, allowCustomLeverUrl }
  }
})
