import { assert, describe, it } from "@effect/vitest"
import * as fc from "fast-check"
import { Result } from "effect"
import { Candidate, Notes } from "../src/index.ts"
import type { CandidateCommand, CandidateState, Decision, Intent } from "../src/Candidate.ts"
import type { LeverOpportunity } from "../src/Lever.ts"
import type { TeamSettings } from "../src/Setup.ts"
import {
  eventId,
  interviewId,
  interviewTypeId,
  invited,
  junior,
  opportunity,
  opportunityId,
  ready,
  reasonId,
  run,
  runAll,
  senior,
  stageChange,
  stageId,
  stages,
  tags,
  intentTags,
  teamId,
  withProgressTags
} from "./fixtures.ts"

const seniorKey = Candidate.inviteKey(teamId, opportunityId, senior.id, 0)

const refusal = (state: CandidateState | null, command: CandidateCommand) => {
  const decided = Candidate.decide(state, command)
  if (Result.isSuccess(decided)) return assert.fail(`accepted: ${JSON.stringify(decided.success)}`)
  assert.strictEqual(decided.failure._tag, "CandidateRejected")
  assert.isTrue(decided.failure.message.length > 0)
  return decided.failure.reason
}

const decision = (state: CandidateState | null, command: CandidateCommand): Decision => run(state, command).decision

const intentsOf = <Tag extends Intent["_tag"]>(d: Decision, tag: Tag) =>
  d.intents.filter((i): i is Extract<Intent, { _tag: Tag }> => i._tag === tag)

const notes = (d: Decision) => intentsOf(d, "PostNote")

const empty: Decision = { events: [], intents: [] }

const moveTo = (stage: string, n: number, overrides: Partial<LeverOpportunity> = {}, settings: TeamSettings = ready) =>
  stageChange({
    eventId: eventId(n),
    toStageId: stageId(stage),
    opportunity: opportunity({ stageId: stageId(stage), ...overrides }),
    settings,
    at: 1_000 * n
  })

const sent = (key = seniorKey, id = "int-1", settings: TeamSettings = ready): CandidateCommand => ({
  _tag: "RecordInviteSent",
  key,
  interviewId: interviewId(id),
  inviteUrl: "https://assess.example/i/1",
  expiresAt: 900_000,
  settings,
  at: 2_000
})

const status = (s: "started" | "submitted" | "expired", settings: TeamSettings = ready, id = "int-1"): CandidateCommand => ({
  _tag: "ReportInterviewStatus",
  interviewId: interviewId(id),
  status: s,
  settings,
  at: 3_000
})

const result = (score: number | null, settings: TeamSettings = ready, overrides: Partial<Extract<CandidateCommand, { _tag: "ReportResult" }>> = {}): CandidateCommand => ({
  _tag: "ReportResult",
  interviewId: interviewId("int-1"),
  score,
  summary: "Strong design",
  reportUrl: "https://assess.example/r/1",
  settings,
  at: 4_000,
  ...overrides
})

const archive = (reason: string | null, n = 50, settings: TeamSettings = ready, archivedAt = 5_000): CandidateCommand => ({
  _tag: "HandleArchiveChange",
  teamId,
  opportunityId,
  eventId: eventId(n),
  toArchived: reason === null ? null : { reason: reasonId(reason), archivedAt },
  settings,
  at: 5_000
})

const resend = (n = 60, interviewType: string | null = null, settings: TeamSettings = ready): CandidateCommand => ({
  _tag: "RequestResend",
  interviewTypeId: interviewType === null ? null : interviewTypeId(interviewType),
  eventId: eventId(n),
  settings,
  at: 6_000
})

const deletion = (n = 70): CandidateCommand => ({ _tag: "HandleDeletion", teamId, opportunityId, eventId: eventId(n), at: 7_000 })

describe("Candidate basics", () => {
  it("builds invite keys: team:opportunity:type, then :resend-n", () => {
    assert.strictEqual(Candidate.inviteKey(teamId, opportunityId, senior.id, 0), "acme:opp-1:senior")
    assert.strictEqual(Candidate.inviteKey(teamId, opportunityId, senior.id, 2), "acme:opp-1:senior:resend-2")
  })

  it("starts not invited, without next step or offer status", () => {
    const state = Candidate.initial(teamId, opportunityId, 5)
    assert.deepInclude(state, { nextStep: "none", offerStatus: null, erased: false, updatedAt: 5, currentInterviewTypeId: null })
    assert.strictEqual(Candidate.inviteState(state), "not_invited")
    assert.strictEqual(Candidate.inviteState(null), "not_invited")
  })
})

