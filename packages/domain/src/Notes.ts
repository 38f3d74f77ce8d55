/**
 * The notes Fulcrum posts on a Lever opportunity, written for the recruiter: what happened and, when
 * nothing was sent, exactly what to do. Every note ends with a marker line derived from its cause, so a
 * retry after a crash can find a note whose POST already succeeded instead of posting it twice.
 *
 * @since 0.1.0
 */
import { type ChosenBy, chosenByText } from "./AssessmentRouting.ts"
import { isoUtc, quoted } from "./internal/format.ts"
import { postingName, type PostingRef } from "./Posting.ts"

/**
 * The marker of a note: stable for the same cause, e.g. `fulcrum:<eventId>:no-tag` or
 * `fulcrum:<inviteKey>:sent`.
 *
 * @since 0.1.0
 */
export const marker = (cause: string, kind: string): string => `fulcrum:${cause}:${kind}`

/** The last line of a note carrying `marker`. @since 0.1.0 */
export const markerLine = (marker: string): string => `[fulcrum ref: ${marker}]`

/**
 * The note text with its marker appended as the final line.
 *
 * @since 0.1.0
 */
export const withMarker = (text: string, marker: string): string => `${text}\n\n${markerLine(marker)}`

/**
 * Whether a note (as read back from Lever) carries `marker`. The whole marker line must match, so
 * `…:resend-1` is not mistaken for `…:resend-10`.
 *
 * @since 0.1.0
 */
export const hasMarker = (text: string, marker: string): boolean =>
  text.split(/\r?\n/).some((line) => line.trim() === markerLine(marker))

const moveAgain = (stageName: string): string => `then move the candidate to ${quoted(stageName)} again.`

const tagLines = (tags: ReadonlyArray<string>): string => tags.map((tag) => `  • ${tag}`).join("\n")

/**
 * The invite was sent, with the rule that chose its interview type when known (`Interview type chosen
 * by tag “Backend”.`).
 *
 * @since 0.1.0
 */
export const inviteSent = (invite: {
  readonly interviewTypeName: string
  readonly email: string
  readonly sentAt: number
  readonly expiresAt: number | null
  readonly chosenBy?: ChosenBy | undefined
  /** A test scheduler only recorded it: the note must not claim an invite reached anyone. */
  readonly recordedOnly?: boolean
  /** The candidate's invite link, for the recruiter to resend by hand or to check. */
  readonly inviteUrl?: string | null
}): string => {
  // Which rule chose the interview type is said whether or not the invite reached anyone.
  const chosen = invite.chosenBy === undefined ? "" : `\nInterview type chosen ${chosenByText(invite.chosenBy)}.`
  return invite.recordedOnly === true
    ? `Assessment invite recorded, NOT sent: ${invite.interviewTypeName}, for ${invite.email}, at ${
      isoUtc(invite.sentAt)
    }.${chosen}\nFulcrum runs with a test scheduler (FULCRUM_SCHEDULER=memory): no invite reached the candidate.`
    : `Assessment invite sent: ${invite.interviewTypeName}, to ${invite.email}, at ${isoUtc(invite.sentAt)}.` +
      chosen +
      (invite.expiresAt === null ? "" : `\nThe invite expires at ${isoUtc(invite.expiresAt)}.`) +
      (invite.inviteUrl === undefined || invite.inviteUrl === null ? "" : `\nInvite link: ${invite.inviteUrl}`)
}

/**
 * No invite: the candidate carries none of the interview-type tags, and neither their posting (named
 * when they have one) nor the stage chooses an interview type.
 *
 * @since 0.1.0
 */
export const noTag = (block: {
  readonly knownTags: ReadonlyArray<string>
  readonly stageName: string
  readonly posting?: PostingRef | null | undefined
}): string =>
  "No assessment invite was sent: this candidate has no interview-type tag.\n" +
  (block.posting === undefined || block.posting === null
    ? ""
    : `Their job posting ${postingName(block.posting)} has no interview type linked, and the stage ${
      quoted(block.stageName)
    } has no default interview type.\n`) +
  "To send it, add one of these tags to the candidate (exact spelling, case-sensitive):\n" +
  `${tagLines(block.knownTags)}\n` +
  moveAgain(block.stageName)

/**
 * No invite: the candidate carries several interview-type tags, so the interview type is ambiguous.
 *
 * @since 0.1.0
 */
export const severalTags = (block: { readonly tags: ReadonlyArray<string>; readonly stageName: string }): string =>
  "No assessment invite was sent: this candidate has several interview-type tags, so the interview type is " +
  `ambiguous:\n${tagLines(block.tags)}\n` +
  `To send it, keep exactly one of them, ${moveAgain(block.stageName)}`

