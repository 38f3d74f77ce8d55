/**
 * The exporters on their own: no endpoint means no exporter and tracing off; a malformed variable is
 * named (and a header's value never shown); with an endpoint, spans and metrics reach an OTLP receiver,
 * and a `traceparent` stored with an event makes the worker's span a child of the webhook's; `/metrics`
 * reads the queue from the inbox at each scrape.
 */
import { assert, describe, it } from "@effect/vitest"
import { EventInbox, MemoryStores, Metrics, TraceContext } from "@fulcrum/core"
import { ConfigProvider, Effect, Option, Redacted, References } from "effect"
import { Otel, OtelConfig, PrometheusEndpoint } from "../src/index.ts"
import * as OtlpReceiver from "./support/OtlpReceiver.ts"

const withEnv = (env: Record<string, string>) => Effect.provideService(ConfigProvider.ConfigProvider, ConfigProvider.fromUnknown(env))

describe("OtelConfig", () => {
  it.effect("without OTEL_EXPORTER_OTLP_ENDPOINT nothing is exported, and tracing is off", () =>
    Effect.gen(function*() {
      assert.isTrue(Option.isNone(yield* OtelConfig.fromEnv("fulcrum-http").pipe(withEnv({}))))
      const [enabled, traceParent] = yield* Effect.all([References.TracerEnabled, TraceContext.current]).pipe(
        Effect.withSpan("ReceiveWebhook.receive"),
        Effect.provide(Otel.layerFromEnv("fulcrum-http")),
        withEnv({})
      )
      assert.isFalse(enabled)
      assert.isNull(traceParent, "no trace context is stored with events")
    }))

  it.effect("an endpoint gives both signals' URLs; `none` and OTEL_SDK_DISABLED turn them off", () =>
    Effect.gen(function*() {
      const on = Option.getOrThrow(yield* OtelConfig.fromEnv("fulcrum-worker").pipe(withEnv({
        OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318/",
        OTEL_EXPORTER_OTLP_HEADERS: "x-api-key=abc%3D,tenant=acme",
        OTEL_SERVICE_NAME: "fulcrum-worker-eu"
      })))
      assert.deepStrictEqual([on.tracesUrl, on.metricsUrl], [
        Option.some("http://collector:4318/v1/traces"),
        Option.some("http://collector:4318/v1/metrics")
      ])
      assert.strictEqual(on.serviceName, "fulcrum-worker-eu")
      assert.strictEqual(on.protocol, "http/protobuf")
      assert.notInclude(JSON.stringify(on) + String(on.headers), "abc=", "the headers stay redacted")
      const tracesOnly = Option.getOrThrow(yield* OtelConfig.fromEnv("x").pipe(withEnv({
        OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318",
        OTEL_METRICS_EXPORTER: "none"
      })))
      assert.isTrue(Option.isNone(tracesOnly.metricsUrl))
      assert.isTrue(Option.isNone(yield* OtelConfig.fromEnv("x").pipe(withEnv({
        OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318",
        OTEL_SDK_DISABLED: "true"
      }))))
    }))

  it.effect("a malformed variable is refused by name, never echoing a header's value", () =>
    Effect.gen(function*() {
      const refused = (env: Record<string, string>) =>
        Effect.flip(OtelConfig.fromEnv("x").pipe(withEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318", ...env })))
      assert.strictEqual((yield* refused({ OTEL_EXPORTER_OTLP_PROTOCOL: "grpc" })).variable, "OTEL_EXPORTER_OTLP_PROTOCOL")
      assert.strictEqual((yield* refused({ OTEL_TRACES_SAMPLER: "traceidratio", OTEL_TRACES_SAMPLER_ARG: "2" })).variable, "OTEL_TRACES_SAMPLER_ARG")
      assert.strictEqual((yield* refused({ OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4318" })).variable, "OTEL_EXPORTER_OTLP_ENDPOINT")
      const header = yield* refused({ OTEL_EXPORTER_OTLP_HEADERS: "sk-live-SECRET-9f2" })
      assert.strictEqual(header.variable, "OTEL_EXPORTER_OTLP_HEADERS")
      assert.notInclude(header.message, "SECRET")
    }))
})

/** Tracing and metrics exported to the in-process receiver, quickly, every span sampled. */
const exportingTo = (receiver: OtlpReceiver.OtlpReceiver, protocol: "http/json" | "http/protobuf") =>
  Otel.layer(Option.some({
    tracesUrl: Option.some(`${receiver.url}/v1/traces`),
    metricsUrl: Option.some(`${receiver.url}/v1/metrics`),
    headers: Redacted.make({}),
    protocol,
    serviceName: "fulcrum-test",
    metricsIntervalMs: 100,
    tracesIntervalMs: 50,
    sampleRatio: 1
  }))

describe("OTLP export", () => {
  it.live("spans and metrics reach the collector; a stored traceparent continues the trace", () =>
    Effect.gen(function*() {
      const receiver = yield* OtlpReceiver.make
      const otel = exportingTo(receiver, "http/json")
      // The webhook's span stores its context with the event; the worker, later and elsewhere, continues it.
      const stored = yield* TraceContext.current.pipe(Effect.withSpan("ReceiveWebhook.receive"), Effect.provide(otel))
      assert.match(stored ?? "", /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/)
      yield* Metrics.increment(Metrics.invites, { result: "sent" }).pipe(
        Effect.withSpan("Worker.handle"),
        TraceContext.continueFrom(stored),
        Effect.provide(otel)
      )
      const spans = receiver.spans()
      const webhook = spans.find((span) => span.name === "ReceiveWebhook.receive")
      const worker = spans.find((span) => span.name === "Worker.handle")
      assert.isDefined(webhook)
      assert.isDefined(worker)
      assert.strictEqual(webhook!.service, "fulcrum-test")
      assert.strictEqual(worker!.traceId, webhook!.traceId, "one trace")
      assert.strictEqual(worker!.parentSpanId, webhook!.spanId, "the worker's span is the webhook's child")
      assert.isTrue(receiver.metricNames().has("fulcrum_invites_total"))
    }).pipe(Effect.scoped))

  it.live("http/protobuf (the default) posts protobuf bodies carrying the spans", () =>
    Effect.gen(function*() {
      const receiver = yield* OtlpReceiver.make
      const otel = exportingTo(receiver, "http/protobuf")
      const stored = yield* TraceContext.current.pipe(Effect.withSpan("ReceiveWebhook.receive"), Effect.provide(otel))
      const traceId = Buffer.from(stored!.split("-")[1]!, "hex")
      const traces = receiver.exports().filter((body) => body.path === "/v1/traces")
      assert.isAbove(traces.length, 0)
      assert.isTrue(traces.every((body) => body.contentType === "application/x-protobuf"))
      const bytes = Buffer.concat(traces.map((body) => body.bytes))
      assert.isTrue(bytes.includes("ReceiveWebhook.receive"), "the span's name")
      assert.isTrue(bytes.includes(traceId), "its trace id, as 16 bytes")
      assert.isTrue(
        receiver.exports().some((body) => body.path === "/v1/metrics" && body.contentType === "application/x-protobuf")
      )
    }).pipe(Effect.scoped))

  it.live("a trace left out by the sampler stays out in the worker too", () =>
    Effect.gen(function*() {
      const receiver = yield* OtlpReceiver.make
      const otel = Otel.layer(Option.some({
        tracesUrl: Option.some(`${receiver.url}/v1/traces`),
        metricsUrl: Option.none(),
        headers: Redacted.make({}),
        protocol: "http/json",
        serviceName: "fulcrum-test",
        metricsIntervalMs: 1_000,
        tracesIntervalMs: 50,
        sampleRatio: 0
      }))
      const stored = yield* TraceContext.current.pipe(Effect.withSpan("ReceiveWebhook.receive"), Effect.provide(otel))
      assert.match(stored ?? "", /^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/, "the decision travels with the event")
      yield* Effect.void.pipe(Effect.withSpan("Worker.handle"), TraceContext.continueFrom(stored), Effect.provide(otel))
      assert.deepStrictEqual(receiver.spans(), [])
    }).pipe(Effect.scoped))
})

describe("GET /metrics", () => {
  it.live("reads the queue at each scrape: depth by status and the oldest pending event's age", () =>
    Effect.gen(function*() {
      const inbox = yield* EventInbox.EventInbox
      const now = Date.now()
      for (const [i, receivedAt] of [now - 30_000, now - 5_000].entries()) {
        yield* inbox.accept({
          teamId: "team-metrics",
          dedupeKey: `token-${i}`,
          source: "lever",
          kind: "candidateStageChange",
          opportunityId: `opp-${i}`,
          payload: { _tag: "Ping" },
          rawBody: null,
          receivedAt,
          status: "pending",
          note: null
        })
      }
      yield* Metrics.increment(Metrics.leverRequests, { status: "429" })
      const samples = OtlpReceiver.parsePrometheus(yield* PrometheusEndpoint.scrape)
      assert.strictEqual(OtlpReceiver.sample(samples, "fulcrum_inbox_events", { status: "pending" }), 2)
      assert.strictEqual(OtlpReceiver.sample(samples, "fulcrum_inbox_events", { status: "dead" }), 0)
      assert.isAtLeast(OtlpReceiver.sample(samples, "fulcrum_inbox_oldest_pending_age_seconds"), 30)
      assert.isAtLeast(OtlpReceiver.sample(samples, "fulcrum_lever_requests_total", { status: "429" }), 1)
    }).pipe(Effect.provide(MemoryStores.layer)))
})

