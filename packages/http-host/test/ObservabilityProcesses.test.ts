/**
 * Observability as an operator turns it on, on PostgreSQL: `fulcrum-http` and `fulcrum-worker` as
 * processes with `OTEL_EXPORTER_OTLP_ENDPOINT` pointing at an in-process OTLP receiver, and the worker's
 * `/metrics` on `FULCRUM_METRICS_PORT`. The reference guide's sequence runs; then one trace goes from the
 * webhook in the HTTP host, through the inbox, to the worker's run of the event, its invite step, the
 * provider's invite and the Lever calls; spans carry team, candidate and event ids and nothing personal
 * or secret; both `/metrics` answer in Prometheus text with what happened.
 */
import { assert, describe, it } from "@effect/vitest"
import { FulcrumClient } from "@fulcrum/api"
import { SecretCipher } from "@fulcrum/store-sql"
import { Effect, Layer, Redacted } from "effect"
import { FetchHttpClient } from "effect/http"
import * as OtlpReceiver from "../../observability/test/support/OtlpReceiver.ts"
import { eventually } from "../../worker-host/test/support/Eventually.ts"
import * as PostgresDatabase from "./support/PostgresDatabase.ts"
import * as Processes from "./support/Processes.ts"
import * as ReferenceGuide from "./support/ReferenceGuide.ts"

const adminToken = Redacted.make("otel-admin-token-SECRET-2c8e4a6f0b")

const scrape = (url: string) =>
  Effect.promise(async () => {
    const response = await fetch(`${url}/metrics`)
    return { status: response.status, type: response.headers.get("content-type") ?? "", text: await response.text() }
  })

