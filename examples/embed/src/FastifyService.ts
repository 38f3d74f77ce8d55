/**
 * The same service on Fastify: Fulcrum's routes in their own encapsulated plugin under `/fulcrum`,
 * whose content-type parser leaves the body unread (Lever's signature covers the raw bytes), and each
 * request handed to Fulcrum's Node handler with `reply.hijack()`.
 */
import Fastify from "fastify"
import { json, platformAuth } from "./NodeService.ts"
import { prefix, type RunningService, type ServiceOptions } from "./Options.ts"
import { running, startFulcrum } from "./Service.ts"

/** Starts the Fastify variant; resolves once it listens. */
export const start = async (options: ServiceOptions): Promise<RunningService> => {
  const app = Fastify()
  let invites: RunningService["invites"] = () => []
  app.get("/health", async () => ({ ok: true }))
  app.get("/internal/invites", async () => invites())
  let node: ((req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => void) | undefined
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers()
    scope.addContentTypeParser("*", (_request, _payload, done) => done(null, undefined))
    scope.all(`${prefix}/*`, (request, reply) => {
      reply.hijack()
      if (!platformAuth(options, request.raw)) return void json(reply.raw, 401, { message: "x-platform-key required" })
      if (node === undefined) return void json(reply.raw, 503, { message: "starting" })
      node(request.raw, reply.raw)
    })
  })
  await app.listen({ port: options.port, host: "127.0.0.1" })
  const address = app.server.address()
  const origin = options.publicOrigin ?? `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : options.port}`
  const started = await startFulcrum(options, origin)
  node = started.fulcrum.node
  invites = started.invites
  return running(origin, started, () => app.close())
}
