/**
 * OTLP/protobuf bodies for traces, metrics and logs, byte for byte what Effect's `OtlpSerialization.
 * layerProtobuf` sends (the same messages, fields, order and wire types, per opentelemetry-proto's
 * `ExportTraceServiceRequest`, `ExportMetricsServiceRequest` and `ExportLogsServiceRequest`), written
 * by one `ProtobufWriter` instead of a `Uint8Array` per field (see `ProtobufWriter.ts` for why).
 *
 * The shapes below are the fields Effect's exporters fill (`OtlpTracer`, `OtlpMetrics`, `OtlpLogger`);
 * each message's fields are written in the order Effect's encoder writes them.
 *
 * @internal
 */
import { Layer } from "effect"
import { HttpBody } from "effect/http"
import type { LogsData } from "effect/observability/OtlpLogger"
import type { MetricsData } from "effect/observability/OtlpMetrics"
import type { AnyValue, KeyValue, Resource } from "effect/observability/OtlpResource"
import { OtlpSerialization } from "effect/observability/OtlpSerialization"
import type { TraceData } from "effect/observability/OtlpTracer"
import { ProtobufWriter } from "./ProtobufWriter.ts"

type Int64 = string | number | bigint

interface Scope {
  readonly name: string
  readonly version?: string | undefined
  readonly attributes?: ReadonlyArray<KeyValue> | undefined
  readonly droppedAttributesCount?: number | undefined
}

interface Event {
  readonly timeUnixNano: Int64
  readonly name: string
  readonly attributes: ReadonlyArray<KeyValue>
  readonly droppedAttributesCount: number
}

interface Link {
  readonly traceId: string
  readonly spanId: string
  readonly traceState?: string | undefined
  readonly attributes: ReadonlyArray<KeyValue>
  readonly droppedAttributesCount: number
  readonly flags?: number | undefined
}

interface Span {
  readonly traceId: string
  readonly spanId: string
  readonly traceState?: string | undefined
  readonly parentSpanId?: string | undefined
  readonly name: string
  readonly kind: number
  readonly startTimeUnixNano: Int64
  readonly endTimeUnixNano: Int64
  readonly attributes: ReadonlyArray<KeyValue>
  readonly droppedAttributesCount: number
  readonly events: ReadonlyArray<Event>
  readonly droppedEventsCount: number
  readonly links: ReadonlyArray<Link>
  readonly droppedLinksCount: number
  readonly status: { readonly code: number; readonly message?: string | undefined }
  readonly flags?: number | undefined
}

interface NumberDataPoint {
  readonly attributes: ReadonlyArray<KeyValue>
  readonly startTimeUnixNano: Int64
  readonly timeUnixNano: Int64
  readonly asDouble?: number | null | undefined
  readonly asInt?: Int64 | undefined
  readonly flags?: number | undefined
}

interface HistogramDataPoint {
  readonly attributes: ReadonlyArray<KeyValue>
  readonly startTimeUnixNano: Int64
  readonly timeUnixNano: Int64
  readonly count: Int64
  readonly sum?: number | undefined
  readonly bucketCounts: ReadonlyArray<Int64>
  readonly explicitBounds: ReadonlyArray<number>
  readonly min?: number | undefined
  readonly max?: number | undefined
  readonly flags?: number | undefined
}

interface SummaryDataPoint {
  readonly attributes: ReadonlyArray<KeyValue>
  readonly startTimeUnixNano: Int64
  readonly timeUnixNano: Int64
  readonly count: Int64
  readonly sum: number
  readonly quantileValues: ReadonlyArray<{ readonly quantile: number; readonly value: number }>
  readonly flags?: number | undefined
}

interface Metric {
  readonly name: string
  readonly description?: string | undefined
  readonly unit?: string | undefined
  readonly gauge?: { readonly dataPoints: ReadonlyArray<NumberDataPoint> } | undefined
  readonly sum?: {
    readonly dataPoints: ReadonlyArray<NumberDataPoint>
    readonly aggregationTemporality: number
    readonly isMonotonic: boolean
  } | undefined
  readonly histogram?: {
    readonly dataPoints: ReadonlyArray<HistogramDataPoint>
    readonly aggregationTemporality: number
  } | undefined
  readonly summary?: { readonly dataPoints: ReadonlyArray<SummaryDataPoint> } | undefined
}

