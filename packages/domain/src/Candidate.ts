/**
 * A candidate: one Lever opportunity of one team, seen through the assessment flow. Commands come from
 * webhooks (with the opportunity as read from Lever and the team's settings), from the interview
 * scheduler (invite sent or failed) and from the provider (status, result). `decide` turns a command
 * into events (facts for the timeline and state) and intents (side effects the core executes with
 * idempotency keys); `evolve` folds events into state. Events carry absolute values, so applying an
 * event twice changes nothing.
 *
 * @since 0.1.0
 */
import { Result, Schema } from "effect"
import { ArchiveReasonId, EventId, InterviewId, InterviewTypeId, OpportunityId, StageId, TeamId } from "./Ids.ts"
import { handleArchiveChange, handleDeletion } from "./internal/candidateArchive.ts"
import {
  recordInviteFailed,
  recordInviteSent,
  reportInterviewStatus,
  reportResult,
  requestResend
} from "./internal/candidateInvite.ts"
import { currentInvite as currentInviteOf, makeInviteKey } from "./internal/candidateKit.ts"
import { handleStageChange } from "./internal/candidateStage.ts"
import { ChosenBy } from "./AssessmentRouting.ts"
import { InterviewType } from "./InterviewType.ts"
import { Archived, LeverOpportunity } from "./Lever.ts"
import { OfferStatus } from "./OfferStatus.ts"
import { PostingRef } from "./Posting.ts"
import { TeamSettings } from "./Setup.ts"
import { SafeLine, SafeText } from "./Text.ts"

/** Where a candidate's invite stands. @since 0.1.0 */
export const InviteState = Schema.Literals([
  "not_invited",
  "invite_pending",
  "invited",
  "completed",
  "graded",
  "expired",
  "failed"
])
/** The type {@link InviteState} decodes to. @since 0.1.0 */
export type InviteState = typeof InviteState.Type

/** The candidate's next step after the assessment. @since 0.1.0 */
export const NextStep = Schema.Literals(["none", "onsite", "offer"])
/** The type {@link NextStep} decodes to. @since 0.1.0 */
export type NextStep = typeof NextStep.Type

/**
 * The idempotency key of one invite: team + opportunity + interview type, plus the resend number after a
 * deliberate resend (`attempt` > 0). The scheduler must treat a repeated key as the same invite.
 *
 * @since 0.1.0
 */
export const InviteKey = Schema.String.pipe(Schema.brand("InviteKey"))
/** The type {@link InviteKey} decodes to. @since 0.1.0 */
export type InviteKey = typeof InviteKey.Type

/** One invite for one interview type. @since 0.1.0 */
export const Invite = Schema.Struct({
  key: InviteKey,
  interviewType: InterviewType,
  attempt: Schema.Number,
  state: InviteState,
  email: Schema.String,
  requestedAt: Schema.Number,
  interviewId: Schema.NullOr(InterviewId),
  inviteUrl: Schema.NullOr(Schema.String),
  sentAt: Schema.NullOr(Schema.Number),
  /** When the provider reported the candidate started; an invite never started can be resent. */
  startedAt: Schema.NullOr(Schema.Number),
  expiresAt: Schema.NullOr(Schema.Number),
  score: Schema.NullOr(Schema.Number),
  summary: Schema.NullOr(Schema.String),
  reportUrl: Schema.NullOr(Schema.String),
  passed: Schema.NullOr(Schema.Boolean),
  failure: Schema.NullOr(Schema.String),
  /** The rule that chose the interview type (tag, posting or stage); absent on invites made before routing. */
  chosenBy: Schema.optionalKey(ChosenBy)
})
/** The type {@link Invite} decodes to. @since 0.1.0 */
export type Invite = typeof Invite.Type

/** The state of one candidate. @since 0.1.0 */
export const CandidateState = Schema.Struct({
  teamId: TeamId,
  opportunityId: OpportunityId,
  name: Schema.NullOr(Schema.String),
  email: Schema.NullOr(Schema.String),
  /** Invites by interview type id; the latest attempt of each. */
  invites: Schema.Record(Schema.String, Invite),
  /** The interview type of the most recent invite, which gives the candidate's invite state. */
  currentInterviewTypeId: Schema.NullOr(InterviewTypeId),
  stageId: Schema.NullOr(StageId),
  nextStep: NextStep,
  archived: Schema.NullOr(Archived),
  offerStatus: Schema.NullOr(OfferStatus),
  /** The progress tag Fulcrum last put on the opportunity; only tags Fulcrum added are removed. */
  progressTag: Schema.NullOr(Schema.String),
  erased: Schema.Boolean,
  updatedAt: Schema.Number
})
/** The type {@link CandidateState} decodes to. @since 0.1.0 */
export type CandidateState = typeof CandidateState.Type

