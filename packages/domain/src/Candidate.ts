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
import { Schema } from "effect"
import { ArchiveReasonId, EventId, InterviewId, InterviewTypeId, OpportunityId, StageId, TeamId } from "./Ids.ts"
import { InterviewType } from "./InterviewType.ts"
import { Archived, LeverOpportunity } from "./Lever.ts"
import { OfferStatus } from "./OfferStatus.ts"
import { TeamSettings } from "./Setup.ts"

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
/** @since 0.1.0 */
export type InviteState = typeof InviteState.Type

/** The candidate's next step after the assessment. @since 0.1.0 */
export const NextStep = Schema.Literals(["none", "onsite", "offer"])
/** @since 0.1.0 */
export type NextStep = typeof NextStep.Type

/**
 * The idempotency key of one invite: team + opportunity + interview type, plus the resend number after a
 * deliberate resend (`attempt` > 0). The scheduler must treat a repeated key as the same invite.
 *
 * @since 0.1.0
 */
export const InviteKey = Schema.String.pipe(Schema.brand("InviteKey"))
/** @since 0.1.0 */
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
  expiresAt: Schema.NullOr(Schema.Number),
  score: Schema.NullOr(Schema.Number),
  summary: Schema.NullOr(Schema.String),
  reportUrl: Schema.NullOr(Schema.String),
  passed: Schema.NullOr(Schema.Boolean),
  failure: Schema.NullOr(Schema.String)
})
/** @since 0.1.0 */
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
/** @since 0.1.0 */
export type CandidateState = typeof CandidateState.Type

/** Why an opportunity could not be read from Lever. @since 0.1.0 */
export const Unreadable = Schema.Literals(["NotFound", "Confidential"])
/** @since 0.1.0 */
export type Unreadable = typeof Unreadable.Type

/** The opportunity as read from Lever after a webhook, or why it could not be read. @since 0.1.0 */
export const OpportunityRead = Schema.Union([
  Schema.TaggedStruct("Read", { opportunity: LeverOpportunity }),
  Schema.TaggedStruct("Unreadable", { reason: Unreadable })
])
/** @since 0.1.0 */
export type OpportunityRead = typeof OpportunityRead.Type

/** The scheduler's status report for a sent interview. @since 0.1.0 */
export const InterviewStatus = Schema.Literals(["started", "completed", "expired"])
/** @since 0.1.0 */
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
    at: Schema.Number
  },
  RecordInviteFailed: { key: InviteKey, reason: Schema.String, at: Schema.Number },
  ReportInterviewStatus: { interviewId: InterviewId, status: InterviewStatus, at: Schema.Number },
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
/** @since 0.1.0 */
export type CandidateCommand = typeof CandidateCommand.Type

/** Why no invite was sent, with enough detail to tell the recruiter what to do. @since 0.1.0 */
export const InviteBlock = Schema.Union([
  Schema.TaggedStruct("NoTag", { knownTags: Schema.Array(Schema.String), stageName: Schema.String }),
  Schema.TaggedStruct("SeveralTags", { tags: Schema.Array(Schema.String), stageName: Schema.String }),
  Schema.TaggedStruct("NoEmail", { stageName: Schema.String }),
  Schema.TaggedStruct("Unreadable", { reason: Unreadable }),
  Schema.TaggedStruct("Archived", { reasonId: ArchiveReasonId }),
  Schema.TaggedStruct("NotInStage", { currentStageId: Schema.NullOr(StageId) }),
  Schema.TaggedStruct("NoInterviewTypes", {})
])
/** @since 0.1.0 */
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
    reason: Schema.Literals(["NotMapped", "MappingIncomplete"]),
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
  CandidateErased: { eventId: EventId, at: Schema.Number }
})
/** @since 0.1.0 */
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
/** @since 0.1.0 */
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
