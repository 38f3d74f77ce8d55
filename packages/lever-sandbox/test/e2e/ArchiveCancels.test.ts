/**
 * A candidate archived in Lever while their invite is open: the worker cancels the interview at the
 * provider (reason `archived`, once, whatever Lever repeats), the invite is `cancelled`, and the
 * recruiter reads it in a note on the candidate; a deleted candidate's open interview is cancelled with
 * reason `candidateDeleted`.
 */
import { assert, describe, it } from "@effect/vitest"
import { Events, InterviewSchedulerMemory, ReceiveWebhook, TeamSetup } from "@fulcrum/core"
import { Candidate } from "@fulcrum/domain"
import { Clock, Effect } from "effect"
import { Control } from "../../src/index.ts"
import {
  archiveReasonIds,
  candidateEntersAssessment,
  candidateOf,
  configureTeam,
  deliver,
  drain,
  keys,
  publicBaseUrl,
  teamId,
  TestLayer,
  verifyConnection
} from "./support.ts"

describe("open invites at archive and deletion", () => {
  it.effect("archived: the open interview is cancelled at the provider once, the invite is cancelled, Lever is told", () =>
    Effect.gen(function*() {
      const lever = yield* Control.ControlHandle
      const provider = yield* InterviewSchedulerMemory.Control
      yield* configureTeam
      yield* verifyConnection
      const { opportunity } = yield* candidateEntersAssessment("Dorothy Vaughan", "dorothy.vaughan@example.com")
      yield* drain
      const [invite] = yield* provider.invites
      assert.strictEqual(Candidate.inviteState(yield* candidateOf(opportunity.id)), "sent")

      yield* lever.archive(opportunity.id, archiveReasonIds.withdrew)
      const delivered = yield* deliver
      yield* drain
      assert.deepStrictEqual(
        (yield* provider.cancellations).map(({ interviewId, reason }) => ({ interviewId, reason })),
        [{ interviewId: invite!.sent.interviewId, reason: "archived" }]
      )
      assert.strictEqual(Candidate.inviteState(yield* candidateOf(opportunity.id)), "cancelled")
      const notes = (yield* lever.listNotes(opportunity.id)).map((note) => note.text)
      assert.strictEqual(notes.filter((note) => note.includes("was cancelled at the assessment platform")).length, 1)

      // Lever delivering the same archive again, and the admin replaying it, change nothing.
      const [archived] = delivered
      const again = yield* ReceiveWebhook.receiveWebhook({
        teamId,
        webhook: "archiveChange",
        rawBody: archived!.delivery.body,
        receivedAt: yield* Clock.currentTimeMillis
      })
      assert.strictEqual(again._tag, "Duplicate")
      if (archived!.outcome._tag === "Accepted") yield* Events.replayEvent(teamId, archived!.outcome.eventId)
      yield* drain
      assert.strictEqual((yield* provider.cancellations).length, 1)
      assert.strictEqual(
        (yield* lever.listNotes(opportunity.id)).filter((note) => note.text.includes("was cancelled at the assessment platform")).length,
        1
      )
    }).pipe(Effect.provide(TestLayer)))

  it.effect("deleted: the open interview is cancelled with reason candidateDeleted", () =>
    Effect.gen(function*() {
      const lever = yield* Control.ControlHandle
      const provider = yield* InterviewSchedulerMemory.Control
      yield* configureTeam
      yield* verifyConnection
      // The optional candidateDeleted webhook too.
      yield* TeamSetup.registerWebhooks(teamId, { publicBaseUrl, setupKey: keys.setup, includeCandidateDeleted: true })
      yield* verifyConnection
      const { opportunity } = yield* candidateEntersAssessment("Mary Jackson", "mary.jackson@example.com")
      yield* drain
      yield* lever.deleteOpportunity(opportunity.id)
      yield* deliver
      yield* drain
      assert.deepStrictEqual((yield* provider.cancellations).map(({ reason }) => reason), ["candidateDeleted"])
    }).pipe(Effect.provide(TestLayer)))
})
