/**
 * The assessment provider protocol, `v1`: the JSON bodies Fulcrum and a provider exchange over HTTP
 * (docs/provider-protocol.md). The one definition of the wire shapes: `@fulcrum/api`'s `ProviderApi`
 * (and so `/provider-openapi.json`), `@fulcrum/scheduler-http`, `@fulcrum/provider-sandbox` and the
 * core's provider-webhook use case all decode and encode with these schemas.
 *
 * ```
 * Fulcrum ──GET  /v1/interview-types?teamId=──────────▶ provider   {data: [{id, name}]}
 * Fulcrum ──POST /v1/invites (Idempotency-Key)────────▶ provider   201/200 {interviewId, inviteUrl, expiresAt}
 * Fulcrum ──POST /v1/invites/{id}/next-step───────────▶ provider   204
 * Fulcrum ──POST /v1/invites/{id}/cancel──────────────▶ provider   204
 * provider ──POST /webhooks/provider/{teamId}─────────▶ Fulcrum    202 accepted / 200 duplicate
 * ```
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { noControlCharacters } from "./Text.ts"

/** The protocol version, the first segment of every provider path. @since 0.1.0 */
export const version = "v1"

/** Standard Webhooks header: the message id, unique per message, the same on every retry. @since 0.1.0 */
export const headerId = "webhook-id"
/** Standard Webhooks header: when the message was signed, Unix seconds. @since 0.1.0 */
export const headerTimestamp = "webhook-timestamp"
/** Standard Webhooks header: space-separated `v1,<base64 HMAC-SHA256>` signatures. @since 0.1.0 */
export const headerSignature = "webhook-signature"
/** The header carrying an invite's idempotency key. @since 0.1.0 */
export const headerIdempotencyKey = "idempotency-key"

const Line = (max: number) =>
  Schema.String.pipe(Schema.check(Schema.isMinLength(1), Schema.isMaxLength(max), noControlCharacters))

/** An id on the wire (team, opportunity, interview, interview type). @since 0.1.0 */
export const WireId = Line(255)

/** An ISO-8601 date-time string, e.g. `2026-01-31T12:00:00.000Z`. @since 0.1.0 */
export const IsoDateTime = Schema.String.pipe(
  Schema.check(Schema.makeFilter((s: string) =>
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(s) && !Number.isNaN(Date.parse(s))
      ? undefined
      : "an ISO-8601 date-time such as 2026-01-31T12:00:00Z"
  ))
)

/** One of the provider's interview types (or, unlinked, Fulcrum's own). @since 0.1.0 */
export const InterviewTypeRef = Schema.Struct({ id: WireId, name: Line(200) })
/** The type {@link InterviewTypeRef} decodes to. @since 0.1.0 */
export type InterviewTypeRef = typeof InterviewTypeRef.Type

/** `GET /v1/interview-types?teamId=` answer. @since 0.1.0 */
export const InterviewTypeList = Schema.Struct({ data: Schema.Array(InterviewTypeRef) })
/** The type {@link InterviewTypeList} decodes to. @since 0.1.0 */
export type InterviewTypeList = typeof InterviewTypeList.Type

/** `GET /v1/interview-types` query. @since 0.1.0 */
export const InterviewTypeQuery = { teamId: WireId }

/** `POST /v1/invites` body. `attempt` starts at 1; a resend is the next number with a new key. @since 0.1.0 */
export const CreateInvite = Schema.Struct({
  teamId: WireId,
  opportunityId: WireId,
  candidate: Schema.Struct({ name: Schema.String.pipe(Schema.check(Schema.isMaxLength(500))), email: Line(320) }),
  interviewType: InterviewTypeRef,
  attempt: Schema.Int.check(Schema.isGreaterThanOrEqualTo(1))
})
/** The type {@link CreateInvite} decodes to. @since 0.1.0 */
export type CreateInvite = typeof CreateInvite.Type

