/**
 * `fulcrum-http` as Layers: the configuration from the environment, the SQL stores, Lever over HTTP,
 * Lever's signature check, and the routes served by Node's HTTP server. Events are processed by
 * `fulcrum-worker` processes on the same PostgreSQL database (or, on embedded PGlite, in the same process:
 * see the quickstart example).
 *
 * @since 0.1.0
 */
import * as NodeCrypto from "@effect/platform-node/NodeCrypto"
import { ConfigStoreCache, EnvVariable, LeverOAuthConfig, Policy, ReceiveProviderWebhook } from "@fulcrum/core"
import { LeverHttp, LeverOAuthHttp } from "@fulcrum/lever-http"
import { SignatureVerifierLever } from "@fulcrum/signature-lever"
import { HeapTuning } from "@fulcrum/node-process"
import { Otel, PrometheusEndpoint } from "@fulcrum/observability"
import { SchedulerHttp } from "@fulcrum/scheduler-http"
import { Database, SecretCipher, Stores } from "@fulcrum/store-sql"
import { Effect, Layer, Option } from "effect"
import { HttpRouter } from "effect/http"
import * as AdminAuthLayer from "./AdminAuthLayer.ts"
import * as HostConfig from "./HostConfig.ts"
import * as HostLogging from "./HostLogging.ts"
import { HostOptions } from "./HostOptions.ts"
import * as HttpHost from "./HttpHost.ts"
import * as SettingsPage from "./SettingsPage.ts"
import * as WebhookFastPath from "./WebhookFastPath.ts"

/**
 * The routes served with a configuration (the settings page at `/` unless `settingsPage` is false) and
 * `GET /metrics` (Prometheus text): everything but the store, Lever and the server, which the caller
 * provides (tests use memory stores and a fake Lever).
 *
 * @since 0.1.0
 */
export const layerServing = (config: Omit<HostConfig.HostConfig, "logLevel">) =>
  HttpRouter.serve(
    // The page first: the fallback's catch-all route would otherwise shadow `GET /`.
    Layer.merge(
      config.settingsPage === false ? HttpHost.layerRoutes : Layer.merge(SettingsPage.layer(), HttpHost.layerRoutes),
      PrometheusEndpoint.layerRoute
    ),
    { disableLogger: true, disableListenLog: true }
  ).pipe(
    Layer.provide(AdminAuthLayer.layer({ operatorToken: config.adminToken })),
    Layer.provide(Layer.succeed(HostOptions, {
      publicBaseUrl: config.publicBaseUrl,
      maxBodyBytes: config.maxBodyBytes,
      ...(config.settingsPage === false ? {} : { settingsPagePath: "/" })
    })),
    Layer.provide(Layer.succeed(Policy.Policy, config.policy)),
    Layer.provide(providerCatalog(config)),
    Layer.provide(layerProviderWebhooks(config))
  )

/**
 * What provider webhooks are verified with: the deployment's provider secret (none: every one is refused)
 * and node:crypto's HMAC for their Standard Webhooks signatures (Web Crypto's otherwise). `layerServing`
 * provides it to its routes; a server with `WebhookFastPath` in front needs it too, since the fast path
 * answers with the services the server is built with.
 *
 * @since 0.2.0
 */
export const layerProviderWebhooks = (config: Pick<HostConfig.HostConfig, "providerSecret">) =>
  Layer.merge(
    Layer.succeed(ReceiveProviderWebhook.ProviderSecret, Option.fromNullishOr(config.providerSecret)),
    NodeCrypto.layerMac
  )

/**
 * The assessment provider over its protocol, when `FULCRUM_PROVIDER_URL` is set: setup reads its
 * interview types through it (invites are the worker's). Without it, nothing: setup answers
 * `ProviderNotConfigured` and takes the provider's ids as typed.
 */
const providerCatalog = (config: Pick<HostConfig.HostConfig, "providerUrl" | "providerSecret">) =>
  config.providerUrl === undefined || config.providerSecret === undefined
    ? Layer.empty
    : SchedulerHttp.layerFetch({
      baseUrl: config.providerUrl,
      secret: config.providerSecret,
      // Someone is waiting at the settings page: a short wait, a single retry.
      timeoutMs: 5_000,
      retry: { maxAttempts: 2, maxElapsedMs: 8_000 }
    }).pipe(
      Layer.catchTag("InvalidOptions", (error) => Layer.effectContext(Effect.fail(EnvVariable.invalid("FULCRUM_PROVIDER_URL", error.message))))
    )

/**
 * The process's logging: JSON lines at `LOG_LEVEL` (a bad value is reported by the configuration check,
 * which names it). Tracing is off unless `layerFromEnv` finds an OTLP endpoint.
 *
 * @since 0.1.0
 */
export const logging = Layer.unwrap(Effect.map(HostConfig.fromEnv, (config) => HostLogging.layer(config.logLevel)))

/**
 * OpenTelemetry export from the `OTEL_*` variables (`@fulcrum/observability`'s `Otel`), its errors as
 * `InvalidConfig` (exit code 1).
 *
 * @since 0.1.0
 */
export const observability = Otel.layerFromEnv("fulcrum-http")

/**
 * The whole process from the environment. Every variable is checked before anything is opened (a bad one
 * exits 1); a database that cannot be opened at start exits 2 (`DatabaseUnavailable`).
 *
 * @since 0.1.0
 */
export const layerFromEnv = Layer.unwrap(Effect.gen(function*() {
  const config = yield* HostConfig.fromEnv
  const cipher = yield* SecretCipher.fromConfig
  const StoresLive = Stores.layer.pipe(
    Layer.provide(Layer.merge(Database.layerFromEnv, Layer.succeed(SecretCipher.SecretCipher, cipher)))
  )
  // One settings/signing-token cache for the whole process: admin writes made here drop what they
  // changed, so the next webhook sees them; another process's writes show within a second.
  const Core = Layer.mergeAll(
    SignatureVerifierLever.layerConfig,
    LeverHttp.layerFetch(),
    LeverOAuthHttp.layerFetch(),
    LeverOAuthConfig.layerConfig
  ).pipe(
    Layer.provideMerge(ConfigStoreCache.layer().pipe(Layer.provideMerge(StoresLive)))
  )
  const Listening = Layer.effectDiscard(
    Effect.logInfo(`fulcrum-http listening on ${config.host}:${config.port}; public URL ${config.publicBaseUrl}`).pipe(
      Effect.andThen(Effect.sync(HeapTuning.serving))
    )
  )
  return Listening.pipe(
    Layer.provide(layerServing(config)),
    // The webhooks on their fast path (ADR 0014), with the routes' body limit and provider secret.
    Layer.provide(WebhookFastPath.layerNodeServer({ maxBodyBytes: config.maxBodyBytes }, {
      port: config.port,
      host: config.host,
      gracefulShutdownTimeout: "10 seconds"
    }).pipe(Layer.provide(layerProviderWebhooks(config)))),
    Layer.provide(Core),
    Layer.provide(observability)
  )
}))
