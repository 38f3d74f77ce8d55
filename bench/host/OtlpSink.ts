/**
 * A stand-in for an OpenTelemetry collector: a `node:http` server on a random port of 127.0.0.1 that
 * reads every OTLP/HTTP export, counts it and its bytes, and answers 200. It keeps nothing, so the
 * benchmark measures the exporting process, not a collector.
 */
import { Effect } from "effect"
import { createServer } from "node:http"

/** The sink's address and what it received. */
export interface Sink {
  readonly url: string
  /** Exports received, all or to one path (`/v1/traces`, `/v1/metrics`). */
  readonly exports: (path?: string) => number
  readonly bytes: () => number
}

/** A sink for the scope's lifetime. */
export const start = Effect.acquireRelease(
  Effect.callback<Sink & { readonly close: () => void }>((resume) => {
    const counts = new Map<string, number>()
    let bytes = 0
    const server = createServer((request, response) => {
      request.on("data", (chunk: Buffer) => {
        bytes += chunk.length
      })
      request.on("end", () => {
        counts.set(request.url ?? "", (counts.get(request.url ?? "") ?? 0) + 1)
        response.writeHead(200, { "content-type": "application/json" }).end("{}")
      })
    })
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      const port = typeof address === "object" && address !== null ? address.port : 0
      resume(Effect.succeed({
        url: `http://127.0.0.1:${port}`,
        exports: (path) =>
          path === undefined ? [...counts.values()].reduce((a, b) => a + b, 0) : counts.get(path) ?? 0,
        bytes: () => bytes,
        close: () => server.close()
      }))
    })
  }),
  (sink) => Effect.sync(sink.close)
)
