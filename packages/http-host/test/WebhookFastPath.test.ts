/**
 * Webhook deliveries answered on the fast path (`WebhookFastPath`, ADR 0014), Lever's and the assessment
 * provider's, get exactly the answer the Effect route gives: every request here is sent over a raw socket with the fast path off and
 * on, and the two raw responses (status line, headers in order, body) must be the same bytes, but for
 * the `Date` header, a generated request id and a new event's id. Requests that are not the plain case
 * (chunked, compressed, `100-continue`, oversized, a query string, an escaped team id) must not be taken.
 */
import * as NodeCrypto from "@effect/platform-node/NodeCrypto"
import { assert, describe, it, layer } from "@effect/vitest"
import { StandardWebhooks } from "@fulcrum/core"
import { LeverSandbox, Signature } from "@fulcrum/lever-sandbox"
import { Deferred, Effect, Exit, Fiber, Layer, Redacted, Schedule, Scope } from "effect"
import { randomBytes } from "node:crypto"
import { connect } from "node:net"
import { gzipSync } from "node:zlib"
import * as OtlpReceiver from "../../observability/test/support/OtlpReceiver.ts"
import * as AdminSetup from "./support/AdminSetup.ts"
import { maxBodyBytes, permanentKey, providerSecret, setupKey, TestHost } from "./support/TestHost.ts"
import * as TestHosts from "./support/TestHost.ts"
import type { FastPathSwitch } from "./support/TestHost.ts"

const fastPath: FastPathSwitch = { on: false, taken: 0 }

/** One raw request: the lines after the request line, and the body's bytes. */
interface Raw {
  readonly method?: string
  readonly path: string
  readonly headers?: Record<string, string>
  readonly body?: Buffer | string
  /** Sends the body as chunked transfer coding instead of with a `content-length`. */
  readonly chunked?: boolean
}

