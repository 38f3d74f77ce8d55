/**
 * Benchmark (issue 17.1 experiment): the server's CPU per Lever webhook ack over real node:http sockets,
 * what Effect's HTTP pipeline costs on top of the ack itself. The host's routes (`HttpHost.layerRoutes`)
 * served by `NodeHttpServer` in this process on the in-memory stores, tracing off; a client child process
 * (`host/ack-http-client.ts`) sends signed stage-change webhooks over 20 keep-alive connections; this
 * process's CPU is counted between the client's phase messages (warm-up 2,000 acks, then `BENCH_REPEATS`
 * (5) × `BENCH_ACKS` (5,000)). `BENCH_FAST=1` answers the webhooks on `host/WebhookFastPath.ts` (the
 * experiment's hack) instead; `BENCH_FAST=kept` on `@fulcrum/http-host`'s `WebhookFastPath` (ADR 0014),
 * wired as `fulcrum-http` wires it.
 *
 *   node bench/ack-http.ts && BENCH_FAST=kept node bench/ack-http.ts   (alternate them)
 */
import { NodeHttpServer } from "@effect/platform-node"
import { ConfigStoreCache, LeverOAuthConfig, MemoryStores, Policy } from "@fulcrum/core"
import { AdminAuthLayer, HostOptions, HttpHost, WebhookFastPath as KeptFastPath } from "@fulcrum/http-host"
import { LeverHttp, LeverOAuthHttp } from "@fulcrum/lever-http"
import { SignatureVerifierLever } from "@fulcrum/signature-lever"
import { Context, Effect, Layer, Logger, Redacted, References } from "effect"
import { HttpRouter } from "effect/http"
import { fork } from "node:child_process"
import { createServer } from "node:http"
import { loadavg } from "node:os"
import * as MemoryTeam from "./host/MemoryTeam.ts"
import * as WebhookFastPath from "./host/WebhookFastPath.ts"

const fast = process.env["BENCH_FAST"] === "1"
const kept = process.env["BENCH_FAST"] === "kept"
const { signingToken, teamId } = MemoryTeam
const options = { publicBaseUrl: "http://127.0.0.1", maxBodyBytes: 1_048_576 }
const Stores = ConfigStoreCache.layer().pipe(Layer.provideMerge(MemoryStores.layer))
const Core = Layer.mergeAll(
  SignatureVerifierLever.layer(),
  LeverHttp.layerFetch(),
  LeverOAuthHttp.layerFetch(),
  Layer.succeed(LeverOAuthConfig.LeverOAuthConfig, LeverOAuthConfig.notConfigured),
  Layer.succeed(References.TracerEnabled, false),
  Logger.layer([])
).pipe(Layer.provideMerge(Stores))
const Team = MemoryTeam.layer
const server = createServer()
const Server = kept
  ? Layer.unwrap(Effect.map(KeptFastPath.make(options), (dispatch) =>
    NodeHttpServer.layer(() => KeptFastPath.serveFirst(server, dispatch), { port: 0, host: "127.0.0.1" })))
  : Layer.unwrap(Effect.map(Effect.context<Layer.Success<typeof Core>>(), (context) => {
    if (fast) WebhookFastPath.install(server, Context.add(context, HostOptions.HostOptions, options) as Context.Context<any>, options.maxBodyBytes)
    return NodeHttpServer.layer(() => server, { port: 0, host: "127.0.0.1" })
  }))
const App = HttpRouter.serve(HttpHost.layerRoutes, { disableLogger: true, disableListenLog: true }).pipe(
  Layer.provide(AdminAuthLayer.layer({ operatorToken: Redacted.make("bench-operator-token") })),
  Layer.provide(Layer.succeed(HostOptions.HostOptions, options)),
  Layer.provide(Layer.succeed(Policy.Policy, Policy.defaults)),
  Layer.provide(Server),
  Layer.provideMerge(Team),
  Layer.provideMerge(Core)
)
const count = Number(process.env["BENCH_ACKS"] ?? 5000)
const rounds = Number(process.env["BENCH_REPEATS"] ?? 5)
await Effect.runPromise(Effect.scoped(Effect.gen(function*() {
  yield* Layer.build(App)
  const port = (server.address() as { port: number }).port
  const results: Array<number> = []
  yield* Effect.promise(() => new Promise<void>((resolve, reject) => {
    const child = fork(new URL("./host/ack-http-client.ts", import.meta.url).pathname,
      [String(port), teamId, Redacted.value(signingToken), "20", String(count), String(rounds)])
    let began = process.cpuUsage()
    child.on("message", (message) => {
      if (message === "start") began = process.cpuUsage()
      else { const used = process.cpuUsage(began); results.push((used.user + used.system) / count) }
      child.send("ok")
    })
    child.on("exit", (code) => code === 0 ? resolve() : reject(new Error(`client exit ${code}`)))
  }))
  const sorted = [...results].sort((a, b) => a - b)
  console.log(`${kept ? "kept fast path" : fast ? "fast path (hack)" : "effect path"}: server CPU µs/ack over node:http, best ${sorted[0]!.toFixed(1)} median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} all ${results.map((n) => n.toFixed(1)).join(" ")} (load ${loadavg().map((n) => n.toFixed(1)).join(" ")})`)
})))
process.exit(0)
