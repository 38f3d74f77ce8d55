/**
 * An interview type the assessment provider offers, and the Lever tag that selects it. A candidate
 * carrying exactly one interview-type tag when entering an assessment stage is sent that type; without a
 * tag, the posting's or the stage's interview type is sent (see `AssessmentRouting`).
 *
 * Tag rules: exact and case-sensitive (Lever tags are), non-blank, no leading/trailing spaces, no control
 * characters, at most 100 characters, and unique within a team.
 *
 * @since 0.1.0
 */
import { Result, Schema } from "effect"
import { InterviewTypeId } from "./Ids.ts"
import { isSafeLine, noControlCharacters } from "./Text.ts"

/** A Lever tag that selects an interview type. @since 0.1.0 */
export const InterviewTypeTag = Schema.String.pipe(
  Schema.check(Schema.isMinLength(1), Schema.isMaxLength(100), Schema.isPattern(/^\S(.*\S)?$/), noControlCharacters)
)

/** An interview type a team offers, with the Lever tag that selects it. @since 0.1.0 */
export const InterviewType = Schema.Struct({
  id: InterviewTypeId,
  name: Schema.String.pipe(Schema.check(Schema.isMinLength(1), Schema.isMaxLength(200), noControlCharacters)),
  tag: InterviewTypeTag,
  /** Score at or above which the candidate passed (progress tags); absent means no pass/fail. */
  passThreshold: Schema.optionalKey(Schema.Number)
})
/** The type {@link InterviewType} decodes to. @since 0.1.0 */
export type InterviewType = typeof InterviewType.Type

/** The longest tag Fulcrum accepts. @since 0.1.0 */
export const maxTagLength = 100

/** Why a tag was refused. @since 0.1.0 */
export type TagProblem = "Blank" | "SurroundingWhitespace" | "LineBreak" | "ControlCharacter" | "TooLong"

/**
 * Checks a tag against the tag rules: non-blank, no leading or trailing whitespace, on one line, without
 * control characters, and at most {@link maxTagLength} characters. The tag is kept exactly as given: tags are case-sensitive.
 *
 * @since 0.1.0
 */
export const validateTag = (tag: string): Result.Result<string, TagProblem> =>
  tag.trim().length === 0
    ? Result.fail("Blank")
    : tag.trim() !== tag
    ? Result.fail("SurroundingWhitespace")
    : /[\r\n]/.test(tag)
    ? Result.fail("LineBreak")
    : !isSafeLine(tag)
    ? Result.fail("ControlCharacter")
    : tag.length > maxTagLength
    ? Result.fail("TooLong")
    : Result.succeed(tag)

/**
 * A refused tag in the admin's terms.
 *
 * @since 0.1.0
 */
export const tagProblemMessage = (tag: string, problem: TagProblem): string => {
  switch (problem) {
    case "Blank":
      return "The tag is empty: give the interview type the Lever tag recruiters will put on candidates."
    case "SurroundingWhitespace":
      return `The tag "${tag}" starts or ends with a space: Lever tags match exactly, so remove the spaces.`
    case "LineBreak":
      return "The tag contains a line break: a Lever tag is a single line of text."
    case "ControlCharacter":
      return "The tag contains a control character (such as NUL or a tab): a Lever tag is plain text."
    case "TooLong":
      return `The tag is ${tag.length} characters long: at most ${maxTagLength} are allowed.`
  }
}

/**
 * Whether two tags are the same Lever tag: exact, case-sensitive comparison, as Lever compares tags.
 *
 * @since 0.1.0
 */
export const sameTag = (a: string, b: string): boolean => a === b

/**
 * The interview types whose tag the opportunity carries (exact, case-sensitive), in the order the
 * interview types are configured. Exactly one match selects the interview type to send.
 *
 * @since 0.1.0
 */
export const findByTags = (
  interviewTypes: ReadonlyArray<InterviewType>,
  opportunityTags: ReadonlyArray<string>
): ReadonlyArray<InterviewType> =>
  interviewTypes.filter((type) => opportunityTags.some((tag) => sameTag(tag, type.tag)))

/**
 * Whether a score passes an interview type's threshold: `null` when the type has no threshold or there is
 * no score (then there is no pass/fail, only "completed").
 *
 * @since 0.1.0
 */
export const passed = (interviewType: InterviewType, score: number | null): boolean | null =>
  interviewType.passThreshold === undefined || score === null ? null : score >= interviewType.passThreshold