/** Sends `raw` on a new keep-alive connection; answers the whole response as text. */
const send = (port: number, raw: Raw) =>
  Effect.callback<string>((resume) => {
    const body = typeof raw.body === "string" ? Buffer.from(raw.body) : raw.body ?? Buffer.alloc(0)
    const lines = [
      `${raw.method ?? "POST"} ${raw.path} HTTP/1.1`,
      "host: 127.0.0.1",
      ...Object.entries({ "content-type": "application/json", ...raw.headers }).map(([name, value]) => `${name}: ${value}`),
      raw.chunked === true ? "transfer-encoding: chunked" : `content-length: ${body.length}`
    ]
    const payload = raw.chunked === true
      ? Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from("\r\n0\r\n\r\n")])
      : body
    const socket = connect(port, "127.0.0.1")
    let received = Buffer.alloc(0)
    const done = () => {
      socket.destroy()
      resume(Effect.succeed(received.toString("utf8")))
    }
    socket.on("data", (chunk) => {
      received = Buffer.concat([received, chunk])
      const text = received.toString("latin1")
      const end = text.indexOf("\r\n\r\n")
      if (end < 0) return
      // An interim 100 Continue is all a test waiting for one needs.
      if (text.startsWith("HTTP/1.1 100 ")) return done()
      const length = /\r\ncontent-length: (\d+)/i.exec(text.slice(0, end))
      if (length !== null && received.length >= end + 4 + Number(length[1])) done()
    })
    socket.on("close", done)
    socket.on("error", done)
    socket.write(Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n\r\n`), payload]))
  })

const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g

/** The response without what differs between any two answers: the date, generated ids, new event ids. */
const normalized = (response: string) =>
  response
    .replace(/\r\nDate: [^\r]*/, "")
    .replace(uuid, "<uuid>")
    .replace(/"eventId":"[^"]*"/g, `"eventId":"<id>"`)

/** Succeeds once nothing listens at `port` any more (a connection is refused). */
const refused = (port: number) =>
  Effect.callback<boolean>((resume) => {
    const socket = connect(port, "127.0.0.1")
    socket.once("connect", () => {
      socket.destroy()
      resume(Effect.succeed(false))
    })
    socket.once("error", () => resume(Effect.succeed(true)))
  }).pipe(Effect.repeat({ until: (isRefused) => isRefused, schedule: Schedule.spaced("10 millis") }))

/** A team set up with a known stage-change signing token; answers its id and a delivery signer. */
const signedTeam = Effect.gen(function*() {
  const host = yield* TestHost
  const client = yield* host.client()
  const team = yield* AdminSetup.setupTeam(client, "Fast", { baseUrl: host.sandbox.baseUrl, setupKey, permanentKey })
  const teamId = team.settings.teamId
  const signingToken = "fast-path-signing-token"
  const put = yield* host.request("PUT", `/api/teams/${teamId}/signing-tokens/stage-change`, {
    headers: { ...TestHosts.bearer(TestHosts.operatorToken), "content-type": "application/json" },
    body: JSON.stringify({ token: signingToken })
  })
  assert.strictEqual(put.status, 200, put.text)
  const delivery = (options: { readonly signature?: string } = {}) => {
    const token = randomBytes(24).toString("hex")
    const triggeredAt = Date.now()
    return JSON.stringify({
      triggeredAt,
      event: "candidateStageChange",
      token,
      signature: options.signature ?? Signature.sign(signingToken, token, triggeredAt),
      data: {
        opportunityId: "opp-fast",
        fromStageId: LeverSandbox.StageIds.phoneInterview,
        toStageId: LeverSandbox.StageIds.technicalAssessment
      }
    })
  }
  return { host, teamId, delivery, port: Number(new URL(host.url).port) }
})

/** A provider webhook about `interviewId`, and its Standard Webhooks headers (signed with the host's secret unless told). */
const providerDelivery = (options: {
  readonly body?: string
  readonly id?: string
  readonly secret?: Redacted.Redacted<string>
  readonly skewSeconds?: number
} = {}) => {
  const body = options.body ?? JSON.stringify({
    type: "interview.graded",
    timestamp: new Date().toISOString(),
    data: { interviewId: "iv_fast", score: 91, outcome: "pass", reportUrl: "https://provider.example/reports/1" }
  })
  // node:crypto's synchronous HMAC: a case is made in a plain function.
  const headers = Effect.runSync(StandardWebhooks.sign(options.secret ?? Redacted.make(providerSecret), {
    id: options.id ?? `msg_${crypto.randomUUID()}`,
    timestampSeconds: Math.floor(Date.now() / 1000) + (options.skewSeconds ?? 0),
    body
  }).pipe(Effect.provide(NodeCrypto.layerMac)))
  return { body, headers: { ...headers } as Record<string, string> }
}

/** The answer of the Effect route and of the fast path to `raw` (a fresh one from `make` for each). */
const bothWays = (port: number, make: () => Raw) =>
  Effect.gen(function*() {
    fastPath.on = false
    const effectRoute = yield* send(port, make())
    fastPath.on = true
    const before = fastPath.taken
    const fast = yield* send(port, make())
    fastPath.on = false
    return { effectRoute, fast, taken: fastPath.taken - before }
  })

/** Each case is taken by the fast path, with the Effect route's status and the same answer. */
const takenAlike = (port: number, cases: ReadonlyArray<readonly [string, () => Raw, number]>) =>
  Effect.forEach(cases, ([name, make, status]) =>
    Effect.map(bothWays(port, make), ({ effectRoute, fast, taken }) => {
      assert.strictEqual(taken, 1, `${name}: taken by the fast path`)
      assert.match(effectRoute, new RegExp(`^HTTP/1.1 ${status} `), `${name}: ${effectRoute}`)
      assert.strictEqual(normalized(fast), normalized(effectRoute), name)
    }), { discard: true })

/** No case is taken by the fast path: each reaches the Effect routes and gets the same answer. */
const leftAlone = (port: number, cases: ReadonlyArray<readonly [string, () => Raw]>) =>
  Effect.forEach(cases, ([name, make]) =>
    Effect.map(bothWays(port, make), ({ effectRoute, fast, taken }) => {
      assert.strictEqual(taken, 0, `${name}: not taken`)
      assert.strictEqual(normalized(fast), normalized(effectRoute), name)
    }), { discard: true })

layer(TestHosts.layerWith({ fastPath }), { excludeTestServices: true })("the webhook fast path", (it) => {
  describe("answers the plain case exactly as the Effect route", () => {
    it.effect("valid, bad signature, unknown team, malformed JSON, empty body, bad or no request id, each webhook", () =>
      Effect.gen(function*() {
        const { delivery, port, teamId } = yield* signedTeam
        const lever = (path: string) => `/webhooks/lever/${path}`
        const cases: ReadonlyArray<readonly [string, () => Raw, number]> = [
          ["valid", () => ({ path: lever(`${teamId}/stage-change`), body: delivery(), headers: { "x-request-id": "req-1" } }), 202],
          ["valid, no request id", () => ({ path: lever(`${teamId}/stage-change`), body: delivery() }), 202],
          ["valid, request id not a plain token", () => ({
            path: lever(`${teamId}/stage-change`),
            body: delivery(),
            headers: { "x-request-id": "not a token!" }
          }), 202],
          ["bad signature", () => ({ path: lever(`${teamId}/stage-change`), body: delivery({ signature: "00".repeat(32) }) }), 401],
          ["signed with another webhook's token", () => ({ path: lever(`${teamId}/archive-change`), body: delivery() }), 401],
          ["no signing token submitted for the webhook", () => ({ path: lever(`${teamId}/candidate-deleted`), body: delivery() }), 401],
          ["unknown team", () => ({ path: lever("team_00000000000000000000000000000000/stage-change"), body: delivery() }), 404],
          ["a team id that cannot exist", () => ({ path: lever("nope/stage-change"), body: delivery() }), 404],
          ["malformed JSON", () => ({ path: lever(`${teamId}/stage-change`), body: "{\"triggeredAt\": 1," }), 400],
          ["not an envelope", () => ({ path: lever(`${teamId}/stage-change`), body: "[1,2,3]" }), 400],
          ["empty body", () => ({ path: lever(`${teamId}/stage-change`), body: "" }), 400],
          ["a body with a byte order mark and invalid UTF-8", () => ({
            path: lever(`${teamId}/stage-change`),
            body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(delivery()), Buffer.from([0xff, 0xfe])])
          }), 400]
        ]
        yield* takenAlike(port, cases)
      }))

    it.effect("a duplicate delivery, first seen by either path", () =>
      Effect.gen(function*() {
        const { delivery, port, teamId } = yield* signedTeam
        const path = `/webhooks/lever/${teamId}/stage-change`
        for (const firstFast of [false, true]) {
          const body = delivery()
          fastPath.on = firstFast
          const first = yield* send(port, { path, body, headers: { "x-request-id": "first" } })
          assert.match(first, /^HTTP\/1.1 202 /, first)
          const { effectRoute, fast, taken } = yield* bothWays(port, () => ({ path, body, headers: { "x-request-id": "again" } }))
          assert.strictEqual(taken, 1)
          assert.match(effectRoute, /^HTTP\/1.1 200 /, effectRoute)
          // The same stored event named by both: nothing normalized but the date.
          assert.strictEqual(fast.replace(/\r\nDate: [^\r]*/, ""), effectRoute.replace(/\r\nDate: [^\r]*/, ""))
        }
      }))
  })

  describe("answers the provider's webhooks exactly as the Effect route", () => {
    it.effect("accepted, unsigned, forged, stale, unknown or impossible team, malformed, unknown type, empty", () =>
      Effect.gen(function*() {
        const { port, teamId } = yield* signedTeam
        const path = `/webhooks/provider/${teamId}`
        const signed = (options: Parameters<typeof providerDelivery>[0] = {}) => () => providerDelivery(options)
        const cases: ReadonlyArray<readonly [string, () => Raw, number]> = [
          ["accepted", () => ({ path, ...signed()() }), 202],
          ["accepted, with a request id", () => {
            const delivery = providerDelivery()
            return { path, body: delivery.body, headers: { ...delivery.headers, "x-request-id": "req-p" } }
          }, 202],
          ["no signature", () => ({ path, body: providerDelivery().body }), 401],
          ["signed for another body", () => ({
            path,
            body: providerDelivery().body,
            headers: providerDelivery({ body: JSON.stringify({ type: "interview.started", timestamp: new Date().toISOString(), data: { interviewId: "iv_other" } }) }).headers
          }), 401],
          ["signed with another secret", () => ({ path, ...signed({ secret: StandardWebhooks.generateSecret() })() }), 401],
          ["stale", () => ({ path, ...signed({ skewSeconds: -400 })() }), 401],
          ["unknown team", () => ({ path: "/webhooks/provider/team_00000000000000000000000000000000", ...signed()() }), 404],
          ["a team id that cannot exist", () => ({ path: "/webhooks/provider/nope", ...signed()() }), 404],
          ["malformed JSON", () => ({ path, ...signed({ body: "{\"type\": " })() }), 400],
          ["an unknown type", () => ({
            path,
            ...signed({ body: JSON.stringify({ type: "interview.paused", timestamp: new Date().toISOString(), data: {} }) })()
          }), 400],
          ["empty body", () => ({ path, ...signed({ body: "" })() }), 400]
        ]
        yield* takenAlike(port, cases)
      }))

    it.effect("a webhook-id received before, first seen by either path", () =>
      Effect.gen(function*() {
        const { port, teamId } = yield* signedTeam
        const path = `/webhooks/provider/${teamId}`
        for (const firstFast of [false, true]) {
          const delivery = providerDelivery()
          fastPath.on = firstFast
          const first = yield* send(port, { path, ...delivery })
          assert.match(first, /^HTTP\/1.1 202 /, first)
          const { effectRoute, fast, taken } = yield* bothWays(port, () => ({
            path,
            body: delivery.body,
            headers: { ...delivery.headers, "x-request-id": "again" }
          }))
          assert.strictEqual(taken, 1)
          assert.match(effectRoute, /^HTTP\/1.1 200 /, effectRoute)
          assert.strictEqual(fast.replace(/\r\nDate: [^\r]*/, ""), effectRoute.replace(/\r\nDate: [^\r]*/, ""))
        }
      }))

    it.effect("leaves a query string, a trailing slash, an escaped team id and a chunked body to the Effect routes", () =>
      Effect.gen(function*() {
        const { port, teamId } = yield* signedTeam
        const path = `/webhooks/provider/${teamId}`
        const cases: ReadonlyArray<readonly [string, () => Raw]> = [
          ["query string", () => ({ path: `${path}?v=1`, ...providerDelivery() })],
          ["trailing slash", () => ({ path: `${path}/`, ...providerDelivery() })],
          ["escaped team id", () => ({ path: `/webhooks/provider/${teamId.replace("_", "%5F")}`, ...providerDelivery() })],
          ["chunked", () => ({ path, ...providerDelivery(), chunked: true })]
        ]
        yield* leftAlone(port, cases)
      }))
  })

  it.effect("counts its deliveries in the same metrics", () =>
    Effect.gen(function*() {
      const { host, port } = yield* signedTeam
      const rejected = Effect.map(host.request("GET", "/metrics"), (answer) =>
        OtlpReceiver.sample(OtlpReceiver.parsePrometheus(answer.text), "fulcrum_webhooks_total", {
          outcome: "rejected",
          reason: "UnknownTeam"
        }) || 0)
      const before = yield* rejected
      const unknown = { path: "/webhooks/lever/team_00000000000000000000000000000000/stage-change", body: "{}" }
      const { taken } = yield* bothWays(port, () => unknown)
      assert.strictEqual(taken, 1)
      assert.strictEqual((yield* rejected) - before, 2, "one for each path")
    }))

  describe("leaves everything else to the Effect routes", () => {
    it.effect("chunked, compressed, 100-continue, oversized, a query string, an escaped team id, other methods", () =>
      Effect.gen(function*() {
        const { delivery, port, teamId } = yield* signedTeam
        const path = `/webhooks/lever/${teamId}/stage-change`
        const cases: ReadonlyArray<readonly [string, () => Raw]> = [
          ["chunked", () => ({ path, body: delivery(), chunked: true })],
          ["gzip", () => ({ path, body: gzipSync(delivery()), headers: { "content-encoding": "gzip" } })],
          ["oversized", () => ({ path, body: JSON.stringify({ padding: "x".repeat(maxBodyBytes) }) })],
          ["query string", () => ({ path: `${path}?source=lever`, body: delivery() })],
          ["escaped team id", () => ({ path: `/webhooks/lever/${encodeURIComponent(teamId).replace("_", "%5F")}/stage-change`, body: delivery() })],
          ["trailing slash", () => ({ path: `${path}/`, body: delivery() })],
          ["GET", () => ({ method: "GET", path })],
          ["another route", () => ({ path: `/webhooks/lever/${teamId}/stage-changed`, body: delivery() })]
        ]
        yield* leftAlone(port, cases)
        // A client waiting for 100 Continue: only the Effect server answers the expectation.
        fastPath.on = true
        const before = fastPath.taken
        const expecting = yield* send(port, { path, body: delivery(), headers: { expect: "100-continue" } })
        fastPath.on = false
        assert.strictEqual(fastPath.taken, before)
        assert.match(expecting, /^HTTP\/1.1 100 Continue/, expecting)
      }))
  })
})

describe("the webhook fast path when the host stops", () => {
  it.live("a delivery in flight is stored and answered before the host has stopped", () =>
    Effect.gen(function*() {
      const entered = yield* Deferred.make<void>()
      const release = yield* Deferred.make<void>()
      const fast: FastPathSwitch = { on: true, taken: 0 }
      const scope = yield* Scope.make()
      const context = yield* Layer.buildWithScope(
        TestHosts.layerWith({
          fastPath: fast,
          beforeAccept: Deferred.succeed(entered, undefined).pipe(Effect.andThen(Deferred.await(release)))
        }),
        scope
      )
      const { delivery, port, teamId } = yield* Effect.provideContext(signedTeam, context)
      const inFlight = yield* Effect.forkChild(send(port, { path: `/webhooks/lever/${teamId}/stage-change`, body: delivery() }))
      yield* Deferred.await(entered)
      assert.strictEqual(fast.taken, 1, "on the fast path")
      const stopping = yield* Effect.forkChild(Scope.close(scope, Exit.void))
      yield* refused(port)
      yield* Deferred.succeed(release, undefined)
      const answer = yield* Fiber.join(inFlight)
      assert.match(answer, /^HTTP\/1.1 202 /, answer)
      yield* Fiber.join(stopping)
    }))
})
