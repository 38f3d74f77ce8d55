/**
 * Job postings and the interview type a team links to each. A candidate's posting comes from their
 * application in Lever; when no interview-type tag says otherwise, the posting's linked interview type
 * is the one sent (see `AssessmentRouting`). A link keeps the posting's title as it was when linked (and
 * as the last health check read it), so notes and the checklist can name it without calling Lever.
 *
 * @since 0.2.0
 */
import { Schema } from "effect"
import { InterviewTypeId, PostingId } from "./Ids.ts"
import { joinWithAnd, quoted } from "./internal/format.ts"
import type { InterviewType } from "./InterviewType.ts"

/**
 * A Lever job posting as Fulcrum lists it: title, state (`published`, `internal`, `closed`, `draft`,
 * `pending`, `rejected`; kept as Lever sends it) and the categories a person tells postings apart by.
 *
 * @since 0.2.0
 */
export const LeverPosting = Schema.Struct({
  id: PostingId,
  text: Schema.String,
  state: Schema.String,
  team: Schema.NullOr(Schema.String),
  department: Schema.NullOr(Schema.String),
  location: Schema.NullOr(Schema.String),
  commitment: Schema.NullOr(Schema.String)
})
/** The type {@link LeverPosting} decodes to. @since 0.2.0 */
export type LeverPosting = typeof LeverPosting.Type

/**
 * The posting of a candidate's application: its id and, when Fulcrum knows it, its title.
 *
 * @since 0.2.0
 */
export const PostingRef = Schema.Struct({ id: PostingId, title: Schema.NullOr(Schema.String) })
/** The type {@link PostingRef} decodes to. @since 0.2.0 */
export type PostingRef = typeof PostingRef.Type

/**
 * One posting linked to one interview type. `missingSince` is set when a health check no longer found
 * the posting in Lever (cleared when it is found again).
 *
 * @since 0.2.0
 */
export const PostingLink = Schema.Struct({
  postingId: PostingId,
  title: Schema.String,
  interviewTypeId: InterviewTypeId,
  linkedAt: Schema.Number,
  missingSince: Schema.NullOr(Schema.Number)
})
/** The type {@link PostingLink} decodes to. @since 0.2.0 */
export type PostingLink = typeof PostingLink.Type

/** The links of a team, by posting id. @since 0.2.0 */
export const PostingLinks = Schema.Record(Schema.String, PostingLink)
/** The type {@link PostingLinks} decodes to. @since 0.2.0 */
export type PostingLinks = typeof PostingLinks.Type

/**
 * The posting as a sentence names it: `“Backend Engineer”`, or by id when its title is unknown.
 *
 * @since 0.2.0
 */
export const postingName = (posting: PostingRef): string =>
  posting.title === null ? `the posting ${posting.id}` : quoted(posting.title)

/** What the checklist reports about the links. @since 0.2.0 */
export type LinkProblem =
  | { readonly _tag: "PostingMissing"; readonly link: PostingLink }
  | { readonly _tag: "InterviewTypeRemoved"; readonly link: PostingLink }

/**
 * The links that no longer work: a posting the last health check did not find in Lever, or a link to an
 * interview type that was removed since (candidates on that posting then fall back to the stage's
 * default interview type, or get none).
 *
 * @since 0.2.0
 */
export const problems = (
  links: PostingLinks,
  interviewTypes: ReadonlyArray<InterviewType>
): ReadonlyArray<LinkProblem> =>
  Object.values(links).flatMap((link): ReadonlyArray<LinkProblem> => [
    ...(link.missingSince === null ? [] : [{ _tag: "PostingMissing" as const, link }]),
    ...(interviewTypes.some((type) => type.id === link.interviewTypeId)
      ? []
      : [{ _tag: "InterviewTypeRemoved" as const, link }])
  ])

/**
 * The problems as one sentence for the checklist.
 *
 * @since 0.2.0
 */
export const problemsMessage = (found: ReadonlyArray<LinkProblem>): string => {
  const missing = found.filter((problem) => problem._tag === "PostingMissing").map((p) => quoted(p.link.title))
  const removed = found.filter((problem) => problem._tag === "InterviewTypeRemoved").map((p) => quoted(p.link.title))
  return [
    ...(missing.length === 0
      ? []
      : [`Linked posting${missing.length > 1 ? "s" : ""} ${joinWithAnd(missing)} no longer exist${
        missing.length > 1 ? "" : "s"
      } in Lever.`]),
    ...(removed.length === 0
      ? []
      : [`Posting${removed.length > 1 ? "s" : ""} ${joinWithAnd(removed)} ${
        removed.length > 1 ? "are" : "is"
      } linked to an interview type that was removed: their candidates get no invite by posting.`])
  ].join(" ")
}
