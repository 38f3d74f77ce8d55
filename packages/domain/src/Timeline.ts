/**
 * The candidate timeline in words: every webhook received and every action taken or skipped, with the
 * reason. `describe` turns one candidate event into a sentence for the settings page and the admin API,
 * naming stages, archive reasons and interview types as the team knows them (`Names`), not by id.
 *
 * @since 0.1.0
 */
import * as AssessmentRouting from "./AssessmentRouting.ts"
import type { CandidateEvent, InviteBlock } from "./Candidate.ts"
import type { StageId } from "./Ids.ts"
import { isoUtc, joinWithOr, quoted } from "./internal/format.ts"
import * as Names from "./Names.ts"
import * as Posting from "./Posting.ts"

/** One timeline entry: the event kind (for icons and filters) and a sentence. @since 0.1.0 */
export interface Entry {
  readonly kind: CandidateEvent["_tag"]
  readonly message: string
}

const blockMessage = (block: InviteBlock, names: Names.Names): string => {
  switch (block._tag) {
    case "NoTag": {
      const which = block.knownTags.length === 1 ? "the tag" : "one of the tags"
      const posting = block.posting === undefined || block.posting === null
        ? ""
        : ` and their posting ${Posting.postingName(block.posting)} has no interview type`
      return `Invite not sent: the candidate has no interview-type tag${posting}; add ${which} ` +
        `${joinWithOr(block.knownTags.map(quoted))} in Lever, then move the candidate to ${quoted(block.stageName)} ` +
        "again. A note in Lever tells the recruiter."
    }
    case "SeveralTags":
      return `Invite not sent: the candidate has several interview-type tags (${block.tags.map(quoted).join(", ")}); ` +
        `keep exactly one, then move the candidate to ${quoted(block.stageName)} again. A note in Lever tells the ` +
        "recruiter."
    case "NoEmail":
      return "Invite not sent: the candidate has no email address in Lever; add one, then move the candidate to " +
        `${quoted(block.stageName)} again. A note in Lever tells the recruiter.`
    case "Unreadable":
      return block.reason === "Confidential"
        ? "Nothing done: the opportunity is confidential and the Lever credentials have no access to confidential " +
          "data, so it could not be read (nor noted). To include confidential candidates, submit a permanent key " +
          `created with "Allow access to confidential data", then move the candidate again.`
        : "Nothing done: Lever no longer has this opportunity (deleted or merged), so it could not be read."
    case "Archived":
      return `Invite not sent: the candidate is archived (${Names.reason(names, block.reasonId)}); unarchive, ` +
        `then move the candidate to ${Names.mappedStage(names, "assessment")} again. A note in Lever tells the ` +
        "recruiter."
    case "NotInStage":
      return "Invite not sent: when Lever was read, the candidate had already left " +
        `${Names.mappedStage(names, "assessment")} (${
          block.currentStageId === null ? "no stage" : `now in ${Names.stage(names, block.currentStageId)}`
        }).`
    case "NoInterviewTypes":
      return "Invite not sent: the team has no interview types yet; add one in the settings. A note in Lever " +
        "tells the recruiter."
  }
}

/** A stage the candidate is in, with what it is mapped to: `“Tech assessment” (mapped to assessment)`. */
const stageWithMapping = (names: Names.Names, stageId: StageId): string => {
  const providerStage = names.providerStageOf(stageId)
  return `${Names.stage(names, stageId)}${providerStage === undefined ? "" : ` (mapped to ${providerStage})`}`
}

const message = (event: CandidateEvent, names: Names.Names): string => {
  switch (event._tag) {
    case "CandidateSeen":
      return `Read from Lever: ${event.name ?? "(no name)"}, ${event.email ?? "no email"}, ${
        event.stageId === null ? "no stage" : `in ${stageWithMapping(names, event.stageId)}`
      }.`
    case "IntegrationOff":
      return "Webhook recorded and skipped: the Lever integration is switched off for this team."
    case "StageIgnored":
      return event.reason === "NotMapped"
        ? `Moved to ${Names.stage(names, event.stageId)} in Lever, which is not mapped to assessment, onsite or ` +
          "offer: nothing to do."
        : event.reason === "Superseded"
        ? `Stage change to ${Names.stage(names, event.stageId)} superseded: the candidate has moved on since, and ` +
          "the webhook of that later move decides what to do."
        : `Stage change to ${Names.stage(names, event.stageId)} skipped: the stage mapping is not complete (map ` +
          "the assessment, onsite and offer stages in the settings)."
    case "InviteRequested":
      return `Invite requested: ${event.invite.interviewType.name} to ${event.invite.email}${
        event.invite.chosenBy === undefined ? "" : `, chosen ${AssessmentRouting.chosenByText(event.invite.chosenBy)}`
      }${event.invite.attempt === 0 ? "" : ` (resend ${event.invite.attempt})`}.`
    case "InviteBlocked":
      return blockMessage(event.block, names)
    case "DuplicateInviteIgnored":
      return `Duplicate ignored: the candidate already has an invite for ${
        Names.interviewType(names, event.interviewTypeId)
      } (${event.state.replace("_", " ")}); no new invite was sent.`
    case "InviteSent":
      return `Invite sent (interview ${event.interviewId})${
        event.expiresAt === null ? "" : `, expires ${isoUtc(event.expiresAt)}`
      }; a note was posted in Lever.`
    case "InviteFailed":
      return `Invite could not be sent: ${event.reason}. A note in Lever tells the recruiter how to retry.`
    case "InterviewStarted":
      return "The candidate started the interview."
    case "InterviewStatusChanged":
      return event.state === "submitted"
        ? "The candidate submitted the interview."
        : event.state === "expired"
        ? "The invite expired before the interview was completed; it can be resent."
        : event.state === "cancelled"
        ? "The invite was cancelled at the assessment provider: the candidate was archived in Lever."
        : `The invite is now ${event.state.replace("_", " ")}.`
    case "ResultRecorded":
      return `Result received: ${event.score === null ? "no score" : `score ${event.score}`}${
        event.passed === null ? "" : event.passed ? ", passed" : ", not passed"
      }; report ${event.reportUrl}.`
    case "NextStepSet": {
      const stageName = event.nextStep === "none" ? undefined : names.mappedStageName(event.nextStep)
      const moved = stageName === undefined ? "" : ` (moved to ${quoted(stageName)})`
      return `Next step set to ${event.nextStep}${moved}; the assessment provider is told.`
    }
    case "OfferStatusSet":
      return `Archived in Lever: ${Names.reason(names, event.archived.reason)} → offer status ${event.offerStatus}.`
    case "ArchiveReasonUnmapped":
      return `Archived in Lever: ${Names.reason(names, event.archived.reason)} has no offer status yet, so it is ` +
        "recorded as a setup problem; map the reason in the settings."
    case "Unarchived":
      return "Unarchived in Lever: offer status cleared."
    case "ProgressTagChanged":
      return event.tag === null
        ? "Progress tag removed in Lever."
        : `Progress tag set to ${quoted(event.tag)} in Lever.`
    case "CandidateErased":
      return "Deleted in Lever: personal data erased, open interviews cancelled."
  }
}

/**
 * A candidate event as a timeline entry, naming stages, reasons and interview types with `names` (built
 * from the team's settings by `Names.fromSettings`; `Names.unknown` names them by id).
 *
 * @since 0.1.0
 */
export const describe = (event: CandidateEvent, names: Names.Names): Entry => ({
  kind: event._tag,
  message: message(event, names)
})
