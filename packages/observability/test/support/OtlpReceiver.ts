/**
 * A tiny OTLP/HTTP collector for tests: a `node:http` server on a random port of 127.0.0.1 that keeps
 * every export posted to `/v1/traces` and `/v1/metrics` and answers 200, as a collector does; spans and
 * metric names are read from JSON exports (send with `OTEL_EXPORTER_OTLP_PROTOCOL=http/json`), protobuf
 * ones are kept as bytes. Shared by the HTTP host's process tests.
 */
import { Effect } from "effect"
import { createServer } from "node:http"

/** One received span, flattened. */
export interface ReceivedSpan {
  readonly service: string
  readonly name: string
  readonly traceId: string
  readonly spanId: string
  readonly parentSpanId: string
  readonly attributes: Readonly<Record<string, unknown>>
}

interface KeyValue {
  readonly key: string
  readonly value: Readonly<Record<string, unknown>>
}

const attributesOf = (list: ReadonlyArray<KeyValue> | undefined): Record<string, unknown> =>
  Object.fromEntries((list ?? []).map(({ key, value }) => [key, Object.values(value)[0]]))

/** One export as posted. */
export interface ReceivedExport {
  readonly path: string
  readonly contentType: string
  readonly bytes: Uint8Array
}

export interface OtlpReceiver {
  /** The base URL to give as `OTEL_EXPORTER_OTLP_ENDPOINT`. */
  readonly url: string
  /** Every body received so far, as text (to search for what must not be there). */
  readonly bodies: () => ReadonlyArray<string>
  /** Every export received so far as it came: its path, content type and bytes (protobuf ones too). */
  readonly exports: () => ReadonlyArray<ReceivedExport>
  readonly spans: () => ReadonlyArray<ReceivedSpan>
  /** The names of the metrics received so far. */
  readonly metricNames: () => ReadonlySet<string>
}

/** A receiver for the scope's lifetime. */
export const make = Effect.acquireRelease(
  Effect.callback<{ readonly receiver: OtlpReceiver; readonly close: () => Promise<void> }>((resume) => {
    const bodies: Array<{ readonly path: string; readonly text: string; readonly contentType: string; readonly bytes: Buffer }> = []
    const server = createServer((request, response) => {
      const chunks: Array<Buffer> = []
      request.on("data", (chunk: Buffer) => chunks.push(chunk))
      request.on("end", () => {
        const bytes = Buffer.concat(chunks)
        bodies.push({ path: request.url ?? "", text: bytes.toString("utf8"), contentType: request.headers["content-type"] ?? "", bytes })
        response.writeHead(200, { "content-type": "application/json" }).end("{}")
      })
    })
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      const port = typeof address === "object" && address !== null ? address.port : 0
      const json = (path: string) =>
        bodies.filter((body) => body.path === path).flatMap((body) => {
          try {
            return [JSON.parse(body.text) as Record<string, unknown>]
          } catch {
            return []
          }
        })
      resume(Effect.succeed({
        receiver: {
          url: `http://127.0.0.1:${port}`,
          bodies: () => bodies.map((body) => body.text),
          exports: () => bodies.map(({ bytes, contentType, path }) => ({ path, contentType, bytes })),
          spans: () =>
            json("/v1/traces").flatMap((data) =>
              ((data.resourceSpans ?? []) as ReadonlyArray<any>).flatMap((resourceSpan) => {
                const service = String(attributesOf(resourceSpan.resource?.attributes)["service.name"] ?? "")
                return ((resourceSpan.scopeSpans ?? []) as ReadonlyArray<any>).flatMap((scope) =>
                  ((scope.spans ?? []) as ReadonlyArray<any>).map((span): ReceivedSpan => ({
                    service,
                    name: String(span.name),
                    traceId: String(span.traceId),
                    spanId: String(span.spanId),
                    parentSpanId: String(span.parentSpanId ?? ""),
                    attributes: attributesOf(span.attributes)
                  })))
              })),
          metricNames: () =>
            new Set(json("/v1/metrics").flatMap((data) =>
              ((data.resourceMetrics ?? []) as ReadonlyArray<any>).flatMap((resource) =>
                ((resource.scopeMetrics ?? []) as ReadonlyArray<any>).flatMap((scope) =>
                  ((scope.metrics ?? []) as ReadonlyArray<any>).map((metric) => String(metric.name))))))
        },
        close: () => new Promise<void>((done) => server.close(() => done()))
      }))
    })
  }),
  ({ close }) => Effect.promise(close)
).pipe(Effect.map(({ receiver }) => receiver))

/** Prometheus text as samples: `name{labels}` → value. */
export const parsePrometheus = (text: string): ReadonlyMap<string, number> => {
  const samples = new Map<string, number>()
  for (const line of text.split("\n")) {
    if (line.startsWith("#") || line.trim() === "") continue
    const at = line.lastIndexOf(" ")
    samples.set(line.slice(0, at), Number(line.slice(at + 1)))
  }
  return samples
}

/** The sum of the samples of `name` whose labels include every one of `labels`. */
export const sample = (samples: ReadonlyMap<string, number>, name: string, labels: Record<string, string> = {}): number => {
  let total = 0
  let found = false
  for (const [key, value] of samples) {
    const brace = key.indexOf("{")
    const metric = brace === -1 ? key : key.slice(0, brace)
    if (metric !== name) continue
    const text = brace === -1 ? "" : key.slice(brace)
    if (Object.entries(labels).every(([label, expected]) => text.includes(`${label}="${expected}"`))) {
      total += value
      found = true
    }
  }
  return found ? total : Number.NaN
}