/** Why an opportunity could not be read from Lever. @since 0.1.0 */
export const Unreadable = Schema.Literals(["NotFound", "Confidential"])
/** The type {@link Unreadable} decodes to. @since 0.1.0 */
export type Unreadable = typeof Unreadable.Type

/** The opportunity as read from Lever after a webhook, or why it could not be read. @since 0.1.0 */
export const OpportunityRead = Schema.Union([
  Schema.TaggedStruct("Read", { opportunity: LeverOpportunity }),
  Schema.TaggedStruct("Unreadable", { reason: Unreadable })
])
/** The type {@link OpportunityRead} decodes to. @since 0.1.0 */
export type OpportunityRead = typeof OpportunityRead.Type

/**
 * A graded result, as the assessment provider reports it. The summary is free text (line breaks and tabs
 * allowed); neither it nor the report URL may carry a NUL or another control character, which no store
 * could keep.
 *
 * @since 0.1.0
 */
export const GradedResult = Schema.Struct({
  score: Schema.NullOr(Schema.Finite),
  summary: SafeText.pipe(Schema.check(Schema.isMaxLength(2_000))),
  reportUrl: SafeLine.pipe(Schema.check(Schema.isPattern(/^https?:\/\/\S+$/)))
})
/** The type {@link GradedResult} decodes to. @since 0.1.0 */
export type GradedResult = typeof GradedResult.Type

/** The scheduler's status report for a sent interview. @since 0.1.0 */
export const InterviewStatus = Schema.Literals(["started", "completed", "expired"])
/** The type {@link InterviewStatus} decodes to. @since 0.1.0 */
export type InterviewStatus = typeof InterviewStatus.Type

/**
 * Candidate commands. `at` is when the command is decided (epoch ms), `eventId` the inbox event that
 * caused it (notes and timeline entries cite it).
 *
 * @since 0.1.0
 */
export const CandidateCommand = Schema.TaggedUnion({
  HandleStageChange: {
    teamId: TeamId,
    opportunityId: OpportunityId,
    eventId: EventId,
    toStageId: StageId,
    fromStageId: Schema.NullOr(StageId),
    read: OpportunityRead,
    settings: TeamSettings,
    at: Schema.Number
  },
  HandleArchiveChange: {
    teamId: TeamId,
    opportunityId: OpportunityId,
    eventId: EventId,
    toArchived: Schema.NullOr(Archived),
    settings: TeamSettings,
    at: Schema.Number
  },
  HandleDeletion: { teamId: TeamId, opportunityId: OpportunityId, eventId: EventId, at: Schema.Number },
  RecordInviteSent: {
    key: InviteKey,
    interviewId: InterviewId,
    inviteUrl: Schema.NullOr(Schema.String),
    expiresAt: Schema.NullOr(Schema.Number),
    /** The team's settings, for progress tags; without them the progress tag does not move. */
    settings: Schema.optionalKey(TeamSettings),
    at: Schema.Number
  },
  RecordInviteFailed: {
    key: InviteKey,
    reason: Schema.String,
    /** The team's settings, to name the assessment stage in the note; without them it is named generically. */
    settings: Schema.optionalKey(TeamSettings),
    at: Schema.Number
  },
  ReportInterviewStatus: {
    interviewId: InterviewId,
    status: InterviewStatus,
    /** The team's settings, for progress tags; without them the progress tag does not move. */
    settings: Schema.optionalKey(TeamSettings),
    at: Schema.Number
  },
  ReportResult: {
    interviewId: InterviewId,
    score: Schema.NullOr(Schema.Number),
    summary: Schema.String,
    reportUrl: Schema.String,
    settings: TeamSettings,
    at: Schema.Number
  },
  RequestResend: {
    interviewTypeId: Schema.NullOr(InterviewTypeId),
    eventId: EventId,
    settings: TeamSettings,
    at: Schema.Number
  }
})
/** The type {@link CandidateCommand} decodes to. @since 0.1.0 */
export type CandidateCommand = typeof CandidateCommand.Type

