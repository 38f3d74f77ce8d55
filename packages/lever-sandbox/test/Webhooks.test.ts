import { assert, describe, layer } from "@effect/vitest"
import { Effect } from "effect"
import { createHmac } from "node:crypto"
import { LeverSandbox, Seed } from "../src/index.ts"
import { call } from "./support/http.ts"
import { type Received, receiver } from "./support/receiver.ts"

const live = { excludeTestServices: true } as const

// Our own HMAC, independent of the sandbox's Signature module.
const expectedSignature = (signatureToken: string, body: { token: string; triggeredAt: number }) =>
  createHmac("sha256", signatureToken).update(body.token + String(body.triggeredAt)).digest("hex")

const assertSigned = (received: Received, signatureToken: string) => {
  assert.strictEqual(received.headers["content-type"], "application/json")
  assert.strictEqual(received.headers["user-agent"], "Lever-Webhooks")
  assert.match(received.body.token, /^[0-9a-f]{48}$/)
  assert.isNumber(received.body.triggeredAt)
  assert.strictEqual(received.body.signature, expectedSignature(signatureToken, received.body))
}

const sandboxOptions = { webhooks: { retryBaseDelayMs: 20, backoffFactor: 2, timeoutMs: 2_000 } }

describe("webhooks", () => {
  layer(LeverSandbox.layer(sandboxOptions), live)("events", (it) => {
    it.effect("a stage change delivers a signed candidateStageChange", () =>
      Effect.gen(function*() {
        const { control, baseUrl } = yield* LeverSandbox.LeverSandbox
        yield* control.resetData()
        const r = yield* receiver()
        const hook = yield* control.webhooks.register({ url: r.url, event: "candidateStageChange" })

        const created = yield* control.createOpportunity({ name: "Ada", tags: ["Backend Assessment"], stage: "lead-new" })
        const [first] = yield* r.waitFor(1)
        assertSigned(first!, hook.configuration.signatureToken)
        assert.strictEqual(first!.body.event, "candidateStageChange")
        assert.deepStrictEqual(first!.body.data, {
          opportunityId: created.id,
          candidateId: created.id,
          contactId: created.contact,
          toStageId: "lead-new",
          fromStageId: null
        })

        // A recruiter moves the candidate through the API.
        const moved = yield* call(`${baseUrl}/opportunities/${created.id}/stage`, {
          method: "PUT",
          auth: { key: LeverSandbox.AdminApiKey },
          body: { stage: Seed.StageIds.technicalAssessment }
        })
        assert.strictEqual(moved.status, 200)
        const second = (yield* r.waitFor(2))[1]!
        assertSigned(second, hook.configuration.signatureToken)
        assert.strictEqual(second.body.data.fromStageId, "lead-new")
        assert.strictEqual(second.body.data.toStageId, Seed.StageIds.technicalAssessment)
        assert.notStrictEqual(second.body.token, first!.body.token)

        // Moving to the current stage is not a change.
        yield* control.moveToStage(created.id, Seed.StageIds.technicalAssessment)
        assert.isTrue(yield* control.awaitDeliveries())
        assert.strictEqual(r.received.length, 2)
        const history = yield* control.deliveries({ opportunityId: created.id })
        assert.deepStrictEqual(history.map((d) => d.status), ["delivered", "delivered"])
        assert.strictEqual(history[0]!.attempts[0]!.status, 200)
      }))

    it.effect("archive changes deliver candidateArchiveChange (and candidateHired for a hired reason)", () =>
      Effect.gen(function*() {
        const { control } = yield* LeverSandbox.LeverSandbox
        yield* control.resetData()
        const r = yield* receiver()
        const archiveHook = yield* control.webhooks.register({ url: r.url, event: "candidateArchiveChange" })
        yield* control.webhooks.register({ url: r.url, event: "candidateHired" })
        const o = yield* control.createOpportunity({ name: "Grace" })

        yield* control.archive(o.id, Seed.ArchiveReasonIds.offerDeclined)
        const [archived] = yield* r.waitFor(1)
        assertSigned(archived!, archiveHook.configuration.signatureToken)
        assert.strictEqual(archived!.body.event, "candidateArchiveChange")
        assert.strictEqual(archived!.body.data.fromArchived, null)
        assert.strictEqual(archived!.body.data.toArchived.reason, Seed.ArchiveReasonIds.offerDeclined)
        assert.isNumber(archived!.body.data.toArchived.archivedAt)

        yield* control.unarchive(o.id)
        const unarchived = (yield* r.waitFor(2))[1]!
        assert.strictEqual(unarchived.body.data.fromArchived.reason, Seed.ArchiveReasonIds.offerDeclined)
        assert.strictEqual(unarchived.body.data.toArchived, null)

        yield* control.archive(o.id, Seed.ArchiveReasonIds.hired)
        const events = (yield* r.waitFor(4)).map((x) => x.body.event).sort()
        assert.deepStrictEqual(events, [
          "candidateArchiveChange",
          "candidateArchiveChange",
          "candidateArchiveChange",
          "candidateHired"
        ])
      }))

    it.effect("deleting a candidate delivers candidateDeleted", () =>
      Effect.gen(function*() {
        const { control, baseUrl } = yield* LeverSandbox.LeverSandbox
        yield* control.resetData()
        const r = yield* receiver()
        yield* control.webhooks.register({ url: r.url, event: "candidateDeleted" })
        yield* control.deleteOpportunity(Seed.OpportunityIds.ada)
        const [deleted] = yield* r.waitFor(1)
        assert.strictEqual(deleted!.body.event, "candidateDeleted")
        assert.strictEqual(deleted!.body.data.opportunityId, Seed.OpportunityIds.ada)
        const gone = yield* call(`${baseUrl}/opportunities/${Seed.OpportunityIds.ada}`, {
          auth: { key: LeverSandbox.PermanentApiKey }
        })
        assert.strictEqual(gone.status, 404)
      }))

    it.effect("verify sends a signed ping with empty data; rerun resends the same body", () =>
      Effect.gen(function*() {
        const { control, url } = yield* LeverSandbox.LeverSandbox
        yield* control.resetData()
        const r = yield* receiver()
        const hook = yield* control.webhooks.register({ url: r.url, event: "candidateStageChange" })

        const ping = yield* control.verifyWebhook(hook.id)
        assert.strictEqual(ping.kind, "ping")
        assert.strictEqual(ping.status, "delivered")
        const [received] = yield* r.waitFor(1)
        assertSigned(received!, hook.configuration.signatureToken)
        assert.deepStrictEqual(received!.body.data, {})
        assert.strictEqual(received!.body.event, "candidateStageChange")

        yield* control.moveToStage(Seed.OpportunityIds.ada, Seed.StageIds.technicalAssessment)
        const event = (yield* r.waitFor(2))[1]!
        const [delivery] = yield* control.deliveries({ kind: "event" })
        const rerun = yield* control.rerun(delivery!.id)
        assert.strictEqual(rerun.kind, "rerun")
        assert.strictEqual(rerun.rerunOf, delivery!.id)
        const again = (yield* r.waitFor(3))[2]!
        assert.strictEqual(again.raw, event.raw)

        // The same over the control endpoints.
        const viaHttp = yield* call(`${url}/_sandbox/webhooks/${hook.id}/verify`, { method: "POST" })
        assert.strictEqual(viaHttp.status, 200)
        assert.strictEqual(viaHttp.body.kind, "ping")
        const rerunHttp = yield* call(`${url}/_sandbox/deliveries/${delivery!.id}/rerun`, { method: "POST" })
        assert.strictEqual(rerunHttp.body.status, "delivered")
        const list = yield* call(`${url}/_sandbox/deliveries?kind=rerun`)
        assert.strictEqual(list.body.length, 2)
        assert.strictEqual((yield* call(`${url}/_sandbox/deliveries/nope/rerun`, { method: "POST" })).status, 404)
        assert.strictEqual((yield* r.waitFor(5)).length, 5)
      }))
  })

  layer(LeverSandbox.layer(sandboxOptions), live)("retries", (it) => {
    it.effect("a non-2xx answer is retried with growing delays until a 2xx", () =>
      Effect.gen(function*() {
        const { control } = yield* LeverSandbox.LeverSandbox
        yield* control.resetData()
        const r = yield* receiver((n) => (n <= 2 ? 500 : 204))
        yield* control.webhooks.register({ url: r.url, event: "candidateStageChange" })
        yield* control.moveToStage(Seed.OpportunityIds.ada, Seed.StageIds.offer)
        yield* r.waitFor(3)
        assert.isTrue(yield* control.awaitDeliveries())
        const [d] = yield* control.deliveries()
        assert.strictEqual(d!.status, "delivered")
        assert.deepStrictEqual(d!.attempts.map((a) => a.status), [500, 500, 204])
        // Every attempt sends the same body.
        assert.strictEqual(new Set(r.received.map((x) => x.raw)).size, 1)
      }))

    it.effect("gives up after 5 retries (6 attempts), delays growing", () =>
      Effect.gen(function*() {
        const { control } = yield* LeverSandbox.LeverSandbox
        yield* control.resetData()
        const r = yield* receiver(() => 503)
        yield* control.webhooks.register({ url: r.url, event: "candidateStageChange" })
        yield* control.moveToStage(Seed.OpportunityIds.ada, Seed.StageIds.offer)
        assert.isTrue(yield* control.awaitDeliveries())
        const [d] = yield* control.deliveries()
        assert.strictEqual(d!.status, "failed")
        assert.strictEqual(d!.attempts.length, 6)
        assert.strictEqual(r.received.length, 6)
        const gaps = d!.attempts.slice(1).map((a, i) => a.at - d!.attempts[i]!.at)
        assert.isTrue(gaps[4]! > gaps[0]!, `gaps ${gaps.join(",")}`)
        assert.isTrue(gaps[0]! >= 15, `gaps ${gaps.join(",")}`)
      }))

    it.effect("a connection error counts as a failed attempt", () =>
      Effect.gen(function*() {
        const { control } = yield* LeverSandbox.LeverSandbox
        yield* control.resetData()
        yield* control.settings.update({ webhooks: { maxRetries: 1 } })
        yield* control.webhooks.register({ url: "http://127.0.0.1:1/nothing-listens-here", event: "candidateStageChange" })
        yield* control.moveToStage(Seed.OpportunityIds.ada, Seed.StageIds.offer)
        assert.isTrue(yield* control.awaitDeliveries())
        const [d] = yield* control.deliveries()
        assert.strictEqual(d!.status, "failed")
        assert.strictEqual(d!.attempts.length, 2)
        assert.strictEqual(d!.attempts[0]!.status, null)
        assert.isString(d!.attempts[0]!.error)
        yield* control.reset()
      }))
  })

  layer(LeverSandbox.layer(sandboxOptions), live)("faults", (it) => {
    it.effect("drop: the next N deliveries are recorded but never sent", () =>
      Effect.gen(function*() {
        const { control } = yield* LeverSandbox.LeverSandbox
        yield* control.resetData()
        const r = yield* receiver()
        yield* control.webhooks.register({ url: r.url, event: "candidateStageChange" })
        yield* control.faults.dropWebhooks(1)
        yield* control.moveToStage(Seed.OpportunityIds.ada, Seed.StageIds.phoneInterview)
        yield* control.moveToStage(Seed.OpportunityIds.ada, Seed.StageIds.offer)
        const [only] = yield* r.waitFor(1)
        assert.strictEqual(only!.body.data.toStageId, Seed.StageIds.offer)
        assert.isTrue(yield* control.awaitDeliveries())
        assert.strictEqual(r.received.length, 1)
        assert.deepStrictEqual((yield* control.deliveries()).map((d) => d.status), ["dropped", "delivered"])
      }))

    it.effect("duplicate: the same body (same token) arrives twice", () =>
      Effect.gen(function*() {
        const { control } = yield* LeverSandbox.LeverSandbox
        yield* control.resetData()
        const r = yield* receiver()
        yield* control.webhooks.register({ url: r.url, event: "candidateStageChange" })
        yield* control.faults.duplicateWebhooks(1)
        yield* control.moveToStage(Seed.OpportunityIds.ada, Seed.StageIds.phoneInterview)
        const [a, b] = yield* r.waitFor(2)
        assert.strictEqual(a!.raw, b!.raw)
        const kinds = (yield* control.deliveries()).map((d) => d.kind).sort()
        assert.deepStrictEqual(kinds, ["duplicate", "event"])
      }))

    it.effect("reorder: held deliveries are sent newest first", () =>
      Effect.gen(function*() {
        const { control, url } = yield* LeverSandbox.LeverSandbox
        yield* control.resetData()
        const r = yield* receiver()
        yield* control.webhooks.register({ url: r.url, event: "candidateStageChange" })
        const armed = yield* call(`${url}/_sandbox/faults/webhooks`, { method: "POST", body: { reorder: 3 } })
        assert.strictEqual(armed.body.webhooks.reorder, 3)
        yield* control.moveToStage(Seed.OpportunityIds.ada, Seed.StageIds.recruiterScreen)
        yield* control.moveToStage(Seed.OpportunityIds.ada, Seed.StageIds.phoneInterview)
        yield* Effect.sleep(50)
        assert.strictEqual(r.received.length, 0)
        assert.deepStrictEqual((yield* control.deliveries()).map((d) => d.status), ["held", "held"])
        yield* control.moveToStage(Seed.OpportunityIds.ada, Seed.StageIds.offer)
        const received = yield* r.waitFor(3)
        assert.deepStrictEqual(received.map((x) => x.body.data.toStageId), [
          Seed.StageIds.offer,
          Seed.StageIds.phoneInterview,
          Seed.StageIds.recruiterScreen
        ])

        // Held deliveries can also be released early.
        yield* control.faults.reorderWebhooks(5)
        yield* control.moveToStage(Seed.OpportunityIds.ada, Seed.StageIds.newApplicant)
        assert.strictEqual(yield* control.faults.releaseHeldWebhooks(), 1)
        yield* r.waitFor(4)
      }))
  })
})
