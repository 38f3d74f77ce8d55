/**
 * An archive reason, as `GET /archive_reasons` returns it.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * `hired` reasons close a candidate as hired; every other reason is `non-hired`.
 *
 * @since 0.1.0
 */
export const ArchiveReasonType = Schema.Literals(["hired", "non-hired"])

/** The type {@link ArchiveReasonType} decodes to. @since 0.1.0 */
export type ArchiveReasonType = typeof ArchiveReasonType.Type

/**
 * Inactive reasons can no longer be chosen in Lever but still appear on old archive events.
 *
 * @since 0.1.0
 */
export const ArchiveReasonStatus = Schema.Literals(["active", "inactive"])

/** The type {@link ArchiveReasonStatus} decodes to. @since 0.1.0 */
export type ArchiveReasonStatus = typeof ArchiveReasonStatus.Type

/**
 * `{id, text, status, type}`.
 *
 * @since 0.1.0
 */
export const ArchiveReason = Schema.Struct({
  id: Schema.String,
  text: Schema.String,
  status: ArchiveReasonStatus,
  type: ArchiveReasonType
})

/** The type {@link ArchiveReason} decodes to. @since 0.1.0 */
export type ArchiveReason = typeof ArchiveReason.Type
