import { ApiErrors } from "@fulcrum/api"
import { ConfigStore, InterviewScheduler, ProviderInterviewTypes, StoreError } from "@fulcrum/core"
import { Ids } from "@fulcrum/domain"
import { describe, expect, it } from "vitest"
import { CoreAnswers } from "../src/index.ts"

const eventId = Ids.EventId.make("evt-1")

describe("CoreAnswers", () => {
  it("answers 202 only when a webhook queued work, 200 when it was acknowledged without new work", () => {
    expect(CoreAnswers.webhookStatus({ _tag: "Accepted", eventId })).toBe(202)
    for (
      const outcome of [
        { _tag: "Duplicate", eventId },
        { _tag: "ConnectionVerified", eventId },
        { _tag: "Skipped", eventId, reason: "integration off" },
        { _tag: "Ignored", eventId, event: "candidateHired" }
      ] as const
    ) expect(CoreAnswers.webhookStatus(outcome)).toBe(200)
    expect(CoreAnswers.webhookReceipt({ _tag: "Skipped", eventId, reason: "integration off" })).toEqual({
      status: "skipped",
      eventId,
      message: "integration off"
    })
  })

  it("maps a core error to the API error and its status, hiding a store failure's detail", () => {
    const unknownTeam = CoreAnswers.toApiError(new ConfigStore.TeamNotFound({ teamId: "acme" }))
    expect(unknownTeam._tag).toBe("NotFound")
    expect(ApiErrors.statusOf(unknownTeam)).toBe(404)
    const store = CoreAnswers.toApiError(new StoreError.StoreError({ operation: "load", message: "password=hunter2" }))
    expect(ApiErrors.statusOf(store)).toBe(503)
    expect(JSON.stringify(store)).not.toContain("hunter2")
  })

  it("answers the assessment provider down or refusing as a 502 ProviderUnavailable, none configured as a 422", () => {
    const down = CoreAnswers.toApiError(new InterviewScheduler.SchedulerUnavailable({ message: "connect ECONNREFUSED" }))
    expect([down._tag, ApiErrors.statusOf(down)]).toEqual(["ProviderUnavailable", 502])
    expect(down).toMatchObject({ reason: "Unreachable" })
    const refused = CoreAnswers.toApiError(new InterviewScheduler.SchedulerRejected({ reason: "Unknown team", code: "UnknownTeam" }))
    expect(refused).toMatchObject({ _tag: "ProviderUnavailable", reason: "Refused" })
    expect(refused.message).toContain("Unknown team")
    const none = CoreAnswers.toApiError(new ProviderInterviewTypes.ProviderNotConfigured({ message: "No provider" }))
    expect([none._tag, ApiErrors.statusOf(none)]).toEqual(["Unprocessable", 422])
    expect(none).toMatchObject({ reason: "ProviderNotConfigured" })
  })
})