describe("Candidate: stage change into the assessment stage (flow 2)", () => {
  it("reads the candidate and requests the invite of their one interview-type tag", () => {
    const { state, decision: d } = run(null, stageChange())
    assert.deepStrictEqual(tags(d), ["CandidateSeen", "InviteRequested"])
    assert.deepStrictEqual(d.intents, [{
      _tag: "SendInvite",
      key: seniorKey,
      teamId,
      opportunityId,
      candidateName: "Ada Lovelace",
      email: "ada@example.com",
      interviewType: senior,
      attempt: 0
    }])
    assert.deepInclude(state!, { name: "Ada Lovelace", email: "ada@example.com", stageId: stageId("assess"), currentInterviewTypeId: senior.id })
    assert.strictEqual(Candidate.inviteState(state), "pending")
  })

  it("takes the opportunity as read as the truth: tags and email", () => {
    const d = decision(null, stageChange({ opportunity: opportunity({ tags: ["Acme Junior Web"], emails: ["  ", "grace@example.com"] }) }))
    assert.deepInclude(intentsOf(d, "SendInvite")[0]!, { interviewType: junior, email: "grace@example.com" })
  })

  it("leaves a webhook superseded by a later move into the assessment stage to that move's webhook", () => {
    const d = decision(null, stageChange({ toStageId: stageId("screen"), opportunity: opportunity({ tags: ["Acme Junior Web"] }) }))
    assert.deepStrictEqual(d, {
      events: [{ _tag: "StageIgnored", eventId: eventId(1), stageId: stageId("screen"), reason: "Superseded", at: 1_000 }],
      intents: []
    })
  })

  it("is the same decision when decided again against the same state (same keys and markers)", () => {
    const state = run(null, moveTo("screen", 1)).state
    for (const command of [moveTo("assess", 2), moveTo("assess", 3, { tags: [] })]) {
      assert.deepStrictEqual(Candidate.decide(state, command), Candidate.decide(state, command))
    }
  })

  it("integration off: recorded as skipped, nothing else", () => {
    const { state, decision: d } = run(null, stageChange({ settings: { ...ready, integrationEnabled: false } }))
    assert.deepStrictEqual(d, { events: [{ _tag: "IntegrationOff", eventId: eventId(1), at: 1_000 }], intents: [] })
    assert.strictEqual(state, null)
  })

  it("mapping incomplete: the stage change is ignored", () => {
    const d = decision(null, stageChange({ settings: { ...ready, stageMapping: null } }))
    assert.deepStrictEqual(d.events, [{ _tag: "StageIgnored", eventId: eventId(1), stageId: stageId("assess"), reason: "MappingIncomplete", at: 1_000 }])
    assert.deepStrictEqual(d.intents, [])
  })

  it("an unreadable opportunity blocks without a note (nothing can be read or noted)", () => {
    for (const reason of ["NotFound", "Confidential"] as const) {
      const { state, decision: d } = run(null, stageChange({ read: { _tag: "Unreadable", reason } }))
      assert.deepStrictEqual(d, { events: [{ _tag: "InviteBlocked", eventId: eventId(1), block: { _tag: "Unreadable", reason }, at: 1_000 }], intents: [] })
      assert.strictEqual(state, null)
    }
  })

  it("an unreadable opportunity in an unmapped stage is just ignored", () => {
    const d = decision(null, stageChange({ toStageId: stageId("screen"), read: { _tag: "Unreadable", reason: "NotFound" } }))
    assert.deepStrictEqual(tags(d), ["StageIgnored"])
  })

  it("an archived candidate is blocked, and the recruiter told to unarchive", () => {
    const d = decision(null, stageChange({ opportunity: opportunity({ archived: { reason: reasonId("r-fit"), archivedAt: 1 } }) }))
    assert.deepStrictEqual(tags(d), ["CandidateSeen", "InviteBlocked"])
    assert.deepInclude(d.events[1]!, { block: { _tag: "Archived", reasonId: reasonId("r-fit") } })
    assert.include(notes(d)[0]!.text, "this candidate is archived (“Not a fit”).")
    assert.include(notes(d)[0]!.text, "unarchive the candidate, then move the candidate to “Tech assessment” again.")
  })

  it("no interview types configured: blocked, with a note", () => {
    const d = decision(null, stageChange({ settings: { ...ready, interviewTypes: [] } }))
    assert.deepInclude(d.events[1]!, { block: { _tag: "NoInterviewTypes" } })
    assert.lengthOf(notes(d), 1)
  })

  it("no interview-type tag: blocked, and a note lists the tags and the stage to move to again", () => {
    const d = decision(null, stageChange({ opportunity: opportunity({ tags: ["acme senior swe", "referral"] }) }))
    assert.deepStrictEqual(tags(d), ["CandidateSeen", "InviteBlocked"])
    assert.deepInclude(d.events[1]!, {
      block: { _tag: "NoTag", knownTags: ["Acme Senior SWE", "Acme Junior Web"], stageName: "Tech assessment" }
    })
    const [note] = notes(d)
    assert.strictEqual(note!.marker, "fulcrum:evt-1:no-tag")
    assert.include(note!.text, "  • Acme Senior SWE\n  • Acme Junior Web")
    assert.include(note!.text, "then move the candidate to “Tech assessment” again.")
    assert.isTrue(Notes.hasMarker(note!.text, note!.marker))
    assert.deepStrictEqual(intentsOf(d, "SendInvite"), [])
  })

  it("several interview-type tags: blocked, and the note lists them", () => {
    const d = decision(null, stageChange({ opportunity: opportunity({ tags: ["Acme Junior Web", "Acme Senior SWE"] }) }))
    assert.deepInclude(d.events[1]!, { block: { _tag: "SeveralTags", tags: ["Acme Senior SWE", "Acme Junior Web"], stageName: "Tech assessment" } })
    assert.strictEqual(notes(d)[0]!.marker, "fulcrum:evt-1:several-tags")
    assert.include(notes(d)[0]!.text, "keep exactly one")
  })

  it("no email (or only blank ones): blocked, with a note", () => {
    for (const emails of [[], ["", "   "]]) {
      const d = decision(null, stageChange({ opportunity: opportunity({ emails }) }))
      assert.deepInclude(d.events[1]!, { block: { _tag: "NoEmail", stageName: "Tech assessment" } })
      assert.strictEqual(notes(d)[0]!.marker, "fulcrum:evt-1:no-email")
      assert.deepInclude(d.events[0]!, { email: null })
    }
  })

  it("no tag and no email: both problems are reported at once", () => {
    const d = decision(null, stageChange({ opportunity: opportunity({ tags: [], emails: [] }) }))
    assert.deepStrictEqual(d.events.slice(1).map((e) => e._tag === "InviteBlocked" ? e.block._tag : e._tag), ["NoTag", "NoEmail"])
    assert.deepStrictEqual(notes(d).map((n) => n.marker), ["fulcrum:evt-1:no-tag", "fulcrum:evt-1:no-email"])
  })

  it("names the assessment stage as Lever calls it now", () => {
    const renamed = { ...ready, leverStages: { readAt: 9, stages: stages.map((s) => s.id === "assess" ? { ...s, text: "Coding test" } : s) } }
    const d = decision(null, stageChange({ settings: renamed, opportunity: opportunity({ tags: [] }) }))
    assert.include(notes(d)[0]!.text, "“Coding test”")
  })

  it("re-entering the stage after fixing the tag sends the invite", () => {
    const blocked = run(null, moveTo("assess", 1, { tags: [] })).state
    const d = decision(blocked, moveTo("assess", 2))
    assert.deepStrictEqual(intentTags(d), ["SendInvite"])
  })

  it("the opportunity already left the stage: no invite, timeline only", () => {
    const d = decision(null, stageChange({ toStageId: stageId("assess"), opportunity: opportunity({ stageId: stageId("screen") }) }))
    assert.deepStrictEqual(d, {
      events: [{ _tag: "InviteBlocked", eventId: eventId(1), block: { _tag: "NotInStage", currentStageId: stageId("screen") }, at: 1_000 }],
      intents: []
    })
  })

  it("the opportunity moved on to onsite before it was read: no invite, the next step is set", () => {
    const d = decision(null, stageChange({ toStageId: stageId("assess"), opportunity: opportunity({ stageId: stageId("onsite") }) }))
    assert.deepStrictEqual(tags(d), ["CandidateSeen", "InviteBlocked", "NextStepSet"])
  })

  it("an unmapped stage is ignored without a note, and an unknown candidate is not created", () => {
    const { state, decision: d } = run(null, moveTo("screen", 1))
    assert.deepStrictEqual(d, { events: [{ _tag: "StageIgnored", eventId: eventId(1), stageId: stageId("screen"), reason: "NotMapped", at: 1_000 }], intents: [] })
    assert.strictEqual(state, null)
  })

  it("a known candidate's move to an unmapped stage is followed", () => {
    const { state, decision: d } = run(invited(), moveTo("screen", 5))
    assert.deepStrictEqual(tags(d), ["CandidateSeen", "StageIgnored"])
    assert.strictEqual(state!.stageId, stageId("screen"))
  })
})

