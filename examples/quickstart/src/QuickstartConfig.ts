/**
 * The example host's configuration, read from the environment once at start. A bad value stops the
 * start with a message that names the variable, never its value (`InvalidConfig`, exit code 1). Every
 * variable it reads is listed in {@link variables}; docs/operations.md shows them all in one generated
 * table (`node scripts/env-table.ts`).
 *
 * @since 0.1.0
 */
import { Environment, EnvVariable, LeverOAuthConfig } from "@fulcrum/core"
import { SecretCipher } from "@fulcrum/store-sql"
import { WorkerConfig } from "@fulcrum/worker-host"
import { Effect, type LogLevel, Option, type Redacted } from "effect"

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
  /** Where the in-process provider sandbox listens (`PROVIDER_SANDBOX_PORT`, default 4020). */
  readonly providerSandboxPort: number
  /**
   * An external assessment provider (`FULCRUM_PROVIDER_URL` and `FULCRUM_PROVIDER_SECRET`, both set);
   * none: the provider sandbox runs in this process.
   */
  readonly provider: Option.Option<WorkerConfig.ProviderConfig>
  readonly logLevel: LogLevel.LogLevel
  readonly logFormat: LogFormat
}

const { optional, withDefault } = EnvVariable

const port = withDefault(Environment.port, 3000)
const sandboxPort = withDefault(
  EnvVariable.port("LEVER_SANDBOX_PORT", "The quickstart's in-process Lever sandbox.", 0),
  4010
)
const providerSandboxPort = withDefault(
  EnvVariable.port("PROVIDER_SANDBOX_PORT", "The quickstart's in-process assessment provider sandbox, used unless `FULCRUM_PROVIDER_URL` is set.", 0),
  4020
)
const host = withDefault(Environment.host, "127.0.0.1")
const publicBaseUrl = optional(Environment.publicBaseUrl, "`http://127.0.0.1:PORT`")
const dataDir = withDefault(Environment.dataDir, "./.fulcrum")
const databaseUrl = optional(Environment.databaseUrl, "— (PGlite in the data dir)")
const secretKey = optional(Environment.secretKey, "generated into the data dir")
const adminToken = optional(Environment.adminToken, "generated into the data dir")
const logLevel = withDefault(Environment.logLevel, "Info", "`info`")
const logFormat = withDefault(
  EnvVariable.literals("LOG_FORMAT", "How the quickstart writes log lines: `pretty`, or `json` (one JSON object per line).", ["pretty", "json"], "pretty or json"),
  "pretty"
)

/** The variables the quickstart reads, for the docs table. @since 0.2.0 */
export const variables: ReadonlyArray<EnvVariable.Variable<unknown>> = [
  port,
  host,
  publicBaseUrl,
  dataDir,
  databaseUrl,
  secretKey,
  adminToken,
  sandboxPort,
  providerSandboxPort,
  optional(Environment.providerUrl, "— (the provider sandbox)"),
  optional(Environment.providerSecret, "— (the provider sandbox)"),
  withDefault(Environment.webhookTolerance, 300),
  ...WorkerConfig.operationsVariables,
  ...LeverOAuthConfig.variables,
  logLevel,
  logFormat
]

/**
 * Reads the configuration from the current `ConfigProvider` (the environment by default). Every value is
 * checked here, before anything is written or opened: a bad one is `InvalidConfig` (exit code 1).
 *
 * @since 0.1.0
 */
export const fromEnv: Effect.Effect<QuickstartConfig, EnvVariable.InvalidConfig> = Effect.gen(function*() {
  const config = yield* Effect.all({
    port: port.read,
    sandboxPort: sandboxPort.read,
    providerSandboxPort: providerSandboxPort.read,
    provider: WorkerConfig.provider,
    host: host.read,
    publicBaseUrl: publicBaseUrl.read,
    dataDir: dataDir.read,
    logLevel: logLevel.read,
    logFormat: logFormat.read,
    databaseUrl: databaseUrl.read,
    secretKey: secretKey.read,
    adminToken: adminToken.read
  })
  // A given key must parse, checked before the data directory is touched.
  if (Option.isSome(config.secretKey)) {
    yield* EnvVariable.check("FULCRUM_SECRET_KEY")(SecretCipher.parseKey("FULCRUM_SECRET_KEY", config.secretKey.value))
  }
  return config
})