/** Why no invite was sent, with enough detail to tell the recruiter what to do. @since 0.1.0 */
export const InviteBlock = Schema.Union([
  Schema.TaggedStruct("NoTag", {
    knownTags: Schema.Array(Schema.String),
    stageName: Schema.String,
    /** The candidate's posting, which has no interview type either; absent or `null` without one. */
    posting: Schema.optionalKey(Schema.NullOr(PostingRef))
  }),
  Schema.TaggedStruct("SeveralTags", { tags: Schema.Array(Schema.String), stageName: Schema.String }),
  Schema.TaggedStruct("NoEmail", { stageName: Schema.String }),
  Schema.TaggedStruct("Unreadable", { reason: Unreadable }),
  Schema.TaggedStruct("Archived", { reasonId: ArchiveReasonId }),
  Schema.TaggedStruct("NotInStage", { currentStageId: Schema.NullOr(StageId) }),
  Schema.TaggedStruct("NoInterviewTypes", {})
])
/** The type {@link InviteBlock} decodes to. @since 0.1.0 */
export type InviteBlock = typeof InviteBlock.Type

/** Candidate events: facts for state and timeline. @since 0.1.0 */
export const CandidateEvent = Schema.TaggedUnion({
  CandidateSeen: {
    teamId: TeamId,
    opportunityId: OpportunityId,
    name: Schema.NullOr(Schema.String),
    email: Schema.NullOr(Schema.String),
    stageId: Schema.NullOr(StageId),
    at: Schema.Number
  },
  IntegrationOff: { eventId: EventId, at: Schema.Number },
  StageIgnored: {
    eventId: EventId,
    stageId: StageId,
    reason: Schema.Literals(["NotMapped", "MappingIncomplete", "Superseded"]),
    at: Schema.Number
  },
  InviteRequested: { eventId: EventId, invite: Invite, at: Schema.Number },
  InviteBlocked: { eventId: EventId, block: InviteBlock, at: Schema.Number },
  DuplicateInviteIgnored: {
    eventId: EventId,
    interviewTypeId: InterviewTypeId,
    state: InviteState,
    at: Schema.Number
  },
  InviteSent: {
    key: InviteKey,
    interviewId: InterviewId,
    inviteUrl: Schema.NullOr(Schema.String),
    expiresAt: Schema.NullOr(Schema.Number),
    at: Schema.Number
  },
  InviteFailed: { key: InviteKey, reason: Schema.String, at: Schema.Number },
  /** The candidate opened the interview: from now on the invite is in progress and is not resent. */
  InterviewStarted: { key: InviteKey, at: Schema.Number },
  InterviewStatusChanged: { key: InviteKey, state: InviteState, at: Schema.Number },
  ResultRecorded: {
    key: InviteKey,
    score: Schema.NullOr(Schema.Number),
    summary: Schema.String,
    reportUrl: Schema.String,
    passed: Schema.NullOr(Schema.Boolean),
    at: Schema.Number
  },
  NextStepSet: { eventId: EventId, nextStep: NextStep, at: Schema.Number },
  OfferStatusSet: {
    eventId: EventId,
    archived: Archived,
    offerStatus: OfferStatus,
    at: Schema.Number
  },
  ArchiveReasonUnmapped: { eventId: EventId, archived: Archived, at: Schema.Number },
  Unarchived: { eventId: EventId, at: Schema.Number },
  ProgressTagChanged: { tag: Schema.NullOr(Schema.String), at: Schema.Number },
  /** Carries the candidate's ids so that a deletion Fulcrum sees first still leaves a tombstone. */
  CandidateErased: { teamId: TeamId, opportunityId: OpportunityId, eventId: EventId, at: Schema.Number }
})
/** The type {@link CandidateEvent} decodes to. @since 0.1.0 */
export type CandidateEvent = typeof CandidateEvent.Type

/**
 * Side effects for the core to execute. Each carries its own idempotency key: `SendInvite.key` goes to
 * the interview scheduler, `PostNote.marker` is written into the note so a retry can find a note whose
 * POST succeeded before a crash.
 *
 * @since 0.1.0
 */
export const Intent = Schema.TaggedUnion({
  SendInvite: {
    key: InviteKey,
    teamId: TeamId,
    opportunityId: OpportunityId,
    candidateName: Schema.String,
    email: Schema.String,
    interviewType: InterviewType,
    attempt: Schema.Number
  },
  PostNote: { marker: Schema.String, text: Schema.String },
  NotifyNextStep: {
    key: Schema.String,
    interviewId: Schema.NullOr(InterviewId),
    opportunityId: OpportunityId,
    nextStep: NextStep
  },
  CancelInvite: { key: Schema.String, interviewId: InterviewId },
  SetProgressTag: { key: Schema.String, add: Schema.NullOr(Schema.String), remove: Schema.Array(Schema.String) },
  RecordSetupProblem: { reasonId: ArchiveReasonId, at: Schema.Number }
})
/** The type {@link Intent} decodes to. @since 0.1.0 */
export type Intent = typeof Intent.Type