interface LogRecord {
  readonly timeUnixNano: Int64
  readonly observedTimeUnixNano?: Int64 | undefined
  readonly severityNumber?: number | undefined
  readonly severityText?: string | undefined
  readonly body?: AnyValue | undefined
  readonly attributes: ReadonlyArray<KeyValue>
  readonly droppedAttributesCount?: number | undefined
  readonly flags?: number | undefined
  readonly traceId?: string | undefined
  readonly spanId?: string | undefined
}

type W = ProtobufWriter

const repeated = <A>(w: W, field: number, values: ReadonlyArray<A>, body: (w: W, value: A) => void): void => {
  for (let i = 0; i < values.length; i++) w.message(field, values[i]!, body)
}

// opentelemetry.proto.common.v1

const anyValue = (w: W, value: AnyValue): void => {
  if (value.stringValue !== undefined && value.stringValue !== null) return w.stringField(1, value.stringValue)
  if (value.boolValue !== undefined && value.boolValue !== null) return w.boolField(2, value.boolValue)
  if (value.intValue !== undefined && value.intValue !== null) return w.varintField(3, value.intValue)
  if (value.doubleValue !== undefined && value.doubleValue !== null) return w.doubleField(4, value.doubleValue)
  if (value.arrayValue !== undefined) return w.message(5, value.arrayValue.values, arrayValue)
  if (value.kvlistValue !== undefined) return w.message(6, value.kvlistValue.values, keyValueList)
  if (value.bytesValue !== undefined) return w.bytesField(7, value.bytesValue)
}

const arrayValue = (w: W, values: ReadonlyArray<AnyValue>): void => repeated(w, 1, values, anyValue)

const keyValueList = (w: W, values: ReadonlyArray<KeyValue>): void => repeated(w, 1, values, keyValue)

const keyValue = (w: W, kv: KeyValue): void => {
  w.stringField(1, kv.key)
  w.message(2, kv.value, anyValue)
}

const instrumentationScope = (w: W, scope: Scope): void => {
  w.stringField(1, scope.name)
  w.optionalStringField(2, scope.version)
  if (scope.attributes) repeated(w, 3, scope.attributes, keyValue)
  if (scope.droppedAttributesCount) w.varintField(4, scope.droppedAttributesCount)
}

// opentelemetry.proto.resource.v1

const resource = (w: W, value: Resource): void => {
  repeated(w, 1, value.attributes, keyValue)
  if (value.droppedAttributesCount > 0) w.varintField(2, value.droppedAttributesCount)
}

/** A `Resource*` message: the resource, its scopes (field 2) and the schema URL. */
const resourceMessage = <A>(
  w: W,
  value: { readonly resource: Resource; readonly schemaUrl?: string | undefined },
  scopes: ReadonlyArray<A>,
  scope: (w: W, value: A) => void
): void => {
  w.message(1, value.resource, resource)
  repeated(w, 2, scopes, scope)
  w.optionalStringField(3, value.schemaUrl)
}

/** A `Scope*` message: the scope, its items (field 2) and the schema URL. */
const scopeMessage = <A>(
  w: W,
  value: { readonly scope: Scope; readonly schemaUrl?: string | null | undefined },
  items: ReadonlyArray<A>,
  item: (w: W, value: A) => void
): void => {
  w.message(1, value.scope, instrumentationScope)
  repeated(w, 2, items, item)
  w.optionalStringField(3, value.schemaUrl as string | undefined)
}

// opentelemetry.proto.trace.v1

const status = (w: W, value: Span["status"]): void => {
  w.optionalStringField(2, value.message)
  w.varintField(3, value.code)
}

const event = (w: W, value: Event): void => {
  w.fixed64Field(1, value.timeUnixNano)
  w.stringField(2, value.name)
  repeated(w, 3, value.attributes, keyValue)
  if (value.droppedAttributesCount > 0) w.varintField(4, value.droppedAttributesCount)
}

