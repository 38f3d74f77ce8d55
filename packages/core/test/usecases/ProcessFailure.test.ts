/**
 * What the worker does with each failure of processing an event: retried, retried no sooner than asked,
 * or dead at once; and the message it stores (`<tag>: <message>`).
 */
import { assert, describe, it } from "@effect/vitest"
import { TeamNotFound } from "../../src/ports/ConfigStore.ts"
import { SchedulerRejected, SchedulerUnavailable } from "../../src/ports/InterviewScheduler.ts"
import { LeverUnauthorized } from "../../src/ports/LeverApi.ts"
import { StoreError } from "../../src/ports/StoreError.ts"
import { classify, ProcessFailure } from "../../src/usecases/ProcessFailure.ts"

describe("ProcessFailure.classify", () => {
  it("retries outages and rejected credentials", () => {
    const store = classify(new StoreError({ operation: "claim", message: "connection reset" }))
    assert.deepStrictEqual([store.retryable, store.message], [true, "StoreError: connection reset"])
    assert.isTrue(classify(new LeverUnauthorized({ message: "401" })).retryable)
  })

  it("keeps the wait a provider asked for", () => {
    const failure = classify(new SchedulerUnavailable({ message: "busy", retryAfterMs: 30_000 }))
    assert.deepStrictEqual([failure.retryable, failure.retryAfterMs], [true, 30_000])
    assert.isFalse("retryAfterMs" in classify(new SchedulerUnavailable({ message: "down" })))
  })

  it("makes refusals no retry can change dead at once", () => {
    assert.isFalse(classify(new TeamNotFound({ teamId: "acme" })).retryable)
    assert.isFalse(classify(new SchedulerRejected({ reason: "invalid email" })).retryable)
  })

  it("passes a judged failure through", () => {
    const judged = new ProcessFailure({ retryable: false, message: "no candidate" })
    assert.strictEqual(classify(judged), judged)
  })
})