describe("Candidate: duplicates and resends on the stage (flows 2 and 10)", () => {
  it("a Lever retry or duplicate of the same move produces nothing visible", () => {
    const pending = run(null, stageChange()).state
    for (const command of [stageChange(), stageChange({ eventId: eventId(2) })]) {
      const d = decision(pending, command)
      assert.deepStrictEqual(d, {
        events: [{ _tag: "DuplicateInviteIgnored", eventId: command._tag === "HandleStageChange" ? command.eventId : eventId(0), interviewTypeId: senior.id, state: "pending", at: 1_000 }],
        intents: []
      })
    }
  })

  it("a duplicate while invited, completed or graded is ignored", () => {
    const sentState = invited()
    assert.deepStrictEqual(tags(decision(sentState, stageChange({ eventId: eventId(9) }))), ["DuplicateInviteIgnored"])
    const completed = run(sentState, status("submitted")).state
    assert.deepInclude(decision(completed, moveTo("assess", 9)).events[0]!, { state: "submitted" })
    const graded = run(completed, result(80)).state
    assert.deepInclude(decision(graded, moveTo("assess", 9)).events[0]!, { state: "graded" })
  })

  it("leaving the stage and coming back resends an invite that was never started", () => {
    const away = run(invited(), moveTo("screen", 5)).state
    const d = decision(away, moveTo("assess", 6))
    assert.deepStrictEqual(tags(d), ["CandidateSeen", "InviteRequested"])
    assert.deepStrictEqual(intentTags(d), ["CancelInvite", "SendInvite"])
    assert.deepInclude(intentsOf(d, "CancelInvite")[0]!, { key: "fulcrum:acme:opp-1:senior:cancel", interviewId: interviewId("int-1") })
    assert.deepInclude(intentsOf(d, "SendInvite")[0]!, { key: Candidate.inviteKey(teamId, opportunityId, senior.id, 1), attempt: 1 })
  })

  it("coming back while the interview is in progress is a duplicate", () => {
    const started = run(invited(), status("started")).state
    const away = run(started, moveTo("screen", 5)).state
    assert.deepStrictEqual(tags(decision(away, moveTo("assess", 6))), ["CandidateSeen", "DuplicateInviteIgnored"])
  })

  it("an expired or failed invite is sent again as the next attempt", () => {
    const expired = run(invited(), status("expired")).state
    assert.deepInclude(intentsOf(decision(expired, moveTo("assess", 7)), "SendInvite")[0]!, { attempt: 1 })
    const failed = run(run(null, stageChange()).state, { _tag: "RecordInviteFailed", key: seniorKey, reason: "bounced", at: 1_500 }).state
    assert.deepInclude(intentsOf(decision(failed, moveTo("assess", 7)), "SendInvite")[0]!, { attempt: 1, key: Candidate.inviteKey(teamId, opportunityId, senior.id, 1) })
  })

  it("a second resend is attempt 2", () => {
    const first = runAll(invited(), [status("expired"), moveTo("assess", 7)])
    const second = runAll(first, [sent(Candidate.inviteKey(teamId, opportunityId, senior.id, 1), "int-2"), status("expired", ready, "int-2")])
    assert.deepInclude(intentsOf(decision(second, moveTo("assess", 8)), "SendInvite")[0]!, { attempt: 2, key: Candidate.inviteKey(teamId, opportunityId, senior.id, 2) })
  })

  it("a candidate re-tagged for another interview type gets that invite too", () => {
    const d = decision(invited(), moveTo("assess", 8, { tags: ["Acme Junior Web"] }))
    assert.deepInclude(intentsOf(d, "SendInvite")[0]!, { interviewType: junior, attempt: 0 })
  })
})

describe("Candidate: onsite and offer (flow 5)", () => {
  it("sets the next step and tells the provider, once", () => {
    const { state, decision: d } = run(invited(), moveTo("onsite", 5))
    assert.deepStrictEqual(tags(d), ["CandidateSeen", "NextStepSet"])
    assert.deepStrictEqual(d.intents, [{ _tag: "NotifyNextStep", key: "fulcrum:evt-5:next-step", interviewId: interviewId("int-1"), opportunityId, nextStep: "onsite" }])
    assert.strictEqual(state!.nextStep, "onsite")
    assert.deepStrictEqual(decision(state, moveTo("onsite", 6)), empty)
    const offer = decision(state, moveTo("offer", 7))
    assert.deepInclude(offer.events[1]!, { _tag: "NextStepSet", nextStep: "offer" })
  })

  it("works for a candidate never invited (no interview id)", () => {
    const d = decision(null, moveTo("offer", 5))
    assert.deepInclude(intentsOf(d, "NotifyNextStep")[0]!, { interviewId: null, nextStep: "offer" })
  })
})

