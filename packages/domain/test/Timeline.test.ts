import { assert, describe, it } from "@effect/vitest"
import { Candidate, Timeline } from "../src/index.ts"
import type { CandidateEvent, InviteBlock } from "../src/Candidate.ts"
import { eventId, interviewId, opportunityId, reasonId, senior, stageId, teamId } from "./fixtures.ts"

const key = Candidate.inviteKey(teamId, opportunityId, senior.id, 0)
const evt = eventId(1)

const invite: Candidate.Invite = {
  key: Candidate.inviteKey(teamId, opportunityId, senior.id, 1),
  interviewType: senior,
  attempt: 1,
  state: "invite_pending",
  email: "ada@example.com",
  requestedAt: 0,
  interviewId: null,
  inviteUrl: null,
  sentAt: null,
  startedAt: null,
  expiresAt: null,
  score: null,
  summary: null,
  reportUrl: null,
  passed: null,
  failure: null
}

const message = (event: CandidateEvent) => Timeline.describe(event).message
const blocked = (block: InviteBlock) => message({ _tag: "InviteBlocked", eventId: evt, block, at: 0 })

describe("Timeline.describe", () => {
  it("gives every kind of event a kind and a sentence", () => {
    const events: ReadonlyArray<CandidateEvent> = [
      { _tag: "CandidateSeen", teamId, opportunityId, name: "Ada", email: null, stageId: null, at: 0 },
      { _tag: "IntegrationOff", eventId: evt, at: 0 },
      { _tag: "StageIgnored", eventId: evt, stageId: stageId("screen"), reason: "NotMapped", at: 0 },
      { _tag: "InviteRequested", eventId: evt, invite, at: 0 },
      { _tag: "InviteBlocked", eventId: evt, block: { _tag: "NoInterviewTypes" }, at: 0 },
      { _tag: "DuplicateInviteIgnored", eventId: evt, interviewTypeId: senior.id, state: "invited", at: 0 },
      { _tag: "InviteSent", key, interviewId: interviewId("int-1"), inviteUrl: null, expiresAt: null, at: 0 },
      { _tag: "InviteFailed", key, reason: "bounced", at: 0 },
      { _tag: "InterviewStarted", key, at: 0 },
      { _tag: "InterviewStatusChanged", key, state: "completed", at: 0 },
      { _tag: "ResultRecorded", key, score: 80, summary: "s", reportUrl: "https://r", passed: true, at: 0 },
      { _tag: "NextStepSet", eventId: evt, nextStep: "onsite", at: 0 },
      { _tag: "OfferStatusSet", eventId: evt, archived: { reason: reasonId("r-fit"), archivedAt: 0 }, offerStatus: "Rejected", at: 0 },
      { _tag: "ArchiveReasonUnmapped", eventId: evt, archived: { reason: reasonId("r-old"), archivedAt: 0 }, at: 0 },
      { _tag: "Unarchived", eventId: evt, at: 0 },
      { _tag: "ProgressTagChanged", tag: "Acme: invited", at: 0 },
      { _tag: "CandidateErased", teamId, opportunityId, eventId: evt, at: 0 }
    ]
    for (const event of events) {
      const entry = Timeline.describe(event)
      assert.strictEqual(entry.kind, event._tag)
      assert.isTrue(entry.message.length > 10, event._tag)
      assert.match(entry.message, /[.]$/, event._tag)
    }
  })

  it("explains each blocked invite with what to do", () => {
    assert.strictEqual(
      blocked({ _tag: "NoTag", knownTags: ["Acme Senior SWE", "Acme Junior Web"], stageName: "Tech assessment" }),
      "Invite not sent: the candidate has no interview-type tag; add one of the tags “Acme Senior SWE” or " +
        "“Acme Junior Web” in Lever, then move the candidate to “Tech assessment” again. A note in Lever tells the recruiter."
    )
    assert.include(blocked({ _tag: "SeveralTags", tags: ["A", "B"], stageName: "S" }), "several interview-type tags (“A”, “B”); keep exactly one")
    assert.include(blocked({ _tag: "NoEmail", stageName: "S" }), "no email address")
    assert.include(blocked({ _tag: "Archived", reasonId: reasonId("r-fit") }), "archived")
    assert.include(blocked({ _tag: "NotInStage", currentStageId: stageId("screen") }), "already left the assessment stage (now in stage screen)")
    assert.include(blocked({ _tag: "NotInStage", currentStageId: null }), "(no stage)")
    assert.include(blocked({ _tag: "NoInterviewTypes" }), "no interview types")
  })

  it("says a confidential opportunity needs a key with confidential access", () => {
    const confidential = blocked({ _tag: "Unreadable", reason: "Confidential" })
    assert.include(confidential, "confidential")
    assert.include(confidential, "Allow access to confidential data")
    assert.include(blocked({ _tag: "Unreadable", reason: "NotFound" }), "no longer has this opportunity")
  })

  it("records skips with their reason", () => {
    assert.include(message({ _tag: "IntegrationOff", eventId: evt, at: 0 }), "skipped: the Lever integration is switched off")
    assert.include(message({ _tag: "StageIgnored", eventId: evt, stageId: stageId("screen"), reason: "NotMapped", at: 0 }), "not mapped")
    assert.include(message({ _tag: "StageIgnored", eventId: evt, stageId: stageId("screen"), reason: "MappingIncomplete", at: 0 }), "mapping is not complete")
    assert.include(message({ _tag: "DuplicateInviteIgnored", eventId: evt, interviewTypeId: senior.id, state: "invite_pending", at: 0 }), "(invite pending); no new invite")
  })

  it("describes invites, results and archive outcomes", () => {
    assert.strictEqual(message({ _tag: "InviteRequested", eventId: evt, invite, at: 0 }), "Invite requested: Senior SWE to ada@example.com (resend 1).")
    assert.include(message({ _tag: "InviteSent", key, interviewId: interviewId("int-1"), inviteUrl: null, expiresAt: 0, at: 0 }), "expires 1970-01-01T00:00:00.000Z")
    assert.strictEqual(message({ _tag: "InterviewStatusChanged", key, state: "expired", at: 0 }), "The invite expired before the interview was completed; it can be resent.")
    assert.strictEqual(
      message({ _tag: "ResultRecorded", key, score: 40, summary: "s", reportUrl: "https://r", passed: false, at: 0 }),
      "Result received: score 40, not passed; report https://r."
    )
    assert.include(message({ _tag: "OfferStatusSet", eventId: evt, archived: { reason: reasonId("r-fit"), archivedAt: 0 }, offerStatus: "Rejected", at: 0 }), "offer status set to Rejected")
    assert.include(message({ _tag: "ArchiveReasonUnmapped", eventId: evt, archived: { reason: reasonId("r-old"), archivedAt: 0 }, at: 0 }), "setup problem")
    assert.strictEqual(message({ _tag: "ProgressTagChanged", tag: null, at: 0 }), "Progress tag removed in Lever.")
  })
})
