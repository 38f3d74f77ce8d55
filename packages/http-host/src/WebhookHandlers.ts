/**
 * Lever's webhooks: read the raw body (the signature covers its bytes), hand it to `ReceiveWebhook`,
 * answer 202 when work was queued and 200 for everything acknowledged without new work. Nothing is
 * logged per delivery: rejections go to the security log, acceptances to the inbox.
 *
 * @since 0.1.0
 */
import { FulcrumApi } from "@fulcrum/api"
import { ReceiveWebhook } from "@fulcrum/core"
import type { Lever } from "@fulcrum/domain"
import { Clock, Effect, Option } from "effect"
import { HttpServerRequest } from "effect/http"
import { HttpApiBuilder } from "effect/http-api"
import * as CoreAnswers from "./CoreAnswers.ts"
import { answer } from "./internal/apiError.ts"
import { rawBody, webhookTeamId } from "./internal/request.ts"

const receive = (webhook: Lever.WebhookKind) => ({ params }: { readonly params: { readonly teamId: string } }) =>
  Effect.gen(function*() {
    const teamId = yield* webhookTeamId(params.teamId)
    const body = yield* rawBody
    const request = yield* HttpServerRequest.HttpServerRequest
    const receivedAt = yield* Clock.currentTimeMillis
    const outcome = yield* answer(ReceiveWebhook.receiveWebhook(
      { teamId, webhook, rawBody: body, receivedAt },
      { remoteAddress: Option.getOrUndefined(request.remoteAddress) }
    ))
    return CoreAnswers.webhookResponse(outcome)
  })

/** The handlers of the `webhooks` group. @since 0.1.0 */
export const layer = HttpApiBuilder.group(FulcrumApi.FulcrumApi, "webhooks", (handlers) =>
  Effect.succeed(
    handlers
      .handleRaw("stageChange", receive("stageChange"))
      .handleRaw("archiveChange", receive("archiveChange"))
      .handleRaw("candidateDeleted", receive("candidateDeleted"))
  ))