describe("Candidate: invite sent or failed", () => {
  it("sent: the candidate is invited and the recruiter gets a note (type, email, ISO time)", () => {
    const pending = run(null, stageChange()).state
    const { state, decision: d } = run(pending, sent())
    assert.deepStrictEqual(tags(d), ["InviteSent"])
    assert.deepStrictEqual(notes(d).map((n) => n.marker), ["fulcrum:acme:opp-1:senior:sent"])
    assert.include(notes(d)[0]!.text, "Assessment invite sent: Senior SWE, to ada@example.com, at 1970-01-01T00:00:02.000Z.")
    assert.strictEqual(Candidate.inviteState(state), "sent")
    assert.deepInclude(state!.invites[senior.id]!, { interviewId: interviewId("int-1"), sentAt: 2_000, expiresAt: 900_000 })
  })

  it("sent again with the same interview: nothing", () => {
    assert.deepStrictEqual(decision(invited(), sent()), empty)
  })

  it("sent for an unknown key: refused", () => {
    assert.strictEqual(refusal(null, sent()), "UnknownInvite")
    assert.strictEqual(refusal(invited(), sent(Candidate.inviteKey(teamId, opportunityId, junior.id, 0))), "UnknownInvite")
  })

  it("failed: the recruiter is told why and what to do; the same failure again is nothing", () => {
    const pending = run(null, stageChange()).state
    const failure: CandidateCommand = { _tag: "RecordInviteFailed", key: seniorKey, reason: "mailbox does not exist", at: 1_500 }
    const { state, decision: d } = run(pending, failure)
    assert.deepStrictEqual(tags(d), ["InviteFailed"])
    assert.strictEqual(notes(d)[0]!.marker, "fulcrum:acme:opp-1:senior:failed")
    assert.include(notes(d)[0]!.text, "could not be sent: mailbox does not exist")
    assert.include(notes(d)[0]!.text, "move the candidate out of the assessment stage and back in")
    assert.strictEqual(Candidate.inviteState(state), "failed")
    assert.deepStrictEqual(decision(state, failure), empty)
    const named = decision(pending, { ...failure, settings: ready })
    assert.include(notes(named)[0]!.text, "move the candidate out of “Tech assessment” and back in")
  })

  it("failed after it was recorded as sent: nothing; failed for an unknown key: refused", () => {
    assert.deepStrictEqual(decision(invited(), { _tag: "RecordInviteFailed", key: seniorKey, reason: "x", at: 1 }), empty)
    assert.strictEqual(refusal(null, { _tag: "RecordInviteFailed", key: seniorKey, reason: "x", at: 1 }), "UnknownInvite")
  })

  it("sent after a reported failure: the invite went out after all", () => {
    const failed = runAll(null, [stageChange(), { _tag: "RecordInviteFailed", key: seniorKey, reason: "timeout", at: 1_500 }])
    assert.strictEqual(Candidate.inviteState(run(failed, sent()).state), "sent")
  })
})

describe("Candidate: progress tags (flow 9)", () => {
  it("off by default: no tag intents", () => {
    const pending = run(null, stageChange()).state
    assert.deepStrictEqual(intentTags(decision(pending, sent())), ["PostNote"])
  })

  it("moves one Fulcrum tag along: invited, completed, passed, removing only the previous one", () => {
    const pending = run(null, stageChange({ settings: withProgressTags })).state
    const onSent = run(pending, sent(seniorKey, "int-1", withProgressTags))
    assert.deepStrictEqual(intentsOf(onSent.decision, "SetProgressTag"), [{ _tag: "SetProgressTag", key: "fulcrum:acme:opp-1:senior:tag-invited", add: "Acme: invited", remove: [] }])
    assert.strictEqual(onSent.state!.progressTag, "Acme: invited")
    const onCompleted = run(onSent.state, status("submitted", withProgressTags))
    assert.deepInclude(intentsOf(onCompleted.decision, "SetProgressTag")[0]!, { add: "Acme: completed", remove: ["Acme: invited"] })
    const onResult = run(onCompleted.state, result(90, withProgressTags))
    assert.deepInclude(intentsOf(onResult.decision, "SetProgressTag")[0]!, { add: "Acme: passed", remove: ["Acme: completed"] })
    assert.strictEqual(onResult.state!.progressTag, "Acme: passed")
  })

  it("failed below the threshold, completed without one, expired when it lapses", () => {
    const graded = (score: number, type = senior) => {
      const settings = { ...withProgressTags, interviewTypes: [type] }
      const state = runAll(null, [stageChange({ settings, opportunity: opportunity({ tags: [type.tag] }) }), sent(Candidate.inviteKey(teamId, opportunityId, type.id, 0), "int-1", settings)])
      return intentsOf(decision(state, result(score, settings)), "SetProgressTag")[0]!.add
    }
    assert.strictEqual(graded(10), "Acme: failed")
    assert.strictEqual(graded(10, junior), "Acme: completed")
    const lapsed = decision(invited(withProgressTags), status("expired", withProgressTags))
    assert.deepInclude(intentsOf(lapsed, "SetProgressTag")[0]!, { add: "Acme: expired", remove: ["Acme: invited"] })
  })

  it("without settings on the command, the tag does not move", () => {
    const pending = run(null, stageChange({ settings: withProgressTags })).state
    const { settings: _, ...withoutSettings } = sent(seniorKey, "int-1", withProgressTags) as Extract<CandidateCommand, { _tag: "RecordInviteSent" }>
    assert.deepStrictEqual(intentTags(decision(pending, withoutSettings)), ["PostNote"])
  })
})

