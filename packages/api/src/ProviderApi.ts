/**
 * The assessment provider protocol `v1` as one HttpApi: what a provider serves (interview types,
 * invites, next step, cancel) and the webhook Fulcrum serves for the provider's results. The wire
 * shapes are the domain's `ProviderProtocol`; `/provider-openapi.json` is generated from this
 * definition, `@fulcrum/scheduler-http` calls it and `@fulcrum/provider-sandbox` serves it, so the
 * document, the adapter and the reference provider cannot drift apart. docs/provider-protocol.md
 * explains it with sequence diagrams.
 *
 * @since 0.1.0
 */
import { ProviderProtocol } from "@fulcrum/domain"
import { Schema } from "effect"
import { HttpApi, HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "effect/http-api"

const P = ProviderProtocol

/** The Standard Webhooks headers every signed message carries. @since 0.1.0 */
export const SignedHeaders = {
  [P.headerId]: Schema.String,
  [P.headerTimestamp]: Schema.String,
  [P.headerSignature]: Schema.String
}

const error = (status: number, description: string) =>
  P.ErrorBody.pipe(
    HttpApiSchema.status(status),
    Schema.annotate({ identifier: `ProviderError${status}`, description })
  )

/** `{code, message}` answers of a provider; 408, 429 and 5xx are retried, other 4xx are final. @since 0.1.0 */
export const ProviderErrors = [
  error(400, "The request is malformed; not retried."),
  error(401, "The signature or timestamp does not check out; not retried."),
  error(404, "No such team or interview; not retried."),
  error(409, "The request conflicts with the provider's state; not retried."),
  error(422, "Refused for good (e.g. the email cannot receive invites); the message is shown to the recruiter."),
  error(429, "Too many requests; retried after Retry-After (seconds or an HTTP date, honoured up to 5 minutes)."),
  error(503, "The provider is unavailable; retried with backoff (any 5xx, 408, timeouts and connection errors are).")
] as const

const InterviewPath = { interviewId: P.WireId }

/** What a provider serves: its interview types. @since 0.1.0 */
export class InterviewTypesGroup extends HttpApiGroup.make("interviewTypes")
  .add(
    HttpApiEndpoint.get("list", "/v1/interview-types", {
      query: P.InterviewTypeQuery,
      headers: SignedHeaders,
      success: P.InterviewTypeList,
      error: ProviderErrors
    }).annotate(OpenApi.Summary, "The provider's interview types for a team (setup offers them for linking)")
  )
  .annotateMerge(OpenApi.annotations({
    title: "Interview types (provider)",
    description: "Served by the provider: its interview types, offered in setup for linking."
  }))
{}

/** What a provider serves: invites and what happens to them. @since 0.1.0 */
export class InvitesGroup extends HttpApiGroup.make("invites")
  .add(
    HttpApiEndpoint.post("create", "/v1/invites", {
      headers: { ...SignedHeaders, [P.headerIdempotencyKey]: Schema.String },
      payload: P.CreateInvite,
      success: [P.InviteCreated.pipe(HttpApiSchema.status(201)), P.InviteCreated],
      error: ProviderErrors
    }).annotate(OpenApi.Summary, "Create an invite (idempotent by Idempotency-Key)").annotate(
      OpenApi.Description,
      "Creates the invite: 201 with it, or 200 with the first invite when the Idempotency-Key was seen before " +
        "(retries of one attempt keep their key; a resend is the next attempt with a new key)."
    ),
    HttpApiEndpoint.post("nextStep", "/v1/invites/:interviewId/next-step", {
      params: InterviewPath,
      headers: SignedHeaders,
      payload: P.NextStepRequest,
      success: HttpApiSchema.NoContent,
      error: ProviderErrors
    }).annotate(OpenApi.Summary, "The candidate moved on to an onsite or an offer; 204, repeats are fine"),
    HttpApiEndpoint.post("cancel", "/v1/invites/:interviewId/cancel", {
      params: InterviewPath,
      headers: SignedHeaders,
      payload: P.CancelRequest,
      success: HttpApiSchema.NoContent,
      error: ProviderErrors
    }).annotate(OpenApi.Summary, "The invite is no longer wanted; 204, repeats (and unknown interviews) are fine")
  )
  .annotateMerge(OpenApi.annotations({
    title: "Invites (provider)",
    description: "Served by the provider: invites, idempotent by key, and what happens to them."
  }))
{}

/** Fulcrum's answer to a provider webhook: queued (202) or already received (200). @since 0.1.0 */
export const WebhookReceipt = Schema.Struct({
  status: Schema.Literals(["accepted", "duplicate"]),
  /** The inbox event it became; absent when a duplicate is recognised by its `webhook-id` alone. */
  eventId: Schema.optionalKey(Schema.String)
})
/** The type {@link WebhookReceipt} decodes to. @since 0.1.0 */
export type WebhookReceipt = typeof WebhookReceipt.Type

const webhookError = (status: number, description: string) =>
  P.ErrorBody.pipe(
    HttpApiSchema.status(status),
    Schema.annotate({ identifier: `ProviderWebhookError${status}`, description })
  )

/**
 * What Fulcrum serves to the provider: `POST /webhooks/provider/{teamId}`, signed with the deployment's
 * provider secret. 404 for an unknown team (before any signature work), 401 for a bad or stale
 * signature, 400 for a malformed body, 200 for a `webhook-id` already received, 202 accepted.
 *
 * @since 0.1.0
 */
export class ProviderWebhooksGroup extends HttpApiGroup.make("providerWebhooks")
  .add(
    HttpApiEndpoint.post("receive", "/webhooks/provider/:teamId", {
      params: { teamId: Schema.String },
      // Optional here so that a request without them reaches Fulcrum's own checks: an unknown team is a
      // 404 before any signature work, a missing signature a 401.
      headers: {
        [P.headerId]: Schema.optionalKey(Schema.String),
        [P.headerTimestamp]: Schema.optionalKey(Schema.String),
        [P.headerSignature]: Schema.optionalKey(Schema.String)
      },
      payload: P.Webhook,
      success: [WebhookReceipt.pipe(HttpApiSchema.status(202)), WebhookReceipt],
      error: [
        webhookError(400, "The body is not a provider webhook."),
        webhookError(401, "Missing, wrong or stale (more than 5 minutes either way) signature."),
        webhookError(404, "No such team."),
        webhookError(413, "The body is larger than Fulcrum accepts."),
        webhookError(503, "Fulcrum cannot store it right now; retry later.")
      ]
    }).annotate(OpenApi.Summary, "The assessment provider's signed result webhook").annotate(
      OpenApi.Description,
      "interview.started, interview.submitted, interview.graded (score 0-100, outcome, reportUrl) and " +
        "invite.expired. Verified before anything is stored; a webhook-id seen before is answered 200 whatever the body."
    )
  )
  .annotateMerge(OpenApi.annotations({
    title: "Provider webhooks (Fulcrum)",
    description: "Served by Fulcrum: the assessment provider's signed result webhooks (Standard Webhooks)."
  }))
{}

/**
 * The provider protocol `v1`: served as `/provider-openapi.json`.
 *
 * @since 0.1.0
 */
export class ProviderApi extends HttpApi.make("fulcrum-provider-v1")
  .add(InterviewTypesGroup)
  .add(InvitesGroup)
  .add(ProviderWebhooksGroup)
  .annotateMerge(OpenApi.annotations({
    title: "Fulcrum assessment provider protocol",
    version: "1.0.0",
    description: "What an assessment provider serves to Fulcrum (/v1/...) and the webhook Fulcrum serves to it. " +
      "Every request both ways is signed the Standard Webhooks way: webhook-id, webhook-timestamp (Unix seconds), " +
      "webhook-signature: v1,<base64 HMAC-SHA256 of \"id.timestamp.body\"> keyed by the bytes of the whsec_ secret."
  }))
{}
