/**
 * Flow 2, 3, 5 and 10 (re-entry): what a stage change means for a candidate. The opportunity as read
 * from Lever after the webhook is the truth (stage, tags, emails); the webhook only says what changed.
 * Internal: see `Candidate.decide`.
 */
import * as AssessmentRouting from "../AssessmentRouting.ts"
import type { CandidateEvent, CandidateState, Intent, InviteBlock } from "../Candidate.ts"
import type { LeverOpportunity } from "../Lever.ts"
import * as Names from "../Names.ts"
import * as Notes from "../Notes.ts"
import * as StageMapping from "../StageMapping.ts"
import {
  combine,
  type Command,
  currentInvite,
  decided,
  type Decided,
  firstEmail,
  neverStarted,
  none,
  nothing,
  type Outcome,
  requestInvite,
  stepKey
} from "./candidateKit.ts"

type StageChange = Command<"HandleStageChange">

const event = (outcome: CandidateEvent): Outcome => ({ events: [outcome], intents: [] })

/** The candidate as read, recorded when it is new or its name, email or stage changed. */
const seen = (state: CandidateState | null, command: StageChange, opportunity: LeverOpportunity): Outcome => {
  const email = firstEmail(opportunity)
  const unchanged = state !== null && state.name === opportunity.name && state.email === email &&
    state.stageId === opportunity.stageId
  return unchanged ? none : event({
    _tag: "CandidateSeen",
    teamId: command.teamId,
    opportunityId: command.opportunityId,
    name: opportunity.name,
    email,
    stageId: opportunity.stageId,
    at: command.at
  })
}

const noteKind: Record<InviteBlock["_tag"], string> = {
  NoTag: "no-tag",
  SeveralTags: "several-tags",
  NoEmail: "no-email",
  Unreadable: "unreadable",
  Archived: "archived",
  NotInStage: "not-in-stage",
  NoInterviewTypes: "no-interview-types"
}

/** No invite, and why. With a note text, the recruiter is also told in Lever what to do. */
const blocked = (command: StageChange, block: InviteBlock, noteText?: string): Outcome => {
  const marker = Notes.marker(command.eventId, noteKind[block._tag])
  const intents: ReadonlyArray<Intent> = noteText === undefined
    ? []
    : [{ _tag: "PostNote", marker, text: Notes.withMarker(noteText, marker) }]
  return { events: [{ _tag: "InviteBlocked", eventId: command.eventId, block, at: command.at }], intents }
}

/**
 * The candidate is in an assessment stage: send the invite of the interview type `AssessmentRouting`
 * chooses (their tag, else their posting's, else the stage's default), unless something blocks it (then
 * the recruiter is told what to do) or that invite already exists (then a Lever retry, a duplicate or a
 * move between two assessment stages changes nothing visible). An invite that expired or failed is sent
 * again; one that was sent and never started is sent again only when the candidate deliberately left the
 * assessment stages and came back.
 */
const inAssessment = (
  state: CandidateState | null,
  command: StageChange,
  opportunity: LeverOpportunity,
  mapping: StageMapping.StageMapping,
  assessment: StageMapping.AssessmentStage
): Outcome => {
  const settings = command.settings
  const stageName = StageMapping.currentName(assessment, settings.leverStages?.stages)
  if (opportunity.archived !== null) {
    const reasonId = opportunity.archived.reason
    const reason = Names.reason(Names.fromSettings(settings), reasonId)
    return blocked(command, { _tag: "Archived", reasonId }, Notes.archived({ stageName, reason }))
  }
  if (settings.interviewTypes.length === 0) {
    return blocked(command, { _tag: "NoInterviewTypes" }, Notes.noInterviewTypes({ stageName }))
  }
  const email = firstEmail(opportunity)
  const noEmail = email === null ? blocked(command, { _tag: "NoEmail", stageName }, Notes.noEmail({ stageName })) : none
  const route = AssessmentRouting.route({
    interviewTypes: settings.interviewTypes,
    postingLinks: settings.postingLinks ?? {},
    stage: { ...assessment, name: stageName },
    tags: opportunity.tags,
    posting: opportunity.posting ?? null
  })
  if (route._tag === "NoneChosen") {
    const knownTags = settings.interviewTypes.map((type) => type.tag)
    const posting = route.posting === null ? {} : { posting: route.posting }
    const noTag = blocked(
      command,
      { _tag: "NoTag", knownTags, stageName, ...posting },
      Notes.noTag({ knownTags, stageName, ...posting })
    )
    return combine(noTag, noEmail)
  }
  if (route._tag === "SeveralTags") {
    const tags = route.tags
    const severalTags = blocked(
      command,
      { _tag: "SeveralTags", tags, stageName },
      Notes.severalTags({ tags, stageName })
    )
    return combine(severalTags, noEmail)
  }
  const interviewType = route.interviewType
  const previous = state?.invites[interviewType.id]
  if (previous !== undefined) {
    // Moving between two assessment stages is not leaving: only a return from outside sends again.
    const reentered = state !== null &&
      (state.stageId === null || StageMapping.assessmentStageOf(mapping, state.stageId) === undefined)
    // A cancelled invite (the candidate was archived, then unarchived) is sent again as well.
    const sendAgain = previous.state === "expired" || previous.state === "failed" || previous.state === "cancelled" ||
      (reentered && neverStarted(previous))
    if (!sendAgain) {
      return event({
        _tag: "DuplicateInviteIgnored",
        eventId: command.eventId,
        interviewTypeId: interviewType.id,
        state: previous.state,
        at: command.at
      })
    }
  }
  if (email === null) return noEmail
  return requestInvite({
    state,
    teamId: command.teamId,
    opportunityId: command.opportunityId,
    interviewType,
    candidateName: opportunity.name,
    email,
    eventId: command.eventId,
    at: command.at,
    chosenBy: route.chosenBy
  })
}

