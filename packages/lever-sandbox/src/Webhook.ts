/**
 * Webhook registrations (`/webhooks`) and the bodies the sandbox delivers to them.
 *
 * @since 0.1.0
 */
import { Lever } from "@fulcrum/domain"
import { Schema } from "effect"
import { Archived } from "./Opportunity.ts"

/**
 * Every event Lever can deliver (`Lever.LeverWebhookEvent`). The sandbox emits `candidateStageChange`,
 * `candidateArchiveChange`, `candidateHired` and `candidateDeleted`; the others can be registered but never
 * fire.
 *
 * @since 0.1.0
 */
export const WebhookEvent = Lever.LeverWebhookEvent

/** A Lever webhook event name, as the domain names it. @since 0.1.0 */
export type WebhookEvent = Lever.LeverWebhookEvent

const HttpUrl = Schema.String.check(Schema.isPattern(/^https?:\/\/[^\s]+$/))

/**
 * A registered webhook. `configuration.signatureToken` is the secret that signs its deliveries.
 *
 * @since 0.1.0
 */
export const Webhook = Schema.Struct({
  id: Schema.String,
  event: WebhookEvent,
  url: Schema.String,
  configuration: Schema.Struct({
    conditions: Schema.optionalKey(Schema.Unknown),
    signatureToken: Schema.String
  }),
  createdAt: Schema.Number,
  updatedAt: Schema.Number
})

/** The type {@link Webhook} decodes to. @since 0.1.0 */
export type Webhook = typeof Webhook.Type

/**
 * The body of `POST /webhooks`.
 *
 * @since 0.1.0
 */
export const CreateWebhook = Schema.Struct({
  url: HttpUrl,
  event: WebhookEvent,
  configuration: Schema.optionalKey(Schema.Struct({ conditions: Schema.optionalKey(Schema.Unknown) }))
})

/** The type {@link CreateWebhook} decodes to. @since 0.1.0 */
export type CreateWebhook = typeof CreateWebhook.Type

/**
 * The body of `PUT /webhooks/:id`; absent fields are kept. The signature token never changes.
 *
 * @since 0.1.0
 */
export const UpdateWebhook = Schema.Struct({
  url: Schema.optionalKey(HttpUrl),
  event: Schema.optionalKey(WebhookEvent),
  configuration: Schema.optionalKey(Schema.Struct({ conditions: Schema.optionalKey(Schema.Unknown) }))
})

/** The type {@link UpdateWebhook} decodes to. @since 0.1.0 */
export type UpdateWebhook = typeof UpdateWebhook.Type

/**
 * `data` of `candidateStageChange`. `fromStageId` is `null` for a candidate created in a stage.
 *
 * @since 0.1.0
 */
export const StageChangeData = Schema.Struct({
  opportunityId: Schema.String,
  candidateId: Schema.String,
  contactId: Schema.String,
  toStageId: Schema.String,
  fromStageId: Schema.NullOr(Schema.String)
})

/** The type {@link StageChangeData} decodes to. @since 0.1.0 */
export type StageChangeData = typeof StageChangeData.Type

/**
 * `data` of `candidateArchiveChange`; `toArchived: null` means the candidate was unarchived.
 *
 * @since 0.1.0
 */
export const ArchiveChangeData = Schema.Struct({
  opportunityId: Schema.String,
  candidateId: Schema.String,
  contactId: Schema.String,
  fromArchived: Schema.NullOr(Archived),
  toArchived: Schema.NullOr(Archived)
})

/** The type {@link ArchiveChangeData} decodes to. @since 0.1.0 */
export type ArchiveChangeData = typeof ArchiveChangeData.Type

/**
 * `data` of `candidateDeleted` and `candidateHired`.
 *
 * @since 0.1.0
 */
export const CandidateData = Schema.Struct({
  opportunityId: Schema.String,
  candidateId: Schema.String,
  contactId: Schema.String
})

/** The type {@link CandidateData} decodes to. @since 0.1.0 */
export type CandidateData = typeof CandidateData.Type

/**
 * The delivered body. `signature = hex(HMAC-SHA256(signatureToken, token + triggeredAt))`; a "verify
 * connection" ping has `data: {}`.
 *
 * @since 0.1.0
 */
export const WebhookBody = Schema.Struct({
  id: Schema.String,
  triggeredAt: Schema.Number,
  event: Schema.String,
  data: Schema.Record(Schema.String, Schema.Unknown),
  token: Schema.String,
  signature: Schema.String
})

/** The type {@link WebhookBody} decodes to. @since 0.1.0 */
export type WebhookBody = typeof WebhookBody.Type
