import { ApiErrors } from "@fulcrum/api"
import { InterviewScheduler } from "@fulcrum/core"
import { Ids } from "@fulcrum/domain"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { FulcrumError, NotFoundError, SchedulerRejectedError, UnprocessableError } from "../src/index.ts"
import * as Scheduler from "../src/Scheduler.ts"

describe("the façade's errors", () => {
  it("are classes with the API's status, tag and details", () => {
    const error = new UnprocessableError(new ApiErrors.Unprocessable({ reason: "StageMappedTwice", message: "Twice" }))
    expect(error).toBeInstanceOf(FulcrumError)
    expect([error.status, error.tag, error.name, error.message]).toEqual([422, "Unprocessable", "UnprocessableError", "Twice"])
    expect(error.details).toEqual({ reason: "StageMappedTwice" })
    expect(new NotFoundError(new ApiErrors.NotFound({ message: "No team x" })).status).toBe(404)
  })
})

describe("the scheduler's async functions as the InterviewScheduler port", () => {
  const request = {
    key: "invite-1",
    teamId: Ids.TeamId.make("acme"),
    opportunityId: Ids.OpportunityId.make("opp-1"),
    candidateName: "Ada",
    email: "ada@example.com",
    interviewType: { id: Ids.InterviewTypeId.make("swe"), name: "SWE", tag: "swe" },
    attempt: 1
  } as unknown as InterviewScheduler.InviteRequest
  const port = (sendInvite: Scheduler.Scheduler["sendInvite"]) =>
    Effect.runPromise(Effect.flip(Effect.gen(function*() {
      const scheduler = yield* InterviewScheduler.InterviewScheduler
      return yield* scheduler.sendInvite(request)
    }).pipe(Effect.provide(Scheduler.layer({ sendInvite, notifyNextStep: async () => {}, cancel: async () => {} })))))

  it("a SchedulerRejectedError is a refusal for good; any other rejection is transient (retried)", async () => {
    expect(await port(async () => { throw new SchedulerRejectedError("invalid email") })).toMatchObject({
      _tag: "SchedulerRejected",
      reason: "invalid email"
    })
    expect(await port(async () => { throw new Error("ECONNRESET") })).toMatchObject({
      _tag: "SchedulerUnavailable",
      message: "ECONNRESET"
    })
  })
})
