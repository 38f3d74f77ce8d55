/**
 * Flow 6 (archive, unarchive) and candidate deletion. Internal: see `Candidate.decide`.
 */
import { Equal } from "effect"
import * as ArchiveReasonMapping from "../ArchiveReasonMapping.ts"
import type { CandidateState, Intent } from "../Candidate.ts"
import { type Command, decided, type Decided, nothing, stepKey } from "./candidateKit.ts"

/**
 * Archived with a mapped reason: the offer status follows. Unmapped: recorded on the candidate and, as a
 * setup problem, on the checklist. Unarchived: the offer status is cleared. Repeats change nothing, and an
 * archive older than the one known is out of date.
 */
export const handleArchiveChange = (state: CandidateState | null, command: Command<"HandleArchiveChange">): Decided => {
  if (state?.erased === true) return nothing
  if (!command.settings.integrationEnabled) {
    return decided({ events: [{ _tag: "IntegrationOff", eventId: command.eventId, at: command.at }], intents: [] })
  }
  const archived = command.toArchived
  if (archived === null) {
    return state !== null && (state.archived !== null || state.offerStatus !== null)
      ? decided({ events: [{ _tag: "Unarchived", eventId: command.eventId, at: command.at }], intents: [] })
      : nothing
  }
  if (state?.archived != null && state.archived.archivedAt > archived.archivedAt) return nothing
  const offerStatus = ArchiveReasonMapping.offerStatusFor(command.settings, archived.reason)
  if (state !== null && Equal.equals(state.archived, archived) && state.offerStatus === (offerStatus ?? null)) {
    return nothing
  }
  return offerStatus === undefined
    ? decided({
      events: [{ _tag: "ArchiveReasonUnmapped", eventId: command.eventId, archived, at: command.at }],
      intents: [{ _tag: "RecordSetupProblem", reasonId: archived.reason, at: command.at }]
    })
    : decided({
      events: [{ _tag: "OfferStatusSet", eventId: command.eventId, archived, offerStatus, at: command.at }],
      intents: []
    })
}

/**
 * The candidate was deleted in Lever: personal data is erased, and every interview still open at the
 * provider is cancelled. An invite still being sent is cancelled when its sending is recorded.
 */
export const handleDeletion = (state: CandidateState | null, command: Command<"HandleDeletion">): Decided => {
  if (state?.erased === true) return nothing
  const cancellations: ReadonlyArray<Intent> = Object.values(state?.invites ?? {}).flatMap((invite) =>
    invite.state === "invited" && invite.interviewId !== null
      ? [{ _tag: "CancelInvite" as const, key: stepKey(invite.key, "cancel"), interviewId: invite.interviewId }]
      : []
  )
  return decided({ events: [{ _tag: "CandidateErased", eventId: command.eventId, at: command.at }], intents: cancellations })
}