/** What `decide` returns. @since 0.1.0 */
export interface Decision {
  readonly events: ReadonlyArray<CandidateEvent>
  readonly intents: ReadonlyArray<Intent>
}

/** A command that cannot apply to this candidate (e.g. a result for an unknown interview). @since 0.1.0 */
export class CandidateRejected extends Schema.TaggedError<CandidateRejected>()("CandidateRejected", {
  reason: Schema.Literals(["UnknownInterview", "UnknownInvite", "NothingToResend", "CandidateErased"]),
  message: Schema.String
}) {}

/**
 * The idempotency key of an invite: `team:opportunity:interviewType` for the first attempt and
 * `team:opportunity:interviewType:resend-<n>` for the n-th deliberate resend.
 *
 * @since 0.1.0
 */
export const inviteKey: (
  teamId: TeamId,
  opportunityId: OpportunityId,
  interviewTypeId: InterviewTypeId,
  attempt: number
) => InviteKey = makeInviteKey

/**
 * A candidate Fulcrum has just met: not invited, no next step, no offer status.
 *
 * @since 0.1.0
 */
export const initial = (teamId: TeamId, opportunityId: OpportunityId, at: number): CandidateState => ({
  teamId,
  opportunityId,
  name: null,
  email: null,
  invites: {},
  currentInterviewTypeId: null,
  stageId: null,
  nextStep: "none",
  archived: null,
  offerStatus: null,
  progressTag: null,
  erased: false,
  updatedAt: at
})

/**
 * The invite of the most recent interview type, if any.
 *
 * @since 0.1.0
 */
export const currentInvite: (state: CandidateState | null) => Invite | undefined = currentInviteOf

/**
 * The candidate's invite state: that of their most recent invite, `not_invited` before any.
 *
 * @since 0.1.0
 */
export const inviteState = (state: CandidateState | null): InviteState => currentInvite(state)?.state ?? "not_invited"

const decideCandidate = (state: CandidateState | null, command: CandidateCommand) => {
  switch (command._tag) {
    case "HandleStageChange":
      return handleStageChange(state, command)
    case "HandleArchiveChange":
      return handleArchiveChange(state, command)
    case "HandleDeletion":
      return handleDeletion(state, command)
    case "RecordInviteSent":
      return recordInviteSent(state, command)
    case "RecordInviteFailed":
      return recordInviteFailed(state, command)
    case "ReportInterviewStatus":
      return reportInterviewStatus(state, command)
    case "ReportResult":
      return reportResult(state, command)
    case "RequestResend":
      return requestResend(state, command)
  }
}

/**
 * Decides a command for one candidate (`null` when Fulcrum has never met them): the events to record and
 * the intents to execute, or why the command cannot apply. Deciding the same command against the same
 * state always gives the same decision, with the same idempotency keys and note markers; a command that
 * changes nothing (a Lever retry, a repeated report) gives an empty decision.
 *
 * The rules, in short: a webhook while the integration is off is only recorded as skipped. A stage
 * change is judged on the opportunity as read from Lever: in any assessment stage, the interview type
 * `AssessmentRouting` chooses (tag, else posting, else the stage's default) and an email send the invite
 * (once per interview type, whichever assessment stage; expired or failed invites, and invites never
 * started when the candidate left the assessment stages and came back, are sent again as a new attempt),
 * anything missing is explained on the timeline and, when the recruiter can fix it, in a Lever note;
 * in the onsite or offer stage the next step is set and the provider told; other stages are ignored.
 * Archive changes set or clear the offer status; an unmapped reason becomes a setup problem. Deletion
 * erases personal data and cancels open interviews.
 *
 * @since 0.1.0
 */
export const decide = (
  state: CandidateState | null,
  command: CandidateCommand
): Result.Result<Decision, CandidateRejected> =>
  Result.mapError(decideCandidate(state, command), (refusal) => new CandidateRejected(refusal))

const touched = (state: CandidateState, at: number): CandidateState =>
  at > state.updatedAt ? { ...state, updatedAt: at } : state

const updateInvite = (state: CandidateState, key: InviteKey, update: (invite: Invite) => Invite): CandidateState => {
  const entry = Object.entries(state.invites).find(([, invite]) => invite.key === key)
  if (entry === undefined) return state
  const [interviewTypeId, invite] = entry
  return { ...state, invites: { ...state.invites, [interviewTypeId]: update(invite) } }
}

