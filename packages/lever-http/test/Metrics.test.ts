/**
 * Every HTTP attempt to Lever is counted in `fulcrum_lever_requests_total` by status, retries included,
 * so a rate-limit storm (429) or an outage (503, no answer) shows on the dashboard.
 */
import { assert, describe, it } from "@effect/vitest"
import { Metrics } from "@fulcrum/core"
import { Effect, Metric } from "effect"
import { fastRetry, keyTarget, opportunityId, withLever } from "./support/Harness.ts"
import * as StubLever from "./support/StubLever.ts"

const count = (status: string) => Effect.map(Metric.value(Metric.withAttributes(Metrics.leverRequests, { status })), (state) => state.count)

const opportunity = {
  id: "opp-1",
  name: "Ada Lovelace",
  contact: "contact-1",
  emails: ["ada@example.com"],
  tags: [],
  stage: "stage-1",
  archived: null,
  confidentiality: "non-confidential",
  urls: { list: "https://hire.lever.co/candidates", show: "https://hire.lever.co/candidates/opp-1" }
}

describe("fulcrum_lever_requests_total", () => {
  it.live("counts each attempt by its status: a 429, a 503, then the 200", () =>
    Effect.gen(function*() {
      const before = { 429: yield* count("429"), 503: yield* count("503"), 200: yield* count("200") }
      const stub = yield* StubLever.start((_, i) =>
        i === 0 ? { status: 429 } : i === 1 ? { status: 503 } : { status: 200, json: { data: opportunity } }
      )
      yield* withLever({ retry: fastRetry }, (lever) => lever.getOpportunity(keyTarget(stub.baseUrl, "sk-metrics"), opportunityId("opp-1")))
      assert.deepStrictEqual(
        { 429: (yield* count("429")) - before[429], 503: (yield* count("503")) - before[503], 200: (yield* count("200")) - before[200] },
        { 429: 1, 503: 1, 200: 1 }
      )
    }))
})
