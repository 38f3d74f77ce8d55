/**
 * Branded identifiers. Every id that crosses a boundary is a branded string so a team id can never be
 * passed where an opportunity id is expected.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { noControlCharacters } from "./Text.ts"

// No control characters: an id is looked up in a store, and PostgreSQL refuses a NUL in any text.
const NonEmptyId = Schema.String.pipe(Schema.check(Schema.isMinLength(1), Schema.isMaxLength(200), noControlCharacters))

/** A customer of the assessment provider, connected to one Lever account. @since 0.1.0 */
export const TeamId = NonEmptyId.pipe(
  Schema.check(Schema.isPattern(/^[A-Za-z0-9][A-Za-z0-9_-]*$/)),
  Schema.brand("TeamId")
)
/** The type {@link TeamId} decodes to. @since 0.1.0 */
export type TeamId = typeof TeamId.Type

/** A Lever opportunity id (the candidate in one pipeline). @since 0.1.0 */
export const OpportunityId = NonEmptyId.pipe(Schema.brand("OpportunityId"))
/** The type {@link OpportunityId} decodes to. @since 0.1.0 */
export type OpportunityId = typeof OpportunityId.Type

/** A Lever stage id: opaque, a UUID or a default id such as `lead-new`. @since 0.1.0 */
export const StageId = NonEmptyId.pipe(Schema.brand("StageId"))
/** The type {@link StageId} decodes to. @since 0.1.0 */
export type StageId = typeof StageId.Type

/** A Lever archive reason id. @since 0.1.0 */
export const ArchiveReasonId = NonEmptyId.pipe(Schema.brand("ArchiveReasonId"))
/** The type {@link ArchiveReasonId} decodes to. @since 0.1.0 */
export type ArchiveReasonId = typeof ArchiveReasonId.Type

/** An interview type offered by the assessment provider. @since 0.1.0 */
export const InterviewTypeId = NonEmptyId.pipe(Schema.brand("InterviewTypeId"))
/** The type {@link InterviewTypeId} decodes to. @since 0.1.0 */
export type InterviewTypeId = typeof InterviewTypeId.Type

/** The assessment provider's id for one sent interview. @since 0.1.0 */
export const InterviewId = NonEmptyId.pipe(Schema.brand("InterviewId"))
/** The type {@link InterviewId} decodes to. @since 0.1.0 */
export type InterviewId = typeof InterviewId.Type

/** Fulcrum's id for one received webhook (inbox row). @since 0.1.0 */
export const EventId = NonEmptyId.pipe(Schema.brand("EventId"))
/** The type {@link EventId} decodes to. @since 0.1.0 */
export type EventId = typeof EventId.Type

/** A Lever job posting id (opaque; a UUID in real accounts). @since 0.2.0 */
export const PostingId = NonEmptyId.pipe(Schema.brand("PostingId"))
/** The type {@link PostingId} decodes to. @since 0.2.0 */
export type PostingId = typeof PostingId.Type
