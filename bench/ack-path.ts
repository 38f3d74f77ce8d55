/**
 * Benchmark: the CPU `fulcrum-http`'s own request path costs per Lever webhook ack, in process: the host's
 * routes (`HttpHost.layerRoutes`, every global middleware, `WebhookRoutes`, `ReceiveWebhook`, the production
 * verifier with node:crypto's HMAC, the settings cache) served as a web handler over the in-memory stores,
 * tracing off as the host runs by default. No sockets and no PostgreSQL: those cost the same before and
 * after a change to Fulcrum's code, and on a shared machine their noise hides the few microseconds such a
 * change saves; `bench/host-acks.ts` measures the whole.
 *
 *   node bench/ack-path.ts
 *
 * `BENCH_TRACING=otlp` runs it with tracing on instead, exported (`Otel.layerFromEnv`, protobuf unless
 * `OTEL_EXPORTER_OTLP_PROTOCOL` says otherwise) to a sink in this process that reads and drops each export
 * (`host/OtlpSink.ts`; its reading is counted too, the same before and after).
 *
 * Each request is a signed `candidateStageChange` with a fresh token (signed before the clock starts),
 * answered 202. Prints the CPU microseconds per ack (user + system of this process), best of
 * `BENCH_REPEATS` (7) runs of `BENCH_ACKS` (5,000) acks one after another, and the load average.
 */
import { NodeHttpServer } from "@effect/platform-node"
import { ConfigStoreCache, LeverOAuthConfig, LeverSignature, MemoryStores, Policy } from "@fulcrum/core"
import { AdminAuthLayer, HostOptions, HttpHost } from "@fulcrum/http-host"
import { LeverHttp, LeverOAuthHttp } from "@fulcrum/lever-http"
import { Otel } from "@fulcrum/observability"
import { SignatureVerifierLever } from "@fulcrum/signature-lever"
import { Effect, Exit, Layer, Logger, Redacted, References, Scope } from "effect"
import { HttpRouter } from "effect/http"
import { loadavg } from "node:os"
import * as MemoryTeam from "./host/MemoryTeam.ts"
import * as OtlpSink from "./host/OtlpSink.ts"

const repeats = Number(process.env["BENCH_REPEATS"] ?? 7)
const acks = Number(process.env["BENCH_ACKS"] ?? 5_000)
const { signingToken, teamId } = MemoryTeam

const Stores = ConfigStoreCache.layer().pipe(Layer.provideMerge(MemoryStores.layer))
const Core = Layer.mergeAll(
  SignatureVerifierLever.layer(),
  LeverHttp.layerFetch(),
  LeverOAuthHttp.layerFetch(),
  Layer.succeed(LeverOAuthConfig.LeverOAuthConfig, LeverOAuthConfig.notConfigured)
).pipe(Layer.provideMerge(Stores))

const Routes = HttpHost.layerRoutes.pipe(
  Layer.provide(AdminAuthLayer.layer({ operatorToken: Redacted.make("bench-operator-token") })),
  Layer.provideMerge(Layer.succeed(HostOptions.HostOptions, { publicBaseUrl: "http://127.0.0.1", maxBodyBytes: 1_048_576 })),
  Layer.provide(Layer.succeed(Policy.Policy, Policy.defaults)),
  Layer.provideMerge(Core),
  Layer.provide(NodeHttpServer.layerHttpServices)
)

// The team, through the same `ConfigStore` the routes read (one `Stores` layer, built once for the handler).
const Team = MemoryTeam.layer.pipe(Layer.provide(Stores))

const tracing = process.env["BENCH_TRACING"] === "otlp"
const sinkScope = Effect.runSync(Scope.make())
const sink = tracing ? await Effect.runPromise(Scope.provide(OtlpSink.start, sinkScope)) : undefined
if (sink !== undefined) process.env["OTEL_EXPORTER_OTLP_ENDPOINT"] = sink.url
const Tracing = tracing ? Otel.layerFromEnv("fulcrum-http") : Layer.succeed(References.TracerEnabled, false)

const { dispose, handler } = HttpRouter.toWebHandler(
  Layer.mergeAll(Routes, Team, Logger.layer([]), Tracing),
  { disableLogger: true }
)

const bodies = (count: number) =>
  Effect.runPromise(Effect.forEach(Array.from({ length: count }), () =>
    Effect.map(
      LeverSignature.sign(signingToken, {
        event: "candidateStageChange",
        data: {
          opportunityId: crypto.randomUUID(),
          candidateId: crypto.randomUUID(),
          toStageId: "stage-2",
          fromStageId: "stage-1"
        }
      }),
      (body) => JSON.stringify(body)
    )))

const url = `http://127.0.0.1/webhooks/lever/${teamId}/stage-change`
const post = (body: string) =>
  handler(new Request(url, { method: "POST", body, headers: { "content-type": "application/json" } }))

const run = async (count: number) => {
  const signed = await bodies(count)
  const requests = signed.map((body) => () => post(body))
  const before = process.cpuUsage()
  for (const request of requests) {
    const response = await request()
    if (response.status !== 202) throw new Error(`answered ${response.status}: ${await response.text()}`)
  }
  const used = process.cpuUsage(before)
  return (used.user + used.system) / count
}

await run(Math.min(acks, 2_000)) // warm-up: the layer is built on the first request, then V8 optimises
const results: Array<number> = []
for (let i = 0; i < repeats; i++) results.push(await run(acks))
await dispose()
await Effect.runPromise(Scope.close(sinkScope, Exit.void))
if (sink !== undefined) console.log(`OTLP sink: ${sink.exports("/v1/traces")} trace exports, ${(sink.bytes() / 1e6).toFixed(1)} MB`)
const sorted = [...results].sort((a, b) => a - b)
console.log(`ack path in process${tracing ? ", tracing on (OTLP)" : ""}, CPU µs per ack (${repeats} × ${acks}; load average ${loadavg().map((n) => n.toFixed(1)).join(" ")})`)
console.log(`best ${sorted[0]!.toFixed(1)}  median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)}  all ${results.map((n) => n.toFixed(1)).join(" ")}`)
