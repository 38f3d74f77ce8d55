/**
 * A runnable fake Lever: the API subset Fulcrum uses (under `/v1`), signed outbound webhooks, partner
 * OAuth, per-key rate limiting and fault injection, all in memory and on 127.0.0.1.
 *
 * Three ways to run it: `layer(options)` for Effect tests (a `LeverSandbox` service with `baseUrl`, the
 * control handle and the store), `start(options)` for Promise users, and the `fulcrum-lever-sandbox` CLI.
 *
 * @since 0.1.0
 */
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import { Clock, Context, Effect, Layer, ManagedRuntime } from "effect"
import { FetchHttpClient, type HttpClient, HttpRouter, HttpServer, type HttpServerError } from "effect/http"
import { createServer } from "node:http"
import * as Account from "./Account.ts"
import * as Control from "./Control.ts"
import * as ControlRoutes from "./ControlRoutes.ts"
import * as Faults from "./Faults.ts"
import * as OAuth from "./OAuth.ts"
import * as OAuthRoutes from "./OAuthRoutes.ts"
import * as RateLimiter from "./RateLimiter.ts"
import * as RequestLog from "./RequestLog.ts"
import * as Routes from "./Routes.ts"
import * as SandboxOptions from "./SandboxOptions.ts"
import * as Seed from "./Seed.ts"
import * as Settings from "./Settings.ts"
import * as Store from "./Store.ts"
import { randomToken } from "./Signature.ts"
import * as WebhookSender from "./WebhookSender.ts"
import { stableUuid } from "./internal/ids.ts"

export {
  /** The sandbox's seeded `AdminApiKey` (see `Seed`). @since 0.1.0 */
  AdminApiKey,
  /** The sandbox's seeded `ApiKeyIds` (see `Seed`). @since 0.1.0 */
  ApiKeyIds,
  /** The sandbox's seeded `ArchiveReasonIds` (see `Seed`). @since 0.1.0 */
  ArchiveReasonIds,
  /** The sandbox's seeded `ConfidentialApiKey` (see `Seed`). @since 0.1.0 */
  ConfidentialApiKey,
  /** The sandbox's seeded `OAuthAudience` (see `Seed`). @since 0.1.0 */
  OAuthAudience,
  /** The sandbox's seeded `OAuthClientId` (see `Seed`). @since 0.1.0 */
  OAuthClientId,
  /** The sandbox's seeded `OAuthClientSecret` (see `Seed`). @since 0.1.0 */
  OAuthClientSecret,
  /** The sandbox's seeded `OpportunityIds` (see `Seed`). @since 0.1.0 */
  OpportunityIds,
  /** The sandbox's seeded `PermanentApiKey` (see `Seed`). @since 0.1.0 */
  PermanentApiKey,
  /** The sandbox's seeded `PostingIds` (see `Seed`). @since 0.2.0 */
  PostingIds,
  /** The sandbox's seeded `SetupApiKey` (see `Seed`). @since 0.1.0 */
  SetupApiKey,
  /** The sandbox's seeded `StageIds` (see `Seed`). @since 0.1.0 */
  StageIds
} from "./Seed.ts"

/**
 * Sandbox options (see `SandboxOptions.Options`).
 *
 * @since 0.1.0
 */
export type Options = SandboxOptions.Options

/**
 * A running sandbox, as an Effect service.
 *
 * - `url`: the server root (`http://127.0.0.1:PORT`); OAuth is at `url + "/oauth/..."`, the control
 *   endpoints at `url + "/_sandbox/..."`.
 * - `baseUrl`: the Lever API base URL (`url + "/v1"`), what a Lever client is configured with.
 * - `control`: the Effect-based control handle.
 * - `store`: the in-memory account, for direct reads in tests.
 *
 * @since 0.1.0
 */
export class LeverSandbox extends Context.Service<LeverSandbox, {
  readonly url: string
  readonly baseUrl: string
  readonly port: number
  readonly control: Control.Control
  readonly store: Store.Store["Service"]
}>()("@fulcrum/lever-sandbox/LeverSandbox") {}

/**
 * The sandbox's services without an HTTP server: store, settings, faults, rate limiter, request log,
 * webhook sender (over `webhookClient`, by default `FetchHttpClient`), OAuth, account and control handle.
 *
 * @since 0.1.0
 */
export const layerCore = (
  options: SandboxOptions.Options = {},
  webhookClient: Layer.Layer<HttpClient.HttpClient> = FetchHttpClient.layer
): Layer.Layer<
  | Store.Store
  | Settings.Settings
  | Faults.Faults
  | RateLimiter.RateLimiter
  | RequestLog.RequestLog
  | WebhookSender.WebhookSender
  | OAuth.OAuth
  | Account.Account
  | Control.ControlHandle
> => {
  const resolved = SandboxOptions.resolve(options, Seed.oauthClient)
  // Extra keys get their ids (and, when not given, secrets) once, so `resetData` brings back the same keys.
  const extraKeys = resolved.apiKeys.map((key, i) => ({
    id: `key_${stableUuid(`extra-key:${i}:${key.key ?? key.name ?? ""}`)}`,
    name: key.name ?? `Sandbox key ${i + 1}`,
    key: key.key ?? `lsbx_${randomToken()}`,
    permissions: [...new Set(key.permissions)],
    confidential: key.confidential ?? false,
    revoked: false
  }))
  const seed = Effect.map(Clock.currentTimeMillis, (now) =>
    Seed.make({
      empty: resolved.empty,
      extraStages: resolved.extraStages,
      extraArchiveReasons: resolved.extraArchiveReasons,
      apiKeys: extraKeys.map((key) => ({ ...key, createdAt: now }))
    }, now))

  const StoreLive = Layer.unwrap(Effect.map(seed, Store.layer))
  const SettingsLive = Settings.layer(Settings.fromOptions(resolved))
  const Base = Layer.mergeAll(StoreLive, SettingsLive, Faults.layer)
  const Services = Layer.mergeAll(RateLimiter.layer, RequestLog.layer, OAuth.layer(resolved.oauth)).pipe(
    Layer.provideMerge(Base)
  )
  const Sender = WebhookSender.layer.pipe(
    Layer.provide(webhookClient),
    Layer.provideMerge(Services)
  )
  const AccountLive = Account.layer({ webUrl: resolved.webUrl }).pipe(Layer.provideMerge(Sender))
  const Core = Control.layer(seed).pipe(Layer.provideMerge(AccountLive))
  return resolved.clock === "live" ? Core.pipe(Layer.provide(LiveClock)) : Core
}

