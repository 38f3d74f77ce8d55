/**
 * The OpenTelemetry environment variables Fulcrum's hosts read, checked at start (a malformed value
 * names its variable: `InvalidConfig`, exit code 1, as every Fulcrum variable; see `EnvVariable` of
 * `@fulcrum/core`). Export is on only when an endpoint is set:
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
import { EnvVariable } from "@fulcrum/core"
import { Effect, Option, Redacted, Schema } from "effect"

/** A variable is malformed (exit code 1): every Fulcrum process's `InvalidConfig`. @since 0.1.0 */
export const InvalidOtelConfig = EnvVariable.InvalidConfig
/** A variable is malformed (exit code 1). @since 0.1.0 */
export type InvalidOtelConfig = EnvVariable.InvalidConfig

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

const { optional, withDefault } = EnvVariable
const collector = "an http(s) URL such as http://otel-collector:4318"
const endpoint = optional(EnvVariable.url("OTEL_EXPORTER_OTLP_ENDPOINT", "the collector's base URL", collector))
const signal = (name: "traces" | "metrics") => ({
  exporter: withDefault(EnvVariable.literals(`OTEL_${name.toUpperCase()}_EXPORTER`, `${name} export`, ["otlp", "none"], "otlp or none"), "otlp"),
  url: optional(EnvVariable.url(`OTEL_EXPORTER_OTLP_${name.toUpperCase()}_ENDPOINT`, `the ${name} URL`, collector))
})
const milliseconds = (name: string, fallback: number) =>
  withDefault({ ...EnvVariable.integer(name, "ms between exports", { min: 10 }), expected: "a whole number of milliseconds, at least 10" }, fallback)
const samplers = ["always_on", "always_off", "traceidratio"]
const sampler = withDefault(
  EnvVariable.literals("OTEL_TRACES_SAMPLER", "which new traces are kept", samplers.flatMap((s) => [s, `parentbased_${s}`])),
  "parentbased_always_on"
)
const sampleRatio = withDefault<number>({
  name: "OTEL_TRACES_SAMPLER_ARG",
  meaning: "the share of new traces kept with traceidratio",
  expected: "a ratio between 0 and 1",
  schema: Schema.NumberFromString.check(Schema.isBetween({ minimum: 0, maximum: 1 }))
}, 1)

/** `key=value,key=value`, values URL-decoded, as the OpenTelemetry spec writes headers; undefined when malformed. */
const parseHeaders = (value: string): Record<string, string> | undefined => {
  try {
    return Object.fromEntries(value.split(",").filter((pair) => pair.trim() !== "").map((pair) => {
      const at = pair.indexOf("=")
      if (at <= 0) throw new Error("no =")
      return [decodeURIComponent(pair.slice(0, at).trim()), decodeURIComponent(pair.slice(at + 1).trim())]
    }))
  } catch {
    return undefined
  }
}
// The value may hold an API key: read as a secret, so the message names the variable only.
const headers = optional(EnvVariable.secret(
  "OTEL_EXPORTER_OTLP_HEADERS",
  "sent with every export",
  "key=value pairs separated by commas",
  (value) => parseHeaders(Redacted.value(value)) !== undefined
))

const signalUrl = (name: "traces" | "metrics", base: Option.Option<string>) =>
  Effect.gen(function*() {
    const { exporter, url } = signal(name)
    if ((yield* exporter.read) === "none") return Option.none<string>()
    const own = yield* url.read
    return Option.isSome(own) ? own : Option.map(base, (root) => `${root}/v1/${name}`)
  })

/**
 * The export settings from the environment; none when no endpoint is set or the SDK is disabled.
 *
 * @since 0.1.0
 */
export const fromEnv = (defaultServiceName: string): Effect.Effect<Option.Option<OtelExport>, InvalidOtelConfig> =>
  Effect.gen(function*() {
    if (yield* withDefault(EnvVariable.boolean("OTEL_SDK_DISABLED", "turns export off"), false).read) return Option.none()
    const base = yield* endpoint.read
    const tracesUrl = yield* signalUrl("traces", base)
    const metricsUrl = yield* signalUrl("metrics", base)
    if (Option.isNone(tracesUrl) && Option.isNone(metricsUrl)) return Option.none()
    const protocol = yield* withDefault(
      EnvVariable.literals("OTEL_EXPORTER_OTLP_PROTOCOL", "the OTLP encoding", ["http/protobuf", "http/json"], "http/protobuf or http/json (gRPC is not supported)"),
      "http/protobuf"
    ).read
    const header = Option.map(yield* headers.read, (value) => parseHeaders(Redacted.value(value))!)
    const samplerName = (yield* sampler.read).replace(/^parentbased_/, "")
    return Option.some({
      tracesUrl,
      metricsUrl,
      headers: Redacted.make(Option.getOrElse(header, () => ({}))),
      protocol,
      serviceName: yield* withDefault(EnvVariable.text("OTEL_SERVICE_NAME", "service.name"), defaultServiceName).read,
      metricsIntervalMs: yield* milliseconds("OTEL_METRIC_EXPORT_INTERVAL", 60_000).read,
      tracesIntervalMs: yield* milliseconds("OTEL_BSP_SCHEDULE_DELAY", 5_000).read,
      sampleRatio: samplerName === "always_on" ? 1 : samplerName === "always_off" ? 0 : yield* sampleRatio.read
    })
  })
