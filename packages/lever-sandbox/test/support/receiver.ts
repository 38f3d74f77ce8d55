import { Effect } from "effect"
import { createServer, type IncomingHttpHeaders } from "node:http"

/** One webhook the receiver got. */
export interface Received {
  readonly at: number
  readonly headers: IncomingHttpHeaders
  readonly raw: string
  // Tests read arbitrary JSON fields.
  readonly body: any
}

/** A local webhook receiver: records every POST and answers with `respond(n)` (n = 1-based request number). */
export interface Receiver {
  readonly url: string
  readonly received: Array<Received>
  respond: (n: number) => number
  /** Waits until at least `count` requests arrived (fails after `timeoutMs`). */
  readonly waitFor: (count: number, timeoutMs?: number) => Effect.Effect<ReadonlyArray<Received>>
}

/** Starts a receiver on 127.0.0.1 with a random port, closed with the scope. */
export const receiver = (respond: (n: number) => number = () => 200) =>
  Effect.acquireRelease(
    Effect.callback<Receiver>((resume) => {
      const received: Array<Received> = []
      const state = { respond }
      const server = createServer((req, res) => {
        const chunks: Array<Buffer> = []
        req.on("data", (c: Buffer) => chunks.push(c))
        req.on("end", () => {
          const raw = Buffer.concat(chunks).toString("utf8")
          let body: unknown = raw
          try {
            body = JSON.parse(raw)
          } catch {
            // keep the raw text
          }
          received.push({ at: Date.now(), headers: req.headers, raw, body })
          res.statusCode = state.respond(received.length)
          res.end()
        })
      })
      server.listen(0, "127.0.0.1", () => {
        const address = server.address()
        const port = typeof address === "object" && address !== null ? address.port : 0
        const r: Receiver & { server: typeof server } = {
          url: `http://127.0.0.1:${port}/hook`,
          received,
          get respond() {
            return state.respond
          },
          set respond(f) {
            state.respond = f
          },
          waitFor: (count, timeoutMs = 5_000) =>
            Effect.gen(function*() {
              const deadline = Date.now() + timeoutMs
              while (received.length < count) {
                if (Date.now() > deadline) {
                  return yield* Effect.die(new Error(`expected ${count} webhook(s), got ${received.length}`))
                }
                yield* Effect.sleep(10)
              }
              return received.slice()
            }),
          server
        }
        resume(Effect.succeed(r))
      })
    }),
    (r) =>
      Effect.callback<void>((resume) => {
        const server = (r as Receiver & { server: ReturnType<typeof createServer> }).server
        server.closeAllConnections()
        server.close(() => resume(Effect.void))
      })
  )
