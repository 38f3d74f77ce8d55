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
import { HttpServerRequest, HttpServerResponse } from "effect/http"
import { HttpApiBuilder } from "effect/http-api"
import { answer } from "./internal/apiError.ts"
import { rawBody, webhookTeamId } from "./internal/request.ts"

const receipt = (outcome: ReceiveWebhook.WebhookOutcome) => {
  switch (outcome._tag) {
    case "Accepted":
      return HttpServerResponse.jsonUnsafe({ status: "accepted", eventId: outcome.eventId }, { status: 202 })
    case "Duplicate":
      return HttpServerResponse.jsonUnsafe({
        status: "duplicate",
        eventId: outcome.eventId,
        message: "Already received; nothing new to do"
      })
    case "ConnectionVerified":
      return HttpServerResponse.jsonUnsafe({ status: "connection verified", eventId: outcome.eventId })
    case "Skipped":
      return HttpServerResponse.jsonUnsafe({ status: "skipped", eventId: outcome.eventId, message: outcome.reason })
    case "Ignored":
      return HttpServerResponse.jsonUnsafe({
        status: "ignored",
        eventId: outcome.eventId,
        message: `Fulcrum does not act on ${outcome.event}`
      })
  }
}

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
    return receipt(outcome)
  })

/** The handlers of the `webhooks` group. @since 0.1.0 */
export const layer = HttpApiBuilder.group(FulcrumApi.FulcrumApi, "webhooks", (handlers) =>
  Effect.succeed(
    handlers
      .handleRaw("stageChange", receive("stageChange"))
      .handleRaw("archiveChange", receive("archiveChange"))
      .handleRaw("candidateDeleted", receive("candidateDeleted"))
  ))
