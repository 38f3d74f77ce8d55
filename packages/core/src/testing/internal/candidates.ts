/**
 * Candidates the contract kits save: the `CandidateStore` kit, and the `EventInbox` kit, whose
 * `acceptForInterview` finds a candidate by the interview id of one of its invites.
 *
 * @internal
 */
import { Candidate, Ids } from "@fulcrum/domain"

/** The time every saved candidate is near. @internal */
export const base = 1_767_225_600_000

/** An interview type with a pass threshold. @internal */
export const backend = {
  id: Ids.InterviewTypeId.make("backend"),
  name: "Backend",
  tag: "Assessment: Backend",
  passThreshold: 70
}
/** An interview type without one. @internal */
export const frontend = { id: Ids.InterviewTypeId.make("frontend"), name: "Frontend", tag: "Assessment: Frontend" }

/** An invite for `interviewType` in `state`, sent (with `interviewId`) unless that is null. @internal */
export const inviteOf = (
  teamId: Ids.TeamId,
  opportunityId: Ids.OpportunityId,
  interviewType: typeof backend | typeof frontend,
  state: Candidate.InviteState,
  interviewId: string | null
): Candidate.Invite => ({
  key: Candidate.inviteKey(teamId, opportunityId, interviewType.id, 0),
  interviewType,
  attempt: 0,
  state,
  email: "ada@example.com",
  requestedAt: base,
  interviewId: interviewId === null ? null : Ids.InterviewId.make(interviewId),
  inviteUrl: interviewId === null ? null : `https://assess.example/i/${interviewId}`,
  sentAt: interviewId === null ? null : base + 1_000,
  startedAt: state === "graded" || state === "submitted" || state === "started" ? base + 2_000 : null,
  expiresAt: interviewId === null ? null : base + 604_800_000,
  score: state === "graded" ? 82 : null,
  summary: state === "graded" ? "Strong on data structures" : null,
  reportUrl: state === "graded" ? "https://assess.example/r/1" : null,
  passed: state === "graded" ? true : null,
  failure: state === "failed" ? "mailbox unavailable" : null
})

/** A candidate that has never been invited. @internal */
export const fresh = (teamId: Ids.TeamId, opportunityId: Ids.OpportunityId, updatedAt: number): Candidate.CandidateState => ({
  teamId,
  opportunityId,
  name: "Ada Lovelace",
  email: "ada@example.com",
  invites: {},
  currentInterviewTypeId: null,
  stageId: Ids.StageId.make("lead-new"),
  nextStep: "none",
  archived: null,
  offerStatus: null,
  progressTag: null,
  erased: false,
  updatedAt
})

/** A candidate whose current invite (backend) is in `state`. @internal */
export const invitedAs = (
  teamId: Ids.TeamId,
  opportunityId: Ids.OpportunityId,
  state: Candidate.InviteState,
  updatedAt: number,
  interviewId: string | null = null
): Candidate.CandidateState => ({
  ...fresh(teamId, opportunityId, updatedAt),
  invites: { [backend.id]: inviteOf(teamId, opportunityId, backend, state, interviewId) },
  currentInterviewTypeId: backend.id
})
