/**
 * The webhook routes (Lever's three and the provider's), served ahead of the API's endpoint machinery.
 * Every ack comes through them, and the generic endpoint path (params decoding, the API's middleware,
 * error encoding by schema) cost several times the work of the ack itself; these paths need none of it:
 * the team id is decoded by hand, the body is read raw once, and the answers are the ones the API
 * definition documents (`WebhookHandlers.respond`, `ProviderWebhookHandlers.respond`). The definition
 * keeps the endpoints, so `/openapi.json` and the typed client are unchanged.
 *
 * Where the host's server has `WebhookFastPath` in front (`fulcrum-http`, the quickstart, the embed
 * façade's `node` listener), the plain Lever deliveries never reach these routes; everything else does.
 *
 * A global middleware, matched with the router's own matcher and configuration, so a path is taken here
 * exactly when the router would have routed it to the endpoint; everything else goes on to the router.
 * Register it after `Fallback`'s middleware, which must wrap it (request id, body limit, JSON 500), and
 * before any that only concern other routes.
 *
 * @since 0.2.0
 */
import { FulcrumApi } from "@fulcrum/api"
import { CandidateStore, ConfigStore, EventInbox, ReceiveProviderWebhook, SecurityLog, SignatureVerifier } from "@fulcrum/core"
import type { Lever } from "@fulcrum/domain"
import { Context, Effect, Tracer } from "effect"
import type { Types } from "effect"
import { FindMyWay, HttpRouter, HttpServerRequest } from "effect/http"
import type { HttpServerResponse } from "effect/http"
import { HostOptions } from "./HostOptions.ts"
import * as ProviderWebhookHandlers from "./ProviderWebhookHandlers.ts"
import * as WebhookHandlers from "./WebhookHandlers.ts"

type Respond = (teamId: string) => Effect.Effect<HttpServerResponse.HttpServerResponse, never, Handled>

/** What the handlers read from the context: the request, the host's options and the core's services. */
type Handled =
  | Effect.Services<ReturnType<typeof WebhookHandlers.respond>>
  | Effect.Services<ReturnType<typeof ProviderWebhookHandlers.respond>>

/**
 * The services the handlers read, taken from the routes' layer. Only these: the layer's whole context
 * would also replace the request's own scope, loggers and log level, and copying it cost every ack.
 */
const handledServices = [
  HostOptions,
  ConfigStore.ConfigStore,
  CandidateStore.CandidateStore,
  EventInbox.EventInbox,
  SecurityLog.SecurityLog,
  SignatureVerifier.SignatureVerifier,
  ReceiveProviderWebhook.ProviderSecret
] as const

/** What the handlers need beside the request; a service missing from the list above does not compile. */
type Provided = Exclude<Handled, HttpServerRequest.HttpServerRequest>
const everyServiceListed: [Exclude<Provided, Context.Service.Identifier<(typeof handledServices)[number]>>] extends
  [never] ? true : never = true

interface Route {
  readonly path: string
  readonly respond: Respond
}

const { endpoints: lever } = FulcrumApi.FulcrumApi.groups.webhooks
const { endpoints: provider } = FulcrumApi.FulcrumApi.groups.providerWebhooks

const leverRoute = (webhook: Lever.WebhookKind, path: string): Route => ({
  path,
  respond: (teamId) => WebhookHandlers.respond(webhook, teamId)
})

/** The paths, from the API definition, so the two cannot name different URLs. */
const routes: ReadonlyArray<Route> = [
  leverRoute("stageChange", lever.stageChange.path),
  leverRoute("archiveChange", lever.archiveChange.path),
  leverRoute("candidateDeleted", lever.candidateDeleted.path),
  { path: provider.receive.path, respond: ProviderWebhookHandlers.respond }
]

/**
 * The middleware that answers the webhook routes and passes every other request on.
 *
 * @since 0.2.0
 */
export const middleware = Effect.gen(function*() {
  const matcher = FindMyWay.make<Route>(yield* HttpRouter.RouterConfig)
  for (const route of routes) matcher.on("POST", route.path as FindMyWay.PathInput, route)
  // The services the layer was built with (`HostOptions`, the core's; those listed above), given to every
  // webhook as the API's handlers get theirs: an embedder may provide them to the routes' layer only.
  const services = Context.pick(...handledServices)(yield* Effect.context<Provided>()) as Context.Context<Provided>
  void everyServiceListed
  return <E, R>(app: Effect.Effect<HttpServerResponse.HttpServerResponse, E, R>) =>
    Effect.withFiber<
      HttpServerResponse.HttpServerResponse,
      E | Types.unhandled,
      R | HttpServerRequest.HttpServerRequest
    >((fiber) => {
      const request = Context.getUnsafe(fiber.context, HttpServerRequest.HttpServerRequest)
      const found = request.method === "POST" ? matcher.find("POST", request.url) : undefined
      const teamId = found?.params["teamId"]
      if (found === undefined || teamId === undefined) return app
      // What the router adds to the request's span for a routed request.
      const span = Context.getOrUndefined(fiber.context, Tracer.ParentSpan)
      if (span !== undefined && span._tag === "Span" && span.sampled) span.attribute("http.route", found.handler.path)
      return Effect.provideContext(found.handler.respond(teamId), services)
    })
})

/**
 * Registers {@link middleware} on the host's router.
 *
 * @since 0.2.0
 */
export const register = (router: HttpRouter.HttpRouter) =>
  Effect.flatMap(middleware, (fn) => router.addGlobalMiddleware(fn))
