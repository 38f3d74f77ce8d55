/**
 * The HTTP host as Layers: the API's routes with their handlers, `/openapi.json`, the reference page at
 * `/docs` (works offline), and the fallbacks (JSON 404/405/413/500, request ids). An embedder serves
 * {@link layerRoutes} with its own server and may swap the admin authentication.
 *
 * ```
 * Lever ──signed webhook──▶ WebhookFastPath (plain case, ADR 0014) ─▶ WebhookHandlers ──▶ ReceiveWebhook (core) ──▶ EventInbox
 *        └─ anything else ─▶ WebhookRoutes ─▶ WebhookHandlers (the same answer)
 * provider ──signed webhook──▶ WebhookRoutes ─▶ ProviderWebhookHandlers ──▶ ReceiveProviderWebhook (core) ──▶ EventInbox
 * admin ──bearer──▶ AdminAuth ──▶ Team/Activity handlers ──▶ TeamSetup, Candidates, Events (core)
 * ```
 *
 * @since 0.1.0
 */
import { FulcrumApi } from "@fulcrum/api"
import { Context, Effect, Layer, Scope } from "effect"
import { HttpRouter } from "effect/http"
import { HttpApiBuilder, HttpApiScalar, OpenApi } from "effect/http-api"
import * as ActivityHandlers from "./ActivityHandlers.ts"
import * as Compression from "./Compression.ts"
import * as Fallback from "./Fallback.ts"
import * as HealthHandlers from "./HealthHandlers.ts"
import { HostOptions } from "./HostOptions.ts"
import * as DocsCache from "./internal/docsCache.ts"
import * as LeverConnectHandlers from "./LeverConnectHandlers.ts"
import * as ProviderWebhookHandlers from "./ProviderWebhookHandlers.ts"
import * as ResendHandlers from "./ResendHandlers.ts"
import * as PostingHandlers from "./PostingHandlers.ts"
import * as RequestValidationLayer from "./RequestValidationLayer.ts"
import * as TeamHandlers from "./TeamHandlers.ts"
import * as WebhookHandlers from "./WebhookHandlers.ts"
import * as WebhookRoutes from "./WebhookRoutes.ts"

/**
 * `GET /docs`: the reference page (Scalar, served inline so it works offline), built on its first
 * request. Building it loads Scalar's 3 MB script and renders the OpenAPI document, which a host's
 * start should not wait for.
 */
const docs = (api: typeof FulcrumApi.FulcrumApi) =>
  HttpRouter.use(Effect.fnUntraced(function*(router) {
    // Built in the host's scope, not the first request's (the page outlives that request), on a router
    // of its own: the host's already has a `/docs` route, this one.
    const scope = yield* Scope.Scope
    const page = yield* Effect.cached(
      Layer.build(Layer.fresh(Layer.provideMerge(
        HttpApiScalar.layer(api, { path: "/docs", scalar: { withDefaultFonts: false } }),
        HttpRouter.layer
      ))).pipe(
        Effect.map((context) => Context.get(context, HttpRouter.HttpRouter).asHttpEffect()),
        Scope.provide(scope)
      )
    )
    yield* router.add("GET", "/docs", Effect.flatten(page))
  }))

/**
 * Every route of the API, the docs and the fallbacks. Needs the core's services, `HostOptions`, and an
 * `AdminAuth` implementation (`AdminAuthLayer.layer` or the embedder's own).
 *
 * @since 0.1.0
 */
export const layerRoutes = Layer.unwrap(Effect.gen(function*() {
  const { publicBaseUrl } = yield* HostOptions
  // `/openapi.json` and `/docs` name this host, so "Try it" and generated clients call it.
  const api = FulcrumApi.FulcrumApi.annotate(OpenApi.Servers, [
    { url: publicBaseUrl, description: "This Fulcrum host (PUBLIC_BASE_URL)" }
  ])
  return Layer.mergeAll(
    HttpApiBuilder.layer(api, { openapiPath: "/openapi.json" }).pipe(
      Layer.provide([
        WebhookHandlers.layer,
        ProviderWebhookHandlers.layer,
        TeamHandlers.layer,
        ResendHandlers.layer,
        PostingHandlers.layer,
        ActivityHandlers.layer,
        LeverConnectHandlers.layerConnect,
        LeverConnectHandlers.layerCallback,
        HealthHandlers.layer
      ]),
      Layer.provide(RequestValidationLayer.layer)
    ),
    docs(api),
    ProviderWebhookHandlers.layerOpenApi,
    Fallback.layer,
    HttpRouter.use(Effect.fnUntraced(function*(router) {
      // Inside Fallback's (request id, body limit, JSON 500), whose layer registers it first, and outside
      // the two below, which have nothing to do on a webhook (acks are never compressed, documents are
      // GETs): every ack would otherwise run them for nothing.
      yield* WebhookRoutes.register(router)
      // The reference documents are cached (ETag, 304); every large answer is compressed.
      yield* router.addGlobalMiddleware((app) => Compression.middleware()(DocsCache.middleware(app)))
    }))
  )
}))
