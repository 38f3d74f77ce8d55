/**
 * A scriptable HTTP server on 127.0.0.1 for unit tests of the transport: each test decides, request by
 * request, what "Lever" answers (including hanging, or dropping the connection), and reads back exactly
 * what arrived (raw path and query, headers, body).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { Effect } from "effect"
import type { Scope } from "effect"

/** One request as it arrived. */
export interface Received {
  readonly method: string
  /** Path and query exactly as sent on the wire. */
  readonly url: string
  readonly headers: IncomingMessage["headers"]
  readonly body: string
  readonly at: number
}

/** What the stub answers: JSON with a status and headers, nothing (hang), or a dropped connection. */
export type Answer =
  | { readonly status: number; readonly json?: unknown; readonly headers?: Record<string, string> }
  | "hang"
  | "reset"

/** A running stub. */
export interface Stub {
  readonly baseUrl: string
  readonly received: Array<Received>
}

/** Starts a stub for the scope of the test; `answer` gets each request and its 0-based index. */
export const start = (
  answer: (request: Received, index: number) => Answer
): Effect.Effect<Stub, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.callback<{ readonly stub: Stub; readonly close: () => Promise<void> }>((resume) => {
      const received: Array<Received> = []
      const open = new Set<ServerResponse>()
      const server = createServer((req, res) => {
        const chunks: Array<Buffer> = []
        req.on("data", (chunk: Buffer) => chunks.push(chunk))
        req.on("end", () => {
          const request: Received = {
            method: req.method ?? "",
            url: req.url ?? "",
            headers: req.headers,
            body: Buffer.concat(chunks).toString("utf8"),
            at: Date.now()
          }
          const index = received.push(request) - 1
          const reply = answer(request, index)
          if (reply === "hang") {
            open.add(res)
            return
          }
          if (reply === "reset") {
            req.socket.destroy()
            return
          }
          const text = reply.json === undefined ? "" : JSON.stringify(reply.json)
          res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers })
          res.end(text)
        })
      })
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as AddressInfo
        resume(Effect.succeed({
          stub: { baseUrl: `http://127.0.0.1:${port}/v1`, received },
          close: () =>
            new Promise<void>((done) => {
              for (const res of open) res.socket?.destroy()
              server.closeAllConnections()
              server.close(() => done())
            })
        }))
      })
    }),
    ({ close }) => Effect.promise(close)
  ).pipe(Effect.map(({ stub }) => stub))

/** `{data, hasNext, next}`. */
export const page = (data: ReadonlyArray<unknown>, next?: string) =>
  ({ status: 200, json: next === undefined ? { data, hasNext: false } : { data, hasNext: true, next } }) as const
