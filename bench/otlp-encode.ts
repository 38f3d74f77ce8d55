/**
 * Benchmark: the CPU to encode OTLP traces as protobuf, per span: Effect's `OtlpSerialization.layerProtobuf`
 * against `@fulcrum/observability`'s own encoder (`internal/OtlpProtobuf.ts`), on batches of the five spans a
 * webhook ack makes with tracing on (the server request, `ReceiveWebhook.receive`, `SignatureVerifier.verify`,
 * `EventInboxSql.accept`, the SQL statement with its text), shaped as Effect's `OtlpTracer` hands them over.
 * Checks that both give the same bytes first.
 *
 *   node bench/otlp-encode.ts
 *
 * Prints µs per span (best and median of `BENCH_REPEATS` (9) runs of `BENCH_BATCHES` (40) batches of
 * `BENCH_BATCH` (1,000, the tracer's maximum) spans, CPU time of this process) for each encoder.
 */
import { Context, Effect } from "effect"
import type { HttpBody } from "effect/http"
import type { KeyValue } from "effect/observability/OtlpResource"
import * as OtlpResource from "effect/observability/OtlpResource"
import * as OtlpSerialization from "effect/observability/OtlpSerialization"
import type { TraceData } from "effect/observability/OtlpTracer"
import { loadavg } from "node:os"
import * as OtlpProtobuf from "../packages/observability/src/internal/OtlpProtobuf.ts"

const repeats = Number(process.env["BENCH_REPEATS"] ?? 9)
const batches = Number(process.env["BENCH_BATCHES"] ?? 40)
const batchSize = Number(process.env["BENCH_BATCH"] ?? 1_000)

const hexId = (bytes: number) => Array.from({ length: bytes }, () => Math.floor(Math.random() * 256).toString(16).padStart(2, "0")).join("")
const attributes = (record: Record<string, unknown>): Array<KeyValue> => OtlpResource.entriesToAttributes(Object.entries(record))
const statement = "INSERT INTO fulcrum_inbox (team_id, event_id, kind, token, received_at, payload, traceparent, status, " +
  "attempts, next_attempt_at, candidate_id, opportunity_id, note, last_error, body_hash, body_bytes, lever_triggered_at) " +
  "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) ON CONFLICT DO NOTHING"

/** The five spans of one ack, as `OtlpTracer` builds them. */
const ackSpans = (start: bigint) => {
  const traceId = hexId(16)
  const server = hexId(8)
  const receive = hexId(8)
  const span = (name: string, spanId: string, parentSpanId: string | undefined, kind: number, attrs: Record<string, unknown>, offset: bigint) => ({
    traceId,
    spanId,
    parentSpanId,
    name,
    kind,
    startTimeUnixNano: String(start + offset),
    endTimeUnixNano: String(start + offset + 180_000n),
    attributes: attributes(attrs),
    droppedAttributesCount: 0,
    events: [],
    droppedEventsCount: 0,
    status: { code: 1 },
    links: [],
    droppedLinksCount: 0
  })
  const eventId = hexId(12)
  return [
    span("sql.execute", hexId(8), receive, 3, { "db.system.name": "postgresql", "db.query.text": statement }, 60_000n),
    span("EventInboxSql.accept", hexId(8), receive, 1, { "fulcrum.team_id": "bench-team", "fulcrum.event_id": eventId }, 50_000n),
    span("SignatureVerifier.verify", hexId(8), receive, 1, { "fulcrum.team_id": "bench-team" }, 20_000n),
    span("ReceiveWebhook.receive", receive, server, 1, {
      "fulcrum.team_id": "bench-team",
      "fulcrum.event_id": eventId,
      "lever.event": "candidateStageChange",
      "fulcrum.outcome": "accepted"
    }, 10_000n),
    span("http.server POST", server, undefined, 2, {
      "http.request.method": "POST",
      "url.path": "/webhooks/lever/bench-team/candidateStageChange",
      "url.scheme": "http",
      "server.address": "127.0.0.1",
      "user_agent.original": "Lever-Webhooks/1.0",
      "http.response.status_code": 202,
      "fulcrum.request_id": hexId(8)
    }, 0n)
  ]
}

const resource = OtlpResource.make({ serviceName: "fulcrum-http", serviceVersion: "0.1.0" })
const batch = (): TraceData => {
  const spans = []
  const start = 1_765_000_000_000_000_000n
  for (let i = 0; spans.length < batchSize; i++) spans.push(...ackSpans(start + BigInt(i) * 1_000_000n))
  // (`OtlpTracer`'s span type is not exported; these have its fields)
  return { resourceSpans: [{ resource, scopeSpans: [{ scope: { name: "effect", version: "4.1.0" }, spans: spans.slice(0, batchSize) }] }] } as unknown as TraceData
}

const effects = Effect.runSync(
  Effect.map(Effect.context<OtlpSerialization.OtlpSerialization>(), (context) =>
    Context.get(context, OtlpSerialization.OtlpSerialization)).pipe(Effect.provide(OtlpSerialization.layerProtobuf))
)
const encoders: ReadonlyArray<readonly [string, (data: TraceData) => Uint8Array]> = [
  ["Effect's layerProtobuf", (data) => (effects.traces(data) as HttpBody.Uint8Array).body],
  ["ours (OtlpProtobuf)", OtlpProtobuf.encodeTraces]
]

const data = Array.from({ length: batches }, batch)
const [theirs, ours] = encoders.map(([, encode]) => encode(data[0]!))
if (Buffer.compare(theirs!, ours!) !== 0) throw new Error("the encoders disagree")
console.log(`${batchSize} spans per batch, ${(ours!.length / batchSize).toFixed(0)} bytes per span; load average ${loadavg().map((l) => l.toFixed(1)).join(" ")}`)

const cpuMicros = () => {
  const usage = process.cpuUsage()
  return usage.user + usage.system
}
const results = new Map<string, Array<number>>(encoders.map(([name]) => [name, []]))
for (let repeat = 0; repeat < repeats; repeat++) {
  // Alternate the encoders in each repeat, so load changes fall on both
  for (const [name, encode] of repeat % 2 === 0 ? encoders : [...encoders].reverse()) {
    const before = cpuMicros()
    for (const each of data) encode(each)
    results.get(name)!.push((cpuMicros() - before) / (batches * batchSize))
  }
}
for (const [name, perSpan] of results) {
  const sorted = [...perSpan].sort((a, b) => a - b)
  console.log(`${name.padEnd(24)} best ${sorted[0]!.toFixed(2)} µs/span, median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(2)} µs/span`)
}
