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
import { Effect, Layer, Option, References } from "effect"
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

/** Tracing switched off: spans are not recorded when nothing exports them. @since 0.2.0 */
export const tracingOff: Layer.Layer<never> = Layer.succeed(References.TracerEnabled, false)

/**
 * The exporters for a configuration; with none, tracing off. The exporters' modules are loaded only
 * when there is something to export, so a host without `OTEL_*` never loads them (a faster start).
 *
 * @since 0.1.0
 */
export const layer = (config: Option.Option<OtelConfig.OtelExport>): Layer.Layer<never> =>
  Option.isNone(config)
    ? tracingOff
    : Layer.unwrap(Effect.promise(() => import("./internal/OtlpExport.ts")).pipe(
      Effect.map((exporters) => exporters.layer(config.value))
    ))

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
