/**
 * The OpenTelemetry environment variables Fulcrum's hosts read, checked at start (a malformed value
 * names its variable). Export is on only when an endpoint is set:
 *
 * | variable | default | meaning |
 * | --- | --- | --- |
 * | `OTEL_EXPORTER_OTLP_ENDPOINT` | — (no export) | the collector's OTLP/HTTP base URL, e.g. `http://otel-collector:4318`; `/v1/traces` and `/v1/metrics` are appended |
 * | `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, `OTEL_EXPORTER_OTLP_METRICS_ENDPOINT` | from the base | a full URL for one signal |
 * | `OTEL_EXPORTER_OTLP_HEADERS` | — | `key=value,key=value` sent with every export (a vendor's API key); never logged |
 * | `OTEL_EXPORTER_OTLP_PROTOCOL` | `http/protobuf` | or `http/json` |
 * | `OTEL_SERVICE_NAME` | the host's (`fulcrum-http`, `fulcrum-worker`, `fulcrum-quickstart`) | the resource's `service.name` |
 * | `OTEL_RESOURCE_ATTRIBUTES` | — | more resource attributes, `key=value,...` |
 * | `OTEL_TRACES_EXPORTER`, `OTEL_METRICS_EXPORTER` | `otlp` | `none` turns one signal off |
 * | `OTEL_SDK_DISABLED` | `false` | `true` turns both off |
 * | `OTEL_METRIC_EXPORT_INTERVAL` | `60000` | ms between metric exports |
 * | `OTEL_BSP_SCHEDULE_DELAY` | `5000` | ms between span exports (spans are batched) |
 * | `OTEL_TRACES_SAMPLER` | `parentbased_always_on` | `always_on`, `always_off`, `traceidratio`, or their `parentbased_` forms: which new traces are kept (a continued trace keeps its parent's decision) |
 * | `OTEL_TRACES_SAMPLER_ARG` | `1` | the ratio of new traces kept with `traceidratio`, 0 to 1 |
 *
 * @since 0.1.0
 */
import { Config, Effect, Option, Redacted, Schema } from "effect"

/** A variable is malformed. @since 0.1.0 */
export class InvalidOtelConfig extends Schema.TaggedError<InvalidOtelConfig>()("InvalidOtelConfig", {
  variable: Schema.String,
  message: Schema.String
}) {}

/** Where and how to export, when export is on. @since 0.1.0 */
export interface OtelExport {
  /** Full URL of the traces endpoint, or none when traces are off. */
  readonly tracesUrl: Option.Option<string>
  /** Full URL of the metrics endpoint, or none when metrics are off. */
  readonly metricsUrl: Option.Option<string>
  readonly headers: Redacted.Redacted<Record<string, string>>
  readonly protocol: "http/protobuf" | "http/json"
  readonly serviceName: string
  readonly metricsIntervalMs: number
  readonly tracesIntervalMs: number
  /** The share of new traces (root spans) exported, 0 to 1; continued traces follow their parent. */
  readonly sampleRatio: number
}

const text = (name: string) =>
  Effect.map(
    Effect.orElseSucceed(Config.option(Config.String(name)), () => Option.none<string>()),
    Option.filter((value) => value.trim() !== "")
  )

const url = (variable: string, value: string): Effect.Effect<string, InvalidOtelConfig> => {
  const parsed = URL.parse(value.trim())
  return parsed === null || (parsed.protocol !== "http:" && parsed.protocol !== "https:")
    ? Effect.fail(new InvalidOtelConfig({ variable, message: `${variable} must be an http(s) URL such as http://otel-collector:4318` }))
    : Effect.succeed(parsed.toString())
}

const signalUrl = (signal: "traces" | "metrics", base: Option.Option<string>) =>
  Effect.gen(function*() {
    const exporter = Option.getOrElse(yield* text(`OTEL_${signal.toUpperCase()}_EXPORTER`), () => "otlp").trim().toLowerCase()
    if (exporter === "none") return Option.none<string>()
    if (exporter !== "otlp") {
      return yield* new InvalidOtelConfig({
        variable: `OTEL_${signal.toUpperCase()}_EXPORTER`,
        message: `OTEL_${signal.toUpperCase()}_EXPORTER must be otlp or none`
      })
    }
    const own = yield* text(`OTEL_EXPORTER_OTLP_${signal.toUpperCase()}_ENDPOINT`)
    if (Option.isSome(own)) return Option.some(yield* url(`OTEL_EXPORTER_OTLP_${signal.toUpperCase()}_ENDPOINT`, own.value))
    if (Option.isNone(base)) return Option.none<string>()
    const root = yield* url("OTEL_EXPORTER_OTLP_ENDPOINT", base.value)
    return Option.some(`${root.replace(/\/+$/, "")}/v1/${signal}`)
  })

