/**
 * The same service on Fastify: Fulcrum's routes in their own encapsulated plugin under `/fulcrum`,
 * whose content-type parser leaves the body unread (Lever's signature covers the raw bytes), and each
 * request handed to Fulcrum's Node handler with `reply.hijack()`.
 */
import { createFulcrum } from "@fulcrum/embed"
import Fastify from "fastify"
import * as Invites from "./Invites.ts"
import { platformAuth } from "./NodeService.ts"
import { prefix, type RunningService, type ServiceOptions } from "./Options.ts"

/** Starts the Fastify variant; resolves once it listens. */
export const start = async (options: ServiceOptions): Promise<RunningService> => {
  const { invites, scheduler } = Invites.make()
  const app = Fastify()
  app.get("/health", async () => ({ ok: true }))
  app.get("/internal/invites", async () => invites())
  let node: ((req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => void) | undefined
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers()
    scope.addContentTypeParser("*", (_request, _payload, done) => done(null, undefined))
    scope.all(`${prefix}/*`, (request, reply) => {
      reply.hijack()
      if (!platformAuth(options, request.raw)) {
        reply.raw.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ message: "x-platform-key required" }))
        return
      }
      if (node === undefined) {
        reply.raw.writeHead(503, { "content-type": "application/json" }).end(JSON.stringify({ message: "starting" }))
        return
      }
      node(request.raw, reply.raw)
    })
  })
  await app.listen({ port: options.port, host: "127.0.0.1" })
  const address = app.server.address()
  const origin = options.publicOrigin ?? `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : options.port}`
  const fulcrum = await createFulcrum({
    database: options.database,
    secretKey: options.secretKey,
    adminToken: options.fulcrumAdminToken,
    publicBaseUrl: `${origin}${prefix}`,
    basePath: prefix,
    scheduler,
    allowCustomLeverUrl: options.allowCustomLeverUrl ?? false,
    logLevel: "Warn"
  })
  node = fulcrum.node
  await fulcrum.start()
  return {
    url: origin,
    invites,
    stop: async () => {
      await app.close()
      await fulcrum.stop()
    }
  }
}
