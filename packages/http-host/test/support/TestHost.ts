/**
 * The HTTP host in the test process: `HttpHostProcess.layerServing` (the composition `fulcrum-http`
 * serves) on a Node server at a random port of 127.0.0.1, over memory stores, Lever's signature check
 * and Lever over HTTP, with an in-process Lever sandbox as the teams' Lever. Nothing processes events
 * (that is the worker's job): these tests are about what the HTTP surface answers.
 *
 * Every response the host gives the test (typed client and raw requests alike) and every log line it
 * writes, at every level, are kept, so a test can search them for secrets. The operator token and the
 * sandbox keys the tests use are recognisable strings for that reason.
 */
import { NodeHttpServer } from "@effect/platform-node"
import { FulcrumClient } from "@fulcrum/api"
import { EventInbox, LeverOAuthConfig, MemoryStores, Policy, SecurityLog, SignatureVerifierMemory } from "@fulcrum/core"
import { LeverHttp, LeverOAuthHttp } from "@fulcrum/lever-http"
import { LeverSandbox, Permission } from "@fulcrum/lever-sandbox"
import { Context, Effect, Layer, Logger, Redacted, References } from "effect"
import { FetchHttpClient, HttpServer } from "effect/http"
import { createServer } from "node:http"
import { HttpHostProcess, WebhookFastPath } from "../../src/index.ts"

/** The operator's token (`FULCRUM_ADMIN_TOKEN`). */
export const operatorToken = "operator-token-SECRET-5c1d7e0a9b3f"
/** A Lever setup key of the sandbox account (stages, archive reasons, tags, webhooks). */
export const setupKey = "setup-key-SECRET-8e2a4c6b0d1f"
/** A Lever permanent key of the sandbox account (runtime permissions). */
export const permanentKey = "permanent-key-SECRET-3b9f1a7c5e2d"

/** The assessment provider's shared secret (`FULCRUM_PROVIDER_SECRET`). */
export const providerSecret = "whsec_cHJvdmlkZXItc2VjcmV0LVNFQ1JFVC0wMTIzNDU2Nzg5"

/** The body limit the test host is configured with. */
export const maxBodyBytes = 8_192

/** One answer of the host: what was asked, the status, and the body as text. */
export interface Exchange {
  readonly method: string
  readonly url: string
  readonly status: number
  readonly body: string
}

/** A raw answer: status, headers and body (parsed when it is JSON). */
export interface RawResponse {
  readonly status: number
  readonly headers: Headers
  readonly text: string
  readonly json: unknown
}

export class TestHost extends Context.Service<TestHost, {
  /** The host's origin, e.g. `http://127.0.0.1:43121`. */
  readonly url: string
  readonly sandbox: LeverSandbox.LeverSandbox["Service"]
  /** A typed client with the operator's token, or with `token`. */
  readonly client: (token?: string) => Effect.Effect<FulcrumClient.Client>
  /**
   * A request exactly as given (no client-side encoding or validation); `chunked` streams the body
   * without a `content-length`.
   */
  readonly request: (
    method: string,
    path: string,
    init?: { readonly headers?: Record<string, string>; readonly body?: string; readonly chunked?: boolean }
  ) => Effect.Effect<RawResponse>
  /** Every answer the host gave so far. */
  readonly exchanges: () => ReadonlyArray<Exchange>
  /** Every log line the host wrote so far, as JSON. */
  readonly logs: () => ReadonlyArray<string>
  /** The security log (rejected webhooks), as JSON. */
  readonly securityLog: Effect.Effect<string>
}>()("http-host/test/TestHost") {}

/** The `Authorization` header of a bearer token. */
export const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

const sandboxLayer = LeverSandbox.layer({
  rateLimit: false,
  webhooks: { retryBaseDelayMs: 50, maxRetries: 2, timeoutMs: 5_000 },
  apiKeys: [
    { name: "Recognisable setup key", key: setupKey, permissions: [...Permission.setup] },
    { name: "Recognisable permanent key", key: permanentKey, permissions: [...Permission.permanent] }
  ]
})

/** A body sent in two chunks, so it has no declared length. */
const streamed = (text: string): RequestInit => {
  const bytes = new TextEncoder().encode(text)
  const half = Math.floor(bytes.length / 2)
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes.slice(0, half))
      controller.enqueue(bytes.slice(half))
      controller.close()
    }
  })
  // Node's fetch streams a request body only in half-duplex mode.
  return { body, duplex: "half" } as RequestInit
}

/** A switch for the webhook fast path of a test host, and how many requests it took. */
export interface FastPathSwitch {
  on: boolean
  taken: number
}

/** How a test host differs from the default one. */
export interface Options {
  /** The assessment provider's base URL (`FULCRUM_PROVIDER_URL`), signed with {@link providerSecret}. */
  readonly providerUrl?: string
  /**
   * Serve with `WebhookFastPath` in front of Effect's server, as `fulcrum-http` does, while `on` is
   * true; tracing off (as in `fulcrum-http` without an OTLP endpoint), the fast path's condition.
   */
  readonly fastPath?: FastPathSwitch
  /** Run before every `EventInbox.accept` (a test holds a delivery in flight with it). */
  readonly beforeAccept?: Effect.Effect<void>
}

