/**
 * The service on plain `node:http`: its own routes (`/health`, `/internal/invites`), its own admin
 * auth (the `x-platform-key` header), and Fulcrum's webhook and admin routes under `/fulcrum`. Lever's
 * webhooks go straight through (Fulcrum checks their signatures); an admin call passes the platform's
 * auth first and then carries Fulcrum's operator token, which the platform's users never see.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { prefix, type RunningService, type ServiceOptions } from "./Options.ts"
import { closeServer, running, startFulcrum } from "./Service.ts"

/** True when `req` may call Fulcrum's admin API; sets Fulcrum's token on it. Webhooks pass unchanged. */
export const platformAuth = (options: ServiceOptions, req: IncomingMessage): boolean => {
  const path = (req.url ?? "").replace(prefix, "")
  if (path.startsWith("/webhooks/") || path.startsWith("/healthz") || path.startsWith("/readyz")) return true
  const key = req.headers["x-platform-key"]
  if (typeof key !== "string" || !options.platformKeys.has(key)) return false
  req.headers.authorization = `Bearer ${options.fulcrumAdminToken}`
  return true
}

/** Answers `body` as JSON. */
export const json = (res: ServerResponse, status: number, body: unknown) =>
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body))

/** Starts the service; resolves once it listens. */
export const start = async (options: ServiceOptions): Promise<RunningService> => {
  const server = await listen(options)
  const origin = options.publicOrigin ?? `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const started = await startFulcrum(options, origin)
  server.on("request", (req, res) => {
    if (req.url === "/health") return json(res, 200, { ok: true })
    if (req.url === "/internal/invites") return json(res, 200, started.invites())
    if (req.url === prefix || req.url?.startsWith(`${prefix}/`)) {
      if (!platformAuth(options, req)) return json(res, 401, { message: "x-platform-key required" })
      return started.fulcrum.node(req, res)
    }
    json(res, 404, { message: "not found" })
  })
  return running(origin, started, closeServer(server))
}

/** A `node:http` server listening on the service's port (loopback), without a handler yet. */
export const listen = async (options: ServiceOptions) => {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(options.port, "127.0.0.1", resolve))
  return server
}