const milliseconds = (variable: string, fallback: number): Effect.Effect<number, InvalidOtelConfig> =>
  Effect.flatMap(text(variable), (value) => {
    if (Option.isNone(value)) return Effect.succeed(fallback)
    const ms = Number(value.value.trim())
    return Number.isInteger(ms) && ms >= 10
      ? Effect.succeed(ms)
      : Effect.fail(new InvalidOtelConfig({ variable, message: `${variable} must be a whole number of milliseconds, at least 10` }))
  })

const samplers = ["always_on", "always_off", "traceidratio"]

/** `OTEL_TRACES_SAMPLER` and its argument as the share of new traces kept. */
const sampler: Effect.Effect<number, InvalidOtelConfig> = Effect.gen(function*() {
  const name = Option.getOrElse(yield* text("OTEL_TRACES_SAMPLER"), () => "parentbased_always_on").trim().toLowerCase()
  const base = name.replace(/^parentbased_/, "")
  if (!samplers.includes(base)) {
    return yield* new InvalidOtelConfig({
      variable: "OTEL_TRACES_SAMPLER",
      message: `OTEL_TRACES_SAMPLER must be one of ${samplers.flatMap((s) => [s, `parentbased_${s}`]).join(", ")}`
    })
  }
  if (base === "always_on") return 1
  if (base === "always_off") return 0
  const arg = Option.getOrElse(yield* text("OTEL_TRACES_SAMPLER_ARG"), () => "1")
  const ratio = Number(arg)
  return Number.isFinite(ratio) && ratio >= 0 && ratio <= 1
    ? ratio
    : yield* new InvalidOtelConfig({ variable: "OTEL_TRACES_SAMPLER_ARG", message: "OTEL_TRACES_SAMPLER_ARG must be a ratio between 0 and 1" })
})

/** `key=value,key=value`, values URL-decoded, as the OpenTelemetry spec writes headers. */
const parseHeaders = (value: string): Effect.Effect<Record<string, string>, InvalidOtelConfig> =>
  Effect.try({
    try: () =>
      Object.fromEntries(value.split(",").filter((pair) => pair.trim() !== "").map((pair) => {
        const at = pair.indexOf("=")
        if (at <= 0) throw new Error("no =")
        return [decodeURIComponent(pair.slice(0, at).trim()), decodeURIComponent(pair.slice(at + 1).trim())]
      })),
    // The value may hold an API key: the message names the variable only.
    catch: () => new InvalidOtelConfig({ variable: "OTEL_EXPORTER_OTLP_HEADERS", message: "OTEL_EXPORTER_OTLP_HEADERS must be key=value pairs separated by commas" })
  })

/**
 * The export settings from the environment; none when no endpoint is set or the SDK is disabled.
 *
 * @since 0.1.0
 */
export const fromEnv = (defaultServiceName: string): Effect.Effect<Option.Option<OtelExport>, InvalidOtelConfig> =>
  Effect.gen(function*() {
    const disabled = Option.getOrElse(yield* text("OTEL_SDK_DISABLED"), () => "false").trim().toLowerCase()
    if (disabled === "true") return Option.none()
    const base = yield* text("OTEL_EXPORTER_OTLP_ENDPOINT")
    const tracesUrl = yield* signalUrl("traces", base)
    const metricsUrl = yield* signalUrl("metrics", base)
    if (Option.isNone(tracesUrl) && Option.isNone(metricsUrl)) return Option.none()
    const protocol = Option.getOrElse(yield* text("OTEL_EXPORTER_OTLP_PROTOCOL"), () => "http/protobuf").trim()
    if (protocol !== "http/protobuf" && protocol !== "http/json") {
      return yield* new InvalidOtelConfig({
        variable: "OTEL_EXPORTER_OTLP_PROTOCOL",
        message: "OTEL_EXPORTER_OTLP_PROTOCOL must be http/protobuf or http/json (gRPC is not supported)"
      })
    }
    const headers = yield* Option.match(yield* text("OTEL_EXPORTER_OTLP_HEADERS"), {
      onNone: () => Effect.succeed({}),
      onSome: parseHeaders
    })
    const metricsIntervalMs = yield* milliseconds("OTEL_METRIC_EXPORT_INTERVAL", 60_000)
    const tracesIntervalMs = yield* milliseconds("OTEL_BSP_SCHEDULE_DELAY", 5_000)
    const sampleRatio = yield* sampler
    return Option.some({
      tracesUrl,
      metricsUrl,
      headers: Redacted.make(headers),
      protocol,
      serviceName: Option.getOrElse(yield* text("OTEL_SERVICE_NAME"), () => defaultServiceName),
      metricsIntervalMs,
      tracesIntervalMs,
      sampleRatio
    })
  })
