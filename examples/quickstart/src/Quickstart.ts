/**
 * The whole example as one Layer: the Lever sandbox, the stores on PGlite (or PostgreSQL), Lever over
 * HTTP, the signature verifier, the demo interview scheduler, the HTTP host (`@fulcrum/http-host`: the
 * whole API, `/openapi.json`, `/docs`), the in-process worker, and the demo team — composed, never
 * re-implemented. Building the layer starts everything (the worker and the scheduled jobs last, once the
 * demo team is set up); closing its scope stops it in reverse order (the worker hands back its events,
 * the HTTP server drains, the database closes, the sandbox stops).
 *
 * `main.ts` launches it; the test builds it in-process on port 0.
 *
 * @since 0.1.0
 */
import { FulcrumClient } from "@fulcrum/api"
import { LeverOAuthConfig, Policy, StandardWebhooks } from "@fulcrum/core"
import { HostOptions, HttpHostProcess, WebhookFastPath } from "@fulcrum/http-host"
import { HeapTuning } from "@fulcrum/node-process"
import { LeverHttp, LeverOAuthHttp } from "@fulcrum/lever-http"
import { LeverSandbox } from "@fulcrum/lever-sandbox"
import { ProviderSandbox } from "@fulcrum/provider-sandbox"
import { SchedulerHttp } from "@fulcrum/scheduler-http"
import { SignatureVerifierLever } from "@fulcrum/signature-lever"
import { Database, DatabaseUnavailable, SecretCipher, Stores } from "@fulcrum/store-sql"
import { WorkerConfig, WorkerHost } from "@fulcrum/worker-host"
import { Context, Effect, Layer, Option, type Redacted, Schema } from "effect"
import { FetchHttpClient, HttpServer, type HttpServerError } from "effect/http"
import { existsSync } from "node:fs"
import { hostname } from "node:os"
import { fileURLToPath } from "node:url"
import * as DataDir from "./DataDir.ts"
import * as DemoTeam from "./DemoTeam.ts"
import * as SandboxWebhooks from "./SandboxWebhooks.ts"
import type { QuickstartConfig } from "./QuickstartConfig.ts"

/**
 * A running example: where it listens, where Lever (the sandbox) is, where its data lives, what the
 * demo team's setup did at this start, and a typed client of its own API (operator token).
 *
 * @since 0.1.0
 */
export class Quickstart extends Context.Service<Quickstart, {
  /** Where this host answers locally, e.g. `http://127.0.0.1:3000`. */
  readonly url: string
  /** The origin Lever is told to call (webhook URLs). */
  readonly publicBaseUrl: string
  readonly sandbox: { readonly url: string; readonly baseUrl: string }
  /** The assessment provider: the in-process sandbox (`external: false`) or `FULCRUM_PROVIDER_URL`. */
  readonly provider: { readonly url: string; readonly external: boolean }
  readonly dataDir: DataDir.DataDir
  readonly database: "pglite" | "postgres"
  readonly demoTeam: DemoTeam.Outcome
  /** This host's admin API, called with the operator token, as an admin's script would. */
  readonly client: FulcrumClient.Client
}>()("@fulcrum/example-quickstart/Quickstart") {}

/** A port could not be listened on (usually: another process has it); `variable` says which setting. @since 0.1.0 */
export class PortUnavailable extends Schema.TaggedError<PortUnavailable>()("PortUnavailable", {
  variable: Schema.String,
  message: Schema.String
}) {}

/** Turns a listen failure into a message that names the setting to change. */
const listenFailure = (variable: string, address: string) => (error: HttpServerError.ServeError) =>
  Layer.effectContext(Effect.fail(
    new PortUnavailable({
      variable,
      message: `cannot listen on ${address} (${error.cause instanceof Error ? error.cause.message : "listen failed"}); ` +
        `stop what uses it or choose another ${variable}`
    })
  ))

/**
 * Where the migrated PGlite template lives (made on the first start on this machine, then copied into
 * every new data directory: a first start without PGlite's initdb). Under `node_modules/.cache`, so it
 * is never committed, and outside the data directory, so deleting that to reset the example keeps it.
 */
const templateCache = fileURLToPath(new URL("../node_modules/.cache/fulcrum", import.meta.url))

/** Hosts that mean "every interface" are reached on loopback from this machine. */
const localHost = (host: string) => (host === "0.0.0.0" || host === "::" || host === "" ? "127.0.0.1" : host)

/**
 * The demo team points at the sandbox, a custom Lever URL, so the example always allows custom URLs
 * (`fulcrum-http` reads `FULCRUM_ALLOW_CUSTOM_LEVER_URL` instead).
 */
const policy: Policy.PolicyShape = { ...Policy.defaults, allowCustomLeverUrl: true }

/**
 * Where the listening server answers locally, and the origin Lever is told to call: `PUBLIC_BASE_URL`,
 * else the bound port on loopback (known only once the server listens; port 0 in tests).
 */