const erase = (state: CandidateState): CandidateState => ({
  ...state,
  name: null,
  email: null,
  erased: true,
  invites: Object.fromEntries(
    Object.entries(state.invites).map(([interviewTypeId, invite]) => [
      interviewTypeId,
      { ...invite, email: "", inviteUrl: null, summary: null, reportUrl: null, failure: null }
    ])
  )
})

const apply = (state: CandidateState, event: CandidateEvent): CandidateState => {
  switch (event._tag) {
    case "CandidateSeen":
      return { ...state, name: event.name, email: event.email, stageId: event.stageId }
    case "IntegrationOff":
    case "StageIgnored":
    case "InviteBlocked":
    case "DuplicateInviteIgnored":
      return state
    case "InviteRequested":
      return {
        ...state,
        invites: { ...state.invites, [event.invite.interviewType.id]: event.invite },
        currentInterviewTypeId: event.invite.interviewType.id
      }
    case "InviteSent":
      return updateInvite(state, event.key, (invite) => ({
        ...invite,
        state: invite.state === "invite_pending" || invite.state === "failed" ? "invited" : invite.state,
        interviewId: event.interviewId,
        inviteUrl: event.inviteUrl,
        expiresAt: event.expiresAt,
        sentAt: event.at,
        failure: null
      }))
    case "InviteFailed":
      return updateInvite(
        state,
        event.key,
        (invite) => invite.interviewId === null ? { ...invite, state: "failed", failure: event.reason } : invite
      )
    case "InterviewStarted":
      return updateInvite(state, event.key, (invite) => ({ ...invite, startedAt: event.at }))
    case "InterviewStatusChanged":
      return updateInvite(state, event.key, (invite) => ({ ...invite, state: event.state }))
    case "ResultRecorded":
      return updateInvite(state, event.key, (invite) => ({
        ...invite,
        state: "graded",
        score: event.score,
        summary: event.summary,
        reportUrl: event.reportUrl,
        passed: event.passed
      }))
    case "NextStepSet":
      return { ...state, nextStep: event.nextStep }
    case "OfferStatusSet":
      return { ...state, archived: event.archived, offerStatus: event.offerStatus }
    case "ArchiveReasonUnmapped":
      return { ...state, archived: event.archived, offerStatus: null }
    case "Unarchived":
      return { ...state, archived: null, offerStatus: null }
    case "ProgressTagChanged":
      return { ...state, progressTag: event.tag }
    case "CandidateErased":
      return erase(state)
  }
}

/**
 * Applies one event to a candidate. `CandidateSeen` brings a candidate into being, and `CandidateErased`
 * leaves a tombstone even for a candidate never seen; other events leave an unknown candidate (`null`)
 * unknown, since they are only timeline entries for them. Once erased, a candidate stays as it is:
 * nothing personal comes back. Events carry absolute values, so applying a
 * sequence again yields the same state.
 *
 * @since 0.1.0
 */
export const evolve = (state: CandidateState | null, event: CandidateEvent): CandidateState | null => {
  const current = state ??
    (event._tag === "CandidateSeen" || event._tag === "CandidateErased"
      ? initial(event.teamId, event.opportunityId, event.at)
      : null)
  if (current === null || current.erased) return current
  return touched(apply(current, event), event.at)
}

/**
 * A candidate's state from its recorded events, starting from `from` (`null`: never met).
 *
 * @since 0.1.0
 */
export const replay = (
  events: Iterable<CandidateEvent>,
  from: CandidateState | null = null
): CandidateState | null => {
  let state = from
  for (const event of events) state = evolve(state, event)
  return state
}

/**
 * An event with its personal data removed (name, email, invite link, result summary and report link,
 * failure text), for scrubbing a stored timeline once the candidate is deleted in Lever.
 *
 * @since 0.1.0
 */
export const erasePersonalData = (event: CandidateEvent): CandidateEvent => {
  switch (event._tag) {
    case "CandidateSeen":
      return { ...event, name: null, email: null }
    case "InviteRequested":
      return { ...event, invite: { ...event.invite, email: "", inviteUrl: null, summary: null, reportUrl: null } }
    case "InviteSent":
      return { ...event, inviteUrl: null }
    case "InviteFailed":
      return { ...event, reason: "" }
    case "ResultRecorded":
      return { ...event, summary: "", reportUrl: "" }
    default:
      return event
  }
}