describe("Candidate: interview status reports", () => {
  it("started: the invite is in progress (started, not resent); reported again: nothing", () => {
    const { state, decision: d } = run(invited(), status("started"))
    assert.deepStrictEqual(d, { events: [{ _tag: "InterviewStarted", key: seniorKey, at: 3_000 }], intents: [] })
    assert.strictEqual(Candidate.inviteState(state), "started")
    assert.strictEqual(state!.invites[senior.id]!.startedAt, 3_000)
    assert.deepStrictEqual(decision(state, status("started")), empty)
  })

  it("completed: the candidate is completed; reported again: nothing", () => {
    const { state, decision: d } = run(invited(), status("submitted"))
    assert.deepStrictEqual(tags(d), ["InterviewStatusChanged"])
    assert.strictEqual(Candidate.inviteState(state), "submitted")
    assert.deepStrictEqual(decision(state, status("submitted")), empty)
  })

  it("expired: the recruiter is told how to send a new one; after completion it changes nothing", () => {
    const { state, decision: d } = run(invited(), status("expired"))
    assert.strictEqual(Candidate.inviteState(state), "expired")
    assert.strictEqual(notes(d)[0]!.marker, "fulcrum:acme:opp-1:senior:expired")
    assert.include(notes(d)[0]!.text, "move the candidate out of “Tech assessment” and back in")
    const completed = run(invited(), status("submitted")).state
    assert.deepStrictEqual(decision(completed, status("expired")), empty)
  })

  it("an unknown interview is refused", () => {
    assert.strictEqual(refusal(invited(), status("submitted", ready, "int-x")), "UnknownInterview")
    assert.strictEqual(refusal(null, status("submitted")), "UnknownInterview")
  })
})

describe("Candidate: results (flow 4)", () => {
  it("graded: passed against the threshold, a note with the score summary and report link", () => {
    const { state, decision: d } = run(invited(), result(82))
    assert.deepStrictEqual(d.events, [{
      _tag: "ResultRecorded",
      key: seniorKey,
      score: 82,
      summary: "Strong design",
      reportUrl: "https://assess.example/r/1",
      passed: true,
      at: 4_000
    }])
    assert.strictEqual(notes(d)[0]!.marker, "fulcrum:acme:opp-1:senior:result")
    assert.include(notes(d)[0]!.text, "Score: 82 (passed: the threshold is 70)")
    assert.include(notes(d)[0]!.text, "Report: https://assess.example/r/1")
    assert.strictEqual(Candidate.inviteState(state), "graded")
    assert.deepInclude(state!.invites[senior.id]!, { score: 82, passed: true, reportUrl: "https://assess.example/r/1" })
  })

  it("below the threshold fails; without a threshold there is no verdict", () => {
    assert.deepInclude(decision(invited(), result(50)).events[0]!, { passed: false })
    assert.deepInclude(decision(invited(), result(null)).events[0]!, { passed: null })
  })

  it("uses the interview type's threshold as configured now", () => {
    const stricter = { ...ready, interviewTypes: [{ ...senior, passThreshold: 90 }, junior] }
    assert.deepInclude(decision(invited(), result(82, stricter)).events[0]!, { passed: false })
  })

  it("the identical report again: nothing; a corrected report is recorded and noted again", () => {
    const graded = run(invited(), result(82)).state
    assert.deepStrictEqual(decision(graded, result(82)), empty)
    const corrected = decision(graded, result(85, ready, { at: 4_500 }))
    assert.deepStrictEqual(tags(corrected), ["ResultRecorded"])
    assert.strictEqual(notes(corrected)[0]!.marker, "fulcrum:acme:opp-1:senior:result-corrected-4500")
  })

  it("an unknown interview is refused", () => {
    assert.strictEqual(refusal(invited(), result(1, ready, { interviewId: interviewId("int-x") })), "UnknownInterview")
  })
})