const addresses = (config: QuickstartConfig) =>
  HttpServer.HttpServer.useSync((server) => {
    const port = server.address._tag === "UnixPathAddress" ? config.port : server.address.port
    return {
      port,
      url: `http://${localHost(config.host)}:${port}`,
      publicBaseUrl: Option.getOrElse(config.publicBaseUrl, () => `http://127.0.0.1:${port}`)
    }
  })

/**
 * The assessment provider: an external one (`FULCRUM_PROVIDER_URL`, `FULCRUM_PROVIDER_SECRET`), or the
 * provider sandbox in this process with a fresh secret, its result webhooks sent to this host.
 */
class Provider extends Context.Service<Provider, {
  readonly url: string
  readonly secret: Redacted.Redacted<string>
  readonly sandbox: Option.Option<ProviderSandbox.Sandbox>
}>()("@fulcrum/example-quickstart/Provider") {}

const providerLayer = (config: QuickstartConfig) =>
  Option.match(config.provider, {
    onSome: (external) => Layer.succeed(Provider, { ...external, sandbox: Option.none() }),
    onNone: () =>
      Layer.effect(
        Provider,
        Effect.acquireRelease(
          Effect.tryPromise({
            try: () =>
              ProviderSandbox.start({
                port: config.providerSandboxPort,
                secret: StandardWebhooks.generateSecret(),
                webhookRetryDelayMs: 500
              }),
            catch: (error) =>
              new PortUnavailable({
                variable: "PROVIDER_SANDBOX_PORT",
                message: `cannot listen on 127.0.0.1:${config.providerSandboxPort} (${
                  error instanceof Error ? error.message : "listen failed"
                }); stop what uses it or choose another PROVIDER_SANDBOX_PORT`
              })
          }),
          (sandbox) => Effect.promise(() => sandbox.close())
        ).pipe(Effect.map((sandbox) => ({ url: sandbox.url, secret: sandbox.secret, sandbox: Option.some(sandbox) })))
      )
  })

