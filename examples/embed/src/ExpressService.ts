/**
 * The same service on Express: `app.use("/fulcrum", …)` mounts Fulcrum's Node handler (Express removes
 * the mount path itself, so no `basePath`). No body parser runs before it: Lever's signature covers the
 * raw bytes, which Fulcrum reads.
 */
import express from "express"
import type { Server } from "node:http"
import type { AddressInfo } from "node:net"
import { platformAuth } from "./NodeService.ts"
import { prefix, type RunningService, type ServiceOptions } from "./Options.ts"
import { closeServer, running, startFulcrum } from "./Service.ts"

/** Starts the Express variant; resolves once it listens. */
export const start = async (options: ServiceOptions): Promise<RunningService> => {
  const app = express()
  const server = await new Promise<Server>((resolve) => {
    const listening: Server = app.listen(options.port, "127.0.0.1", () => resolve(listening))
  })
  const origin = options.publicOrigin ?? `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const started = await startFulcrum(options, origin, "stripped")
  app.get("/health", (_req, res) => void res.json({ ok: true }))
  app.get("/internal/invites", (_req, res) => void res.json(started.invites()))
  app.use(prefix, (req, res) => {
    // The platform's auth sees the full path; Fulcrum sees the path under the mount.
    const url = req.url
    req.url = req.originalUrl
    const allowed = platformAuth(options, req)
    req.url = url
    if (!allowed) return void res.status(401).json({ message: "x-platform-key required" })
    started.fulcrum.node(req, res)
  })
  return running(origin, started, closeServer(server))
}