const link = (w: W, value: Link): void => {
  w.hexField(1, value.traceId)
  w.hexField(2, value.spanId)
  w.optionalStringField(3, value.traceState)
  repeated(w, 4, value.attributes, keyValue)
  if (value.droppedAttributesCount > 0) w.varintField(5, value.droppedAttributesCount)
  if (value.flags !== undefined) w.fixed32Field(6, value.flags)
}

const span = (w: W, value: Span): void => {
  w.hexField(1, value.traceId)
  w.hexField(2, value.spanId)
  w.optionalStringField(3, value.traceState)
  if (value.parentSpanId !== undefined) w.hexField(4, value.parentSpanId)
  w.stringField(5, value.name)
  w.varintField(6, value.kind)
  w.fixed64Field(7, value.startTimeUnixNano)
  w.fixed64Field(8, value.endTimeUnixNano)
  repeated(w, 9, value.attributes, keyValue)
  if (value.droppedAttributesCount > 0) w.varintField(10, value.droppedAttributesCount)
  repeated(w, 11, value.events, event)
  if (value.droppedEventsCount > 0) w.varintField(12, value.droppedEventsCount)
  repeated(w, 13, value.links, link)
  if (value.droppedLinksCount > 0) w.varintField(14, value.droppedLinksCount)
  w.message(15, value.status, status)
  if (value.flags !== undefined) w.fixed32Field(16, value.flags)
}

const scopeSpans = (w: W, value: { readonly scope: Scope; readonly spans: ReadonlyArray<Span>; readonly schemaUrl?: string | undefined }) =>
  scopeMessage(w, value, value.spans, span)

const resourceSpans = (w: W, value: TraceData["resourceSpans"][number]) =>
  resourceMessage(w, value, value.scopeSpans as ReadonlyArray<Parameters<typeof scopeSpans>[1]>, scopeSpans)

// opentelemetry.proto.metrics.v1

const numberDataPoint = (w: W, point: NumberDataPoint): void => {
  w.fixed64Field(2, point.startTimeUnixNano)
  w.fixed64Field(3, point.timeUnixNano)
  if (point.asDouble !== undefined) w.doubleField(4, point.asDouble as number)
  if (point.asInt !== undefined) w.fixed64Field(6, point.asInt)
  repeated(w, 7, point.attributes, keyValue)
  if (point.flags !== undefined) w.varintField(8, point.flags)
}

const histogramDataPoint = (w: W, point: HistogramDataPoint): void => {
  w.fixed64Field(2, point.startTimeUnixNano)
  w.fixed64Field(3, point.timeUnixNano)
  w.fixed64Field(4, point.count)
  if (point.sum !== undefined) w.doubleField(5, point.sum)
  // Not packed: one tagged field per value, as Effect writes them
  for (let i = 0; i < point.bucketCounts.length; i++) w.fixed64Field(6, point.bucketCounts[i])
  for (let i = 0; i < point.explicitBounds.length; i++) w.doubleField(7, point.explicitBounds[i]!)
  repeated(w, 9, point.attributes, keyValue)
  if (point.flags !== undefined) w.varintField(10, point.flags)
  if (point.min !== undefined) w.doubleField(11, point.min)
  if (point.max !== undefined) w.doubleField(12, point.max)
}

const valueAtQuantile = (w: W, value: SummaryDataPoint["quantileValues"][number]): void => {
  w.doubleField(1, value.quantile)
  w.doubleField(2, value.value)
}

const summaryDataPoint = (w: W, point: SummaryDataPoint): void => {
  w.fixed64Field(2, point.startTimeUnixNano)
  w.fixed64Field(3, point.timeUnixNano)
  w.fixed64Field(4, point.count)
  w.doubleField(5, point.sum)
  repeated(w, 6, point.quantileValues, valueAtQuantile)
  repeated(w, 7, point.attributes, keyValue)
  if (point.flags !== undefined) w.varintField(8, point.flags)
}

const gauge = (w: W, value: NonNullable<Metric["gauge"]>): void => repeated(w, 1, value.dataPoints, numberDataPoint)

const sum = (w: W, value: NonNullable<Metric["sum"]>): void => {
  repeated(w, 1, value.dataPoints, numberDataPoint)
  w.varintField(2, value.aggregationTemporality)
  w.boolField(3, value.isMonotonic)
}