describe("Candidate: archive changes (flow 6)", () => {
  it("a mapped reason sets the offer status; the same archive again is nothing", () => {
    const { state, decision: d } = run(runAll(invited(), [status("submitted")]), archive("r-hired"))
    assert.deepStrictEqual(d, {
      events: [{ _tag: "OfferStatusSet", eventId: eventId(50), archived: { reason: reasonId("r-hired"), archivedAt: 5_000 }, offerStatus: "Offer Accepted", at: 5_000 }],
      intents: []
    })
    assert.strictEqual(state!.offerStatus, "Offer Accepted")
    assert.deepStrictEqual(decision(state, archive("r-hired", 51)), empty)
  })

  it("archiving cancels the open invite at the provider (reason archived), marks it cancelled and notes it in Lever", () => {
    const { state, decision: d } = run(invited(), archive("r-hired"))
    assert.deepStrictEqual(tags(d), ["OfferStatusSet", "InterviewStatusChanged"])
    assert.deepStrictEqual(intentsOf(d, "CancelInvite"), [{
      _tag: "CancelInvite",
      key: "fulcrum:acme:opp-1:senior:cancel",
      interviewId: interviewId("int-1"),
      reason: "archived"
    }])
    const [note] = notes(d)
    assert.include(note!.text, "was cancelled at the assessment platform")
    assert.include(note!.text, "unarchive the candidate")
    assert.include(note!.text, "fulcrum:acme:opp-1:senior:cancelled")
    assert.strictEqual(Candidate.inviteState(state), "cancelled")
    // Lever's retry of the same webhook, and a later archive: nothing is open any more.
    assert.deepStrictEqual(decision(state, archive("r-hired", 51)), empty)
    assert.deepStrictEqual(intentsOf(decision(state, archive("r-fit", 52, ready, 6_000)), "CancelInvite"), [])
  })

  it("an invite still being sent at archive is cancelled when its sending is recorded", () => {
    const archived = runAll(null, [stageChange(), archive("r-fit")])
    assert.strictEqual(Candidate.inviteState(archived), "cancelled")
    assert.deepStrictEqual(decision(archived, sent()), {
      events: [],
      intents: [{ _tag: "CancelInvite", key: "fulcrum:acme:opp-1:senior:cancel", interviewId: interviewId("int-1"), reason: "archived" }]
    })
  })

  it("unarchived and moved to the assessment stage again, the candidate gets the next attempt", () => {
    const back = runAll(invited(), [archive("r-fit"), archive(null, 52)])
    const { state, decision: d } = run(back, moveTo("assess", 60))
    assert.deepStrictEqual(tags(d), ["InviteRequested"])
    assert.strictEqual(Candidate.currentInvite(state)!.attempt, 1)
  })

  it("an unmapped reason is recorded, noted in Lever and becomes a setup problem; the candidate is kept", () => {
    const { state, decision: d } = run(runAll(invited(), [status("submitted")]), archive("r-old"))
    assert.deepStrictEqual(tags(d), ["ArchiveReasonUnmapped"])
    assert.deepStrictEqual(d.intents[0], { _tag: "RecordSetupProblem", reasonId: reasonId("r-old"), at: 5_000 })
    const note = d.intents[1]
    assert.strictEqual(note?._tag, "PostNote")
    if (note?._tag === "PostNote") {
      assert.include(note.text, "no offer status in Fulcrum yet")
      assert.include(note.text, "the candidate is kept")
      assert.include(note.text, note.marker)
    }
    assert.deepInclude(state!, { offerStatus: null, archived: { reason: reasonId("r-old"), archivedAt: 5_000 } })
    assert.deepStrictEqual(decision(state, archive("r-old", 51)), empty)
  })

  it("unarchiving clears the offer status; when there is nothing to clear it is nothing", () => {
    const archived = run(invited(), archive("r-fit")).state
    const { state, decision: d } = run(archived, archive(null, 52))
    assert.deepStrictEqual(tags(d), ["Unarchived"])
    assert.deepInclude(state!, { offerStatus: null, archived: null })
    assert.deepStrictEqual(decision(state, archive(null, 53)), empty)
    assert.deepStrictEqual(decision(null, archive(null, 53)), empty)
  })

  it("an archive older than the one known is out of date", () => {
    const archived = run(invited(), archive("r-fit", 50, ready, 9_000)).state
    assert.deepStrictEqual(decision(archived, archive("r-hired", 51, ready, 8_000)), empty)
    assert.deepStrictEqual(tags(decision(archived, archive("r-hired", 51, ready, 9_500))), ["OfferStatusSet"])
  })

  it("integration off: recorded as skipped", () => {
    assert.deepStrictEqual(tags(decision(invited(), archive("r-fit", 50, { ...ready, integrationEnabled: false }))), ["IntegrationOff"])
  })

  it("a candidate never met has no offer status to keep; an unmapped reason is still a setup problem", () => {
    assert.deepStrictEqual(decision(null, archive("r-fit")), empty)
    const unmapped = decision(null, archive("r-old"))
    assert.deepStrictEqual(unmapped.events, [])
    assert.deepStrictEqual(unmapped.intents.map((intent) => intent._tag), ["RecordSetupProblem", "PostNote"])
    assert.deepStrictEqual(unmapped.intents[0], { _tag: "RecordSetupProblem", reasonId: reasonId("r-old"), at: 5_000 })
  })
})

describe("Candidate: deletion", () => {
  it("erases personal data and cancels open interviews", () => {
    const { state, decision: d } = run(invited(), deletion())
    assert.deepStrictEqual(d, {
      events: [{ _tag: "CandidateErased", teamId, opportunityId, eventId: eventId(70), at: 7_000 }],
      intents: [{
        _tag: "CancelInvite",
        key: "fulcrum:acme:opp-1:senior:cancel",
        interviewId: interviewId("int-1"),
        reason: "candidateDeleted"
      }]
    })
    assert.deepInclude(state!, { erased: true, name: null, email: null })
    assert.deepInclude(state!.invites[senior.id]!, { email: "", inviteUrl: null, interviewId: interviewId("int-1") })
  })

  it("nothing to cancel once completed; a second deletion is nothing", () => {
    const completed = run(invited(), status("submitted")).state
    const { state, decision: d } = run(completed, deletion())
    assert.deepStrictEqual(d.intents, [])
    assert.deepStrictEqual(decision(state, deletion(71)), empty)
  })

  it("after erasure: webhooks are no-ops, reports are refused, nothing personal comes back", () => {
    const erased = run(invited(), deletion()).state
    assert.deepStrictEqual(decision(erased, stageChange({ eventId: eventId(80) })), empty)
    assert.deepStrictEqual(decision(erased, archive("r-fit", 81)), empty)
    assert.strictEqual(refusal(erased, status("submitted")), "CandidateErased")
    assert.strictEqual(refusal(erased, result(90)), "CandidateErased")
    assert.strictEqual(refusal(erased, resend()), "CandidateErased")
    assert.deepStrictEqual(
      Candidate.evolve(erased, { _tag: "CandidateSeen", teamId, opportunityId, name: "Ada", email: "a@x", stageId: null, at: 9_999 }),
      erased
    )
  })

  it("a candidate never met is erased too, so late events cannot bring them back", () => {
    const { state, decision: d } = run(null, deletion())
    assert.deepStrictEqual(tags(d), ["CandidateErased"])
    assert.deepInclude(state!, { erased: true, name: null, opportunityId })
    assert.deepStrictEqual(decision(state, stageChange({ eventId: eventId(80) })), empty)
  })

  it("an invite still being sent at deletion is cancelled when its sending is recorded", () => {
    const erased = runAll(null, [stageChange(), deletion()])
    assert.deepStrictEqual(decision(erased, sent()), {
      events: [],
      intents: [{
        _tag: "CancelInvite",
        key: "fulcrum:acme:opp-1:senior:cancel",
        interviewId: interviewId("int-1"),
        reason: "candidateDeleted"
      }]
    })
  })

  it("removes personal data from stored events", () => {
    const [seen, requested] = decision(null, stageChange()).events
    assert.deepInclude(Candidate.erasePersonalData(seen!), { name: null, email: null })
    const scrubbed = Candidate.erasePersonalData(requested!)
    assert.strictEqual(scrubbed._tag === "InviteRequested" ? scrubbed.invite.email : "?", "")
    assert.deepInclude(Candidate.erasePersonalData({ _tag: "InviteFailed", key: seniorKey, reason: "ada@example.com bounced", at: 1 }), { reason: "" })
  })
})

