/**
 * An interview type the assessment provider offers, and the Lever tag that selects it. A candidate must
 * carry exactly one interview-type tag when entering the mapped assessment stage.
 *
 * Tag rules: exact and case-sensitive (Lever tags are), non-blank, no leading/trailing spaces, at most
 * 100 characters, and unique within a team.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { InterviewTypeId } from "./Ids.ts"

/** A Lever tag that selects an interview type. @since 0.1.0 */
export const InterviewTypeTag = Schema.String.pipe(
  Schema.check(Schema.isMinLength(1), Schema.isMaxLength(100), Schema.isPattern(/^\S(.*\S)?$/))
)

/** @since 0.1.0 */
export const InterviewType = Schema.Struct({
  id: InterviewTypeId,
  name: Schema.String.pipe(Schema.check(Schema.isMinLength(1), Schema.isMaxLength(200))),
  tag: InterviewTypeTag,
  /** Score at or above which the candidate passed (progress tags); absent means no pass/fail. */
  passThreshold: Schema.optionalKey(Schema.Number)
})
/** @since 0.1.0 */
export type InterviewType = typeof InterviewType.Type
