import { assert, describe, it } from "@effect/vitest"
import { Candidate, Ids } from "@fulcrum/domain"
import { Effect } from "effect"
import * as InterviewSchedulerMemory from "../../src/memory/InterviewSchedulerMemory.ts"
import { InterviewScheduler } from "../../src/ports/InterviewScheduler.ts"
import type { InviteRequest } from "../../src/ports/InterviewScheduler.ts"
import * as InterviewSchedulerContract from "../../src/testing/InterviewSchedulerContract.ts"

InterviewSchedulerContract.suite(
  "InterviewSchedulerMemory satisfies the InterviewScheduler contract",
  InterviewSchedulerMemory.layer
)

InterviewSchedulerContract.suite(
  "InterviewSchedulerMemory with interview types satisfies the InterviewScheduler contract",
  InterviewSchedulerMemory.layerWith({ interviewTypes: [{ id: "take-home", name: "Take-home" }] })
)

const teamId = Ids.TeamId.make("acme")
const opportunityId = Ids.OpportunityId.make("opp-1")
const takeHome = { id: Ids.InterviewTypeId.make("take-home"), name: "Take-home", tag: "Take-home" }

const invite = (overrides: Partial<InviteRequest> = {}): InviteRequest => ({
  key: Candidate.inviteKey(teamId, opportunityId, takeHome.id, overrides.attempt ?? 0),
  teamId,
  opportunityId,
  candidateName: "Ada Lovelace",
  email: "ada@example.com",
  interviewType: takeHome,
  attempt: 0,
  ...overrides
})

describe("InterviewSchedulerMemory", () => {
  it.effect("records one invite per key and counts every call", () =>
    Effect.gen(function*() {
      const scheduler = yield* InterviewScheduler
      const provider = yield* InterviewSchedulerMemory.Control
      const first = yield* scheduler.sendInvite(invite())
      const second = yield* scheduler.sendInvite(invite({ candidateName: "changed, same key" }))
      assert.deepStrictEqual(second, first)
      assert.strictEqual(first.inviteUrl, `https://assessments.memory.invalid/invite/${first.interviewId}`)
      assert.strictEqual(first.expiresAt, 7 * 24 * 60 * 60 * 1000, "expiry counts from the Effect clock")
      const invites = yield* provider.invites
      assert.strictEqual(invites.length, 1)
      assert.strictEqual(invites[0]?.calls, 2)
      assert.strictEqual(invites[0]?.request.candidateName, "Ada Lovelace")
      assert.strictEqual((yield* provider.calls).sendInvite, 2)
    }).pipe(Effect.provide(InterviewSchedulerMemory.layer)))

  it.effect("fails the next calls while the provider is down, remembering nothing", () =>
    Effect.gen(function*() {
      const scheduler = yield* InterviewScheduler
      const provider = yield* InterviewSchedulerMemory.Control
      yield* provider.failNext({ times: 2, method: "sendInvite" })
      const down = yield* Effect.flip(scheduler.sendInvite(invite()))
      assert.strictEqual(down._tag, "SchedulerUnavailable")
      assert.strictEqual((yield* Effect.flip(scheduler.sendInvite(invite())))._tag, "SchedulerUnavailable")
      assert.deepStrictEqual(yield* provider.invites, [])
      yield* scheduler.notifyNextStep({ key: "n", teamId, opportunityId, interviewId: null, nextStep: "onsite" })
      const sent = yield* scheduler.sendInvite(invite())
      assert.strictEqual((yield* provider.invites)[0]?.sent.interviewId, sent.interviewId)
      assert.deepStrictEqual(yield* provider.calls, { sendInvite: 3, notifyNextStep: 1, cancel: 0 })

      yield* provider.failNext({ times: 1 })
      assert.strictEqual(
        (yield* Effect.flip(scheduler.cancel({ key: "c", teamId, interviewId: sent.interviewId, reason: "candidateDeleted" })))._tag,
        "SchedulerUnavailable"
      )
      yield* scheduler.cancel({ key: "c", teamId, interviewId: sent.interviewId, reason: "candidateDeleted" })
    }).pipe(Effect.provide(InterviewSchedulerMemory.layer)))

  it.effect("rejects a refused or missing email for good", () =>
    Effect.gen(function*() {
      const scheduler = yield* InterviewScheduler
      const provider = yield* InterviewSchedulerMemory.Control
      yield* provider.rejectEmail("Bounce@Example.com", "mailbox does not exist")
      const refused = yield* Effect.flip(scheduler.sendInvite(invite({ email: "bounce@example.com" })))
      assert.strictEqual(refused._tag === "SchedulerRejected" ? refused.reason : refused._tag, "mailbox does not exist")
      const missing = yield* Effect.flip(scheduler.sendInvite(invite({ email: " " })))
      assert.strictEqual(missing._tag, "SchedulerRejected")
      assert.deepStrictEqual(yield* provider.invites, [])
      // A rejection is not remembered under the key: once the email is fixed, the same key sends.
      yield* scheduler.sendInvite(invite({ email: "ada@example.com" }))
      assert.strictEqual((yield* provider.invites).length, 1)
    }).pipe(Effect.provide(InterviewSchedulerMemory.layer)))

  it.effect("records next steps and cancellations once per key", () =>
    Effect.gen(function*() {
      const scheduler = yield* InterviewScheduler
      const provider = yield* InterviewSchedulerMemory.Control
      const sent = yield* scheduler.sendInvite(invite())
      const next = {
        key: "next:offer",
        teamId,
        opportunityId,
        interviewId: sent.interviewId,
        nextStep: "offer" as const
      }
      yield* scheduler.notifyNextStep(next)
      yield* scheduler.notifyNextStep(next)
      yield* scheduler.cancel({ key: "cancel:1", teamId, interviewId: sent.interviewId, reason: "candidateDeleted" })
      yield* scheduler.cancel({ key: "cancel:1", teamId, interviewId: sent.interviewId, reason: "candidateDeleted" })
      assert.deepStrictEqual(yield* provider.notifications, [{ ...next, at: 0 }])
      assert.deepStrictEqual(yield* provider.cancellations, [
        { key: "cancel:1", teamId, interviewId: sent.interviewId, reason: "candidateDeleted", at: 0 }
      ])
      assert.deepStrictEqual(yield* provider.calls, { sendInvite: 1, notifyNextStep: 2, cancel: 2 })
    }).pipe(Effect.provide(InterviewSchedulerMemory.layer)))

  it.effect("offers listInterviewTypes only when given types", () =>
    Effect.gen(function*() {
      const plain = yield* InterviewSchedulerMemory.make()
      assert.isUndefined(plain.scheduler.listInterviewTypes)
      const withTypes = yield* InterviewSchedulerMemory.make({
        interviewTypes: [{ id: "take-home", name: "Take-home" }],
        inviteTtlMs: 1000,
        inviteBaseUrl: "https://tests.example.com/i/"
      })
      assert.deepStrictEqual(yield* withTypes.scheduler.listInterviewTypes!(teamId), [
        { id: "take-home", name: "Take-home" }
      ])
      const sent = yield* withTypes.scheduler.sendInvite(invite())
      assert.strictEqual(sent.expiresAt, 1000)
      assert.strictEqual(sent.inviteUrl, `https://tests.example.com/i/${sent.interviewId}`)
    }))
})