describe("Candidate: admin resend (flow 10)", () => {
  it("resends an expired invite as the next attempt, to the latest email", () => {
    const expired = runAll(invited(), [status("expired"), moveTo("screen", 5, { emails: ["ada@new.example"] })])
    const d = decision(expired, resend())
    assert.deepStrictEqual(tags(d), ["InviteRequested"])
    assert.deepInclude(intentsOf(d, "SendInvite")[0]!, { attempt: 1, email: "ada@new.example", key: Candidate.inviteKey(teamId, opportunityId, senior.id, 1) })
  })

  it("resends a failed invite", () => {
    const failed = runAll(null, [stageChange(), { _tag: "RecordInviteFailed", key: seniorKey, reason: "bounced", at: 1_500 }])
    assert.deepStrictEqual(intentTags(decision(failed, resend())), ["SendInvite"])
  })

  it("resends an invite sent but never started, cancelling the old interview", () => {
    assert.deepStrictEqual(intentTags(decision(invited(), resend())), ["CancelInvite", "SendInvite"])
  })

  it("refuses while pending (nothing to resend), started or submitted (in progress), or graded", () => {
    assert.strictEqual(refusal(run(null, stageChange()).state, resend()), "NothingToResend")
    const started = run(invited(), status("started")).state
    assert.strictEqual(refusal(started, resend()), "InterviewInProgress")
    const completed = run(started, status("submitted")).state
    assert.strictEqual(refusal(completed, resend()), "InterviewInProgress")
    assert.strictEqual(refusal(run(completed, result(80)).state, resend()), "AlreadyGraded")
  })

  it("refuses without any invite, or for an interview type never invited", () => {
    assert.strictEqual(refusal(null, resend()), "NothingToResend")
    assert.strictEqual(refusal(run(invited(), moveTo("onsite", 5)).state, resend(61, "junior")), "NothingToResend")
    const seenOnly = run(null, moveTo("onsite", 5)).state
    assert.strictEqual(refusal(seenOnly, resend()), "NothingToResend")
  })

  it("resends the given interview type", () => {
    const both = runAll(invited(), [moveTo("assess", 8, { tags: ["Acme Junior Web"] })])
    assert.deepInclude(intentsOf(decision(both, resend(62, "senior")), "SendInvite")[0]!, { interviewType: senior, attempt: 1 })
  })

  it("integration off: recorded as skipped", () => {
    assert.deepStrictEqual(tags(decision(invited(), resend(63, null, { ...ready, integrationEnabled: false }))), ["IntegrationOff"])
  })
})

describe("Candidate.evolve", () => {
  it("only CandidateSeen brings a candidate into being", () => {
    assert.strictEqual(Candidate.evolve(null, { _tag: "NextStepSet", eventId: eventId(1), nextStep: "onsite", at: 1 }), null)
    const seen = Candidate.evolve(null, { _tag: "CandidateSeen", teamId, opportunityId, name: "Ada", email: null, stageId: null, at: 3 })
    assert.deepInclude(seen!, { name: "Ada", updatedAt: 3 })
  })

  it("keeps the latest time as updatedAt", () => {
    const state = invited()
    assert.strictEqual(Candidate.evolve(state, { _tag: "NextStepSet", eventId: eventId(1), nextStep: "onsite", at: 1 })!.updatedAt, state.updatedAt)
  })

  it("ignores events about an invite that was superseded", () => {
    const state = invited()
    const other = Candidate.inviteKey(teamId, opportunityId, senior.id, 5)
    assert.deepStrictEqual(Candidate.evolve(state, { _tag: "InviteFailed", key: other, reason: "x", at: state.updatedAt }), state)
  })
})

// Properties over random command sequences: stage moves (mapped and unmapped, random tags and emails,
// archived or unreadable opportunities), duplicate deliveries, invites sent or failed, status reports,
// results, archives, deletions, resends, and the integration switched off now and then.
type Step =
  | { readonly kind: "move"; readonly n: number; readonly to: string; readonly readAt: string | null; readonly tags: ReadonlyArray<string>; readonly emails: ReadonlyArray<string>; readonly archived: boolean; readonly off: boolean; readonly progress: boolean }
  | { readonly kind: "duplicate"; readonly pick: number }
  | { readonly kind: "sent"; readonly pick: number; readonly interview: number }
  | { readonly kind: "failed"; readonly pick: number }
  | { readonly kind: "status"; readonly pick: number; readonly status: "started" | "submitted" | "expired" }
  | { readonly kind: "result"; readonly pick: number; readonly score: number | null }
  | { readonly kind: "archive"; readonly reason: string | null; readonly archivedAt: number; readonly off: boolean }
  | { readonly kind: "delete" }
  | { readonly kind: "resend"; readonly type: string | null }

const stageIds = ["assess", "onsite", "offer", "screen", "lead-new"]
/** True now and then: `rarely(10)` is true about one time in ten. */
const rarely = (oneIn: number) => fc.integer({ min: 1, max: oneIn }).map((n) => n === 1)
const anyMove = fc.record({
  kind: fc.constant("move" as const),
  n: fc.integer({ min: 1, max: 1_000_000 }),
  to: fc.oneof({ weight: 4, arbitrary: fc.constant("assess") }, { weight: 3, arbitrary: fc.constantFrom(...stageIds) }),
  readAt: fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom(...stageIds) }),
  tags: fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(["Acme Senior SWE"], ["Acme Junior Web", "referral"]) },
    { weight: 1, arbitrary: fc.subarray(["Acme Senior SWE", "Acme Junior Web", "acme senior swe", "referral"]) }
  ),
  emails: fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(["ada@example.com"], ["", "ada@new.example"]) },
    { weight: 1, arbitrary: fc.subarray(["", "ada@example.com", "ada@new.example"]) }
  ),
  archived: rarely(10),
  off: rarely(10),
  progress: fc.boolean()
})
const anyStep: fc.Arbitrary<Step> = fc.oneof(
  { weight: 12, arbitrary: anyMove },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("duplicate" as const), pick: fc.nat() }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("sent" as const), pick: fc.nat(), interview: fc.integer({ min: 1, max: 4 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("failed" as const), pick: fc.nat() }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("status" as const), pick: fc.nat(), status: fc.constantFrom("started" as const, "submitted" as const, "expired" as const) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("result" as const), pick: fc.nat(), score: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("archive" as const), reason: fc.option(fc.constantFrom("r-hired", "r-fit", "r-old", "r-new"), { nil: null }), archivedAt: fc.integer({ min: 1, max: 10 }), off: rarely(10) }) },
  { weight: 1, arbitrary: fc.constant({ kind: "delete" as const }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("resend" as const), type: fc.option(fc.constantFrom("senior", "junior"), { nil: null }) }) }
)

