/**
 * Fulcrum as `fulcrum-http` serves it (the API and the settings page, `HttpHostProcess.layerServing`)
 * with the worker beside it, on memory stores, against an in-process Lever sandbox whose partner OAuth
 * client is configured: everything the page needs, on random ports of 127.0.0.1, built once per file.
 */
import { NodeHttpServer } from "@effect/platform-node"
import { FulcrumClient } from "@fulcrum/api"
import { InterviewSchedulerMemory, LeverOAuthConfig, MemoryStores, Policy, SignatureVerifierMemory } from "@fulcrum/core"
import { HttpHostProcess } from "../../src/index.ts"
import { LeverHttp, LeverOAuthHttp } from "@fulcrum/lever-http"
import { LeverSandbox } from "@fulcrum/lever-sandbox"
import { WorkerHost } from "@fulcrum/worker-host"
import { Context, Effect, Layer, Logger, ManagedRuntime, Redacted } from "effect"
import { FetchHttpClient, HttpServer } from "effect/http"
import { createServer } from "node:http"

/** The operator's token of the test host. */
export const operatorToken = "settings-page-operator-token-7f3a9c"

export class PageHost extends Context.Service<PageHost, {
  readonly url: string
  readonly sandbox: LeverSandbox.LeverSandbox["Service"]
  /** A typed client with the operator's token, or with `token`. */
  readonly client: (token?: string) => Promise<FulcrumClient.Client>
}>()("http-host/test/PageHost") {}

const policy: Policy.PolicyShape = { ...Policy.defaults, allowCustomLeverUrl: true }

const layer = Layer.unwrap(Effect.sync(() => {
  const Core = Layer.mergeAll(
    SignatureVerifierMemory.layer,
    LeverHttp.layerFetch({ rateLimit: false, retry: { maxRetries: 1, baseDelay: "20 millis" } }),
    LeverOAuthHttp.layerFetch(),
    // The provider's own interview types, offered by the page's interview-type form.
    InterviewSchedulerMemory.layerWith({ interviewTypes: [{ id: "prv-backend", name: "Backend take-home" }] }),
    Layer.succeed(Policy.Policy, policy),
    Layer.succeed(LeverOAuthConfig.LeverOAuthConfig, {
      ...LeverOAuthConfig.notConfigured,
      client: { clientId: LeverSandbox.OAuthClientId, clientSecret: Redacted.make(LeverSandbox.OAuthClientSecret) }
    })
  ).pipe(Layer.provideMerge(MemoryStores.layer))
  const Serving = Layer.unwrap(Effect.map(HttpServer.HttpServer, (server) =>
    HttpHostProcess.layerServing({
      port: 0,
      host: "127.0.0.1",
      publicBaseUrl: HttpServer.formatAddress(server.address),
      adminToken: Redacted.make(operatorToken),
      maxBodyBytes: 1_048_576,
      policy
    })))
  const Service = Layer.effect(PageHost, Effect.gen(function*() {
    const server = yield* HttpServer.HttpServer
    const sandbox = yield* LeverSandbox.LeverSandbox
    const url = HttpServer.formatAddress(server.address)
    return PageHost.of({
      url,
      sandbox,
      client: (token = operatorToken) =>
        Effect.runPromise(
          FulcrumClient.make({ baseUrl: url, token: Redacted.make(token) }).pipe(Effect.provide(FetchHttpClient.layer))
        )
    })
  }))
  return Service.pipe(
    Layer.provideMerge(Layer.merge(Serving, WorkerHost.layerWorker({ workerId: "settings-page-worker", pollIntervalMs: 50 }))),
    Layer.provideMerge(NodeHttpServer.layer(createServer, { port: 0, host: "127.0.0.1" })),
    Layer.provideMerge(Core),
    Layer.provideMerge(LeverSandbox.layer({ rateLimit: false, webhooks: { retryBaseDelayMs: 50, maxRetries: 2, timeoutMs: 5_000 } })),
    Layer.provide(Logger.layer([]))
  )
}))

/** Starts the host; `dispose` stops it. */
export const start = async () => {
  const runtime = ManagedRuntime.make(layer)
  const host = await runtime.runPromise(PageHost.useSync((service) => service))
  return { ...host, dispose: () => runtime.dispose() }
}
