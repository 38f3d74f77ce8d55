/**
 * Prometheus text (exposition format 0.0.4) of Fulcrum's metrics at `GET /metrics`: the counters and
 * histograms the use cases keep (see `@fulcrum/core`'s `Metrics`), and the queue read from the inbox at
 * each scrape (depth by status, oldest pending age). A store that does not answer does not fail the
 * scrape: the queue gauges keep their last values and the rest is served.
 *
 * - {@link layerRoute}: the route, for a host's own router (`fulcrum-http`, the quickstart).
 * - {@link layerServer}: a listener of its own with only `/metrics` (the worker, `FULCRUM_METRICS_PORT`).
 *
 * @since 0.1.0
 */
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import { type EventInbox, Metrics } from "@fulcrum/core"
import { Effect, Layer } from "effect"
import { HttpRouter, HttpServerResponse } from "effect/http"
import * as PrometheusMetrics from "effect/observability/PrometheusMetrics"
import { createServer } from "node:http"

/** Where the text is served. @since 0.1.0 */
export const path = "/metrics"

/** The text Prometheus reads, with the queue read now. @since 0.1.0 */
export const scrape: Effect.Effect<string, never, EventInbox.EventInbox> = Metrics.refreshQueue.pipe(
  Effect.catch((error) =>
    Effect.logWarning("metrics: the inbox did not answer; queue gauges keep their last values").pipe(
      Effect.annotateLogs({ error: error.message })
    )),
  Effect.andThen(PrometheusMetrics.format())
)

const handler = Effect.map(scrape, (text) =>
  HttpServerResponse.text(text, { contentType: "text/plain; version=0.0.4; charset=utf-8" }))

/**
 * `GET /metrics` on the router in context.
 *
 * @since 0.1.0
 */
export const layerRoute = HttpRouter.add(
  "GET",
  path,
  handler
)

/**
 * A listener with only `GET /metrics` on `port` (and `host`, default all interfaces), for processes
 * that serve nothing else (the worker).
 *
 * @since 0.1.0
 */
export const layerServer = (options: { readonly port: number; readonly host?: string | undefined }) =>
  HttpRouter.serve(layerRoute, { disableLogger: true, disableListenLog: true }).pipe(
    Layer.provide(NodeHttpServer.layer(createServer, { port: options.port, host: options.host ?? "0.0.0.0" }))
  )
