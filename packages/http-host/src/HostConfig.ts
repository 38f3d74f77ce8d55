/**
 * The HTTP host's configuration, read from the environment and checked before anything listens. A
 * missing or malformed variable fails with `InvalidConfig` naming it (exit code 1); secrets are read as
 * `Redacted`. Every variable it reads is listed in {@link variables}; docs/operations.md shows them all
 * in one generated table (`node scripts/env-table.ts`).
 *
 * @since 0.1.0
 */
import { Environment, EnvVariable, LeverOAuthConfig, Policy } from "@fulcrum/core"
import { OtelConfig } from "@fulcrum/observability"
import { Effect, type LogLevel, Option, type Redacted } from "effect"
import { defaultMaxBodyBytes } from "./HostOptions.ts"

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

const { optional, required, withDefault } = EnvVariable

const port = withDefault(Environment.port, 3000)
const host = withDefault(Environment.host, "0.0.0.0")
const publicBaseUrl = optional(Environment.publicBaseUrl, "`http://localhost:PORT`")
const adminToken = required(Environment.adminToken, "required, ≥ 16 characters")
const maxBodyBytes = withDefault(
  EnvVariable.integer("FULCRUM_MAX_BODY_BYTES", "The largest request body accepted; larger bodies get 413 before they are read.", {
    min: 1_024,
    max: 104_857_600
  }),
  defaultMaxBodyBytes
)
const allowCustomLeverUrl = withDefault(Environment.allowCustomLeverUrl, false)
const settingsPage = withDefault(
  EnvVariable.boolean(
    "FULCRUM_SETTINGS_PAGE",
    "Serve the settings page at `/` (strict CSP, precompressed assets, hashed files cached a year)."
  ),
  true
)
const logLevel = withDefault(Environment.logLevel, "Info", "`info`")
const providerSecret = optional(Environment.providerSecret)
const providerUrl = optional(Environment.providerUrl)

/**
 * The variables `fulcrum-http` reads, for the docs table: its own, then those its adapters read (the
 * store, the signature check, Lever OAuth, OpenTelemetry).
 *
 * @since 0.2.0
 */
export const variables: ReadonlyArray<EnvVariable.Variable<unknown>> = [
  port,
  host,
  publicBaseUrl,
  adminToken,
  maxBodyBytes,
  allowCustomLeverUrl,
  settingsPage,
  providerSecret,
  providerUrl,
  logLevel,
  optional(Environment.databaseUrl),
  optional(Environment.dataDir, "— (PGlite in memory)"),
  required(Environment.secretKey),
  optional(Environment.secretKeyPrevious),
  withDefault(Environment.webhookTolerance, 300),
  ...LeverOAuthConfig.variables,
  ...OtelConfig.variables("fulcrum-http")
]

/** `FULCRUM_PROVIDER_SECRET` alone (provider webhooks only), or with `FULCRUM_PROVIDER_URL` (also its interview types). */
const provider = Effect.gen(function*() {
  const secret = yield* providerSecret.read
  const url = yield* providerUrl.read
  if (Option.isSome(url) && Option.isNone(secret)) {
    return yield* EnvVariable.invalid("FULCRUM_PROVIDER_SECRET", "FULCRUM_PROVIDER_URL needs FULCRUM_PROVIDER_SECRET: set them together")
  }
  return { providerSecret: Option.getOrUndefined(secret), providerUrl: Option.getOrUndefined(url) }
})

/** The configuration from the environment. @since 0.1.0 */
export const fromEnv: Effect.Effect<HostConfig, EnvVariable.InvalidConfig> = Effect.gen(function*() {
  const listenPort = yield* port.read
  return {
    port: listenPort,
    host: yield* host.read,
    publicBaseUrl: Option.getOrElse(yield* publicBaseUrl.read, () => `http://localhost:${listenPort}`),
    adminToken: yield* adminToken.read,
    maxBodyBytes: yield* maxBodyBytes.read,
    policy: { ...Policy.defaults, allowCustomLeverUrl: yield* allowCustomLeverUrl.read },
    settingsPage: yield* settingsPage.read,
    logLevel: yield* logLevel.read,
    ...(yield* provider)
  }
})
