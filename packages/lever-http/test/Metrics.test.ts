/**
 * Every HTTP attempt to Lever is counted in `fulcrum_lever_requests_total` by status, retries included,
 * so a rate-limit storm (429) or an outage (503, no answer) shows on the dashboard.
 */
import { assert, describe, it } from "@effect/vitest"
import { Metrics } from "@fulcrum/core"
import { Effect, Metric } from "effect"
import { fastRetry, keyTarget, withLever } from "./support/Harness.ts"
import * as StubLever from "./support/StubLever.ts"

const count = (status: string) => Effect.map(Metric.value(Metric.withAttributes(Metrics.leverRequests, { status })), (state) => state.count)

describe("fulcrum_lever_requests_total", () => {
  it.live("counts each attempt by its status: a 429, a 503, then the 200", () =>
    Effect.gen(function*() {
      const before = { 429: yield* count("429"), 503: yield* count("503"), 200: yield* count("200") }
      const stub = yield* StubLever.start((_, i) =>
        i === 0 ? { status: 429 } : i === 1 ? { status: 503 } : StubLever.page([])
      )
      yield* withLever({ retry: fastRetry }, (lever) => lever.listStages(keyTarget(stub.baseUrl, "sk-metrics")))
      assert.deepStrictEqual(
        { 429: (yield* count("429")) - before[429], 503: (yield* count("503")) - before[503], 200: (yield* count("200")) - before[200] },
        { 429: 1, 503: 1, 200: 1 }
      )
    }))
})
