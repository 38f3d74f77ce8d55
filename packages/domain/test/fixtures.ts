/**
 * Test data: a team "acme" connected to a Lever account with a small pipeline, and builders for
 * settings, opportunities and candidate commands.
 */
import { Result } from "effect"
import type { Candidate, Setup } from "../src/index.ts"
import { Candidate as C, Ids, Setup as S } from "../src/index.ts"
import type { InterviewType } from "../src/InterviewType.ts"
import type { LeverArchiveReason, LeverOpportunity, LeverStage } from "../src/Lever.ts"

export const teamId = Ids.TeamId.make("acme")
export const opportunityId = Ids.OpportunityId.make("opp-1")
export const eventId = (n: number | string) => Ids.EventId.make(`evt-${n}`)
export const stageId = (id: string) => Ids.StageId.make(id)
export const reasonId = (id: string) => Ids.ArchiveReasonId.make(id)
export const interviewId = (id: string) => Ids.InterviewId.make(id)
export const interviewTypeId = (id: string) => Ids.InterviewTypeId.make(id)

export const stages: ReadonlyArray<LeverStage> = [
  { id: stageId("lead-new"), text: "New lead" },
  { id: stageId("screen"), text: "Phone screen" },
  { id: stageId("assess"), text: "Tech assessment" },
  { id: stageId("onsite"), text: "Onsite" },
  { id: stageId("offer"), text: "Offer" }
]

export const reasons: ReadonlyArray<LeverArchiveReason> = [
  { id: reasonId("r-hired"), text: "Hired", status: "active", type: "hired" },
  { id: reasonId("r-fit"), text: "Not a fit", status: "active", type: "non-hired" },
  { id: reasonId("r-withdrew"), text: "Withdrew", status: "active", type: "non-hired" },
  { id: reasonId("r-custom"), text: "Went quiet", status: "active", type: "non-hired" },
  { id: reasonId("r-old"), text: "Old reason", status: "inactive", type: "non-hired" }
]

export const senior: InterviewType = { id: interviewTypeId("senior"), name: "Senior SWE", tag: "Acme Senior SWE", passThreshold: 70 }
export const junior: InterviewType = { id: interviewTypeId("junior"), name: "Junior Web", tag: "Acme Junior Web" }

/** Runs setup commands from nothing; throws on a refusal (test data must be valid). */
export const setup = (
  commands: ReadonlyArray<Setup.SetupCommand>,
  policy?: Setup.SetupPolicy
): Setup.TeamSettings => {
  let state: Setup.TeamSettings | null = null
  for (const command of commands) {
    const decided = S.decide(state, command, policy)
    if (Result.isFailure(decided)) throw new Error(`${command._tag}: ${decided.failure.message}`)
    state = S.replay(decided.success, state)
  }
  if (state === null) throw new Error("no team")
  return state
}

export const createTeam: Setup.SetupCommand = {
  _tag: "CreateTeam",
  teamId,
  name: "Acme",
  environment: { _tag: "Production" },
  at: 1
}

/** Every setup step done: the checklist is ready. */
export const readyCommands: ReadonlyArray<Setup.SetupCommand> = [
  createTeam,
  { _tag: "ToggleIntegration", enabled: true, at: 2 },
  { _tag: "SubmitPermanentKey", fingerprint: "ab12", at: 3 },
  { _tag: "RecordPermissionCheck", missing: [], confidentialAccess: true, at: 4 },
  { _tag: "RecordLeverStages", stages, at: 5 },
  { _tag: "MapStages", assessment: stageId("assess"), onsite: stageId("onsite"), offer: stageId("offer"), at: 6 },
  { _tag: "RecordLeverArchiveReasons", reasons, at: 7 },
  ...reasons.filter((r) => r.status === "active").map((r, i): Setup.SetupCommand => ({
    _tag: "MapArchiveReason",
    reasonId: r.id,
    offerStatus: r.type === "hired" ? "Offer Accepted" : "Rejected",
    at: 8 + i
  })),
  { _tag: "SubmitSigningToken", webhook: "stageChange", fingerprint: "t1", registeredWebhookId: null, at: 20 },
  { _tag: "SubmitSigningToken", webhook: "archiveChange", fingerprint: "t2", registeredWebhookId: null, at: 21 },
  { _tag: "RecordWebhookSeen", webhook: "stageChange", via: "ping", at: 22 },
  { _tag: "RecordWebhookSeen", webhook: "archiveChange", via: "ping", at: 23 },
  { _tag: "AddInterviewType", interviewType: senior, at: 24 },
  { _tag: "AddInterviewType", interviewType: junior, at: 25 }
]

export const ready: Setup.TeamSettings = setup(readyCommands)

/** Settings with progress tags switched on. */
export const withProgressTags: Setup.TeamSettings = {
  ...ready,
  progressTags: { enabled: true, prefix: "Acme" }
}

export const opportunity = (overrides: Partial<LeverOpportunity> = {}): LeverOpportunity => ({
  id: opportunityId,
  name: "Ada Lovelace",
  emails: ["ada@example.com"],
  tags: ["Acme Senior SWE"],
  stageId: stageId("assess"),
  archived: null,
  confidential: false,
  ...overrides
})

export const stageChange = (
  overrides: Partial<Extract<Candidate.CandidateCommand, { _tag: "HandleStageChange" }>> & {
    readonly opportunity?: LeverOpportunity
  } = {}
): Extract<Candidate.CandidateCommand, { _tag: "HandleStageChange" }> => {
  const { opportunity: opp, ...rest } = overrides
  const read = opp === undefined ? { _tag: "Read" as const, opportunity: opportunity() } : { _tag: "Read" as const, opportunity: opp }
  return {
    _tag: "HandleStageChange",
    teamId,
    opportunityId,
    eventId: eventId(1),
    toStageId: read.opportunity.stageId ?? stageId("assess"),
    fromStageId: stageId("screen"),
    read,
    settings: ready,
    at: 1_000,
    ...rest
  }
}

/** Decides and applies; throws on a refusal. */
export const run = (
  state: Candidate.CandidateState | null,
  command: Candidate.CandidateCommand
): { readonly state: Candidate.CandidateState | null; readonly decision: Candidate.Decision } => {
  const decided = C.decide(state, command)
  if (Result.isFailure(decided)) throw new Error(`${command._tag}: ${decided.failure.message}`)
  return { state: C.replay(decided.success.events, state), decision: decided.success }
}

/** Runs commands in order from `state`. */
export const runAll = (
  state: Candidate.CandidateState | null,
  commands: ReadonlyArray<Candidate.CandidateCommand>
): Candidate.CandidateState | null => commands.reduce((s, command) => run(s, command).state, state)

export const tags = (decision: Candidate.Decision) => decision.events.map((e) => e._tag)
export const intentTags = (decision: Candidate.Decision) => decision.intents.map((i) => i._tag)

/** A candidate who was sent the senior invite (interview "int-1"). */
export const invited = (settings: Setup.TeamSettings = ready): Candidate.CandidateState => {
  const afterStage = run(null, stageChange({ settings })).state
  return run(afterStage, {
    _tag: "RecordInviteSent",
    key: C.inviteKey(teamId, opportunityId, senior.id, 0),
    interviewId: interviewId("int-1"),
    inviteUrl: "https://assess.example/i/1",
    expiresAt: 900_000,
    settings,
    at: 2_000
  }).state!
}
