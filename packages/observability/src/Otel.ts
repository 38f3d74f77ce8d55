/**
 * OpenTelemetry export over OTLP/HTTP with Effect's own exporters (`effect/observability`): the spans
 * Fulcrum's use cases and adapters already make (`Effect.fn`, the HTTP server and client) and its
 * `Metric`s. Provide {@link layerFromEnv} around a host's layers:
 *
 * - no `OTEL_EXPORTER_OTLP_ENDPOINT`: no exporter, and tracing switched off (`References.TracerEnabled`),
 *   so spans cost nothing and no trace context is stored with events;
 * - set: spans and metrics batched to the collector; probes (`/healthz`, `/readyz`, `/metrics`) make no
 *   spans; OAuth `code`/`state` and token query parameters are redacted from span URLs (headers such as
 *   `Authorization` are never recorded).
 *
 * Attributes carry ids only (`fulcrum.team_id`, `fulcrum.event_id`, `fulcrum.opportunity_id`), never a
 * name, an email or a secret.
 *
 * @since 0.1.0
 */
import type { EnvVariable } from "@fulcrum/core"
import { Effect, Layer, Option, Redacted, References, Tracer } from "effect"
import { FetchHttpClient, HttpMiddleware, UrlParams } from "effect/http"
import { OtlpExporter, OtlpMetrics, OtlpSerialization, OtlpTracer } from "effect/observability"
import * as OtelConfig from "./OtelConfig.ts"

/** Requests that never make a span: probes and scrapes would drown the traces. @since 0.1.0 */
export const untracedPaths: ReadonlyArray<string> = ["/healthz", "/readyz", "/metrics"]

/** Query parameters redacted from span URLs, besides Effect's defaults. @since 0.1.0 */
export const redactedQueryParameters: ReadonlyArray<string> = [
  "code",
  "state",
  "token",
  "access_token",
  "refresh_token",
  "client_secret"
]

const tracingOff = Layer.succeed(References.TracerEnabled, false)

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
 * The exporters for a configuration; with none, tracing off.
 *
 * @since 0.1.0
 */
export const layer = (config: Option.Option<OtelConfig.OtelExport>): Layer.Layer<never> => {
  if (Option.isNone(config)) return tracingOff
  const otel = config.value
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
    Layer.provide(otel.protocol === "http/json" ? OtlpSerialization.layerJson : OtlpSerialization.layerProtobuf),
    Layer.provide(FetchHttpClient.layer)
  )
}

/**
 * The exporters configured from the environment (`OtelConfig.fromEnv`); `serviceName` is the default
 * `service.name` (`OTEL_SERVICE_NAME` wins).
 *
 * @example
 * ```ts
 * import { Otel } from "@fulcrum/observability"
 * const Host = MyHostLive.pipe(Layer.provide(Otel.layerFromEnv("fulcrum-http")))
 * ```
 *
 * @since 0.1.0
 */
export const layerFromEnv = (serviceName: string): Layer.Layer<never, EnvVariable.InvalidConfig> =>
  Layer.unwrap(Effect.map(OtelConfig.fromEnv(serviceName), layer))
