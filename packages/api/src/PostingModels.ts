/**
 * What the admin API sends and returns about job postings: each Lever posting with the interview type
 * linked to it, and the body that links or unlinks one.
 *
 * @since 0.2.0
 */
import { Checklist, Ids, Posting } from "@fulcrum/domain"
import { Schema } from "effect"

/**
 * One Lever posting (title `text`, `state`, team, department, location, commitment) with the interview
 * type candidates on it are sent when no tag says otherwise (`null`: none linked).
 *
 * @since 0.2.0
 */
export const PostingRow = Schema.Struct({
  ...Posting.LeverPosting.fields,
  interviewTypeId: Schema.NullOr(Ids.InterviewTypeId)
})
/** The type {@link PostingRow} decodes to. @since 0.2.0 */
export type PostingRow = typeof PostingRow.Type

/** `GET .../postings`: every posting of the team's Lever account, and the checklist. @since 0.2.0 */
export const Postings = Schema.Struct({
  postings: Schema.Array(PostingRow),
  checklist: Checklist.Checklist
})
/** The type {@link Postings} decodes to. @since 0.2.0 */
export type Postings = typeof Postings.Type

/** `PUT .../postings/{postingId}/interview-type`: the interview type to link, `null` to unlink. @since 0.2.0 */
export const PostingInterviewType = Schema.Struct({ interviewTypeId: Schema.NullOr(Ids.InterviewTypeId) })
/** The type {@link PostingInterviewType} decodes to. @since 0.2.0 */
export type PostingInterviewType = typeof PostingInterviewType.Type
