/**
 * The same service for Fetch runtimes (Hono, Bun, Deno, workers): Fulcrum's `fulcrum.fetch`
 * (`Request → Response`) behind the platform's auth. Here the Fetch handler sits behind a small
 * `node:http` adapter so the example runs on plain Node; on a Fetch runtime it is the handler itself.
 */
import type { IncomingMessage, ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { Readable } from "node:stream"
import { listen, platformAuth } from "./NodeService.ts"
import type { RunningService, ServiceOptions } from "./Options.ts"
import { closeServer, running, startFulcrum } from "./Service.ts"

/** A Node request as a Fetch `Request` (what a Fetch runtime hands you). */
const toRequest = (req: IncomingMessage, origin: string): Request => {
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === "string") headers.set(name, value)
    else if (Array.isArray(value)) for (const v of value) headers.append(name, v)
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD"
  return new Request(new URL(req.url ?? "/", origin), {
    method: req.method ?? "GET",
    headers,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream, duplex: "half" } : {})
  } as RequestInit)
}

const send = async (res: ServerResponse, response: Response) => {
  res.writeHead(response.status, Object.fromEntries(response.headers))
  res.end(Buffer.from(await response.arrayBuffer()))
}

/** Starts the Fetch variant; resolves once it listens. */
export const start = async (options: ServiceOptions): Promise<RunningService> => {
  const server = await listen(options)
  const origin = options.publicOrigin ?? `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const started = await startFulcrum(options, origin)
  server.on("request", (req, res) => {
    if (req.url === "/internal/invites") return void send(res, Response.json(started.invites()))
    if (!platformAuth(options, req)) return void send(res, Response.json({ message: "x-platform-key required" }, { status: 401 }))
    void started.fulcrum.fetch(toRequest(req, origin)).then((response) => send(res, response))
  })
  return running(origin, started, closeServer(server))
}
