/**
 * The assessment provider's webhooks (protocol `v1`): the raw body and the `webhook-*` headers go to
 * `ReceiveProviderWebhook`; the answers are the protocol's: 202 accepted, 200 for a `webhook-id` already
 * received, 404 unknown team, 401 bad or stale signature, 400 malformed, each error as `{code, message}`.
 * Also serves the protocol's own OpenAPI document at `/provider-openapi.json`.
 *
 * @since 0.1.0
 */
import { type ApiErrors, FulcrumApi, ProviderApi } from "@fulcrum/api"
import { ReceiveProviderWebhook } from "@fulcrum/core"
import { Clock, Effect, Function, Layer, Option } from "effect"
import { type Headers, HttpRouter, HttpServerRequest, HttpServerResponse } from "effect/http"
import { HttpApiBuilder, OpenApi } from "effect/http-api"
import { rawBody, webhookTeamId } from "./internal/request.ts"

const problem = (status: number, code: string, message: string) =>
  HttpServerResponse.jsonUnsafe({ code, message }, { status })

/**
 * The whole answer to one provider delivery for the team id as it appears in the path, with the body
 * read by `body` (run only once the team id is known to be one), the request's headers (only the three
 * `webhook-*` ones are read) and the caller's address. Shared by {@link respond} and `WebhookFastPath`,
 * which reads the body itself.
 *
 * @since 0.2.0
 */
export const answerDelivery = <R>(
  rawTeamId: string,
  body: Effect.Effect<string, ApiErrors.InvalidRequest | ApiErrors.PayloadTooLarge, R>,
  headers: Headers.Headers,
  remoteAddress: string | undefined
) =>
  Effect.gen(function*() {
    const teamId = yield* webhookTeamId(rawTeamId).pipe(Effect.option)
    if (Option.isNone(teamId)) return problem(404, "UnknownTeam", `No team ${rawTeamId}`)
    const read = yield* body.pipe(Effect.result)
    if (read._tag === "Failure") {
      return read.failure._tag === "PayloadTooLarge"
        ? problem(413, "PayloadTooLarge", read.failure.message)
        : problem(400, "Malformed", read.failure.message)
    }
    const receivedAt = yield* Clock.currentTimeMillis
    return yield* ReceiveProviderWebhook.receive(
      { teamId: teamId.value, headers, rawBody: read.success, receivedAt },
      { remoteAddress }
    ).pipe(
      Effect.map((outcome) =>
        outcome._tag === "Accepted"
          ? HttpServerResponse.jsonUnsafe({ status: "accepted", eventId: outcome.eventId }, { status: 202 })
          : HttpServerResponse.jsonUnsafe(
            outcome.eventId === null ? { status: "duplicate" } : { status: "duplicate", eventId: outcome.eventId }
          )
      ),
      Effect.catchTags({
        UnknownTeam: (error) => Effect.succeed(problem(404, "UnknownTeam", `No team ${error.teamId}`)),
        SignatureRejected: (error) => Effect.succeed(problem(401, error.reason, error.message)),
        MalformedWebhook: (error) => Effect.succeed(problem(400, "Malformed", error.message)),
        StoreError: () =>
          Effect.logError("provider webhook could not be stored").pipe(
            Effect.as(problem(503, "StoreUnavailable", "Fulcrum cannot store the webhook right now; retry later"))
          )
      })
    )
  })

/**
 * {@link answerDelivery} for the request in context. Served by `WebhookRoutes` ahead of the API's
 * endpoint machinery; the `providerWebhooks` group's handler answers the same.
 *
 * @since 0.1.0
 */
export const respond = (rawTeamId: string) =>
  Effect.flatMap(
    HttpServerRequest.HttpServerRequest,
    (request: HttpServerRequest.HttpServerRequest) =>
      answerDelivery(rawTeamId, rawBody, request.headers, Option.getOrUndefined(request.remoteAddress))
  )

/**
 * The handlers of the `providerWebhooks` group. `WebhookRoutes` answers this path first; the group is
 * still built (the API definition is served whole) and answers the same.
 *
 * @since 0.1.0
 */
export const layer = HttpApiBuilder.group(
  FulcrumApi.FulcrumApi,
  "providerWebhooks",
  (handlers) => Effect.succeed(handlers.handleRaw("receive", ({ params }) => respond(params.teamId)))
)

/** `GET /provider-openapi.json`: the provider protocol `v1` as OpenAPI. @since 0.1.0 */
export const layerOpenApi = HttpRouter.use((router) =>
  // Built on the first request rather than at start (a host's start should not pay for its docs).
  router.add("GET", "/provider-openapi.json", Effect.sync(() => document(ProviderApi.ProviderApi)))
)

const document = Function.memoize((api: typeof ProviderApi.ProviderApi) => HttpServerResponse.jsonUnsafe(OpenApi.fromApi(api)))

/** Both. @since 0.1.0 */
export const layerAll = Layer.merge(layer, layerOpenApi)
