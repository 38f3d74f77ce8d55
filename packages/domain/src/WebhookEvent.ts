/**
 * A Lever webhook delivery, decoded leniently (unknown fields ignored). The signature covers only
 * `token + triggeredAt`, never the body, so the body is trusted only after the signature check and
 * the opportunity is re-read from Lever before acting.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { ArchiveReasonId, OpportunityId, StageId } from "./Ids.ts"

/** The envelope every Lever webhook shares. @since 0.1.0 */
export const Envelope = Schema.Struct({
  triggeredAt: Schema.Number,
  event: Schema.String,
  token: Schema.String.pipe(Schema.check(Schema.isMinLength(1), Schema.isMaxLength(200))),
  signature: Schema.String.pipe(Schema.check(Schema.isMaxLength(200))),
  data: Schema.Unknown
})
/** @since 0.1.0 */
export type Envelope = typeof Envelope.Type

const ArchivedData = Schema.NullOr(Schema.Struct({ archivedAt: Schema.Number, reason: ArchiveReasonId }))

/** `candidateStageChange` data. @since 0.1.0 */
export const StageChangeData = Schema.Struct({
  opportunityId: OpportunityId,
  toStageId: StageId,
  fromStageId: Schema.optionalKey(Schema.NullOr(StageId))
})

/** `candidateArchiveChange` data. @since 0.1.0 */
export const ArchiveChangeData = Schema.Struct({
  opportunityId: OpportunityId,
  fromArchived: Schema.optionalKey(ArchivedData),
  toArchived: ArchivedData
})

/** `candidateDeleted` data: read leniently, the opportunity id may come as either field. @since 0.1.0 */
export const DeletedData = Schema.Struct({
  opportunityId: Schema.optionalKey(OpportunityId),
  candidateId: Schema.optionalKey(OpportunityId)
})

/**
 * What a verified webhook means to Fulcrum.
 *
 * @since 0.1.0
 */
export const WebhookPayload = Schema.TaggedUnion({
  /** Lever's "Verify connection": signed, empty `data`. */
  Ping: {},
  StageChanged: { opportunityId: OpportunityId, toStageId: StageId, fromStageId: Schema.NullOr(StageId) },
  ArchiveChanged: {
    opportunityId: OpportunityId,
    toArchived: Schema.NullOr(Schema.Struct({ archivedAt: Schema.Number, reason: ArchiveReasonId }))
  },
  Deleted: { opportunityId: OpportunityId },
  /** A well-signed event Fulcrum does not act on: acknowledged and ignored. */
  Ignored: { event: Schema.String }
})
/** @since 0.1.0 */
export type WebhookPayload = typeof WebhookPayload.Type
