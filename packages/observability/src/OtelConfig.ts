/**
 * The OpenTelemetry environment variables Fulcrum's hosts read, checked at start (a malformed value is
 * `InvalidConfig` naming its variable, exit code 1, as every Fulcrum variable: see `EnvVariable` of
 * `@fulcrum/core`). Export is on only when an endpoint is set. Every variable is listed in
 * {@link variables}, from which docs/operations.md's table is generated.
 *
 * @since 0.1.0
 */
import { EnvVariable } from "@fulcrum/core"
import { Effect, Option, Redacted, Schema } from "effect"

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
const signal = (name: "traces" | "metrics") => ({
  exporter: withDefault(
    EnvVariable.literals(`OTEL_${name.toUpperCase()}_EXPORTER`, `\`none\` turns ${name} off.`, ["otlp", "none"], "otlp or none"),
    "otlp"
  ),
  url: optional(
    EnvVariable.url(`OTEL_EXPORTER_OTLP_${name.toUpperCase()}_ENDPOINT`, `A full URL for ${name} alone.`, collector),
    "from the base"
  )
})
const milliseconds = (name: string, meaning: string, fallback: number) =>
  withDefault({ ...EnvVariable.integer(name, meaning, { min: 10 }), expected: "a whole number of milliseconds, at least 10" }, fallback)
const samplers = ["always_on", "always_off", "traceidratio"]

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

/** Every OTEL variable, with `serviceName` as `OTEL_SERVICE_NAME`'s default. */
const settings = (serviceName: string) => ({
  disabled: withDefault(EnvVariable.boolean("OTEL_SDK_DISABLED", "`true` turns both signals off."), false),
  endpoint: optional(
    EnvVariable.url(
      "OTEL_EXPORTER_OTLP_ENDPOINT",
      "The collector's OTLP/HTTP base URL; `/v1/traces` and `/v1/metrics` are appended. Unset: nothing is exported and tracing is off.",
      collector
    ),
    "— (no export)"
  ),
  traces: signal("traces"),
  metrics: signal("metrics"),
  protocol: withDefault(
    EnvVariable.literals("OTEL_EXPORTER_OTLP_PROTOCOL", "The OTLP encoding.", ["http/protobuf", "http/json"], "http/protobuf or http/json (gRPC is not supported)"),
    "http/protobuf"
  ),
  // The value may hold an API key: read as a secret, so a message names the variable only.
  headers: optional(EnvVariable.secret(
    "OTEL_EXPORTER_OTLP_HEADERS",
    "Sent with every export (a vendor's API key); never printed.",
    "key=value pairs separated by commas",
    (value) => parseHeaders(Redacted.value(value)) !== undefined
  )),
  serviceName: withDefault(EnvVariable.text("OTEL_SERVICE_NAME", "The resource's `service.name`.", "a name"), serviceName),
  resource: optional(
    EnvVariable.text("OTEL_RESOURCE_ATTRIBUTES", "More resource attributes (read by effect's OTLP exporters).", "key=value pairs separated by commas")
  ),
  tracesIntervalMs: milliseconds("OTEL_BSP_SCHEDULE_DELAY", "Milliseconds between span exports (spans are batched).", 5_000),
  metricsIntervalMs: milliseconds("OTEL_METRIC_EXPORT_INTERVAL", "Milliseconds between metric exports.", 60_000),
  sampler: withDefault(
    EnvVariable.literals(
      "OTEL_TRACES_SAMPLER",
      "Head sampling: which new traces are kept; a trace continued from a stored `traceparent` keeps its decision, so a trace is whole or absent.",
      samplers.flatMap((s) => [s, `parentbased_${s}`])
    ),
    "parentbased_always_on"
  ),
  sampleRatio: withDefault<number>({
    name: "OTEL_TRACES_SAMPLER_ARG",
    meaning: "The share of new traces kept with `traceidratio` (or `parentbased_traceidratio`).",
    expected: "a ratio between 0 and 1",
    schema: Schema.NumberFromString.check(Schema.isBetween({ minimum: 0, maximum: 1 }))
  }, 1)
})

/** The variables a host with `serviceName` reads, for the docs table. @since 0.2.0 */
export const variables = (serviceName: string): ReadonlyArray<EnvVariable.Variable<unknown>> => {
  const s = settings(serviceName)
  return [s.endpoint, s.traces.url, s.metrics.url, s.headers, s.protocol, s.serviceName, s.resource, s.traces.exporter,
    s.metrics.exporter, s.disabled, s.tracesIntervalMs, s.metricsIntervalMs, s.sampler, s.sampleRatio]
}

const signalUrl = (signal: ReturnType<typeof settings>["traces"], name: string, base: Option.Option<string>) =>
  Effect.gen(function*() {
    if ((yield* signal.exporter.read) === "none") return Option.none<string>()
    const own = yield* signal.url.read
    return Option.isSome(own) ? own : Option.map(base, (root) => `${root}/v1/${name}`)
  })

/** The export settings from the environment; none when no endpoint is set or the SDK is disabled. @since 0.1.0 */
export const fromEnv = (defaultServiceName: string): Effect.Effect<Option.Option<OtelExport>, EnvVariable.InvalidConfig> =>
  Effect.gen(function*() {
    const s = settings(defaultServiceName)
    if (yield* s.disabled.read) return Option.none()
    const base = yield* s.endpoint.read
    const tracesUrl = yield* signalUrl(s.traces, "traces", base)
    const metricsUrl = yield* signalUrl(s.metrics, "metrics", base)
    if (Option.isNone(tracesUrl) && Option.isNone(metricsUrl)) return Option.none()
    const protocol = yield* s.protocol.read
    const headers = Option.match(yield* s.headers.read, { onNone: () => ({}), onSome: (value) => parseHeaders(Redacted.value(value))! })
    const sampler = (yield* s.sampler.read).replace(/^parentbased_/, "")
    return Option.some({
      tracesUrl,
      metricsUrl,
      headers: Redacted.make(headers),
      protocol,
      serviceName: yield* s.serviceName.read,
      metricsIntervalMs: yield* s.metricsIntervalMs.read,
      tracesIntervalMs: yield* s.tracesIntervalMs.read,
      sampleRatio: sampler === "always_on" ? 1 : sampler === "always_off" ? 0 : yield* s.sampleRatio.read
    })
  })