describe.skipIf(PostgresDatabase.serverUrl === undefined)(
  `traces and metrics of fulcrum-http and fulcrum-worker${
    PostgresDatabase.serverUrl === undefined ? ` (skipped: ${PostgresDatabase.skipReason})` : ""
  }`,
  () => {
    it.live("one trace from the webhook to every step, Lever and provider call; /metrics on both", () =>
      Effect.gen(function*() {
        const receiver = yield* OtlpReceiver.make
        const otel = {
          OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
          OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
          OTEL_BSP_SCHEDULE_DELAY: "200",
          OTEL_METRIC_EXPORT_INTERVAL: "500"
        }
        const env = {
          DATABASE_URL: yield* PostgresDatabase.fresh(PostgresDatabase.serverUrl!),
          FULCRUM_SECRET_KEY: Redacted.value(SecretCipher.generateKey())
        }
        const metricsPort = yield* Processes.freePort
        const [sandbox, host] = yield* Effect.all([
          Processes.startSandbox,
          Processes.startHttpHost(env, adminToken, otel),
          Processes.startWorker(env, { ...otel, FULCRUM_METRICS_PORT: String(metricsPort) })
        ], { concurrency: "unbounded" })

        const client = yield* FulcrumClient.make({ baseUrl: host.url, token: adminToken })
        const setting = yield* ReferenceGuide.setUpTeam(client, sandbox.remote, "Acme, traced")
        const { ada } = yield* ReferenceGuide.run(setting)

        // The trace of Ada's move to the assessment stage: the webhook, the inbox, the worker, the invite.
        const trace = yield* eventually(Effect.suspend(() => {
          const spans = receiver.spans()
          const received = spans.filter((span) =>
            span.name === "ReceiveWebhook.receive" && span.attributes["fulcrum.opportunity_id"] === ada &&
            span.attributes["fulcrum.outcome"] === "accepted"
          )
          for (const webhook of received) {
            const inTrace = spans.filter((span) => span.traceId === webhook.traceId)
            if (inTrace.some((span) => span.name === "InterviewScheduler.sendInvite")) return Effect.succeed({ webhook, inTrace })
          }
          return Effect.fail(`no trace of Ada's invite among ${spans.length} spans`)
        }), "30 seconds")
        const named = (name: string) => trace.inTrace.filter((span) => span.name === name)
        assert.strictEqual(trace.webhook.service, "fulcrum-http")
        assert.strictEqual(trace.webhook.attributes["fulcrum.team_id"], setting.teamId)
        const [handled] = named("Worker.handle")
        assert.isDefined(handled, "the worker's run of the event is in the webhook's trace")
        assert.strictEqual(handled!.service, "fulcrum-worker")
        assert.strictEqual(handled!.attributes["fulcrum.event_id"], trace.webhook.attributes["fulcrum.event_id"])
        assert.strictEqual(handled!.attributes["fulcrum.opportunity_id"], ada)
        assert.strictEqual(handled!.parentSpanId, trace.webhook.spanId, "continued from the context stored with the event")
        for (const name of ["ProcessEvent.process", "ProcessEvent.step.invite", "InterviewScheduler.sendInvite"]) {
          assert.isNotEmpty(named(name), `${name} is in the trace`)
        }
        assert.isTrue(
          trace.inTrace.some((span) => span.service === "fulcrum-worker" && span.name.startsWith("LeverApi.")),
          "the Lever calls are in the trace"
        )

        // An idle worker's polling exports nothing.
        assert.deepStrictEqual(receiver.spans().filter((span) => span.name === "EventInboxSql.claim"), [])

        // Nothing personal or secret leaves in an export.
        const forbidden = [
          Redacted.value(adminToken),
          env.FULCRUM_SECRET_KEY,
          ReferenceGuide.sandboxKeys.setupKey,
          ReferenceGuide.sandboxKeys.permanentKey,
          ...(yield* sandbox.remote.webhooks).map((hook) => hook.configuration.signatureToken),
          "Ada Lovelace",
          "ada@example.com",
          "Grace Hopper",
          "Strong on system design",
          "reports/ada-lovelace"
        ]
        const exported = receiver.bodies().join("\n")
        for (const text of forbidden) assert.notInclude(exported, text, "an OTLP export carries personal data or a secret")

        // Prometheus text on both processes.
        const hostMetrics = yield* scrape(host.url)
        assert.strictEqual(hostMetrics.status, 200)
        assert.include(hostMetrics.type, "text/plain")
        const atHost = OtlpReceiver.parsePrometheus(hostMetrics.text)
        assert.isAtLeast(OtlpReceiver.sample(atHost, "fulcrum_webhooks_total", { outcome: "accepted" }), 3)
        assert.isAtLeast(OtlpReceiver.sample(atHost, "fulcrum_webhooks_total", { outcome: "duplicate" }), 1)
        assert.isAtLeast(OtlpReceiver.sample(atHost, "fulcrum_webhooks_total", { outcome: "connection_verified" }), 2)
        assert.strictEqual(OtlpReceiver.sample(atHost, "fulcrum_inbox_events", { status: "dead" }), 0)
        const atWorker = OtlpReceiver.parsePrometheus((yield* scrape(`http://127.0.0.1:${metricsPort}`)).text)
        assert.isAtLeast(OtlpReceiver.sample(atWorker, "fulcrum_invites_total", { result: "sent" }), 1)
        assert.isAtLeast(OtlpReceiver.sample(atWorker, "fulcrum_lever_requests_total", { status: "200" }), 1)
        assert.isAtLeast(OtlpReceiver.sample(atWorker, "fulcrum_step_duration_seconds_count", { step: "invite" }), 1)
        assert.isAtLeast(OtlpReceiver.sample(atWorker, "fulcrum_event_duration_seconds_count", { outcome: "done" }), 3)
        assert.strictEqual(OtlpReceiver.sample(atWorker, "fulcrum_inbox_events", { status: "pending" }), 0)
        assert.strictEqual(OtlpReceiver.sample(atWorker, "fulcrum_inbox_oldest_pending_age_seconds"), 0)

        // And the metrics went out over OTLP too.
        yield* eventually(Effect.suspend(() =>
          ["fulcrum_webhooks_total", "fulcrum_invites_total"].every((name) => receiver.metricNames().has(name))
            ? Effect.void
            : Effect.fail(`metrics received: ${[...receiver.metricNames()].join(", ")}`)
        ))
      }).pipe(
        Effect.scoped,
        Effect.provide(Layer.merge(Processes.layer, FetchHttpClient.layer))
      ), 120_000)
  }
)