const make = (config: QuickstartConfig, dataDir: DataDir.DataDir) => {
  const SandboxLive = LeverSandbox.layer({ port: config.sandboxPort, host: "127.0.0.1" }).pipe(
    Layer.catchTag("ServeError", listenFailure("LEVER_SANDBOX_PORT", `127.0.0.1:${config.sandboxPort}`))
  )
  const ProviderLive = providerLayer(config)
  // Invites go to the provider over the protocol, as `fulcrum-worker` with FULCRUM_SCHEDULER=http sends them.
  const SchedulerLive = Layer.unwrap(Effect.map(Provider.useSync((provider) => provider), (provider) =>
    Layer.orDie(SchedulerHttp.layerFetch({ baseUrl: provider.url, secret: provider.secret }))))

  // A database that cannot be opened (unreachable, or the data directory held by another process) exits 2.
  const DatabaseLive = Option.match(config.databaseUrl, {
    onSome: (url) =>
      DatabaseUnavailable.atStart(Database.layerPg({ url }), { database: "postgres", where: "PostgreSQL (DATABASE_URL)" }),
    onNone: () =>
      DatabaseUnavailable.atStart(Database.layerPglite({ dataDir: dataDir.pgdata, templateCache }), {
        database: "pglite",
        where: `PGlite in ${dataDir.pgdata}`
      })
  })
  // Parsed here rather than by `SecretCipher.layer` so a bad key is reported by where it came from.
  const CipherLive = Layer.effect(
    SecretCipher.SecretCipher,
    SecretCipher.parseKey(
      dataDir.secretKey.source === "environment" ? "FULCRUM_SECRET_KEY" : dataDir.secretKey.file,
      dataDir.secretKey.value
    ).pipe(Effect.flatMap((current) => SecretCipher.make({ current })))
  )
  const StoresLive = Stores.layer.pipe(Layer.provide(Layer.merge(DatabaseLive, CipherLive)))

  // The core's environment: what the HTTP host, the worker and the demo team setup all run on.
  const CoreLive = Layer.mergeAll(
    SignatureVerifierLever.layerConfig,
    LeverHttp.layerFetch(),
    LeverOAuthHttp.layerFetch(),
    LeverOAuthConfig.layerConfig,
    SchedulerLive,
    Layer.succeed(Policy.Policy, policy)
  ).pipe(Layer.provideMerge(StoresLive), Layer.provideMerge(ProviderLive))

  // The webhooks on the fast path, as in `fulcrum-http` (ADR 0014), with the provider's secret.
  const ServerLive = WebhookFastPath.layerNodeServer({ maxBodyBytes: HostOptions.defaultMaxBodyBytes }, {
    port: config.port,
    host: config.host,
    gracefulShutdownTimeout: "10 seconds"
  }).pipe(
    Layer.provide(Layer.unwrap(Effect.map(Provider.useSync((provider) => provider), (provider) =>
      HttpHostProcess.layerProviderWebhooks({ providerSecret: provider.secret })))),
    Layer.catchTag("ServeError", listenFailure("PORT", `${config.host}:${config.port}`))
  )
  // The same routes, authentication and fallbacks as `fulcrum-http`; the operator token is the data dir's.
  const HttpHostLive = Layer.unwrap(Effect.gen(function*() {
    const { port, publicBaseUrl } = yield* addresses(config)
    const provider = yield* Provider
    return HttpHostProcess.layerServing({
      port,
      host: config.host,
      publicBaseUrl,
      adminToken: dataDir.adminToken.value,
      maxBodyBytes: HostOptions.defaultMaxBodyBytes,
      providerSecret: provider.secret,
      policy
    })
  }))
  // The scheduled jobs read FULCRUM_HEALTH_INTERVAL_SECONDS and FULCRUM_RETENTION_DAYS as the worker does;
  // the webhooks must point at this process's own public URL.
  const Scheduled = Layer.unwrap(Effect.gen(function*() {
    const operations = yield* WorkerConfig.operations
    const { publicBaseUrl } = yield* addresses(config)
    return Layer.merge(
      WorkerHost.layerMaintenance({ retentionMs: operations.retentionMs }),
      WorkerHost.layerHealth({ intervalMs: operations.healthIntervalMs, publicBaseUrl })
    )
  }))
  // Built after the demo team's setup (below), so their statements do not queue behind the worker's
  // first claims on PGlite's single connection while the banner waits; events that arrive meanwhile
  // wait in the inbox.
  const Background = Layer.mergeAll(
    WorkerHost.layerWorker({ workerId: `quickstart-${hostname()}-${process.pid}`, shutdownGraceMs: 5_000 }),
    Scheduled,
    WorkerHost.layerInviteExpiry()
  )

  // Built after `HttpHostLive`, so the demo team's setup calls and the sandbox's Verify-connection ping
  // find the routes listening.
  const Running = Layer.effect(
    Quickstart,
    Effect.gen(function*() {
      const { publicBaseUrl, url } = yield* addresses(config)
      const sandbox = yield* LeverSandbox.LeverSandbox
      const provider = yield* Provider
      // The provider sandbox's result webhooks come to this host.
      Option.map(provider.sandbox, (running) => running.setFulcrumUrl(publicBaseUrl))
      const client = yield* FulcrumClient.make({ baseUrl: url, token: dataDir.adminToken.value }).pipe(
        Effect.provide(FetchHttpClient.layer)
      )
      // The webhooks of the last start first, so the demo team finds its registrations valid.
      yield* SandboxWebhooks.restore(sandbox.control, dataDir.path)
      const demoTeam = yield* DemoTeam.ensure({ sandbox, client, publicBaseUrl })
      yield* SandboxWebhooks.save(sandbox.control, dataDir.path)
      HeapTuning.serving()
      return Quickstart.of({
        url,
        publicBaseUrl,
        sandbox: { url: sandbox.url, baseUrl: sandbox.baseUrl },
        provider: { url: provider.url, external: Option.isNone(provider.sandbox) },
        dataDir,
        database: Option.isSome(config.databaseUrl) ? "postgres" : "pglite",
        demoTeam,
        client
      })
    })
  )

  return Background.pipe(
    Layer.provideMerge(Running),
    Layer.provide(HttpHostLive),
    Layer.provideMerge(ServerLive),
    Layer.provideMerge(CoreLive),
    Layer.provideMerge(SandboxLive)
  )
}

/**
 * The example, started from a configuration: prepares the data dir (secrets made on first start), then
 * builds everything. Provides `Quickstart`, the sandbox, the demo scheduler's control handle and the
 * core's ports, so tests and the `--demo` walk-through can look inside.
 *
 * @since 0.1.0
 */
export const layer = (config: QuickstartConfig) =>
  Layer.unwrap(Effect.gen(function*() {
    const dataDir = yield* DataDir.prepare({
      dataDir: config.dataDir,
      secretKey: config.secretKey,
      adminToken: config.adminToken
    })
    // Opening PGlite takes a few seconds (longer the first time): say what the wait is.
    const firstStart = Option.isNone(config.databaseUrl) && !existsSync(dataDir.pgdata)
    yield* Effect.logInfo(
      firstStart ? "starting Fulcrum quickstart: first start, creating its database" : "starting Fulcrum quickstart"
    ).pipe(Effect.annotateLogs({
      database: Option.isSome(config.databaseUrl) ? "PostgreSQL (DATABASE_URL)" : `PGlite in ${dataDir.pgdata}`,
      secretKey: dataDir.secretKey.source,
      adminToken: dataDir.adminToken.source
    }))
    return make(config, dataDir)
  }))
