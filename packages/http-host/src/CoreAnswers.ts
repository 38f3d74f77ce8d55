/**
 * How the core's outcomes and errors are answered over HTTP — the one place, used by the host's handlers
 * and by `@fulcrum/embed`'s Promise façade, and public so an embedder serving Fulcrum another way answers
 * exactly as `fulcrum-http` does:
 *
 * ```
 * ReceiveWebhook.WebhookOutcome ──webhookReceipt──▶ Receipt ──receiptStatus──▶ 202 accepted / 200 the rest
 * core error (CoreError) ──toApiError──▶ ApiErrors.ApiError ──statusOf──▶ 400 … 503
 * ```
 *
 * @since 0.1.0
 */
import { ActivityModels, ApiErrors } from "@fulcrum/api"
import type { ReceiveWebhook } from "@fulcrum/core"
import { HttpServerResponse } from "effect/http"

export {
  /**
   * Runs a use case and answers its failures as API errors (`toApiError`); a store failure is logged
   * for the operator, its detail never reaches the caller.
   */
  answer,
  /** The type-level `toApiError`: which API error each core error becomes. */
  type ApiErrorOf,
  /** Every error a core use case can end with. */
  type CoreError,
  /**
   * The API error a core error becomes (exhaustive: a new core error does not compile until it has an
   * answer). Its HTTP status is `ApiErrors.statusOf`.
   */
  toApiError
} from "./internal/apiError.ts"

/**
 * The receipt Lever (or the provider) gets for a delivery: `accepted` when work was queued, `duplicate`,
 * `connection verified`, `skipped` or `ignored` when it was acknowledged without new work.
 *
 * @since 0.1.0
 */
export const webhookReceipt = (outcome: ReceiveWebhook.WebhookOutcome): ActivityModels.Receipt => {
  switch (outcome._tag) {
    case "Accepted":
      return { status: "accepted", eventId: outcome.eventId }
    case "Duplicate":
      return { status: "duplicate", eventId: outcome.eventId, message: "Already received; nothing new to do" }
    case "ConnectionVerified":
      return { status: "connection verified", eventId: outcome.eventId }
    case "Skipped":
      return { status: "skipped", eventId: outcome.eventId, message: outcome.reason }
    case "Ignored":
      return { status: "ignored", eventId: outcome.eventId, message: `Fulcrum does not act on ${outcome.event}` }
  }
}

/**
 * The HTTP status of a webhook outcome: 202 when work was queued, 200 when acknowledged without new
 * work (`ActivityModels.receiptStatus` of its receipt).
 *
 * @since 0.1.0
 */
export const webhookStatus = (outcome: ReceiveWebhook.WebhookOutcome): 200 | 202 =>
  ActivityModels.receiptStatus(webhookReceipt(outcome))

/**
 * A webhook outcome as the JSON response the host sends: the receipt with its status.
 *
 * @since 0.1.0
 */
export const webhookResponse = (outcome: ReceiveWebhook.WebhookOutcome): HttpServerResponse.HttpServerResponse => {
  const receipt = webhookReceipt(outcome)
  return HttpServerResponse.jsonUnsafe(receipt, { status: ActivityModels.receiptStatus(receipt) })
}

/**
 * An API error as JSON (`{ "_tag", "message", … }`) with its status, as the host answers it.
 *
 * @since 0.1.0
 */
export const errorResponse = (error: ApiErrors.ApiError): HttpServerResponse.HttpServerResponse =>
  HttpServerResponse.jsonUnsafe({ ...error, _tag: error._tag, message: error.message }, {
    status: ApiErrors.statusOf(error)
  })
