/**
 * The reference guide's "Testing the Lever integration" sequence, end to end through the core with every
 * adapter in memory: configure a team, tag a candidate, move them to the assessment stage (invite +
 * note), a duplicate delivery (nothing new), grading (results note with the report URL), onsite (next
 * step), archive with "Underqualified" (Rejected); the no-tag path; and Lever's "Verify connection".
 */
import { assert, describe, it } from "@effect/vitest"
import {
  Candidates,
  InterviewSchedulerMemory,
  ReceiveWebhook,
  Results,
  TeamSetup
} from "@fulcrum/core"
import { Clock, Effect } from "effect"
import { Control } from "../../src/index.ts"
import {
  archiveReasonIds,
  candidateEntersAssessment,
  candidateOf,
  configureTeam,
  createCandidate,
  deliver,
  drain,
  stageIds,
  tag,
  teamId,
  TestLayer,
  verifyConnection
} from "./support.ts"

describe("the reference guide's test sequence, in memory", () => {
  it.effect("walks setup, invite, duplicate, grading, onsite and archive", () =>
    Effect.gen(function*() {
      const lever = yield* Control.ControlHandle
      const scheduler = yield* InterviewSchedulerMemory.Control

      const configured = yield* configureTeam
      const pending = configured.checklist.items.filter((item) => !item.done).map((item) => item.id)
      assert.deepStrictEqual(pending.length, 1, `only "webhooks seen" is left, got ${pending.join(", ")}`)
      yield* verifyConnection
      const ready = yield* TeamSetup.getTeam(teamId)
      assert.isTrue(ready.checklist.ready, JSON.stringify(ready.checklist.items.filter((i) => !i.done)))
      assert.isTrue(ready.checklist.setupKeyNoLongerNeeded)

      // A test candidate, tagged BEFORE the move, then moved to the assessment stage.
      const { delivery, opportunity } = yield* candidateEntersAssessment("Ada Lovelace", "ada@example.com")
      yield* drain

      const invites = yield* scheduler.invites
      assert.strictEqual(invites.length, 1)
      assert.strictEqual(invites[0]!.request.email, "ada@example.com")
      assert.strictEqual(invites[0]!.request.interviewType.tag, tag)
      const notesAfterInvite = yield* lever.listNotes(opportunity.id)
      assert.strictEqual(notesAfterInvite.length, 1)
      assert.match(notesAfterInvite[0]!.text, /Assessment invite recorded, NOT sent: Senior SWE, for ada@example\.com/)
      const invited = yield* Candidates.listCandidates(teamId, { inviteState: "sent" })
      assert.deepStrictEqual(invited.candidates.map((c) => c.opportunityId), [opportunity.id])

      // Lever retries the same delivery: acknowledged, nothing new.
      const duplicate = yield* ReceiveWebhook.receiveWebhook({
        teamId,
        webhook: "stageChange",
        rawBody: delivery.body,
        receivedAt: yield* Clock.currentTimeMillis
      })
      assert.strictEqual(duplicate._tag, "Duplicate")
      yield* drain
      assert.strictEqual((yield* scheduler.invites).length, 1)
      assert.strictEqual((yield* lever.listNotes(opportunity.id)).length, 1)

      // The provider grades the interview: a results note with the report URL.
      const interviewId = invites[0]!.sent.interviewId
      yield* Results.reportResult(teamId, interviewId, {
        score: 3.5,
        summary: "Strong on system design; solid tests.",
        reportUrl: "https://assess.example/reports/ada"
      })
      yield* drain
      const graded = yield* candidateOf(opportunity.id)
      assert.strictEqual(graded.invites[graded.currentInterviewTypeId!]!.state, "graded")
      const resultsNote = (yield* lever.listNotes(opportunity.id)).at(-1)!
      assert.include(resultsNote.text, "https://assess.example/reports/ada")

      // Onsite: the next step is set and the provider told.
      yield* lever.moveToStage(opportunity.id, stageIds.onsiteInterview)
      yield* deliver
      yield* drain
      assert.strictEqual((yield* candidateOf(opportunity.id)).nextStep, "onsite")
      const notifications = yield* scheduler.notifications
      assert.deepStrictEqual(notifications.map((n) => n.nextStep), ["onsite"])

      // Rejected with "Underqualified": the offer status follows the mapping.
      yield* lever.archive(opportunity.id, archiveReasonIds.underqualified)
      yield* deliver
      yield* drain
      assert.strictEqual((yield* candidateOf(opportunity.id)).offerStatus, "Rejected")

      const { timeline } = yield* Candidates.candidateTimeline(teamId, opportunity.id)
      const kinds = timeline.map((entry) => entry.kind)
      for (const kind of ["InviteRequested", "InviteSent", "ResultRecorded", "NextStepSet", "OfferStatusSet"]) {
        assert.include(kinds, kind)
      }
      // The timeline names stages and reasons as the team's Lever does, not by id.
      const messages = timeline.map((entry) => entry.message)
      assert.include(messages, "Next step set to onsite (moved to “Onsite Interview”); the assessment provider is told.")
      assert.include(messages, "Archived in Lever: “Underqualified” → offer status Rejected.")
    }).pipe(Effect.provide(TestLayer)))

  it.effect("explains a missing tag in a note, then invites once the candidate is tagged and moved again", () =>
    Effect.gen(function*() {
      const lever = yield* Control.ControlHandle
      const scheduler = yield* InterviewSchedulerMemory.Control
      yield* configureTeam
      yield* verifyConnection

      const opportunity = yield* createCandidate({
        name: "Grace Hopper",
        emails: ["grace@example.com"],
        stage: stageIds.newApplicant
      })
      yield* lever.moveToStage(opportunity.id, stageIds.technicalAssessment)
      yield* deliver
      yield* drain
      assert.strictEqual((yield* scheduler.invites).length, 0)
      const [explanation] = yield* lever.listNotes(opportunity.id)
      assert.include(explanation!.text, "no interview-type tag")
      assert.include(explanation!.text, tag)
      assert.include(explanation!.text, "Technical Assessment")
      const { timeline } = yield* Candidates.candidateTimeline(teamId, opportunity.id)
      assert.include(timeline.map((entry) => entry.kind), "InviteBlocked")

      yield* lever.addTags(opportunity.id, [tag])
      yield* lever.moveToStage(opportunity.id, stageIds.newApplicant)
      yield* lever.moveToStage(opportunity.id, stageIds.technicalAssessment)
      yield* deliver
      yield* drain
      const invites = yield* scheduler.invites
      assert.strictEqual(invites.length, 1)
      assert.strictEqual(invites[0]!.request.email, "grace@example.com")
      assert.match((yield* lever.listNotes(opportunity.id)).at(-1)!.text, /Assessment invite recorded, NOT sent/)
    }).pipe(Effect.provide(TestLayer)))

  it.effect("answers Lever's Verify connection and marks the webhooks as seen", () =>
    Effect.gen(function*() {
      yield* configureTeam
      const before = yield* TeamSetup.getTeam(teamId)
      const webhooksItem = (team: TeamSetup.TeamView) =>
        team.checklist.items.find((item) => item.id === "webhooks")
      assert.isFalse(webhooksItem(before)?.done ?? true)
      yield* verifyConnection
      const after = yield* TeamSetup.getTeam(teamId)
      assert.isTrue(webhooksItem(after)?.done ?? false)
      assert.isTrue(after.checklist.ready)
    }).pipe(Effect.provide(TestLayer)))

  it.effect("keeps one progress tag on the opportunity when the team turns progress tags on", () =>
    Effect.gen(function*() {
      const lever = yield* Control.ControlHandle
      const scheduler = yield* InterviewSchedulerMemory.Control
      yield* configureTeam
      yield* verifyConnection
      yield* TeamSetup.configureProgressTags(teamId, { enabled: true, prefix: "Assessment" })
      const team = yield* TeamSetup.getTeam(teamId)
      const typeId = team.settings.interviewTypes[0]!.id
      yield* TeamSetup.removeInterviewType(teamId, typeId)
      yield* TeamSetup.addInterviewType(teamId, { name: "Senior SWE", tag, passThreshold: 3 })

      const opportunity = yield* createCandidate({
        name: "Katherine Johnson",
        emails: ["katherine@example.com"],
        tags: [tag, "Referral"],
        stage: stageIds.newApplicant
      })
      yield* lever.moveToStage(opportunity.id, stageIds.technicalAssessment)
      yield* deliver
      yield* drain
      const afterInvite = yield* lever.getOpportunity(opportunity.id)
      assert.include(afterInvite.tags, "Assessment: invited")

      const [invite] = yield* scheduler.invites
      yield* Results.reportResult(teamId, invite!.sent.interviewId, {
        score: 3.5,
        summary: "Passed",
        reportUrl: "https://assess.example/reports/katherine"
      })
      yield* drain
      const afterGrade = yield* lever.getOpportunity(opportunity.id)
      assert.include(afterGrade.tags, "Assessment: passed")
      assert.notInclude(afterGrade.tags, "Assessment: invited")
      // Tags the recruiter added are never touched.
      assert.include(afterGrade.tags, "Referral")
      assert.include(afterGrade.tags, tag)
    }).pipe(Effect.provide(TestLayer)))
})