interface Run {
  readonly log: ReadonlyArray<Candidate.CandidateEvent>
  readonly state: CandidateState | null
  readonly sendKeys: ReadonlyArray<string>
}

const playSteps = (steps: ReadonlyArray<Step>, check: (state: CandidateState | null, command: CandidateCommand, d: Decision) => void): Run => {
  let state: CandidateState | null = null
  const log: Array<Candidate.CandidateEvent> = []
  const sendKeys: Array<string> = []
  const moves: Array<CandidateCommand> = []
  const settingsFor = (off: boolean, progress: boolean): TeamSettings => ({ ...(progress ? withProgressTags : ready), integrationEnabled: !off })
  const invites = () => Object.values(state?.invites ?? {})
  const pick = <A>(items: ReadonlyArray<A>, i: number): A | undefined => items.length === 0 ? undefined : items[i % items.length]
  for (const [i, step] of steps.entries()) {
    const at = 10_000 + i
    let command: CandidateCommand | undefined
    switch (step.kind) {
      case "move": {
        const readStage = step.readAt ?? step.to
        const move = stageChange({
          eventId: eventId(step.n),
          toStageId: stageId(step.to),
          opportunity: opportunity({
            stageId: stageId(readStage),
            tags: step.tags,
            emails: step.emails,
            archived: step.archived ? { reason: reasonId("r-fit"), archivedAt: 1 } : null
          }),
          settings: settingsFor(step.off, step.progress),
          at
        })
        command = step.n % 11 === 0 ? { ...move, read: { _tag: "Unreadable", reason: "Confidential" } } : move
        moves.push(command)
        break
      }
      case "duplicate":
        command = pick(moves, step.pick)
        break
      case "sent": {
        const invite = pick(invites().filter((inv) => inv.state === "pending"), step.pick)
        if (invite !== undefined) {
          command = { _tag: "RecordInviteSent", key: invite.key, interviewId: interviewId(`int-${invite.key}-${step.interview}`), inviteUrl: null, expiresAt: null, settings: withProgressTags, at }
        }
        break
      }
      case "failed": {
        const invite = pick(invites(), step.pick)
        if (invite !== undefined) command = { _tag: "RecordInviteFailed", key: invite.key, reason: "bounced", at }
        break
      }
      case "status": {
        const invite = pick(invites().filter((inv) => inv.interviewId !== null), step.pick)
        if (invite?.interviewId != null) command = { _tag: "ReportInterviewStatus", interviewId: invite.interviewId, status: step.status, settings: withProgressTags, at }
        break
      }
      case "result": {
        const invite = pick(invites().filter((inv) => inv.interviewId !== null), step.pick)
        if (invite?.interviewId != null) {
          command = { _tag: "ReportResult", interviewId: invite.interviewId, score: step.score, summary: "s", reportUrl: "u", settings: withProgressTags, at }
        }
        break
      }
      case "archive":
        command = archive(step.reason, i, settingsFor(step.off, false), step.archivedAt)
        break
      case "delete":
        command = deletion(i)
        break
      case "resend":
        command = resend(i, step.type)
        break
    }
    if (command === undefined) continue
    const decided = Candidate.decide(state, command)
    if (Result.isFailure(decided)) continue
    check(state, command, decided.success)
    log.push(...decided.success.events)
    sendKeys.push(...intentsOf(decided.success, "SendInvite").map((s) => s.key))
    state = Candidate.replay(decided.success.events, state)
  }
  return { log, state, sendKeys }
}

describe("Candidate properties", () => {
  it("folding the event sequence twice gives the state folding it once gives", () => {
    fc.assert(
      fc.property(fc.array(anyStep, { minLength: 1, maxLength: 60, size: "max" }), (steps) => {
        const { log, state } = playSteps(steps, () => {})
        const once = Candidate.replay(log)
        assert.deepStrictEqual(once, state)
        assert.deepStrictEqual(Candidate.replay(log, once), once)
      }),
      { numRuns: 500 }
    )
  })

  it("no sequence sends two invites with the same key", () => {
    fc.assert(
      fc.property(fc.array(anyStep, { minLength: 1, maxLength: 60, size: "max" }), (steps) => {
        const { sendKeys } = playSteps(steps, () => {})
        assert.strictEqual(new Set(sendKeys).size, sendKeys.length, sendKeys.join(", "))
      }),
      { numRuns: 500 }
    )
  })

  it("a command decided again gives the same decision, and delivered again after it was applied sends nothing", () => {
    fc.assert(
      fc.property(fc.array(anyStep, { minLength: 1, maxLength: 40, size: "max" }), (steps) => {
        playSteps(steps, (before, command, d) => {
          assert.deepStrictEqual(Candidate.decide(before, command), Result.succeed(d))
          const again = Candidate.decide(Candidate.replay(d.events, before), command)
          if (Result.isSuccess(again)) assert.deepStrictEqual(intentsOf(again.success, "SendInvite"), [])
        })
      }),
      { numRuns: 300 }
    )
  })

  it("an invite key is only ever sent once per interview type and attempt", () => {
    fc.assert(
      fc.property(fc.array(anyStep, { minLength: 1, maxLength: 60, size: "max" }), (steps) => {
        const { log } = playSteps(steps, () => {})
        const requested = log.flatMap((e) => e._tag === "InviteRequested" ? [`${e.invite.interviewType.id}#${e.invite.attempt}`] : [])
        assert.strictEqual(new Set(requested).size, requested.length)
      }),
      { numRuns: 300 }
    )
  })
})
