/**
 * The same service on Express: `app.use("/fulcrum", …)` mounts Fulcrum's Node handler (Express removes
 * the mount path itself, so no `basePath`). No body parser runs before it: Lever's signature covers the
 * raw bytes, which Fulcrum reads.
 */
import { createFulcrum } from "@fulcrum/embed"
import express from "express"
import type { Server } from "node:http"
import type { AddressInfo } from "node:net"
import * as Invites from "./Invites.ts"
import { platformAuth } from "./NodeService.ts"
import { prefix, type RunningService, type ServiceOptions } from "./Options.ts"

/** Starts the Express variant; resolves once it listens. */
export const start = async (options: ServiceOptions): Promise<RunningService> => {
  const { invites, scheduler } = Invites.make()
  const app = express()
  const server = await new Promise<Server>((resolve) => {
    const listening: Server = app.listen(options.port, "127.0.0.1", () => resolve(listening))
  })
  const origin = options.publicOrigin ?? `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const fulcrum = await createFulcrum({
    database: options.database,
    secretKey: options.secretKey,
    adminToken: options.fulcrumAdminToken,
    publicBaseUrl: `${origin}${prefix}`,
    scheduler,
    allowCustomLeverUrl: options.allowCustomLeverUrl ?? false,
    logLevel: "Warn"
  })
  await fulcrum.start()
  app.get("/health", (_req, res) => void res.json({ ok: true }))
  app.get("/internal/invites", (_req, res) => void res.json(invites()))
  app.use(prefix, (req, res) => {
    // The platform's auth sees the full path; Fulcrum sees the path under the mount.
    const url = req.url
    req.url = req.originalUrl
    const allowed = platformAuth(options, req)
    req.url = url
    if (!allowed) return void res.status(401).json({ message: "x-platform-key required" })
    fulcrum.node(req, res)
  })
  return {
    url: origin,
    invites,
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await fulcrum.stop()
    }
  }
}
