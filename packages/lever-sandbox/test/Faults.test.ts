import { assert, describe, it, layer } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { TestClock } from "effect/testing"
import { LeverSandbox, RateLimiter, Seed, Settings } from "../src/index.ts"
import { call } from "./support/http.ts"

const live = { excludeTestServices: true } as const
const setup = { key: LeverSandbox.SetupApiKey }
const permanent = { key: LeverSandbox.PermanentApiKey }

describe("API faults and rate limiting", () => {
  layer(LeverSandbox.layer(), live)("faults", (it) => {
    it.effect("fail the next N requests with 429 or 503, then recover", () =>
      Effect.gen(function*() {
        const { baseUrl, control } = yield* LeverSandbox.LeverSandbox
        yield* control.reset()
        yield* control.faults.failNext(3, 429)
        const statuses: Array<number> = []
        for (let i = 0; i < 4; i++) statuses.push((yield* call(`${baseUrl}/stages`, { auth: setup })).status)
        assert.deepStrictEqual(statuses, [429, 429, 429, 200])
        const limited = yield* control.requests.list({ status: 429 })
        assert.strictEqual(limited.length, 3)
        assert.strictEqual(limited[0]!.principalId, Seed.ApiKeyIds.setup)

        yield* control.faults.failNext(1) // 503 by default
        const unavailable = yield* call(`${baseUrl}/stages`, { auth: setup })
        assert.strictEqual(unavailable.status, 503)
        assert.strictEqual(unavailable.body.code, "ServiceUnavailable")
        assert.isNull(unavailable.headers.get("retry-after"))
      }))

    it.effect("fail for a duration", () =>
      Effect.gen(function*() {
        const { baseUrl, control } = yield* LeverSandbox.LeverSandbox
        yield* control.reset()
        yield* control.faults.failFor("300 millis", 429)
        const first = yield* call(`${baseUrl}/stages`, { auth: setup })
        assert.strictEqual(first.status, 429)
        assert.strictEqual(first.body.code, "TooManyRequests")
        assert.isNull(first.headers.get("retry-after"))
        yield* control.settings.update({ retryAfterHeader: true })
        const withHeader = yield* call(`${baseUrl}/stages`, { auth: setup })
        assert.strictEqual(withHeader.status, 429)
        assert.strictEqual(withHeader.headers.get("retry-after"), "1")
        yield* Effect.sleep(350)
        assert.strictEqual((yield* call(`${baseUrl}/stages`, { auth: setup })).status, 200)
      }))

    it.effect("latency delays responses (all, or the next N)", () =>
      Effect.gen(function*() {
        const { baseUrl, control } = yield* LeverSandbox.LeverSandbox
        yield* control.reset()
        yield* control.faults.latency("600 millis", 1)
        const timed = (path: string) =>
          Effect.gen(function*() {
            const started = Date.now()
            const answer = yield* call(`${baseUrl}${path}`, { auth: setup })
            return { status: answer.status, ms: Date.now() - started }
          })
        const slow = yield* timed("/stages")
        assert.strictEqual(slow.status, 200)
        assert.isAtLeast(slow.ms, 590)
        // The gap is wide so a loaded machine cannot blur "delayed" and "not delayed".
        const fast = yield* timed("/stages")
        assert.isBelow(fast.ms, 590)
        // Over the control endpoint, for out-of-process tests.
        const armed = yield* call(`${baseUrl.replace(/\/v1$/, "")}/_sandbox/faults/latency`, {
          method: "POST",
          body: { ms: 500 }
        })
        assert.strictEqual(armed.body.latency.ms, 500)
        assert.isAtLeast((yield* timed("/stages")).ms, 490)
        assert.isAtLeast((yield* timed("/archive_reasons")).ms, 490)
        yield* control.faults.reset()
        assert.isBelow((yield* timed("/stages")).ms, 490)
      }))

    it.effect("faults over HTTP: fail N, request counts, reset", () =>
      Effect.gen(function*() {
        const { baseUrl, url, control } = yield* LeverSandbox.LeverSandbox
        yield* control.reset()
        const armed = yield* call(`${url}/_sandbox/faults/fail`, { method: "POST", body: { count: 2, status: 503 } })
        assert.deepStrictEqual(armed.body.failNext, { count: 2, status: 503 })
        for (let i = 0; i < 3; i++) yield* call(`${baseUrl}/stages`, { auth: setup })
        const log = yield* call(`${url}/_sandbox/requests?status=503`)
        assert.strictEqual(log.body.counts.total, 2)
        assert.strictEqual(log.body.counts.byPrincipal["apiKey:key_setup"], 2)
        const byKey = yield* call(`${url}/_sandbox/requests?principal=${LeverSandbox.SetupApiKey}`)
        assert.deepStrictEqual(byKey.body.counts.byStatus, { "200": 1, "503": 2 })
        const bad = yield* call(`${url}/_sandbox/faults/fail`, { method: "POST", body: { status: 418, count: 1 } })
        assert.strictEqual(bad.status, 400)
        const both = yield* call(`${url}/_sandbox/faults/fail`, { method: "POST", body: { count: 1, durationMs: 5 } })
        assert.strictEqual(both.status, 400)
        yield* call(`${url}/_sandbox/faults/fail`, { method: "POST", body: { durationMs: 10_000 } })
        assert.strictEqual((yield* call(`${baseUrl}/stages`, { auth: setup })).status, 503)
        yield* call(`${url}/_sandbox/reset`, { method: "POST" })
        assert.strictEqual((yield* call(`${baseUrl}/stages`, { auth: setup })).status, 200)
        assert.strictEqual((yield* call(`${url}/_sandbox/requests`)).body.counts.total, 1)
      }))

    it.effect("the request log spots a note POSTed twice", () =>
      Effect.gen(function*() {
        const { baseUrl, control } = yield* LeverSandbox.LeverSandbox
        yield* control.reset()
        const notes = `/v1/opportunities/${Seed.OpportunityIds.ada}/notes`
        for (let i = 0; i < 2; i++) {
          yield* call(`${baseUrl}/opportunities/${Seed.OpportunityIds.ada}/notes`, {
            method: "POST",
            auth: permanent,
            body: { value: "Invite sent" }
          })
        }
        assert.strictEqual(yield* control.requests.count({ method: "POST", path: notes, status: 201 }), 2)
        assert.strictEqual(yield* control.requests.count({ method: "post", path: /\/notes$/ }), 2)
      }))
  })

  layer(LeverSandbox.layer(), live)("rate limit", (it) => {
    it.effect("21+ quick requests with one key get a 429; another key is unaffected", () =>
      Effect.gen(function*() {
        const { baseUrl, control } = yield* LeverSandbox.LeverSandbox
        yield* control.reset()
        const burst = yield* Effect.all(
          Array.from({ length: 25 }, () => call(`${baseUrl}/stages?limit=1`, { auth: permanent })),
          { concurrency: "unbounded" }
        )
        const statuses = burst.map((a) => a.status)
        assert.isAtLeast(statuses.filter((s) => s === 429).length, 1)
        assert.isAtLeast(statuses.filter((s) => s === 200).length, 20)
        const limited = burst.find((a) => a.status === 429)!
        assert.strictEqual(limited.body.code, "TooManyRequests")
        assert.isNull(limited.headers.get("retry-after"))

        assert.strictEqual((yield* call(`${baseUrl}/stages`, { auth: setup })).status, 200)
        const counts = yield* control.requests.counts()
        assert.isAtLeast(counts.byPrincipalAndStatus["apiKey:key_permanent"]!["429"]!, 1)
        assert.isUndefined(counts.byPrincipalAndStatus["apiKey:key_setup"]!["429"])

        // The bucket refills at 10 per second.
        yield* Effect.sleep(250)
        assert.strictEqual((yield* call(`${baseUrl}/stages`, { auth: permanent })).status, 200)
      }))
  })

  describe("token bucket", () => {
    const limiter = RateLimiter.layer.pipe(
      Layer.provide(
        Settings.layer({
          noteResponse: "noteId",
          nextTokens: "raw",
          retryAfterHeader: false,
          rateLimit: { perSecond: 10, burst: 20 },
          webhooks: { retryBaseDelayMs: 1000, backoffFactor: 2, maxRetries: 5, timeoutMs: 1000 },
          accessTokenTtlSeconds: 3600
        })
      )
    )

    it.effect("burst 20, then one token every 100 ms (TestClock)", () =>
      Effect.gen(function*() {
        const rl = yield* RateLimiter.RateLimiter
        for (let i = 0; i < 20; i++) assert.strictEqual((yield* rl.take("a"))._tag, "Allowed")
        const refused = yield* rl.take("a")
        assert.deepStrictEqual(refused, { _tag: "Limited", retryAfterMs: 100 })
        assert.strictEqual((yield* rl.take("b"))._tag, "Allowed")
        yield* TestClock.adjust("100 millis")
        assert.strictEqual((yield* rl.take("a"))._tag, "Allowed")
        assert.strictEqual((yield* rl.take("a"))._tag, "Limited")
        yield* TestClock.adjust("10 seconds")
        for (let i = 0; i < 20; i++) assert.strictEqual((yield* rl.take("a"))._tag, "Allowed")
        assert.strictEqual((yield* rl.take("a"))._tag, "Limited")
      }).pipe(Effect.provide(limiter)))
  })
})
