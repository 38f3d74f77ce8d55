/**
 * What the candidate rules share: how a decision is built, how invites are found and requested, how the
 * progress tag moves. Internal: `Candidate.decide` is the public entry point and wraps refusals in
 * `CandidateRejected`.
 */
import { Result } from "effect"
import type {
  CandidateCommand,
  CandidateEvent,
  CandidateRejected,
  CandidateState,
  Decision,
  Intent,
  Invite,
  InviteKey
} from "../Candidate.ts"
import type { ChosenBy } from "../AssessmentRouting.ts"
import type { EventId, InterviewId, InterviewTypeId, OpportunityId, TeamId } from "../Ids.ts"
import type { InterviewType } from "../InterviewType.ts"
import type { LeverOpportunity } from "../Lever.ts"
import type { TeamSettings } from "../Setup.ts"

/** A refusal before it becomes a `CandidateRejected`. */
export interface Refusal {
  readonly reason: CandidateRejected["reason"]
  readonly message: string
}

/** What a rule returns. */
export type Decided = Result.Result<Decision, Refusal>

/** One command of a given kind. */
export type Command<Tag extends CandidateCommand["_tag"]> = Extract<CandidateCommand, { readonly _tag: Tag }>

/** Events and intents in the making. */
export interface Outcome {
  readonly events: ReadonlyArray<CandidateEvent>
  readonly intents: ReadonlyArray<Intent>
}

/** An outcome with nothing in it. */
export const none: Outcome = { events: [], intents: [] }

/** Several outcomes, in order. */
export const combine = (...outcomes: ReadonlyArray<Outcome>): Outcome => ({
  events: outcomes.flatMap((outcome) => outcome.events),
  intents: outcomes.flatMap((outcome) => outcome.intents)
})

/** The command is accepted with this outcome. */
export const decided = (outcome: Outcome): Decided => Result.succeed(outcome)

/** The command is accepted and changes nothing. */
export const nothing: Decided = Result.succeed(none)

/** The command cannot apply to this candidate. */
export const refuse = (reason: Refusal["reason"], message: string): Decided => Result.fail({ reason, message })

/** The idempotency key of a side effect other than a note, e.g. `fulcrum:<eventId>:next-step`. */
export const stepKey = (cause: string, kind: string): string => `fulcrum:${cause}:${kind}`

/** See `Candidate.inviteKey`. */
export const makeInviteKey = (
  teamId: TeamId,
  opportunityId: OpportunityId,
  interviewTypeId: InterviewTypeId,
  attempt: number
): InviteKey =>
  // The brand only marks how the string was made; the format is the contract with the scheduler.
  (attempt === 0
    ? `${teamId}:${opportunityId}:${interviewTypeId}`
    : `${teamId}:${opportunityId}:${interviewTypeId}:resend-${attempt}`) as InviteKey

/** The invite with this key, if it is the latest attempt of its interview type. */
export const inviteByKey = (state: CandidateState, key: InviteKey): Invite | undefined =>
  Object.values(state.invites).find((invite) => invite.key === key)

/** The invite the provider knows as this interview, if it is the latest attempt of its interview type. */
export const inviteByInterview = (state: CandidateState, interviewId: InterviewId): Invite | undefined =>
  Object.values(state.invites).find((invite) => invite.interviewId === interviewId)

/** The invite of the most recent interview type, which gives the candidate's invite state. */
export const currentInvite = (state: CandidateState | null): Invite | undefined =>
  state === null || state.currentInterviewTypeId === null ? undefined : state.invites[state.currentInterviewTypeId]

/** The interview type as configured now, or as it was when the invite was requested if it was removed since. */
export const interviewTypeNow = (settings: TeamSettings, invite: Invite): InterviewType =>
  settings.interviewTypes.find((type) => type.id === invite.interviewType.id) ?? invite.interviewType

/** The address an invite goes to: the first non-blank email of the opportunity. */
export const firstEmail = (opportunity: LeverOpportunity): string | null =>
  opportunity.emails.map((email) => email.trim()).find((email) => email.length > 0) ?? null

/** Whether an invite was sent and the candidate has not opened it yet. */
export const neverStarted = (invite: Invite): boolean => invite.state === "invited" && invite.startedAt === null

/**
 * Whether an admin may resend an invite: it expired, failed, or was sent and never started. A pending,
 * started, completed or graded invite is not resent.
 */
export const resendable = (invite: Invite): boolean =>
  invite.state === "expired" || invite.state === "failed" || neverStarted(invite)

/**
 * Requests an invite: the next attempt for this interview type (attempt 0 the first time). When it replaces
 * an invite that was sent but never started, that interview is cancelled so only one stays open.
 */
export const requestInvite = (request: {
  readonly state: CandidateState | null
  readonly teamId: TeamId
  readonly opportunityId: OpportunityId
  readonly interviewType: InterviewType
  readonly candidateName: string
  readonly email: string
  readonly eventId: EventId
  readonly at: number
  /** The rule that chose the interview type; a resend keeps the previous invite's. */
  readonly chosenBy?: ChosenBy | undefined
}): Outcome => {
  const previous = request.state?.invites[request.interviewType.id]
  const attempt = previous === undefined ? 0 : previous.attempt + 1
  const key = makeInviteKey(request.teamId, request.opportunityId, request.interviewType.id, attempt)
  const invite: Invite = {
    key,
    interviewType: request.interviewType,
    attempt,
    state: "invite_pending",
    email: request.email,
    requestedAt: request.at,
    interviewId: null,
    inviteUrl: null,
    sentAt: null,
    startedAt: null,
    expiresAt: null,
    score: null,
    summary: null,
    reportUrl: null,
    passed: null,
    failure: null,
    ...(request.chosenBy === undefined ? {} : { chosenBy: request.chosenBy })
  }
  const cancelPrevious: ReadonlyArray<Intent> = previous !== undefined && previous.interviewId !== null &&
      neverStarted(previous)
    ? [{ _tag: "CancelInvite", key: stepKey(previous.key, "cancel"), interviewId: previous.interviewId }]
    : []
  return {
    events: [{ _tag: "InviteRequested", eventId: request.eventId, invite, at: request.at }],
    intents: [
      ...cancelPrevious,
      {
        _tag: "SendInvite",
        key,
        teamId: request.teamId,
        opportunityId: request.opportunityId,
        candidateName: request.candidateName,
        email: request.email,
        interviewType: request.interviewType,
        attempt
      }
    ]
  }
}

/** The statuses a progress tag shows (flow 9). */
export type ProgressStatus = "invited" | "completed" | "passed" | "failed" | "expired"

/**
 * Moves the opportunity's progress tag to `<prefix>: <status>` when progress tags are on, removing the tag
 * Fulcrum put there before (and only that one).
 */
export const moveProgressTag = (
  state: CandidateState,
  settings: TeamSettings | undefined,
  status: ProgressStatus,
  cause: string,
  at: number
): Outcome => {
  if (settings === undefined || !settings.progressTags.enabled) return none
  const tag = `${settings.progressTags.prefix}: ${status}`
  if (state.progressTag === tag) return none
  return {
    events: [{ _tag: "ProgressTagChanged", tag, at }],
    intents: [{
      _tag: "SetProgressTag",
      key: stepKey(cause, `tag-${status}`),
      add: tag,
      remove: state.progressTag === null ? [] : [state.progressTag]
    }]
  }
}
