/**
 * Flow 6 (archive, unarchive) and candidate deletion. Internal: see `Candidate.decide`.
 */
import { Equal } from "effect"
import * as ArchiveReasonMapping from "../ArchiveReasonMapping.ts"
import type { CandidateEvent, CandidateState, Intent } from "../Candidate.ts"
import type { ArchiveReasonId } from "../Ids.ts"
import * as Names from "../Names.ts"
import * as Notes from "../Notes.ts"
import { combine, type Command, decided, type Decided, none, nothing, open, type Outcome, stepKey } from "./candidateKit.ts"

/**
 * The candidate was archived: every interview still open at the provider is cancelled (reason
 * `archived`) and marked `cancelled`, and the recruiter reads it on Lever; an invite still being sent is
 * marked `cancelled` now and cancelled at the provider when its sending is recorded. Repeats change
 * nothing: a cancelled invite is no longer open.
 */
const cancelOpenInvites = (
  state: CandidateState,
  command: Command<"HandleArchiveChange">,
  reasonId: ArchiveReasonId
): Outcome => {
  const reason = Names.reason(Names.fromSettings(command.settings), reasonId)
  const cancelled = Object.values(state.invites).filter((invite) => open(invite) || invite.state === "pending")
  if (cancelled.length === 0) return none
  return {
    events: cancelled.map((invite): CandidateEvent => ({
      _tag: "InterviewStatusChanged",
      key: invite.key,
      state: "cancelled",
      at: command.at
    })),
    intents: cancelled.flatMap((invite): ReadonlyArray<Intent> => {
      const marker = Notes.marker(invite.key, "cancelled")
      const text = Notes.inviteCancelled({ interviewTypeName: invite.interviewType.name, reason })
      return [
        ...(invite.interviewId === null ? [] : [{
          _tag: "CancelInvite" as const,
          key: stepKey(invite.key, "cancel"),
          interviewId: invite.interviewId,
          reason: "archived" as const
        }]),
        { _tag: "PostNote", marker, text: Notes.withMarker(text, marker) }
      ]
    })
  }
}

/**
 * Archived with a mapped reason: the offer status follows. Unmapped: recorded on the candidate, noted on
 * the opportunity in Lever and, as a setup problem, on the checklist. Either way, open invites are cancelled
 * at the provider. Unarchived: the offer status is cleared (a cancelled invite is sent again when the
 * candidate re-enters the assessment stage). Repeats change nothing, and an archive older than the one
 * known is out of date. A candidate Fulcrum never met has no offer status to
 * keep; an unmapped reason on them is still a setup problem.
 */
export const handleArchiveChange = (state: CandidateState | null, command: Command<"HandleArchiveChange">): Decided => {
  if (state?.erased === true) return nothing
  if (!command.settings.integrationEnabled) {
    return decided({ events: [{ _tag: "IntegrationOff", eventId: command.eventId, at: command.at }], intents: [] })
  }
  const archived = command.toArchived
  const offerStatus = archived === null
    ? undefined
    : ArchiveReasonMapping.offerStatusFor(command.settings, archived.reason)
  // Never dropped: the checklist and the health check show the reason, and the recruiter reads in Lever
  // why no outcome reached the assessment platform.
  const setupProblem = (reason: ArchiveReasonId): ReadonlyArray<Intent> => {
    const marker = stepKey(command.eventId, "archive-reason-unmapped")
    const text = Notes.archiveReasonUnmapped({
      reason: Names.reason(Names.fromSettings(command.settings), reason)
    })
    return [
      { _tag: "RecordSetupProblem", reasonId: reason, at: command.at },
      { _tag: "PostNote", marker, text: Notes.withMarker(text, marker) }
    ]
  }
  if (state === null) {
    return archived !== null && offerStatus === undefined
      ? decided({ events: [], intents: setupProblem(archived.reason) })
      : nothing
  }
  if (archived === null) {
    return state.archived !== null || state.offerStatus !== null
      ? decided({ events: [{ _tag: "Unarchived", eventId: command.eventId, at: command.at }], intents: [] })
      : nothing
  }
  const outOfDate = state.archived !== null && state.archived.archivedAt > archived.archivedAt
  if (outOfDate) return nothing
  const cancellations = cancelOpenInvites(state, command, archived.reason)
  const alreadyKnown = Equal.equals(state.archived, archived) && state.offerStatus === (offerStatus ?? null)
  if (alreadyKnown) return decided(cancellations)
  return decided(combine(
    offerStatus === undefined
      ? {
        events: [{ _tag: "ArchiveReasonUnmapped", eventId: command.eventId, archived, at: command.at }],
        intents: setupProblem(archived.reason)
      }
      : {
        events: [{ _tag: "OfferStatusSet", eventId: command.eventId, archived, offerStatus, at: command.at }],
        intents: []
      },
    cancellations
  ))
}

/**
 * The candidate was deleted in Lever: personal data is erased, and every interview still open at the
 * provider is cancelled. An invite still being sent is cancelled when its sending is recorded. A
 * candidate never met is erased too (a tombstone), so events arriving late cannot bring them back.
 */
export const handleDeletion = (state: CandidateState | null, command: Command<"HandleDeletion">): Decided => {
  if (state?.erased === true) return nothing
  const cancellations: ReadonlyArray<Intent> = Object.values(state?.invites ?? {}).flatMap((invite) =>
    open(invite) && invite.interviewId !== null
      ? [{
        _tag: "CancelInvite" as const,
        key: stepKey(invite.key, "cancel"),
        interviewId: invite.interviewId,
        reason: "candidateDeleted" as const
      }]
      : []
  )
  return decided({
    events: [{
      _tag: "CandidateErased",
      teamId: command.teamId,
      opportunityId: command.opportunityId,
      eventId: command.eventId,
      at: command.at
    }],
    intents: cancellations
  })
}
