/**
 * `@fulcrum/observability`: the exporters of Fulcrum's traces and metrics. `Otel` sends them over OTLP
 * when `OTEL_EXPORTER_OTLP_ENDPOINT` is set (and switches tracing off when it is not);
 * `PrometheusEndpoint` serves `GET /metrics`. The spans and metrics themselves are made where the work
 * happens (`@fulcrum/core`'s `Metrics` and `TraceContext`, the adapters' spans).
 *
 * @since 0.1.0
 */

/** OpenTelemetry export over OTLP when configured; tracing off when not. @since 0.1.0 */
export * as Otel from "./Otel.ts"
/** The `OTEL_*` variables, read and checked. @since 0.1.0 */
export * as OtelConfig from "./OtelConfig.ts"
/** Prometheus text at `GET /metrics`: a route, or a listener of its own. @since 0.1.0 */
export * as PrometheusEndpoint from "./PrometheusEndpoint.ts"
