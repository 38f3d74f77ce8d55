/**
 * Resending an assessment invite: a new attempt with a new idempotency key, queued for the worker (202),
 * when the current invite was sent and never started, expired or failed. Refused with 422 and a
 * `reason`: `InterviewInProgress` (started or submitted), `AlreadyGraded`, or `NothingToResend`.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "effect/http-api"
import { AdminAuth } from "./AdminAuth.ts"
import { InvalidRequest, NotFound, ServiceUnavailable, Unprocessable } from "./ApiErrors.ts"

/** `POST .../resend` body: which interview type's invite (default: the candidate's current one). @since 0.1.0 */
export const ResendRequest = Schema.Struct({
  interviewTypeId: Schema.optionalKey(Schema.String.pipe(Schema.check(Schema.isMinLength(1), Schema.isMaxLength(200))))
})

/** The resend, queued: the inbox event that will send the new attempt. @since 0.1.0 */
export const ResendQueued = Schema.Struct({ status: Schema.Literal("queued"), eventId: Schema.String })
/** The type {@link ResendQueued} decodes to. @since 0.1.0 */
export type ResendQueued = typeof ResendQueued.Type

/** The resend endpoint of the admin API. @since 0.1.0 */
export class ResendGroup extends HttpApiGroup.make("resend")
  .add(
    HttpApiEndpoint.post("resend", "/api/teams/:teamId/candidates/:opportunityId/resend", {
      params: { teamId: Schema.String, opportunityId: Schema.String },
      payload: Schema.optional(ResendRequest),
      success: ResendQueued.pipe(HttpApiSchema.status(202)),
      error: [InvalidRequest, NotFound, Unprocessable, ServiceUnavailable]
    }).annotate(
      OpenApi.Summary,
      "Resend the invite as a new attempt (202); 422 InterviewInProgress, AlreadyGraded or NothingToResend"
    ).annotate(
      OpenApi.Description,
      "Queues a new attempt of the candidate's invite (of `interviewTypeId`, default the current one) with a new " +
        "idempotency key, when the invite was sent and never started, expired or failed. Refused with 422 and " +
        "`reason` InterviewInProgress (started or submitted), AlreadyGraded, or NothingToResend."
    )
  )
  .middleware(AdminAuth)
  .annotateMerge(OpenApi.annotations({
    title: "Invites",
    description: "A candidate's assessment invite: resend it as a new attempt when it expired, failed or was never started."
  }))
{}
