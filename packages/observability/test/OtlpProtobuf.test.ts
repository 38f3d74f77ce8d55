/**
 * Our OTLP protobuf encoder against Effect's `OtlpSerialization.layerProtobuf`: the same bytes for what
 * Effect's own exporters hand over (spans with every attribute type, events, links, errors and
 * interruptions; every metric kind; logs), for hand-written edge cases, and for many generated payloads.
 */
import { assert, describe, it } from "@effect/vitest"
import { Cause, Context, Effect, Layer, Metric, Tracer } from "effect"
import { HttpBody, HttpClient, HttpClientResponse } from "effect/http"
import type { LogsData } from "effect/observability/OtlpLogger"
import * as OtlpLogger from "effect/observability/OtlpLogger"
import type { MetricsData } from "effect/observability/OtlpMetrics"
import * as OtlpMetrics from "effect/observability/OtlpMetrics"
import type { AnyValue, KeyValue } from "effect/observability/OtlpResource"
import * as OtlpSerialization from "effect/observability/OtlpSerialization"
import type { TraceData } from "effect/observability/OtlpTracer"
import * as OtlpTracer from "effect/observability/OtlpTracer"
import * as OtlpProtobuf from "../src/internal/OtlpProtobuf.ts"

const effects = Effect.runSync(
  Effect.map(Effect.context<OtlpSerialization.OtlpSerialization>(), (context) =>
    Context.get(context, OtlpSerialization.OtlpSerialization)).pipe(Effect.provide(OtlpSerialization.layerProtobuf))
)

