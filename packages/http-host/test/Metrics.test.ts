/**
 * `GET /metrics` on the HTTP host: Prometheus text, no token needed (it holds counts, never ids or
 * data), and it moves with what the host does: a webhook for an unknown team counts as rejected, the
 * queue gauges are read at each scrape.
 */
import { assert, layer } from "@effect/vitest"
import { Effect } from "effect"
import * as OtlpReceiver from "../../observability/test/support/OtlpReceiver.ts"
import { TestHost } from "./support/TestHost.ts"
import * as TestHosts from "./support/TestHost.ts"

layer(TestHosts.layer, { excludeTestServices: true })("GET /metrics", (it) => {
  it.effect("answers Prometheus text that counts a rejected webhook and shows the queue", () =>
    Effect.gen(function*() {
      const host = yield* TestHost
      const scrape = Effect.map(host.request("GET", "/metrics"), (answer) => {
        assert.strictEqual(answer.status, 200)
        assert.match(answer.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/)
        return OtlpReceiver.parsePrometheus(answer.text)
      })
      const rejected = (samples: ReadonlyMap<string, number>) =>
        OtlpReceiver.sample(samples, "fulcrum_webhooks_total", { outcome: "rejected", reason: "UnknownTeam" }) || 0
      const before = yield* scrape
      assert.strictEqual(OtlpReceiver.sample(before, "fulcrum_inbox_events", { status: "pending" }), 0)
      assert.strictEqual(OtlpReceiver.sample(before, "fulcrum_inbox_oldest_pending_age_seconds"), 0)

      const answer = yield* host.request("POST", "/webhooks/lever/team_nope/stage-change", {
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ event: "candidateStageChange", triggeredAt: Date.now(), token: "t-1", signature: "00", data: {} })
      })
      assert.isAtLeast(answer.status, 400)
      assert.strictEqual(rejected(yield* scrape) - rejected(before), 1)
    }))
})
