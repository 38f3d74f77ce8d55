/**
 * The OTLP exporters of a configuration, for `Otel.layer`, which loads this module only when something
 * is exported.
 *
 * @internal
 */
import { Effect, Layer, Option, Redacted, References, Tracer } from "effect"
import { FetchHttpClient, HttpMiddleware, UrlParams } from "effect/http"
import * as OtlpExporter from "effect/observability/OtlpExporter"
import * as OtlpMetrics from "effect/observability/OtlpMetrics"
import * as OtlpSerialization from "effect/observability/OtlpSerialization"
import * as OtlpTracer from "effect/observability/OtlpTracer"
import { redactedQueryParameters, tracingOff, untracedPaths } from "../Otel.ts"
import type * as OtelConfig from "../OtelConfig.ts"
import * as OtlpProtobuf from "./OtlpProtobuf.ts"

/**
 * The OTLP tracer with head sampling: a new trace (a span without a parent) is kept with probability
 * `ratio`; a span with a parent keeps its parent's decision (Effect passes it down), so a trace is whole
 * or absent, across processes too (the stored `traceparent` carries the decision).
 */
const sampledTracer = (options: Parameters<typeof OtlpTracer.make>[0], ratio: number) =>
  Layer.effect(
    Tracer.Tracer,
    Effect.map(OtlpTracer.make(options), (otlp) =>
      ratio >= 1 ? otlp : Tracer.make({
        ...otlp,
        span: (span) =>
          otlp.span(Option.isNone(span.parent) ? { ...span, sampled: span.sampled && Math.random() < ratio } : span)
      }))
  ).pipe(Layer.provideMerge(OtlpExporter.layerFlusher))

const pathOf = (url: string) => {
  const query = url.indexOf("?")
  return query === -1 ? url : url.slice(0, query)
}

/**
 * The exporters of an `OTEL_*` configuration: spans (when a traces URL is set) and metrics.
 *
 * @internal
 */
export const layer = (otel: OtelConfig.OtelExport): Layer.Layer<never> => {
  const resource = { serviceName: otel.serviceName, serviceVersion: "0.1.0" }
  const headers = Redacted.value(otel.headers)
  const Traces = Option.isNone(otel.tracesUrl) ? tracingOff : Layer.mergeAll(
    sampledTracer({ url: otel.tracesUrl.value, resource, headers, exportInterval: otel.tracesIntervalMs }, otel.sampleRatio),
    Layer.succeed(References.TracerEnabled, true),
    Layer.succeed(HttpMiddleware.TracerDisabledWhen, (request) => untracedPaths.includes(pathOf(request.url))),
    Layer.effect(
      UrlParams.CurrentRedactedNames,
      Effect.map(UrlParams.CurrentRedactedNames, (names) => [...names, ...redactedQueryParameters])
    )
  )
  const Metrics = Option.isNone(otel.metricsUrl)
    ? Layer.empty
    : OtlpMetrics.layer({ url: otel.metricsUrl.value, resource, headers, exportInterval: otel.metricsIntervalMs })
  return Layer.mergeAll(Traces, Metrics).pipe(
    // Protobuf bodies byte for byte as Effect's `layerProtobuf`, at a fraction of its CPU (OtlpProtobuf.ts)
    Layer.provide(otel.protocol === "http/json" ? OtlpSerialization.layerJson : OtlpProtobuf.layer),
    Layer.provide(FetchHttpClient.layer)
  )
}
