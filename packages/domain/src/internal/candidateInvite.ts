/**
 * Flows 2 (invite sent), 4 (graded) and 10 (expiry, resend): what the interview scheduler and the
 * provider report about an invite, and an admin's resend. Internal: see `Candidate.decide`.
 */
import { Result } from "effect"
import type { CandidateState, Invite } from "../Candidate.ts"
import * as InterviewType from "../InterviewType.ts"
import * as Names from "../Names.ts"
import * as Notes from "../Notes.ts"
import type { TeamSettings } from "../Setup.ts"
import {
  combine,
  type Command,
  decided,
  type Decided,
  inviteByInterview,
  inviteByKey,
  interviewTypeNow,
  inProgress,
  moveProgressTag,
  neverStarted,
  nothing,
  type Outcome,
  type Refusal,
  refuse,
  requestInvite,
  resendable,
  stepKey
} from "./candidateKit.ts"

const note = (cause: string, kind: string, text: string): Outcome => {
  const marker = Notes.marker(cause, kind)
  return { events: [], intents: [{ _tag: "PostNote", marker, text: Notes.withMarker(text, marker) }] }
}

/** The assessment stage as the notes name it; without the settings, generically. */
const assessmentStage = (settings: TeamSettings | undefined): string =>
  Names.mappedStage(settings === undefined ? Names.unknown : Names.fromSettings(settings), "assessment")

const statusChanged = (invite: Invite, state: "submitted" | "expired", at: number): Outcome => ({
  events: [{ _tag: "InterviewStatusChanged", key: invite.key, state, at }],
  intents: []
})

const unknownInvite = (key: string) =>
  refuse("UnknownInvite", `This candidate has no current invite with the key ${key}.`)

const erasedRefusal: Refusal = {
  reason: "CandidateErased",
  message: "The candidate was deleted in Lever and their personal data erased: nothing more is recorded for them."
}
const erased = Result.fail(erasedRefusal)

/** The candidate and the invite an interview report is about. */
const reportedInvite = (
  state: CandidateState | null,
  interviewId: Command<"ReportResult">["interviewId"]
): Result.Result<{ readonly candidate: CandidateState; readonly invite: Invite }, Refusal> => {
  const invite = state === null ? undefined : inviteByInterview(state, interviewId)
  if (state === null || invite === undefined) {
    return Result.fail({
      reason: "UnknownInterview",
      message: `This candidate has no current invite for the interview ${interviewId}.`
    })
  }
  return state.erased ? Result.fail(erasedRefusal) : Result.succeed({ candidate: state, invite })
}

/**
 * The scheduler sent the invite: the candidate is invited, the recruiter gets a note, and the progress tag
 * moves. Recording it again changes nothing. If the candidate was erased (or archived) meanwhile, the
 * interview is cancelled instead.
 */
export const recordInviteSent = (state: CandidateState | null, command: Command<"RecordInviteSent">): Decided => {
  const invite = state === null ? undefined : inviteByKey(state, command.key)
  if (state === null || invite === undefined) return unknownInvite(command.key)
  // Erased, or archived, while this invite was being sent: the interview is cancelled at once.
  const cancelledMeanwhile = state.erased
    ? "candidateDeleted" as const
    : invite.interviewId === null && invite.state === "cancelled"
    ? "archived" as const
    : undefined
  if (cancelledMeanwhile !== undefined) {
    return decided({
      events: [],
      intents: [{
        _tag: "CancelInvite",
        key: stepKey(invite.key, "cancel"),
        interviewId: command.interviewId,
        reason: cancelledMeanwhile
      }]
    })
  }
  if (invite.interviewId !== null) return nothing
  return decided(combine(
    {
      events: [{
        _tag: "InviteSent",
        key: command.key,
        interviewId: command.interviewId,
        inviteUrl: command.inviteUrl,
        expiresAt: command.expiresAt,
        at: command.at
      }],
      intents: []
    },
    note(
      invite.key,
      "sent",
      Notes.inviteSent({
        interviewTypeName: invite.interviewType.name,
        email: invite.email,
        sentAt: command.at,
        expiresAt: command.expiresAt,
        recordedOnly: command.recordedOnly === true,
        inviteUrl: command.inviteUrl,
        chosenBy: invite.chosenBy
      })
    ),
    moveProgressTag(state, command.settings, "invited", invite.key, command.at)
  ))
}

/** The scheduler could not send the invite: the recruiter is told why and how to try again. */
export const recordInviteFailed = (state: CandidateState | null, command: Command<"RecordInviteFailed">): Decided => {
  const invite = state === null ? undefined : inviteByKey(state, command.key)
  if (state === null || invite === undefined) return unknownInvite(command.key)
  if (state.erased || invite.interviewId !== null) return nothing
  if (invite.state === "failed" && invite.failure === command.reason) return nothing
  return decided(combine(
    { events: [{ _tag: "InviteFailed", key: command.key, reason: command.reason, at: command.at }], intents: [] },
    note(
      invite.key,
      "failed",
      Notes.inviteFailed({
        interviewTypeName: invite.interviewType.name,
        email: invite.email,
        reason: command.reason,
        stage: assessmentStage(command.settings)
      })
    )
  ))
}

