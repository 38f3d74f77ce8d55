/**
 * The invite lifecycle of the provider protocol: today's state names with the first releases' still
 * readable, earlier attempts kept with their state and expiry, and the provider's own verdict.
 */
import { assert, describe, it } from "@effect/vitest"
import { Result, Schema } from "effect"
import { Candidate } from "../src/index.ts"
import type { CandidateCommand, CandidateState } from "../src/Candidate.ts"
import { eventId, interviewId, opportunityId, ready, senior, stageChange, teamId } from "./fixtures.ts"

const run = (state: CandidateState | null, command: CandidateCommand): CandidateState | null => {
  const decided = Candidate.decide(state, command)
  if (Result.isFailure(decided)) throw new Error(decided.failure.message)
  return Candidate.replay(decided.success.events, state)
}
const key = (attempt: number) => Candidate.inviteKey(teamId, opportunityId, senior.id, attempt)

const invitedOnce = () => {
  const moved = run(null, stageChange())
  return run(moved, {
    _tag: "RecordInviteSent",
    key: key(0),
    interviewId: interviewId("int-1"),
    inviteUrl: "https://provider.example/i/1",
    expiresAt: 9_000,
    settings: ready,
    at: 2_000
  })
}

describe("invite lifecycle", () => {
  it("reads the first releases' state names as today's", () => {
    const decode = Schema.decodeUnknownSync(Candidate.StoredInviteState)
    assert.deepStrictEqual(
      ["invite_pending", "invited", "completed", "graded", "started"].map((s) => decode(s)),
      ["pending", "sent", "submitted", "graded", "started"]
    )
    const status = Schema.decodeUnknownSync(Candidate.InterviewStatus)
    assert.strictEqual(status("completed"), "submitted")
  })

  it("an expired invite resent: the new attempt pending with a new key, the old one kept with state and expiry", () => {
    const sent = invitedOnce()
    assert.strictEqual(Candidate.inviteState(sent), "sent")
    const expired = run(sent, { _tag: "ReportInterviewStatus", interviewId: interviewId("int-1"), status: "expired", settings: ready, at: 9_500 })
    assert.strictEqual(Candidate.inviteState(expired), "expired")
    const resent = run(expired, { _tag: "RequestResend", interviewTypeId: null, eventId: eventId(2), settings: ready, at: 10_000 })
    const invite = Candidate.currentInvite(resent)!
    assert.strictEqual(invite.state, "pending")
    assert.strictEqual(invite.key, key(1))
    assert.deepStrictEqual(invite.previousAttempts?.map((a) => [a.attempt, a.state, a.interviewId, a.expiresAt]), [
      [0, "expired", interviewId("int-1"), 9_000]
    ])
  })

  it("a sent invite never started and resent is listed as cancelled", () => {
    const resent = run(invitedOnce(), { _tag: "RequestResend", interviewTypeId: null, eventId: eventId(2), settings: ready, at: 3_000 })
    assert.deepStrictEqual(Candidate.currentInvite(resent)!.previousAttempts?.map((a) => a.state), ["cancelled"])
  })

  it("the provider's outcome wins over the interview type's threshold", () => {
    const graded = run(invitedOnce(), {
      _tag: "ReportResult",
      interviewId: interviewId("int-1"),
      score: 10,
      summary: "",
      reportUrl: "https://provider.example/r/1",
      outcome: "pass",
      settings: ready,
      at: 4_000
    })
    assert.strictEqual(Candidate.currentInvite(graded)!.passed, true)
    assert.strictEqual(Candidate.inviteState(graded), "graded")
  })
})