const histogram = (w: W, value: NonNullable<Metric["histogram"]>): void => {
  repeated(w, 1, value.dataPoints, histogramDataPoint)
  w.varintField(2, value.aggregationTemporality)
}

const summary = (w: W, value: NonNullable<Metric["summary"]>): void =>
  repeated(w, 1, value.dataPoints, summaryDataPoint)

const metric = (w: W, value: Metric): void => {
  w.stringField(1, value.name)
  w.optionalStringField(2, value.description)
  w.optionalStringField(3, value.unit)
  if (value.gauge !== undefined) w.message(5, value.gauge, gauge)
  if (value.sum !== undefined) w.message(7, value.sum, sum)
  if (value.histogram !== undefined) w.message(9, value.histogram, histogram)
  if (value.summary !== undefined) w.message(11, value.summary, summary)
}

const scopeMetrics = (w: W, value: { readonly scope: Scope; readonly metrics: ReadonlyArray<Metric>; readonly schemaUrl?: string | undefined }) =>
  scopeMessage(w, value, value.metrics, metric)

const resourceMetrics = (w: W, value: MetricsData["resourceMetrics"][number]) =>
  resourceMessage(w, value, value.scopeMetrics as ReadonlyArray<Parameters<typeof scopeMetrics>[1]>, scopeMetrics)

// opentelemetry.proto.logs.v1

const logRecord = (w: W, record: LogRecord): void => {
  w.fixed64Field(1, record.timeUnixNano)
  if (record.severityNumber !== undefined) w.varintField(2, record.severityNumber)
  w.optionalStringField(3, record.severityText)
  if (record.body !== undefined) w.message(5, record.body, anyValue)
  repeated(w, 6, record.attributes, keyValue)
  if (record.droppedAttributesCount !== undefined && record.droppedAttributesCount > 0) {
    w.varintField(7, record.droppedAttributesCount)
  }
  if (record.flags !== undefined) w.fixed32Field(8, record.flags)
  if (record.traceId !== undefined && record.traceId !== "") w.hexField(9, record.traceId)
  if (record.spanId !== undefined && record.spanId !== "") w.hexField(10, record.spanId)
  if (record.observedTimeUnixNano !== undefined) w.fixed64Field(11, record.observedTimeUnixNano)
}

const scopeLogs = (w: W, value: { readonly scope: Scope; readonly logRecords: ReadonlyArray<LogRecord>; readonly schemaUrl?: string | null | undefined }) =>
  scopeMessage(w, value, value.logRecords, logRecord)

const resourceLogs = (w: W, value: LogsData["resourceLogs"][number]) =>
  resourceMessage(w, value as { readonly resource: Resource }, value.scopeLogs as ReadonlyArray<Parameters<typeof scopeLogs>[1]>, scopeLogs)

// Export requests: `repeated Resource* resource_* = 1`

const writer = new ProtobufWriter()

const encode = <A>(values: ReadonlyArray<A>, body: (w: W, value: A) => void): Uint8Array => {
  writer.reset()
  repeated(writer, 1, values, body)
  return writer.finish()
}

/** An `ExportTraceServiceRequest`. @internal */
export const encodeTraces = (data: TraceData): Uint8Array => encode(data.resourceSpans, resourceSpans)

/** An `ExportMetricsServiceRequest`. @internal */
export const encodeMetrics = (data: MetricsData): Uint8Array => encode(data.resourceMetrics, resourceMetrics)

/** An `ExportLogsServiceRequest`. @internal */
export const encodeLogs = (data: LogsData): Uint8Array => encode(data.resourceLogs, resourceLogs)

const protobuf = (bytes: Uint8Array) => HttpBody.uint8Array(bytes, "application/x-protobuf")

/**
 * `OtlpSerialization` as protobuf: the same bodies and content type as Effect's `layerProtobuf`, encoded
 * in a fraction of its time.
 *
 * @internal
 */
export const layer: Layer.Layer<OtlpSerialization> = Layer.succeed(OtlpSerialization, {
  traces: (data) => protobuf(encodeTraces(data)),
  metrics: (data) => protobuf(encodeMetrics(data)),
  logs: (data) => protobuf(encodeLogs(data))
})
