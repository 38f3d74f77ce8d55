import { assert, describe, it } from "@effect/vitest"
import { InterviewScheduler } from "@fulcrum/core"
import { Candidate, Ids } from "@fulcrum/domain"
import { ProviderSandbox } from "@fulcrum/provider-sandbox"
import { Effect, Layer, Redacted } from "effect"
import { afterAll, beforeEach } from "vitest"
import { SchedulerHttp } from "../src/index.ts"

const sandbox = await ProviderSandbox.start()
afterAll(() => sandbox.close())
beforeEach(() => {
  sandbox.faults.queue.length = 0
})

const fast = { maxAttempts: 5, maxElapsedMs: 20_000, baseDelayMs: 20, maxDelayMs: 100 }
const scheduler = (options: Partial<SchedulerHttp.Options> = {}) =>
  SchedulerHttp.layerFetch({ baseUrl: sandbox.url, secret: sandbox.secret, retry: fast, timeoutMs: 2_000, ...options })

let n = 0
const invite = (): InterviewScheduler.InviteRequest => {
  const opportunityId = Ids.OpportunityId.make(`opp-retry-${++n}`)
  const teamId = Ids.TeamId.make("team-retries")
  const interviewType = { id: Ids.InterviewTypeId.make("it-1"), name: "Take-home", tag: "Take-home" }
  return {
    key: Candidate.inviteKey(teamId, opportunityId, interviewType.id, 0),
    teamId,
    opportunityId,
    candidateName: "Ada",
    email: "ada@example.com",
    interviewType,
    attempt: 1
  }
}

const send = (request: InterviewScheduler.InviteRequest, layer: Layer.Layer<InterviewScheduler.InterviewScheduler, SchedulerHttp.InvalidOptions> = scheduler()) =>
  Effect.flatMap(InterviewScheduler.InterviewScheduler, (s) => s.sendInvite(request)).pipe(Effect.provide(layer))

const fault = (f: Omit<ProviderSandbox.Sandbox["faults"]["queue"][number], "count"> & { count?: number }) =>
  sandbox.faults.queue.push({ count: 1, path: "/v1/invites", ...f })

describe("SchedulerHttp retries", () => {
  it.live("5xx, 408, dropped connections and 429 + Retry-After are retried; one invite per key", () =>
    Effect.gen(function*() {
      const request = invite()
      fault({ kind: "status", status: 503, count: 1 })
      fault({ kind: "status", status: 408 })
      fault({ kind: "drop" })
      fault({ kind: "status", status: 429, retryAfter: "1" })
      const started = Date.now()
      const sent = yield* send(request)
      assert.isAtLeast(Date.now() - started, 900, "Retry-After: 1 was honoured")
      assert.strictEqual(sandbox.store.creates.get(request.key), 1)
      assert.strictEqual(sandbox.store.createRequests.get(request.key), 5)
      assert.strictEqual(sandbox.store.byKey.get(request.key)?.interviewId, sent.interviewId)
    }))

  it.live("a slow answer times out and is retried with the same key: the first invite comes back", () =>
    Effect.gen(function*() {
      const request = invite()
      fault({ kind: "slow", delayMs: 1_500 })
      const sent = yield* send(request, scheduler({ timeoutMs: 300 }))
      assert.strictEqual(sandbox.store.creates.get(request.key), 1)
      assert.strictEqual(sandbox.store.byKey.get(request.key)?.interviewId, sent.interviewId)
    }))

  it.live("a refusal is SchedulerRejected with the provider's message, not retried", () =>
    Effect.gen(function*() {
      const request = invite()
      fault({ kind: "status", status: 422, code: "InvalidEmail", message: "The mailbox does not exist" })
      const error = yield* Effect.flip(send(request))
      assert.deepStrictEqual(
        error,
        new InterviewScheduler.SchedulerRejected({ reason: "The mailbox does not exist", code: "InvalidEmail" })
      )
      assert.strictEqual(sandbox.store.createRequests.get(request.key), 1)
      assert.isUndefined(sandbox.store.creates.get(request.key))
    }))

  it.live("when the budget runs out it is SchedulerUnavailable, with the wait the provider asked for (at most 5 minutes)", () =>
    Effect.gen(function*() {
      const request = invite()
      fault({ kind: "status", status: 429, retryAfter: "3600" })
      const limited = yield* Effect.flip(send(request))
      assert.strictEqual(limited._tag, "SchedulerUnavailable")
      assert.strictEqual(limited._tag === "SchedulerUnavailable" ? limited.retryAfterMs : 0, 300_000)
      fault({ kind: "status", status: 500, count: 10 })
      const down = yield* Effect.flip(send(request))
      assert.strictEqual(down._tag, "SchedulerUnavailable")
      assert.isUndefined(sandbox.store.creates.get(request.key))
    }))

  it.live("a linked interview type goes out with the provider's id and Fulcrum's name; attempt as given", () =>
    Effect.gen(function*() {
      const base = invite()
      const request = {
        ...base,
        interviewType: { ...base.interviewType, providerInterviewTypeId: "sbx-take-home" },
        attempt: 2
      }
      yield* send(request)
      const stored = sandbox.store.byKey.get(request.key)!.request
      assert.deepStrictEqual(stored.interviewType, { id: "sbx-take-home", name: "Take-home" })
      assert.strictEqual(stored.attempt, 2)
      assert.deepStrictEqual(stored.candidate, { name: "Ada", email: "ada@example.com" })
    }))

  it.live("a provider that is down is SchedulerUnavailable", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(
        send(invite(), SchedulerHttp.layerFetch({ baseUrl: "http://127.0.0.1:1", secret: sandbox.secret, retry: fast }))
      )
      assert.strictEqual(error._tag, "SchedulerUnavailable")
    }))

  it.effect("refuses a base URL that is not http(s) and a malformed secret at build time", () =>
    Effect.gen(function*() {
      const badUrl = yield* Effect.flip(Layer.build(SchedulerHttp.layerFetch({ baseUrl: "ftp://x", secret: sandbox.secret })))
      assert.strictEqual(badUrl._tag, "InvalidOptions")
      const badSecret = yield* Effect.flip(
        Layer.build(SchedulerHttp.layerFetch({ baseUrl: sandbox.url, secret: Redacted.make("whsec_short") }))
      )
      assert.strictEqual(badSecret._tag, "InvalidOptions")
      assert.notInclude(badSecret.message, "short")
    }).pipe(Effect.scoped))
})
