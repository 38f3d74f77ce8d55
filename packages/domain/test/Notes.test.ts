import { assert, describe, it } from "@effect/vitest"
import { Notes } from "../src/index.ts"

describe("Notes markers", () => {
  it("derives a marker from the cause and kind", () => {
    assert.strictEqual(Notes.marker("evt-1", "no-tag"), "fulcrum:evt-1:no-tag")
  })

  it("appends the marker as the final line", () => {
    const text = Notes.withMarker("Hello", "fulcrum:evt-1:no-tag")
    assert.strictEqual(text, "Hello\n\n[fulcrum ref: fulcrum:evt-1:no-tag]")
    assert.isTrue(text.endsWith("[fulcrum ref: fulcrum:evt-1:no-tag]"))
  })

  it("finds its own marker, and only a whole-line match", () => {
    const text = Notes.withMarker("Sent", "fulcrum:k:resend-1:sent")
    assert.isTrue(Notes.hasMarker(text, "fulcrum:k:resend-1:sent"))
    assert.isFalse(Notes.hasMarker(text, "fulcrum:k:resend-1"))
    assert.isFalse(Notes.hasMarker(Notes.withMarker("Sent", "fulcrum:k:resend-10:sent"), "fulcrum:k:resend-1:sent"))
    assert.isFalse(Notes.hasMarker("no marker here", "fulcrum:k:resend-1:sent"))
  })

  it("finds a marker in a note Lever returns with CRLF line endings", () => {
    assert.isTrue(Notes.hasMarker("Sent\r\n\r\n[fulcrum ref: m]\r\n", "m"))
  })
})

describe("Notes texts", () => {
  it("invite sent: interview type, email, time in ISO UTC, expiry", () => {
    const text = Notes.inviteSent({ interviewTypeName: "Senior SWE", email: "ada@example.com", sentAt: 0, expiresAt: 86_400_000 })
    assert.strictEqual(
      text,
      "Assessment invite sent: Senior SWE, to ada@example.com, at 1970-01-01T00:00:00.000Z.\n" +
        "The invite expires at 1970-01-02T00:00:00.000Z."
    )
    assert.notInclude(Notes.inviteSent({ interviewTypeName: "X", email: "e", sentAt: 0, expiresAt: null }), "expires")
  })

  it("no tag: lists every tag and names the stage to move to again", () => {
    const text = Notes.noTag({ knownTags: ["Acme Senior SWE", "Acme Junior Web"], stageName: "Tech assessment" })
    assert.include(text, "no interview-type tag")
    assert.include(text, "  • Acme Senior SWE\n  • Acme Junior Web")
    assert.include(text, "case-sensitive")
    assert.include(text, "then move the candidate to “Tech assessment” again.")
  })

  it("several tags: lists them and asks to keep one", () => {
    const text = Notes.severalTags({ tags: ["A", "B"], stageName: "Assess" })
    assert.include(text, "  • A\n  • B")
    assert.include(text, "keep exactly one of them, then move the candidate to “Assess” again.")
  })

  it("no email, archived, no interview types: say what to do and where to move", () => {
    assert.include(Notes.noEmail({ stageName: "Assess" }), "add an email address to the candidate in Lever, then move the candidate to “Assess” again.")
    const archived = Notes.archived({ stageName: "Assess", reason: "“Underqualified”" })
    assert.include(archived, "this candidate is archived (“Underqualified”).")
    assert.include(archived, "unarchive the candidate, then move the candidate to “Assess” again.")
    assert.include(Notes.noInterviewTypes({ stageName: "Assess" }), "ask your assessment admin to add an interview type")
  })

  it("failure and expiry: what happened and how to try again", () => {
    const failed = Notes.inviteFailed({
      interviewTypeName: "Senior SWE",
      email: "ada@example.com",
      reason: "mailbox does not exist",
      stage: "“Tech assessment”"
    })
    assert.include(failed, "(Senior SWE) to ada@example.com could not be sent: mailbox does not exist")
    assert.include(failed, "move the candidate out of “Tech assessment” and back in")
    const expired = Notes.inviteExpired({ interviewTypeName: "Senior SWE", at: 0, stage: "the assessment stage" })
    assert.include(expired, "expired at 1970-01-01T00:00:00.000Z")
    assert.include(expired, "move the candidate out of the assessment stage and back in")
    assert.include(expired, "resend")
  })

  it("result: score with verdict, summary and report link", () => {
    assert.strictEqual(
      Notes.result({
        interviewTypeName: "Senior SWE",
        score: 82,
        passThreshold: 70,
        passed: true,
        summary: "Strong design, good tests.",
        reportUrl: "https://assess.example/r/1"
      }),
      "Assessment graded: Senior SWE.\nScore: 82 (passed: the threshold is 70)\nSummary: Strong design, good tests.\n" +
        "Report: https://assess.example/r/1"
    )
    assert.strictEqual(
      Notes.result({ interviewTypeName: "Junior Web", score: null, passThreshold: undefined, passed: null, summary: " ", reportUrl: "u" }),
      "Assessment graded: Junior Web.\nReport: u"
    )
    assert.include(
      Notes.result({ interviewTypeName: "S", score: 10, passThreshold: 70, passed: false, summary: "", reportUrl: "u" }),
      "Score: 10 (did not pass: the threshold is 70)"
    )
  })
})