/**
 * The provider reports progress: started (in progress from now on: it is not resent), submitted, or
 * expired (the recruiter is told how to send a new one, and the progress tag says so). Reports that
 * change nothing (repeats, or a report older than what is known) are ignored.
 */
export const reportInterviewStatus = (
  state: CandidateState | null,
  command: Command<"ReportInterviewStatus">
): Decided =>
  Result.flatMap(reportedInvite(state, command.interviewId), ({ candidate, invite }): Decided => {
    switch (command.status) {
      case "started":
        return neverStarted(invite)
          ? decided({ events: [{ _tag: "InterviewStarted", key: invite.key, at: command.at }], intents: [] })
          : nothing
      case "submitted":
        return invite.state === "sent" || invite.state === "started" || invite.state === "expired"
          ? decided(combine(
            statusChanged(invite, "submitted", command.at),
            moveProgressTag(candidate, command.settings, "completed", invite.key, command.at)
          ))
          : nothing
      case "expired":
        return invite.state === "sent" || invite.state === "started"
          ? decided(combine(
            statusChanged(invite, "expired", command.at),
            note(
              invite.key,
              "expired",
              Notes.inviteExpired({
                interviewTypeName: invite.interviewType.name,
                at: command.at,
                stage: assessmentStage(command.settings)
              })
            ),
            moveProgressTag(candidate, command.settings, "expired", invite.key, command.at)
          ))
          : nothing
    }
  })

/**
 * The provider graded the assessment: the candidate is graded (passed or failed when the interview type
 * has a threshold), and the recruiter gets the score summary and the report link. The same report again
 * changes nothing; a corrected report is recorded and noted again.
 */
export const reportResult = (state: CandidateState | null, command: Command<"ReportResult">): Decided =>
  Result.flatMap(reportedInvite(state, command.interviewId), ({ candidate, invite }): Decided => {
    const sameReport = invite.state === "graded" && invite.score === command.score &&
      invite.summary === command.summary && invite.reportUrl === command.reportUrl
    if (sameReport) return nothing
    const interviewType = interviewTypeNow(command.settings, invite)
    // The provider's own verdict wins; without one, the interview type's threshold decides.
    const passed = command.outcome === "pass"
      ? true
      : command.outcome === "fail"
      ? false
      : InterviewType.passed(interviewType, command.score)
    return decided(combine(
      {
        events: [{
          _tag: "ResultRecorded",
          key: invite.key,
          score: command.score,
          summary: command.summary,
          reportUrl: command.reportUrl,
          passed,
          at: command.at
        }],
        intents: []
      },
      note(
        invite.key,
        invite.state === "graded" ? `result-corrected-${command.at}` : "result",
        Notes.result({
          interviewTypeName: interviewType.name,
          score: command.score,
          passThreshold: command.outcome === "pass" || command.outcome === "fail"
            ? undefined
            : interviewType.passThreshold,
          passed,
          summary: command.summary,
          reportUrl: command.reportUrl
        })
      ),
      moveProgressTag(
        candidate,
        command.settings,
        passed === null ? "completed" : passed ? "passed" : "failed",
        invite.key,
        command.at
      )
    ))
  })

/** Why an invite that cannot be resent is refused: in progress, graded, or nothing to resend. */
export const resendRefusal = (invite: Invite): Refusal["reason"] =>
  inProgress(invite) ? "InterviewInProgress" : invite.state === "graded" ? "AlreadyGraded" : "NothingToResend"

const notResendable = (invite: Invite): string => {
  switch (invite.state) {
    case "pending":
      return "The invite is still being sent."
    case "sent":
    case "started":
    case "submitted":
      return "The candidate has started the interview: it is in progress."
    case "graded":
      return "The candidate's interview is already graded."
    default:
      return `The candidate's invite is ${invite.state}: there is nothing to resend.`
  }
}

/**
 * An admin asks to resend the invite (the given interview type's, else the current one): allowed when it
 * expired, failed, or was sent and never started. The resend is a new attempt with its own key.
 */
export const requestResend = (state: CandidateState | null, command: Command<"RequestResend">): Decided => {
  if (state === null) return refuse("NothingToResend", "No invite was ever requested for this candidate.")
  if (state.erased) return erased
  if (!command.settings.integrationEnabled) {
    return decided({ events: [{ _tag: "IntegrationOff", eventId: command.eventId, at: command.at }], intents: [] })
  }
  const interviewTypeId = command.interviewTypeId ?? state.currentInterviewTypeId
  const invite = interviewTypeId === null ? undefined : state.invites[interviewTypeId]
  if (invite === undefined) {
    return refuse(
      "NothingToResend",
      interviewTypeId === null
        ? "No invite was ever requested for this candidate."
        : `No invite for the interview type ${interviewTypeId} was ever requested for this candidate.`
    )
  }
  if (!resendable(invite)) return refuse(resendRefusal(invite), notResendable(invite))
  return decided(requestInvite({
    state,
    teamId: state.teamId,
    opportunityId: state.opportunityId,
    interviewType: interviewTypeNow(command.settings, invite),
    candidateName: state.name ?? "",
    email: state.email ?? invite.email,
    eventId: command.eventId,
    at: command.at,
    chosenBy: invite.chosenBy
  }))
}