/**
 * No invite: the candidate has no email address.
 *
 * @since 0.1.0
 */
export const noEmail = (block: { readonly stageName: string }): string =>
  "No assessment invite was sent: this candidate has no email address.\n" +
  `To send it, add an email address to the candidate in Lever, ${moveAgain(block.stageName)}`

/**
 * No invite: the candidate is archived. `reason` is the archive reason as `Names.reason` words it.
 *
 * @since 0.1.0
 */
export const archived = (block: { readonly stageName: string; readonly reason: string }): string =>
  `No assessment invite was sent: this candidate is archived (${block.reason}).\n` +
  `To send it, unarchive the candidate, ${moveAgain(block.stageName)}`

/**
 * The candidate was archived while an invite was open: it was cancelled at the assessment platform.
 * `reason` is the archive reason as `Names.reason` words it.
 *
 * @since 0.2.0
 */
export const inviteCancelled = (block: { readonly interviewTypeName: string; readonly reason: string }): string =>
  `The assessment invite (${block.interviewTypeName}) was cancelled at the assessment platform: this candidate ` +
  `was archived (${block.reason}).\n` +
  "To invite them again, unarchive the candidate, then move them to the assessment stage again."

/**
 * Archived with a reason Fulcrum has no offer status for: the candidate is kept, and the recruiter is
 * told why the assessment platform shows no offer status. `reason` is the archive reason as
 * `Names.reason` words it.
 *
 * @since 0.2.0
 */
export const archiveReasonUnmapped = (block: { readonly reason: string }): string =>
  `Fulcrum recorded this archive (${block.reason}), but the reason has no offer status in Fulcrum yet, so ` +
  "the assessment platform was not told an outcome.\n" +
  "A Fulcrum admin maps the reason under Configure archive reasons; the candidate is kept meanwhile."

/**
 * No invite: the team has no interview types yet.
 *
 * @since 0.1.0
 */
export const noInterviewTypes = (block: { readonly stageName: string }): string =>
  "No assessment invite was sent: no interview types are set up for this team yet.\n" +
  "To send it, ask your assessment admin to add an interview type, put its tag on the candidate, " +
  moveAgain(block.stageName)

/**
 * The assessment provider could not send the invite. `stage` is the assessment stage as
 * `Names.mappedStage` words it.
 *
 * @since 0.1.0
 */
export const inviteFailed = (failure: {
  readonly interviewTypeName: string
  readonly email: string
  readonly reason: string
  readonly stage: string
}): string =>
  `The assessment invite (${failure.interviewTypeName}) to ${failure.email} could not be sent: ${failure.reason}\n` +
  `To try again, check the candidate's email address, then move the candidate out of ${failure.stage} and ` +
  "back in, or ask your assessment admin to resend the invite."

/**
 * The invite expired before the candidate finished the assessment. `stage` is the assessment stage as
 * `Names.mappedStage` words it.
 *
 * @since 0.1.0
 */
export const inviteExpired = (expiry: {
  readonly interviewTypeName: string
  readonly at: number
  readonly stage: string
}): string =>
  `The assessment invite (${expiry.interviewTypeName}) expired at ${isoUtc(expiry.at)} without a finished ` +
  `assessment.\nTo send a new one, move the candidate out of ${expiry.stage} and back in, or ask your ` +
  "assessment admin to resend the invite."

/**
 * The assessment was graded: score summary and report link.
 *
 * @since 0.1.0
 */
export const result = (graded: {
  readonly interviewTypeName: string
  readonly score: number | null
  readonly passThreshold: number | undefined
  readonly passed: boolean | null
  readonly summary: string
  readonly reportUrl: string
}): string => {
  // Without a threshold the verdict is the provider's own.
  const verdict = graded.passed === null
    ? ""
    : graded.passThreshold === undefined
    ? ` (${graded.passed ? "passed" : "did not pass"}, as the assessment provider judged)`
    : ` (${graded.passed ? "passed" : "did not pass"}: the threshold is ${graded.passThreshold})`
  const lines = [
    `Assessment graded: ${graded.interviewTypeName}.`,
    ...(graded.score === null ? [] : [`Score: ${graded.score}${verdict}`]),
    ...(graded.summary.trim().length === 0 ? [] : [`Summary: ${graded.summary.trim()}`]),
    `Report: ${graded.reportUrl}`
  ]
  return lines.join("\n")
}
