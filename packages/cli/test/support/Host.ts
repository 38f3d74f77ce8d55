/**
 * A running Fulcrum for the CLI to talk to: the HTTP host's own composition (`HttpHostProcess.
 * layerServing`) on a random port of 127.0.0.1, over memory stores, with the Lever sandbox as the
 * teams' Lever. The memory `EventInbox` is exposed too, so a test can leave dead events behind (no
 * worker runs here).
 */
import { NodeHttpServer } from "@effect/platform-node"
import { LeverOAuthConfig, MemoryStores, Policy, SignatureVerifierMemory } from "@fulcrum/core"
import { HttpHostProcess } from "@fulcrum/http-host"
import { LeverHttp, LeverOAuthHttp } from "@fulcrum/lever-http"
import { LeverSandbox, Permission } from "@fulcrum/lever-sandbox"
import { Context, Effect, Layer, Redacted } from "effect"
import { HttpServer } from "effect/http"
import { createServer } from "node:http"

/** The operator's token of the host. */
export const operatorToken = "operator-token-SECRET-cli-4f0a9d2c"
/** A setup key of the sandbox account. */
export const setupKey = "setup-key-SECRET-cli-7b1e3a5c"
/** A permanent key of the sandbox account. */
export const permanentKey = "permanent-key-SECRET-cli-2d8c6e0f"

export class Host extends Context.Service<Host, {
  readonly url: string
  readonly leverUrl: string
}>()("cli/test/Host") {}

/** A fresh host, sandbox and memory stores. */
export const layer = Layer.effect(Host, Effect.gen(function*() {
  const server = yield* HttpServer.HttpServer
  const sandbox = yield* LeverSandbox.LeverSandbox
  return Host.of({ url: HttpServer.formatAddress(server.address), leverUrl: sandbox.baseUrl })
})).pipe(
  Layer.provideMerge(Layer.unwrap(Effect.map(HttpServer.HttpServer, (server) =>
    HttpHostProcess.layerServing({
      port: 0,
      host: "127.0.0.1",
      publicBaseUrl: HttpServer.formatAddress(server.address),
      adminToken: Redacted.make(operatorToken),
      maxBodyBytes: 1_048_576,
      policy: { ...Policy.defaults, allowCustomLeverUrl: true }
    })))),
  Layer.provideMerge(NodeHttpServer.layer(createServer, { port: 0, host: "127.0.0.1" })),
  Layer.provideMerge(Layer.mergeAll(
    SignatureVerifierMemory.layer,
    LeverHttp.layerFetch({ rateLimit: false, retry: { maxRetries: 1, baseDelay: "20 millis" } }),
    LeverOAuthHttp.layerFetch(),
    Layer.succeed(LeverOAuthConfig.LeverOAuthConfig, LeverOAuthConfig.notConfigured)
  ).pipe(Layer.provideMerge(MemoryStores.layer))),
  Layer.provideMerge(LeverSandbox.layer({
    rateLimit: false,
    apiKeys: [
      { name: "setup", key: setupKey, permissions: [...Permission.setup] },
      { name: "permanent", key: permanentKey, permissions: [...Permission.permanent] }
    ]
  }))
)