/** The memory stores, with `beforeAccept` ahead of every accept when given. */
const storesLayer = (beforeAccept: Effect.Effect<void> | undefined) =>
  beforeAccept === undefined ? MemoryStores.layer : Layer.effect(
    EventInbox.EventInbox,
    Effect.map(EventInbox.EventInbox, (inbox: EventInbox.EventInbox["Service"]) =>
      EventInbox.EventInbox.of({ ...inbox, accept: (event) => Effect.andThen(beforeAccept, inbox.accept(event)) }))
  ).pipe(Layer.provideMerge(MemoryStores.layer))

const serverLayer = (fastPath: FastPathSwitch | undefined) =>
  fastPath === undefined
    ? NodeHttpServer.layer(createServer, { port: 0, host: "127.0.0.1" })
    : Layer.unwrap(Effect.map(WebhookFastPath.make({ maxBodyBytes }), (dispatch) =>
      NodeHttpServer.layer(() =>
        WebhookFastPath.serveFirst(createServer(), (request, response) => {
          if (!fastPath.on || !dispatch(request, response)) return false
          fastPath.taken++
          return true
        }), { port: 0, host: "127.0.0.1" }))).pipe(
      Layer.provide(HttpHostProcess.layerProviderWebhooks({ providerSecret: Redacted.make(providerSecret) }))
    )

/** A fresh host, sandbox and stores for each use of the layer. */
export const layerWith = (options: Options = {}): Layer.Layer<TestHost, unknown> => Layer.unwrap(Effect.sync(() => {
  const logs: Array<string> = []
  const exchanges: Array<Exchange> = []
  const recordingFetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init)
    const response = await globalThis.fetch(request)
    exchanges.push({ method: request.method, url: request.url, status: response.status, body: await response.clone().text() })
    return response
  }
  const Capture = Layer.mergeAll(
    Logger.layer([Logger.make((options) => void logs.push(Logger.formatJson.log(options)))]),
    Layer.succeed(References.MinimumLogLevel, "All"),
    options.fastPath === undefined ? Layer.empty : Layer.succeed(References.TracerEnabled, false)
  )
  // Lever's OAuth token endpoint, as in `fulcrum-http`, with the sandbox's partner client configured
  // (as FULCRUM_LEVER_OAUTH_CLIENT_ID/SECRET would), so Connect to Lever works against the sandbox.
  const Core = Layer.mergeAll(
    SignatureVerifierMemory.layer,
    LeverHttp.layerFetch({ rateLimit: false, retry: { maxRetries: 1, baseDelay: "20 millis" } }),
    LeverOAuthHttp.layerFetch(),
    Layer.succeed(LeverOAuthConfig.LeverOAuthConfig, {
      ...LeverOAuthConfig.notConfigured,
      client: { clientId: LeverSandbox.OAuthClientId, clientSecret: Redacted.make(LeverSandbox.OAuthClientSecret) }
    })
  ).pipe(Layer.provideMerge(storesLayer(options.beforeAccept)))
  const Serving = Layer.unwrap(Effect.map(HttpServer.HttpServer, (server) =>
    HttpHostProcess.layerServing({
      port: 0,
      host: "127.0.0.1",
      publicBaseUrl: HttpServer.formatAddress(server.address),
      adminToken: Redacted.make(operatorToken),
      maxBodyBytes,
      providerSecret: Redacted.make(providerSecret),
      providerUrl: options.providerUrl,
      policy: { ...Policy.defaults, allowCustomLeverUrl: true }
    })))
  // Fresh: the sandbox and the Lever client build `FetchHttpClient.layer` too, and a memoized build
  // would not send through the recorder.
  const Http = Layer.fresh(FetchHttpClient.layer).pipe(Layer.provide(Layer.succeed(FetchHttpClient.Fetch, recordingFetch)))

  const Service = Layer.effect(TestHost, Effect.gen(function*() {
    const server = yield* HttpServer.HttpServer
    const sandbox = yield* LeverSandbox.LeverSandbox
    const security = yield* SecurityLog.SecurityLog
    const url = HttpServer.formatAddress(server.address)
    return TestHost.of({
      url,
      sandbox,
      client: (token = operatorToken) =>
        FulcrumClient.make({ baseUrl: url, token: Redacted.make(token) }).pipe(Effect.provide(Http)),
      request: (method, path, init = {}) =>
        Effect.promise(async () => {
          const response = await recordingFetch(`${url}${path}`, {
            method,
            headers: init.headers ?? {},
            ...(init.body === undefined ? {} : init.chunked === true ? streamed(init.body) : { body: init.body })
          })
          const text = await response.text()
          let json: unknown = undefined
          try {
            json = JSON.parse(text)
          } catch {
            // not JSON: `text` says what it was
          }
          return { status: response.status, headers: response.headers, text, json }
        }),
      exchanges: () => [...exchanges],
      logs: () => [...logs],
      securityLog: Effect.map(Effect.orDie(security.list({ limit: 1_000 })), (entries) => JSON.stringify(entries))
    })
  }))

  return Service.pipe(
    Layer.provideMerge(Serving),
    Layer.provideMerge(serverLayer(options.fastPath)),
    Layer.provideMerge(Core),
    Layer.provideMerge(sandboxLayer),
    Layer.provide(Capture)
  )
}))

/** The default test host: no assessment provider configured. */
export const layer: Layer.Layer<TestHost, unknown> = layerWith()