// The real clock, whatever Clock the surrounding context has (e.g. a TestClock under `it.effect`).
const LiveClock = Layer.succeed(Clock.Clock, Clock.Clock.defaultValue())

/**
 * The sandbox as a layer: starts an HTTP server on `options.host` (default 127.0.0.1) and
 * `options.port` (default 0, a random free port) and provides the `LeverSandbox` service. The server
 * stops when the layer's scope closes.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { LeverSandbox } from "@fulcrum/lever-sandbox"
 *
 * const program = Effect.gen(function*() {
 *   const sandbox = yield* LeverSandbox.LeverSandbox
 *   const candidate = yield* sandbox.control.createOpportunity({ name: "Ada" })
 *   yield* sandbox.control.moveToStage(candidate.id, LeverSandbox.StageIds.technicalAssessment)
 * }).pipe(Effect.provide(LeverSandbox.layer({ webhooks: { retryBaseDelayMs: 50 } })))
 * ```
 *
 * @since 0.1.0
 */
export const layer = (options: SandboxOptions.Options = {}): Layer.Layer<LeverSandbox, HttpServerError.ServeError> => {
  const resolved = SandboxOptions.resolve(options, Seed.oauthClient)
  const Core = layerCore(options)
  const Server = NodeHttpServer.layer(createServer, { port: resolved.port, host: resolved.host })

  const Sandbox = Layer.effect(
    LeverSandbox,
    Effect.gen(function*() {
      const server = yield* HttpServer.HttpServer
      const control = yield* Control.ControlHandle
      const store = yield* Store.Store
      const address = server.address
      const port = address._tag === "UnixPathAddress" ? 0 : address.port
      const url = HttpServer.formatAddress(address).replace(/\/+$/, "")
      return LeverSandbox.of({ url, baseUrl: `${url}${Routes.BasePath}`, port, control, store })
    })
  )

  const Serve = HttpRouter.serve(
    Layer.mergeAll(Routes.layer, OAuthRoutes.layer, ControlRoutes.layer(describe)),
    { disableLogger: true, disableListenLog: true }
  )

  const Live = Layer.mergeAll(Sandbox, Serve).pipe(Layer.provide(Core), Layer.provide(Server))
  return resolved.clock === "live" ? Live.pipe(Layer.provide(LiveClock)) : Live
}

/**
 * What `GET /_sandbox` and the CLI show: URLs, the seeded keys (a local fake, so their secrets too), the
 * OAuth client, and the control endpoints.
 *
 * @since 0.1.0
 */
export const describe = (url: string): Readonly<Record<string, unknown>> => ({
  name: "Fulcrum Lever sandbox",
  url,
  baseUrl: `${url}${Routes.BasePath}`,
  oauth: {
    authorizeUrl: `${url}/oauth/authorize`,
    tokenUrl: `${url}/oauth/token`,
    clientId: Seed.OAuthClientId,
    clientSecret: Seed.OAuthClientSecret,
    audience: Seed.OAuthAudience
  },
  apiKeys: Seed.apiKeys(0).map((k) => ({
    id: k.id,
    name: k.name,
    key: k.key,
    permissions: k.permissions,
    confidential: k.confidential
  })),
  control: `${url}${ControlRoutes.BasePath}`
})

/**
 * `start` options: the sandbox options (port defaults to 0, a random free port).
 *
 * @since 0.1.0
 */
export type StartOptions = SandboxOptions.Options

/**
 * A sandbox started with `start`.
 *
 * @since 0.1.0
 */
export interface Running {
  readonly url: string
  readonly baseUrl: string
  readonly port: number
  /** The control handle with Promises. */
  readonly control: Control.Promised<Control.Control>
  /** The Effect-based control handle, for callers that use Effect after all. */
  readonly controlEffect: Control.Control
  /** Stops the server and in-flight webhook deliveries. */
  readonly stop: () => Promise<void>
}

/**
 * Starts a sandbox without Effect.
 *
 * @example
 * ```ts
 * import { LeverSandbox } from "@fulcrum/lever-sandbox"
 *
 * const sandbox = await LeverSandbox.start({ port: 4010 })
 * console.log(sandbox.baseUrl) // http://127.0.0.1:4010/v1
 * await sandbox.control.faults.failNext(2, 429)
 * await sandbox.stop()
 * ```
 *
 * @since 0.1.0
 */
export const start = async (options: StartOptions = {}): Promise<Running> => {
  const runtime = ManagedRuntime.make(layer(options))
  const sandbox = await runtime.runPromise(Effect.service(LeverSandbox))
  return {
    url: sandbox.url,
    baseUrl: sandbox.baseUrl,
    port: sandbox.port,
    control: Control.toPromise(sandbox.control),
    controlEffect: sandbox.control,
    stop: () => runtime.dispose()
  }
}