/** `POST /v1/invites` answer (201 created, 200 for a repeated key: the first invite). @since 0.1.0 */
export const InviteCreated = Schema.Struct({
  interviewId: WireId,
  inviteUrl: Line(2_000),
  expiresAt: Schema.NullOr(IsoDateTime)
})
/** The type {@link InviteCreated} decodes to. @since 0.1.0 */
export type InviteCreated = typeof InviteCreated.Type

/** The next step the provider is told of. @since 0.1.0 */
export const NextStep = Schema.Literals(["onsite", "offer"])
/** The type {@link NextStep} decodes to. @since 0.1.0 */
export type NextStep = typeof NextStep.Type

/** `POST /v1/invites/{interviewId}/next-step` body. @since 0.1.0 */
export const NextStepRequest = Schema.Struct({ teamId: WireId, nextStep: NextStep })
/** The type {@link NextStepRequest} decodes to. @since 0.1.0 */
export type NextStepRequest = typeof NextStepRequest.Type

/** Why an invite is cancelled. @since 0.1.0 */
export const CancelReason = Schema.Literals(["candidateDeleted", "archived"])
/** The type {@link CancelReason} decodes to. @since 0.1.0 */
export type CancelReason = typeof CancelReason.Type

/** `POST /v1/invites/{interviewId}/cancel` body. @since 0.1.0 */
export const CancelRequest = Schema.Struct({ teamId: WireId, reason: CancelReason })
/** The type {@link CancelRequest} decodes to. @since 0.1.0 */
export type CancelRequest = typeof CancelRequest.Type

/** Every error answer, both directions: a machine-readable code and a message for people. @since 0.1.0 */
export const ErrorBody = Schema.Struct({ code: Schema.String, message: Schema.String })
/** The type {@link ErrorBody} decodes to. @since 0.1.0 */
export type ErrorBody = typeof ErrorBody.Type

/** The provider's webhook types. @since 0.1.0 */
export const WebhookType = Schema.Literals([
  "interview.started",
  "interview.submitted",
  "interview.graded",
  "invite.expired"
])
/** The type {@link WebhookType} decodes to. @since 0.1.0 */
export type WebhookType = typeof WebhookType.Type

/** `data` of `interview.started`, `interview.submitted` and `invite.expired`. @since 0.1.0 */
export const InterviewData = Schema.Struct({ interviewId: WireId })

/** How the provider judged a graded interview. @since 0.1.0 */
export const Outcome = Schema.Literals(["pass", "fail", "none"])
/** The type {@link Outcome} decodes to. @since 0.1.0 */
export type Outcome = typeof Outcome.Type

/** `data` of `interview.graded`. @since 0.1.0 */
export const GradedData = Schema.Struct({
  interviewId: WireId,
  score: Schema.Finite.check(Schema.isBetween({ minimum: 0, maximum: 100 })),
  outcome: Outcome,
  reportUrl: Line(2_000).pipe(Schema.check(Schema.isPattern(/^https?:\/\/\S+$/)))
})

const webhook = <const T extends WebhookType, D extends Schema.Top>(type: T, data: D) =>
  Schema.Struct({ type: Schema.Literal(type), timestamp: IsoDateTime, data })

/**
 * A provider webhook body, Standard Webhooks' payload shape `{type, timestamp, data}`; unknown fields
 * are ignored so a provider may send more.
 *
 * @since 0.1.0
 */
export const Webhook = Schema.Union([
  webhook("interview.started", InterviewData),
  webhook("interview.submitted", InterviewData),
  webhook("interview.graded", GradedData),
  webhook("invite.expired", InterviewData)
])
/** The type {@link Webhook} decodes to. @since 0.1.0 */
export type Webhook = typeof Webhook.Type

/** The envelope alone, to tell a malformed `data` from an unknown `type`. @since 0.1.0 */
export const WebhookEnvelope = Schema.Struct({ type: Schema.String, timestamp: Schema.String, data: Schema.Unknown })

/** How old or new a signed message may be, both ways: 5 minutes. @since 0.1.0 */
export const toleranceSeconds = 5 * 60

/** The longest `Retry-After` Fulcrum honours: 5 minutes. @since 0.1.0 */
export const maxRetryAfterMs = 5 * 60 * 1000
