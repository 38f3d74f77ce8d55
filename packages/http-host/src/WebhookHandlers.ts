/**
 * Lever's webhooks: read the raw body (the signature covers its bytes), hand it to `ReceiveWebhook`,
 * answer 202 when work was queued and 200 for everything acknowledged without new work. Nothing is
 * logged per delivery: rejections go to the security log, acceptances to the inbox.
 *
 * @since 0.1.0
 */
import { ApiErrors, FulcrumApi } from "@fulcrum/api"
import { ReceiveWebhook } from "@fulcrum/core"
import type { Lever } from "@fulcrum/domain"
import { Clock, Effect, Option } from "effect"
import { HttpServerRequest } from "effect/http"
import { HttpApiBuilder } from "effect/http-api"
import * as CoreAnswers from "./CoreAnswers.ts"
import { answer } from "./internal/apiError.ts"
import { rawBody, webhookTeamId } from "./internal/request.ts"

/**
 * The whole answer to one delivery of `webhook` for the team id as it appears in the path, with the body
 * read by `body` (run only once the team id is known to be one) and the caller's address: the receipt
 * (202 or 200), or the API error the endpoint documents (`CoreAnswers.errorResponse`). Shared by
 * {@link respond} and `WebhookFastPath`, which reads the body itself.
 *
 * @since 0.2.0
 */
export const answerDelivery = <R>(
  webhook: Lever.WebhookKind,
  rawTeamId: string,
  body: Effect.Effect<string, ApiErrors.InvalidRequest | ApiErrors.PayloadTooLarge, R>,
  remoteAddress: string | undefined
) =>
  Effect.gen(function*() {
    const teamId = yield* webhookTeamId(rawTeamId)
    const rawBody = yield* body
    const receivedAt = yield* Clock.currentTimeMillis
    const outcome = yield* answer(ReceiveWebhook.receiveWebhook(
      { teamId, webhook, rawBody, receivedAt },
      { remoteAddress }
    ))
    return CoreAnswers.webhookResponse(outcome)
  }).pipe(Effect.catch((error) => Effect.succeed(CoreAnswers.errorResponse(error))))

/**
 * {@link answerDelivery} for the request in context. Served by `WebhookRoutes` ahead of the API's
 * endpoint machinery; the `webhooks` group's handlers answer the same.
 *
 * @since 0.2.0
 */
export const respond = (webhook: Lever.WebhookKind, rawTeamId: string) =>
  Effect.flatMap(
    HttpServerRequest.HttpServerRequest,
    (request: HttpServerRequest.HttpServerRequest) =>
      answerDelivery(webhook, rawTeamId, rawBody, Option.getOrUndefined(request.remoteAddress))
  )

const receive = (webhook: Lever.WebhookKind) => ({ params }: { readonly params: { readonly teamId: string } }) =>
  respond(webhook, params.teamId)

/**
 * The handlers of the `webhooks` group. `WebhookRoutes` answers these paths first; the group is still
 * built (the API definition is served whole) and answers the same.
 *
 * @since 0.1.0
 */
export const layer = HttpApiBuilder.group(FulcrumApi.FulcrumApi, "webhooks", (handlers) =>
  Effect.succeed(
    handlers
      .handleRaw("stageChange", receive("stageChange"))
      .handleRaw("archiveChange", receive("archiveChange"))
      .handleRaw("candidateDeleted", receive("candidateDeleted"))
  ))