/** The candidate reached the onsite or offer stage: set the next step and tell the provider, once. */
const nextStep = (state: CandidateState | null, command: StageChange, step: "onsite" | "offer"): Outcome =>
  state?.nextStep === step ? none : {
    events: [{ _tag: "NextStepSet", eventId: command.eventId, nextStep: step, at: command.at }],
    intents: [{
      _tag: "NotifyNextStep",
      key: stepKey(command.eventId, "next-step"),
      interviewId: currentInvite(state)?.interviewId ?? null,
      opportunityId: command.opportunityId,
      nextStep: step
    }]
  }

/** Decides a stage-change webhook. */
export const handleStageChange = (state: CandidateState | null, command: StageChange): Decided => {
  if (state?.erased === true) return nothing
  const settings = command.settings
  if (!settings.integrationEnabled) {
    return decided(event({ _tag: "IntegrationOff", eventId: command.eventId, at: command.at }))
  }
  const ignored = (reason: "NotMapped" | "MappingIncomplete" | "Superseded", stageId = command.toStageId) =>
    event({ _tag: "StageIgnored", eventId: command.eventId, stageId, reason, at: command.at })
  const mapping = settings.stageMapping
  if (mapping === null) return decided(ignored("MappingIncomplete"))
  const webhookStage = StageMapping.providerStageOf(mapping, command.toStageId)
  if (command.read._tag === "Unreadable") {
    // Without the opportunity there is nothing to act on, and nowhere to post a note.
    return decided(
      webhookStage === undefined
        ? ignored("NotMapped")
        : blocked(command, { _tag: "Unreadable", reason: command.read.reason })
    )
  }
  const opportunity = command.read.opportunity
  const currentStage = opportunity.stageId === null
    ? undefined
    : StageMapping.providerStageOf(mapping, opportunity.stageId)
  if (currentStage === "assessment" && opportunity.stageId !== command.toStageId) {
    // The candidate entered the assessment stage after this webhook's move (e.g. created in one stage and
    // moved at once): the webhook of that later move acts, so the recruiter gets one invite or one note.
    return decided(ignored("Superseded"))
  }
  const enteredAssessment = opportunity.stageId === null
    ? undefined
    : StageMapping.assessmentStageOf(mapping, opportunity.stageId)
  if (enteredAssessment !== undefined) {
    return decided(combine(
      seen(state, command, opportunity),
      inAssessment(state, command, opportunity, mapping, enteredAssessment)
    ))
  }
  // The opportunity left the assessment stage before it was read: no invite, said on the timeline only.
  const leftAssessment = webhookStage === "assessment"
    ? blocked(command, { _tag: "NotInStage", currentStageId: opportunity.stageId })
    : none
  if (currentStage === "onsite" || currentStage === "offer") {
    return decided(combine(seen(state, command, opportunity), leftAssessment, nextStep(state, command, currentStage)))
  }
  // An unmapped stage: only a known candidate's stage is followed (so a deliberate re-entry is recognised).
  return decided(combine(
    state === null ? none : seen(state, command, opportunity),
    webhookStage === "assessment" ? leftAssessment : ignored("NotMapped", opportunity.stageId ?? command.toStageId)
  ))
}