const bytesOf = (body: HttpBody.HttpBody): Uint8Array => {
  assert.strictEqual(body._tag, "Uint8Array")
  return (body as HttpBody.Uint8Array).body
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex")

/** Equal bytes, or a failure naming the first difference (the bodies run to megabytes). */
const assertSameBytes = (ours: Uint8Array, theirs: Uint8Array) => {
  let at = 0
  while (at < ours.length && at < theirs.length && ours[at] === theirs[at]) at++
  if (at === ours.length && at === theirs.length) return
  const around = (bytes: Uint8Array) => hex(bytes.subarray(Math.max(0, at - 16), at + 16))
  assert.fail(`${ours.length} bytes against ${theirs.length}, first difference at ${at}: ${around(ours)} against ${around(theirs)}`)
}

const sameTraces = (data: TraceData) => {
  const theirs = bytesOf(effects.traces(data))
  assertSameBytes(OtlpProtobuf.encodeTraces(data), theirs)
}
const sameMetrics = (data: MetricsData) => {
  const theirs = bytesOf(effects.metrics(data))
  assertSameBytes(OtlpProtobuf.encodeMetrics(data), theirs)
}
const sameLogs = (data: LogsData) => {
  const theirs = bytesOf(effects.logs(data))
  assertSameBytes(OtlpProtobuf.encodeLogs(data), theirs)
}

// What Effect's exporters produce, captured at the serialization

const captured = { traces: [] as Array<TraceData>, metrics: [] as Array<MetricsData>, logs: [] as Array<LogsData> }
const Capture = Layer.succeed(OtlpSerialization.OtlpSerialization, {
  traces: (data) => (captured.traces.push(data), HttpBody.empty),
  metrics: (data) => (captured.metrics.push(data), HttpBody.empty),
  logs: (data) => (captured.logs.push(data), HttpBody.empty)
})
const Collector = Layer.succeed(
  HttpClient.HttpClient,
  HttpClient.make((request) => Effect.succeed(HttpClientResponse.fromWeb(request, new Response(null, { status: 200 }))))
)
const Exporters = Layer.mergeAll(
  OtlpTracer.layer({ url: "http://collector/v1/traces", resource: { serviceName: "fulcrum-test", attributes: { "deployment.environment": "ci", shard: 3 } } }),
  OtlpMetrics.layer({ url: "http://collector/v1/metrics", resource: { serviceName: "fulcrum-test" } }),
  OtlpLogger.layer({ url: "http://collector/v1/logs", resource: { serviceName: "fulcrum-test" } })
).pipe(Layer.provide([Capture, Collector]))

const everyAttribute = {
  "fulcrum.team_id": "team_01HZX",
  "ascii.long": "x".repeat(200),
  "unicode": "héllo wörld — 東京 🎉",
  "lone.surrogate": "a\ud800b\udc00c",
  "int.small": 42,
  "int.negative": -7,
  "int.large": 2 ** 40,
  "int.unsafe": 2 ** 60,
  "bigint.fits": 2n ** 62n,
  "bigint.too.big": 2n ** 70n,
  "double": 1.5,
  "double.nan": Number.NaN,
  "double.infinity": Number.POSITIVE_INFINITY,
  "bool": true,
  "array": [1, "two", [false, 3.25]],
  "object": { nested: { deep: 1 } },
  "date": new Date(0),
  "null": null
}

const program = Effect.gen(function*() {
  const counter = Metric.counter("fulcrum_webhooks_total", { description: "webhooks" })
  const bigCounter = Metric.counter("fulcrum_bytes_total", { bigint: true, incremental: true })
  const gauge = Metric.gauge("fulcrum_queue_depth", { description: "queue depth", attributes: { unit: "bytes" } })
  const histogram = Metric.histogram("fulcrum_step_seconds", {
    description: "step latency",
    attributes: { time_unit: "seconds" },
    boundaries: Metric.linearBoundaries({ start: 0.005, width: 0.05, count: 10 })
  })
  const frequency = Metric.frequency("fulcrum_outcomes")
  const summary = Metric.summary("fulcrum_ack_ms", { maxAge: "1 minute", maxSize: 100, quantiles: [0.5, 0.9, 0.99] })
  for (const outcome of ["accepted", "duplicate", "refused"]) {
    yield* Metric.update(Metric.withAttributes(counter, { outcome }), 3)
    yield* Metric.update(frequency, outcome)
  }
  yield* Metric.update(bigCounter, 2n ** 60n)
  yield* Metric.update(gauge, 17.25)
  for (const value of [0.001, 0.02, 0.2, 0.4, 9]) {
    yield* Metric.update(histogram, value)
    yield* Metric.update(summary, value * 1000)
  }

  const external = Tracer.externalSpan({ traceId: "0af7651916cd43dd8448eb211c80319c", spanId: "b7ad6b7169203331" })
  yield* Effect.gen(function*() {
    yield* Effect.annotateCurrentSpan(everyAttribute)
    const span = yield* Effect.currentSpan
    span.event("received", 1_700_000_000_000_000_000n, { bytes: 1024, ok: true })
    span.event("plain", 1_700_000_000_000_000_001n)
    yield* Effect.logInfo("accepted", { eventId: "evt_1" }).pipe(Effect.annotateLogs({ teamId: "team_01HZX" }))
    yield* Effect.fail(new Error("Lever said 429 — retry")).pipe(Effect.withSpan("LeverClient.request"), Effect.ignore)
    yield* Effect.interrupt.pipe(Effect.withSpan("interrupted"), Effect.exit)
    yield* Effect.void.pipe(Effect.withSpan("linked", { links: [{ span: external, attributes: { why: "retry" } }], kind: "client" }))
    yield* Effect.logError("failed", Cause.fail(new Error("boom")))
    yield* Effect.logWarning(["two", "parts"])
  }).pipe(Effect.withSpan("ReceiveWebhook.receive", { kind: "server", parent: external }))
  yield* Effect.void.pipe(Effect.withSpan("root without parent"))
  yield* Effect.logDebug("outside a span")
})

// Hand-written edge cases: fields Effect's exporters leave unset (so not in their types, but read by its
// encoder), boundaries of lengths and integers

const kv = (key: string, value: AnyValue): KeyValue => ({ key, value })

const edgeTraces = {
  resourceSpans: [{
    resource: { attributes: [kv("service.name", { stringValue: "edge" })], droppedAttributesCount: 2 },
    schemaUrl: "https://opentelemetry.io/schemas/1.24.0",
    scopeSpans: [{
      scope: { name: "scope", version: "" },
      schemaUrl: "https://schema",
      spans: [{
        traceId: "0AF7651916CD43DD8448EB211C80319C",
        spanId: "00f067aa0ba902b7",
        parentSpanId: "",
        name: "",
        kind: 0,
        startTimeUnixNano: "0",
        endTimeUnixNano: "18446744073709551615",
        attributes: [
          kv("int.string", { intValue: "-9223372036854775808" }),
          kv("int.zero", { intValue: 0 }),
          kv("int.minus.zero", { intValue: -0 }),
          kv("int.2^32", { intValue: 2 ** 32 }),
          kv("int.-2^32-1", { intValue: -(2 ** 32) - 1 }),
          kv("double.-0", { doubleValue: -0 }),
          kv("double.min", { doubleValue: Number.MIN_VALUE }),
          kv("bytes", { bytesValue: new Uint8Array([0, 1, 255]) }),
          kv("empty", {}),
          kv("kvlist", { kvlistValue: { values: [kv("a", { stringValue: "b" }), kv("c", { kvlistValue: { values: [] } })] } }),
          kv("array.empty", { arrayValue: { values: [] } }),
          kv("string.127", { stringValue: "y".repeat(127) }),
          kv("string.128", { stringValue: "y".repeat(128) }),
          kv("string.42.nonascii", { stringValue: "é".repeat(42) }),
          kv("string.43.nonascii", { stringValue: "€".repeat(43) }),
          kv("string.16384", { stringValue: "z".repeat(16_384) }),
          kv("string.boundary.utf8", { stringValue: "a".repeat(120) + "€".repeat(3) }),
          kv("null.string", { stringValue: null, boolValue: false })
        ],
        droppedAttributesCount: 1,
        events: [{ timeUnixNano: "1700000000000000000", name: "e", attributes: [], droppedAttributesCount: 300 }],
        droppedEventsCount: 5,
        links: [{
          traceId: "zz" + "0".repeat(30),
          spanId: "-a" + "1".repeat(14),
          traceState: "vendor=1",
          attributes: [kv("k", { boolValue: false })],
          droppedAttributesCount: 1,
          flags: 0x301
        }],
        droppedLinksCount: 70_000,
        status: { code: 2, message: "x".repeat(300) },
        flags: 0xffffffff
      }]
    }, { scope: { name: "other", attributes: [kv("a", { intValue: 1 })], droppedAttributesCount: 4 }, spans: [] }]
  }]
} as unknown as TraceData

const edgeMetrics: MetricsData = {
  resourceMetrics: [{
    resource: { attributes: [], droppedAttributesCount: 0 },
    scopeMetrics: [{
      scope: { name: "m" },
      metrics: [
        {
          name: "n",
          gauge: {
            dataPoints: [
              { attributes: [], startTimeUnixNano: 0, timeUnixNano: "99999999999999999999999", asInt: -1, flags: 1 },
              { attributes: [], startTimeUnixNano: " 12 ", timeUnixNano: "0x10", asDouble: Number.NaN, asInt: "9007199254740993" }
            ]
          }
        },
        {
          name: "h",
          unit: "s",
          histogram: {
            aggregationTemporality: 1,
            dataPoints: [{
              attributes: [],
              startTimeUnixNano: "1",
              timeUnixNano: "2",
              count: 0,
              bucketCounts: [0],
              explicitBounds: [],
              min: Number.POSITIVE_INFINITY,
              max: Number.NEGATIVE_INFINITY,
              flags: 0
            }]
          }
        },
        {
          name: "s",
          summary: {
            dataPoints: [{
              attributes: [],
              startTimeUnixNano: "1",
              timeUnixNano: "2",
              count: 2n ** 63n,
              sum: 0,
              quantileValues: [],
              flags: 3
            }]
          }
        }
      ] as any
    }]
  }]
}

const edgeLogs: LogsData = {
  resourceLogs: [{
    resource: { attributes: [], droppedAttributesCount: 0 },
    scopeLogs: [{
      scope: { name: "l" },
      logRecords: [
        { timeUnixNano: "1", observedTimeUnixNano: "2", attributes: [], droppedAttributesCount: 0, traceId: "", spanId: "" },
        {
          timeUnixNano: "1",
          observedTimeUnixNano: "2",
          severityNumber: 0,
          severityText: "",
          body: { kvlistValue: { values: [kv("a", { arrayValue: { values: [{ intValue: 1 }, {}] } })] } },
          attributes: [],
          droppedAttributesCount: 9,
          flags: 1,
          traceId: "0af7651916cd43dd8448eb211c80319c",
          spanId: "b7ad6b7169203331"
        }
      ]
    }]
  }]
}

// Generated payloads: a seeded generator, so a failure names a seed to replay

const generator = (seed: number) => {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (max: number) => Math.floor(next() * max)
  const pick = <A>(values: ReadonlyArray<A>): A => values[int(values.length)]!
  const alphabets = ["abcdefghijklmnopqrstuvwxyz_.0123456789", "äöüßéè", "€東京语", "🎉😀", "\ud800\udbff\udc00\udfff"]
  const string = (): string => {
    const length = pick([0, 1, 5, 20, 41, 42, 43, 60, 127, 128, 200, 1000, 5000])
    const alphabet = next() < 0.7 ? alphabets[0]! : alphabets.slice(0, 1 + int(alphabets.length)).join("")
    let text = ""
    while (text.length < length) text += alphabet[int(alphabet.length)]
    return text
  }
  const hexId = (bytes: number) => {
    let text = ""
    for (let i = 0; i < bytes * 2; i++) text += "0123456789abcdefABCDEF"[int(22)]
    return text
  }
  const nanos = () => String(BigInt(1_600_000_000_000 + int(2 ** 40)) * 1_000_000n + BigInt(int(1_000_000)))
  const integer = (): number | string =>
    pick([
      () => int(128),
      () => int(2 ** 32),
      () => -int(2 ** 31),
      () => int(2 ** 53),
      () => -int(2 ** 53),
      () => String(BigInt(int(2 ** 53)) * BigInt(int(2 ** 11)) * (next() < 0.5 ? -1n : 1n))
    ])()
  const anyValue = (depth: number): AnyValue =>
    pick([
      () => ({ stringValue: string() }),
      () => ({ boolValue: next() < 0.5 }),
      () => ({ intValue: integer() }),
      () => ({ doubleValue: pick([next() * 1e6 - 5e5, Number.NaN, -0, 1e308, Number.NEGATIVE_INFINITY]) }),
      () => ({ bytesValue: Uint8Array.from({ length: int(40) }, () => int(256)) }),
      () => depth > 2 ? { stringValue: "leaf" } : { arrayValue: { values: Array.from({ length: int(4) }, () => anyValue(depth + 1)) } },
      () => depth > 2 ? { intValue: 1 } : { kvlistValue: { values: attributes(depth + 1, 4) } }
    ])()
  const attributes = (depth = 0, max = 12): Array<KeyValue> =>
    Array.from({ length: int(max) }, () => kv(string().slice(0, 60), anyValue(depth)))
  const span = () => ({
    traceId: hexId(16),
    spanId: hexId(8),
    parentSpanId: next() < 0.5 ? hexId(8) : undefined,
    name: string().slice(0, 80),
    kind: int(6),
    startTimeUnixNano: nanos(),
    endTimeUnixNano: nanos(),
    attributes: attributes(),
    droppedAttributesCount: pick([0, 0, 3]),
    events: Array.from({ length: int(3) }, () => ({
      name: string().slice(0, 30),
      timeUnixNano: nanos(),
      attributes: attributes(),
      droppedAttributesCount: pick([0, 1])
    })),
    droppedEventsCount: pick([0, 2]),
    links: Array.from({ length: int(2) }, () => ({
      traceId: hexId(16),
      spanId: hexId(8),
      attributes: attributes(),
      droppedAttributesCount: 0
    })),
    droppedLinksCount: 0,
    status: pick([{ code: 0 }, { code: 1 }, { code: 2, message: string() }])
  })
  const resource = () => ({ attributes: attributes(), droppedAttributesCount: pick([0, 1]) })
  const traces = (): TraceData => ({
    resourceSpans: Array.from({ length: 1 + int(2) }, () => ({
      resource: resource(),
      scopeSpans: [{ scope: { name: "effect", version: "4.1.0" }, spans: Array.from({ length: int(30) }, span) }]
    }))
  }) as unknown as TraceData
  const point = () => ({ attributes: attributes(1, 4), startTimeUnixNano: nanos(), timeUnixNano: nanos() })
  const metrics = (): MetricsData => ({
    resourceMetrics: [{
      resource: resource(),
      scopeMetrics: [{
        scope: { name: "svc" },
        metrics: Array.from({ length: int(12) }, () => {
          const name = string().slice(0, 40)
          return pick([
            () => ({ name, description: string().slice(0, 50), unit: "1", gauge: { dataPoints: [{ ...point(), asDouble: next() * 100 }] } }),
            () => ({
              name,
              unit: "By",
              sum: {
                aggregationTemporality: pick([1, 2]),
                isMonotonic: next() < 0.5,
                dataPoints: Array.from({ length: 1 + int(5) }, () => ({ ...point(), asInt: integer() }))
              }
            }),
            () => {
              const bounds = Array.from({ length: int(20) }, (_, i) => (i + 1) * next())
              return {
                name,
                histogram: {
                  aggregationTemporality: 2,
                  dataPoints: [{
                    ...point(),
                    count: int(1e6),
                    sum: next() * 1e4,
                    min: next(),
                    max: next() * 100,
                    bucketCounts: [...bounds.map(() => int(1000)), int(10)],
                    explicitBounds: bounds
                  }]
                }
              }
            },
            () => ({
              name,
              summary: {
                dataPoints: [{
                  ...point(),
                  count: int(1e6),
                  sum: next() * 1e4,
                  quantileValues: [0.5, 0.9, 0.99].map((quantile) => ({ quantile, value: next() * 100 }))
                }]
              }
            })
          ])()
        })
      }]
    }]
  }) as unknown as MetricsData
  const logs = (): LogsData => ({
    resourceLogs: [{
      resource: resource(),
      scopeLogs: [{
        scope: { name: "effect", version: "4.1.0" },
        logRecords: Array.from({ length: int(20) }, () => ({
          timeUnixNano: nanos(),
          observedTimeUnixNano: nanos(),
          severityNumber: int(25),
          severityText: pick(["Info", "Error", "Debug"]),
          body: anyValue(0),
          attributes: attributes(),
          droppedAttributesCount: 0,
          ...(next() < 0.5 ? { traceId: hexId(16), spanId: hexId(8) } : {})
        }))
      }]
    }]
  }) as unknown as LogsData
  return { traces, metrics, logs }
}

describe("OtlpProtobuf", () => {
  it.effect("encodes what Effect's exporters hand over exactly as Effect's layerProtobuf does", () =>
    Effect.gen(function*() {
      yield* program.pipe(Effect.provide(Exporters))
      assert.isAbove(captured.traces.length, 0)
      assert.isAbove(captured.metrics.length, 0)
      assert.isAbove(captured.logs.length, 0)
      const spans = captured.traces.flatMap((data) => data.resourceSpans[0]!.scopeSpans[0]!.spans)
      assert.includeMembers(spans.map((span) => span.name), ["ReceiveWebhook.receive", "LeverClient.request", "interrupted", "linked"])
      captured.traces.forEach(sameTraces)
      captured.metrics.forEach(sameMetrics)
      captured.logs.forEach(sameLogs)
    }))

  it("encodes edge cases exactly as Effect does", () => {
    sameTraces(edgeTraces)
    sameMetrics(edgeMetrics)
    sameLogs(edgeLogs)
    sameTraces({ resourceSpans: [] })
  })

  it("encodes generated payloads exactly as Effect does", () => {
    for (let seed = 1; seed <= 60; seed++) {
      const generate = generator(seed)
      try {
        sameTraces(generate.traces())
        sameMetrics(generate.metrics())
        sameLogs(generate.logs())
      } catch (error) {
        throw new Error(`seed ${seed}: ${String(error).slice(0, 300)}`)
      }
    }
  })

  it("refuses what Effect refuses", () => {
    const badTimestamp = structuredClone(edgeLogs) as any
    badTimestamp.resourceLogs[0].scopeLogs[0].logRecords[0].timeUnixNano = "1.5"
    assert.throws(() => effects.logs(badTimestamp))
    assert.throws(() => OtlpProtobuf.encodeLogs(badTimestamp))
    // an odd-length id is not refused: its last digit is dropped
    const oddId = structuredClone(edgeLogs) as any
    oddId.resourceLogs[0].scopeLogs[0].logRecords[0].traceId = "abc"
    sameLogs(oddId)
  })
})
