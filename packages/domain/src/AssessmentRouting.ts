/**
 * Which interview type a candidate entering an assessment stage is sent, and why. The precedence:
 *
 * ```
 * the candidate's interview-type tag        (exactly one; several are ambiguous and block the invite)
 *   └─ none: the posting's interview type   (the posting of the candidate's application, if linked)
 *        └─ none: the stage's default        (the assessment stage entered, if it names one)
 *             └─ none: no invite, and a note that names what is missing (tag, posting, stage)
 * ```
 *
 * A link or a default that points to an interview type removed since is skipped, as if it were not set.
 * The rule that chose the interview type is kept on the invite, so the note in Lever can say it.
 *
 * @since 0.2.0
 */
import { Schema } from "effect"
import { PostingId, StageId } from "./Ids.ts"
import { quoted } from "./internal/format.ts"
import * as InterviewType from "./InterviewType.ts"
import { postingName, type PostingLinks, type PostingRef } from "./Posting.ts"
import type { AssessmentStage } from "./StageMapping.ts"

/**
 * The rule that chose an invite's interview type: the candidate's tag, the posting they applied to, or
 * the default of the assessment stage they entered.
 *
 * @since 0.2.0
 */
export const ChosenBy = Schema.Union([
  Schema.TaggedStruct("Tag", { tag: Schema.String }),
  Schema.TaggedStruct("Posting", { postingId: PostingId, title: Schema.NullOr(Schema.String) }),
  Schema.TaggedStruct("Stage", { stageId: StageId, name: Schema.String })
])
/** The type {@link ChosenBy} decodes to. @since 0.2.0 */
export type ChosenBy = typeof ChosenBy.Type

/** What routing needs to know: the team's setup and the candidate as read from Lever. @since 0.2.0 */
export interface RoutingInput {
  readonly interviewTypes: ReadonlyArray<InterviewType.InterviewType>
  readonly postingLinks: PostingLinks
  /** The assessment stage the candidate entered. */
  readonly stage: AssessmentStage
  /** The candidate's tags, as Lever has them now. */
  readonly tags: ReadonlyArray<string>
  /** The posting of the candidate's application; `null` for a candidate added without one. */
  readonly posting: PostingRef | null
}

/**
 * The outcome of routing: an interview type and the rule that chose it, several tags (ambiguous: no
 * invite), or none at all (with the posting that has no interview type, for the note).
 *
 * @since 0.2.0
 */
export type Route =
  | {
    readonly _tag: "Chosen"
    readonly interviewType: InterviewType.InterviewType
    readonly chosenBy: ChosenBy
  }
  | { readonly _tag: "SeveralTags"; readonly tags: ReadonlyArray<string> }
  | { readonly _tag: "NoneChosen"; readonly posting: PostingRef | null }

/**
 * Routes a candidate entering an assessment stage to an interview type: tag, then posting, then the
 * stage's default, then none.
 *
 * @since 0.2.0
 */
export const route = (input: RoutingInput): Route => {
  const byTag = InterviewType.findByTags(input.interviewTypes, input.tags)
  const [tagged] = byTag
  if (byTag.length > 1) return { _tag: "SeveralTags", tags: byTag.map((type) => type.tag) }
  if (tagged !== undefined) return { _tag: "Chosen", interviewType: tagged, chosenBy: { _tag: "Tag", tag: tagged.tag } }
  const existing = (interviewTypeId: string | undefined) =>
    interviewTypeId === undefined ? undefined : input.interviewTypes.find((type) => type.id === interviewTypeId)
  const link = input.posting === null ? undefined : input.postingLinks[input.posting.id]
  const byPosting = existing(link?.interviewTypeId)
  if (input.posting !== null && link !== undefined && byPosting !== undefined) {
    return {
      _tag: "Chosen",
      interviewType: byPosting,
      chosenBy: { _tag: "Posting", postingId: input.posting.id, title: input.posting.title ?? link.title }
    }
  }
  const byStage = existing(input.stage.defaultInterviewTypeId)
  if (byStage !== undefined) {
    return {
      _tag: "Chosen",
      interviewType: byStage,
      chosenBy: { _tag: "Stage", stageId: input.stage.stageId, name: input.stage.name }
    }
  }
  const posting = input.posting === null
    ? null
    : { id: input.posting.id, title: input.posting.title ?? link?.title ?? null }
  return { _tag: "NoneChosen", posting }
}

/**
 * The rule as the invite note says it: `by tag “Backend”`, `by posting “Senior Engineer”`, `by stage
 * “Take-home”`.
 *
 * @since 0.2.0
 */
export const chosenByText = (chosenBy: ChosenBy): string => {
  switch (chosenBy._tag) {
    case "Tag":
      return `by tag ${quoted(chosenBy.tag)}`
    case "Posting":
      return `by posting ${postingName({ id: chosenBy.postingId, title: chosenBy.title })}`
    case "Stage":
      return `by stage ${quoted(chosenBy.name)}`
  }
}
