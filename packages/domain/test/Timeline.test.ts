import { assert, describe, it } from "@effect/vitest"
import { Candidate, Names, Timeline } from "../src/index.ts"
import type { CandidateEvent, InviteBlock } from "../src/Candidate.ts"
import { eventId, interviewId, opportunityId, ready, reasonId, senior, stageId, teamId } from "./fixtures.ts"

const key = Candidate.inviteKey(teamId, opportunityId, senior.id, 0)
const evt = eventId(1)

const invite: Candidate.Invite = {
  key: Candidate.inviteKey(teamId, opportunityId, senior.id, 1),
  interviewType: senior,
  attempt: 1,
  state: "pending",
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

const names = Names.fromSettings(ready)
const message = (event: CandidateEvent, known: Names.Names = names) => Timeline.describe(event, known).message
const blocked = (block: InviteBlock) => message({ _tag: "InviteBlocked", eventId: evt, block, at: 0 })

describe("Timeline.describe", () => {
  it("gives every kind of event a kind and a sentence", () => {
    const events: ReadonlyArray<CandidateEvent> = [
      { _tag: "CandidateSeen", teamId, opportunityId, name: "Ada", email: null, stageId: null, at: 0 },
      { _tag: "IntegrationOff", eventId: evt, at: 0 },
      { _tag: "StageIgnored", eventId: evt, stageId: stageId("screen"), reason: "NotMapped", at: 0 },
      { _tag: "InviteRequested", eventId: evt, invite, at: 0 },
      { _tag: "InviteBlocked", eventId: evt, block: { _tag: "NoInterviewTypes" }, at: 0 },
      { _tag: "DuplicateInviteIgnored", eventId: evt, interviewTypeId: senior.id, state: "sent", at: 0 },
      { _tag: "InviteSent", key, interviewId: interviewId("int-1"), inviteUrl: null, expiresAt: null, at: 0 },
      { _tag: "InviteFailed", key, reason: "bounced", at: 0 },
      { _tag: "InterviewStarted", key, at: 0 },
      { _tag: "InterviewStatusChanged", key, state: "submitted", at: 0 },
      { _tag: "ResultRecorded", key, score: 80, summary: "s", reportUrl: "https://r", passed: true, at: 0 },
      { _tag: "NextStepSet", eventId: evt, nextStep: "onsite", at: 0 },
      { _tag: "OfferStatusSet", eventId: evt, archived: { reason: reasonId("r-fit"), archivedAt: 0 }, offerStatus: "Rejected", at: 0 },
      { _tag: "ArchiveReasonUnmapped", eventId: evt, archived: { reason: reasonId("r-old"), archivedAt: 0 }, at: 0 },
      { _tag: "Unarchived", eventId: evt, at: 0 },
      { _tag: "ProgressTagChanged", tag: "Acme: invited", at: 0 },
      { _tag: "CandidateErased", teamId, opportunityId, eventId: evt, at: 0 }
    ]
    for (const event of events) {
      const entry = Timeline.describe(event, names)
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
    assert.include(
      blocked({ _tag: "Archived", reasonId: reasonId("r-fit") }),
      "the candidate is archived (“Not a fit”); unarchive, then move the candidate to “Tech assessment” again."
    )
    assert.include(blocked({ _tag: "NotInStage", currentStageId: stageId("screen") }), "already left “Tech assessment” (now in “Phone screen”)")
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
    assert.include(message({ _tag: "DuplicateInviteIgnored", eventId: evt, interviewTypeId: senior.id, state: "pending", at: 0 }), "(pending); no new invite")
  })

  it("describes invites, results and archive outcomes", () => {
    assert.strictEqual(message({ _tag: "InviteRequested", eventId: evt, invite, at: 0 }), "Invite requested: Senior SWE to ada@example.com (resend 1).")
    assert.include(message({ _tag: "InviteSent", key, interviewId: interviewId("int-1"), inviteUrl: null, expiresAt: 0, at: 0 }), "expires 1970-01-01T00:00:00.000Z")
    assert.strictEqual(message({ _tag: "InterviewStatusChanged", key, state: "expired", at: 0 }), "The invite expired before the interview was completed; it can be resent.")
    assert.strictEqual(
      message({ _tag: "ResultRecorded", key, score: 40, summary: "s", reportUrl: "https://r", passed: false, at: 0 }),
      "Result received: score 40, not passed; report https://r."
    )
    assert.strictEqual(
      message({ _tag: "OfferStatusSet", eventId: evt, archived: { reason: reasonId("r-fit"), archivedAt: 0 }, offerStatus: "Rejected", at: 0 }),
      "Archived in Lever: “Not a fit” → offer status Rejected."
    )
    assert.strictEqual(
      message({ _tag: "ArchiveReasonUnmapped", eventId: evt, archived: { reason: reasonId("r-old"), archivedAt: 0 }, at: 0 }),
      "Archived in Lever: “Old reason” has no offer status yet, so it is recorded as a setup problem; map the reason in the settings."
    )
    assert.strictEqual(message({ _tag: "ProgressTagChanged", tag: null, at: 0 }), "Progress tag removed in Lever.")
  })

  it("names stages as the team's Lever stages and stage mapping name them", () => {
    assert.strictEqual(
      message({ _tag: "CandidateSeen", teamId, opportunityId, name: "Ada", email: "ada@example.com", stageId: stageId("assess"), at: 0 }),
      "Read from Lever: Ada, ada@example.com, in “Tech assessment” (mapped to assessment)."
    )
    assert.include(
      message({ _tag: "CandidateSeen", teamId, opportunityId, name: "Ada", email: null, stageId: stageId("screen"), at: 0 }),
      "no email, in “Phone screen”."
    )
    assert.strictEqual(
      message({ _tag: "StageIgnored", eventId: evt, stageId: stageId("screen"), reason: "NotMapped", at: 0 }),
      "Moved to “Phone screen” in Lever, which is not mapped to assessment, onsite or offer: nothing to do."
    )
    assert.include(message({ _tag: "StageIgnored", eventId: evt, stageId: stageId("assess"), reason: "Superseded", at: 0 }), "Stage change to “Tech assessment” superseded")
    assert.strictEqual(
      message({ _tag: "NextStepSet", eventId: evt, nextStep: "onsite", at: 0 }),
      "Next step set to onsite (moved to “Onsite”); the assessment provider is told."
    )
    assert.include(
      message({ _tag: "DuplicateInviteIgnored", eventId: evt, interviewTypeId: senior.id, state: "sent", at: 0 }),
      "already has an invite for “Senior SWE” (sent)"
    )
  })

  it("names a stage by its current Lever name once Lever renamed it", () => {
    const renamed = Names.fromSettings({
      ...ready,
      leverStages: { readAt: 9, stages: [{ id: stageId("assess"), text: "Coding test" }] }
    })
    assert.include(
      message({ _tag: "StageIgnored", eventId: evt, stageId: stageId("assess"), reason: "Superseded", at: 0 }, renamed),
      "Stage change to “Coding test” superseded"
    )
  })

  it("falls back to ids when the names are not known", () => {
    const unknown = (event: CandidateEvent) => message(event, Names.unknown)
    assert.include(
      unknown({ _tag: "CandidateSeen", teamId, opportunityId, name: "Ada", email: null, stageId: stageId("lead-new"), at: 0 }),
      "no email, in stage lead-new."
    )
    assert.include(
      unknown({ _tag: "StageIgnored", eventId: evt, stageId: stageId("lead-new"), reason: "NotMapped", at: 0 }),
      "Moved to stage lead-new in Lever"
    )
    assert.strictEqual(
      unknown({ _tag: "OfferStatusSet", eventId: evt, archived: { reason: reasonId("r-gone"), archivedAt: 0 }, offerStatus: "Rejected", at: 0 }),
      "Archived in Lever: reason r-gone → offer status Rejected."
    )
    assert.include(
      unknown({ _tag: "InviteBlocked", eventId: evt, block: { _tag: "NotInStage", currentStageId: stageId("screen") }, at: 0 }),
      "already left the assessment stage (now in stage screen)"
    )
    assert.strictEqual(
      unknown({ _tag: "NextStepSet", eventId: evt, nextStep: "offer", at: 0 }),
      "Next step set to offer; the assessment provider is told."
    )
    assert.include(
      unknown({ _tag: "DuplicateInviteIgnored", eventId: evt, interviewTypeId: senior.id, state: "sent", at: 0 }),
      "an invite for interview type senior (sent)"
    )
  })
})
