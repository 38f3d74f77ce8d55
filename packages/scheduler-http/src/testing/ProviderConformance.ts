/**
 * The provider conformance kit: what an assessment provider's own implementation of protocol `v1` must
 * do for Fulcrum to work with it, as vitest tests that run over HTTP against the provider's URL. It
 * checks signatures (unsigned, forged and stale requests are refused with 401), idempotency (a repeated
 * `Idempotency-Key`, also racing, answers 200 with the first invite), answer shapes, error shapes
 * (`{code, message}`), and that next-step and cancel accept repeats; then it runs the port's own
 * `InterviewSchedulerContract` through `@fulcrum/scheduler-http` against the provider.
 *
 * @example
 * ```ts
 * // provider.conformance.test.ts, in the vendor's repository
 * import { ProviderConformance } from "@fulcrum/scheduler-http/testing"
 * import { Redacted } from "effect"
 *
 * ProviderConformance.suite("our provider", {
 *   url: "http://127.0.0.1:8080",
 *   secret: Redacted.make(process.env.FULCRUM_PROVIDER_SECRET!)
 * })
 * ```
 *
 * @since 0.1.0
 */
import { StandardWebhooks } from "@fulcrum/core"
import { InterviewSchedulerContract } from "@fulcrum/core/testing"
import { ProviderProtocol } from "@fulcrum/domain"
import { Effect, Exit, Redacted, Schema } from "effect"
import { assert, describe, it } from "vitest"
import * as SchedulerHttp from "../SchedulerHttp.ts"

/** Where the provider under test listens and the secret it shares with Fulcrum. @since 0.1.0 */
export interface Target {
  /** The provider's base URL (what `FULCRUM_PROVIDER_URL` would be). */
  readonly url: string
  readonly secret: Redacted.Redacted<string>
  /** A team id the provider accepts; default a fresh `conformance-...` id. */
  readonly teamId?: string
  /** Per-test timeout; default 30 s. */
  readonly timeout?: number
}

/** One HTTP answer, body parsed as JSON when it is. @since 0.1.0 */
export interface Answer {
  readonly status: number
  readonly body: unknown
}

/**
 * Sends one request signed as Fulcrum signs it (`sign: false` sends none; `timestampSeconds` and
 * `secret` forge one).
 *
 * @since 0.1.0
 */
export const request = async (
  target: Target,
  options: {
    readonly method: "GET" | "POST"
    readonly path: string
    readonly body?: unknown
    readonly headers?: Record<string, string>
    readonly sign?: boolean
    readonly secret?: Redacted.Redacted<string>
    readonly timestampSeconds?: number
  }
): Promise<Answer> => {
  const body = options.body === undefined ? "" : JSON.stringify(options.body)
  const signed = options.sign === false ? {} : await Effect.runPromise(
    StandardWebhooks.sign(options.secret ?? target.secret, {
      id: `msg_${globalThis.crypto.randomUUID().replaceAll("-", "")}`,
      timestampSeconds: options.timestampSeconds ?? Date.now() / 1000,
      body
    })
  )
  const response = await fetch(`${target.url.replace(/\/+$/, "")}${options.path}`, {
    method: options.method,
    headers: { ...signed, ...(options.method === "POST" ? { "content-type": "application/json" } : {}), ...options.headers },
    ...(options.method === "POST" ? { body } : {})
  })
  const text = await response.text()
  let parsed: unknown = text
  try {
    parsed = text.length === 0 ? undefined : JSON.parse(text)
  } catch {
    // Not JSON: kept as text for the assertion message.
  }
  return { status: response.status, body: parsed }
}

const isErrorBody = (body: unknown): boolean => Exit.isSuccess(Schema.decodeUnknownExit(ProviderProtocol.ErrorBody)(body))

/**
 * Registers the conformance tests in a `describe` block named `name`.
 *
 * @since 0.1.0
 */
export const suite = (name: string, target: Target): void => {
  const run = globalThis.crypto.randomUUID().slice(0, 8)
  const teamId = target.teamId ?? `conformance-${run}`
  const timeout = target.timeout ?? 30_000
  const invite = (label: string, attempt = 1): ProviderProtocol.CreateInvite => ({
    teamId,
    opportunityId: `opp-${run}-${label}`,
    candidate: { name: `Conformance ${label}`, email: `conformance+${run}-${label}@example.com` },
    interviewType: { id: "conformance-type", name: "Conformance type" },
    attempt
  })
  const create = (label: string, key = `${teamId}:${label}`, extra: Partial<Parameters<typeof request>[1]> = {}) =>
    request(target, {
      method: "POST",
      path: "/v1/invites",
      body: invite(label),
      headers: { [ProviderProtocol.headerIdempotencyKey]: key },
      ...extra
    })
  const decodeCreated = Schema.decodeUnknownSync(ProviderProtocol.InviteCreated)

  describe(name, () => {
    it("lists interview types as {data: [{id, name}]}", async () => {
      const answer = await request(target, { method: "GET", path: `/v1/interview-types?teamId=${teamId}` })
      assert.strictEqual(answer.status, 200, JSON.stringify(answer.body))
      Schema.decodeUnknownSync(ProviderProtocol.InterviewTypeList)(answer.body)
    }, timeout)

    it("refuses unsigned, forged and stale requests with 401 {code, message}, creating nothing", async () => {
      const unsigned = await create("unsigned", undefined, { sign: false })
      const forged = await create("forged", undefined, { secret: StandardWebhooks.generateSecret() })
      const stale = await create("stale", undefined, { timestampSeconds: Date.now() / 1000 - 6 * 60 })
      const future = await create("future", undefined, { timestampSeconds: Date.now() / 1000 + 6 * 60 })
      for (const answer of [unsigned, forged, stale, future]) {
        assert.strictEqual(answer.status, 401, JSON.stringify(answer.body))
        assert.isTrue(isErrorBody(answer.body), `an error is {code, message}: ${JSON.stringify(answer.body)}`)
      }
      // Had the forged request created the invite, this first signed one would be answered 200.
      assert.strictEqual((await create("forged")).status, 201)
    }, timeout)

    it("creates an invite (201) and answers a repeated Idempotency-Key with the first one (200)", async () => {
      const first = await create("repeat")
      assert.strictEqual(first.status, 201, JSON.stringify(first.body))
      const created = decodeCreated(first.body)
      assert.isTrue(URL.canParse(created.inviteUrl))
      const again = await create("repeat")
      assert.strictEqual(again.status, 200)
      assert.deepStrictEqual(decodeCreated(again.body), created)
    }, timeout)

    it("creates one invite for racing requests with one key", async () => {
      const answers = await Promise.all([create("race"), create("race"), create("race")])
      const ids = new Set(answers.map((answer) => decodeCreated(answer.body).interviewId))
      assert.strictEqual(ids.size, 1)
      assert.deepStrictEqual(answers.map((a) => a.status).sort(), [200, 200, 201])
    }, timeout)

    it("refuses a malformed invite or a missing Idempotency-Key with 400 {code, message}", async () => {
      const malformed = await request(target, {
        method: "POST",
        path: "/v1/invites",
        body: { teamId },
        headers: { [ProviderProtocol.headerIdempotencyKey]: `${teamId}:malformed` }
      })
      const keyless = await request(target, { method: "POST", path: "/v1/invites", body: invite("keyless") })
      for (const answer of [malformed, keyless]) {
        assert.strictEqual(answer.status, 400, JSON.stringify(answer.body))
        assert.isTrue(isErrorBody(answer.body), JSON.stringify(answer.body))
      }
    }, timeout)

    it("accepts next-step and cancel with 204, repeats included", async () => {
      const { interviewId } = decodeCreated((await create("steps")).body)
      const path = (step: string) => `/v1/invites/${encodeURIComponent(interviewId)}/${step}`
      for (const nextStep of ["onsite", "offer", "offer"] as const) {
        const answer = await request(target, { method: "POST", path: path("next-step"), body: { teamId, nextStep } })
        assert.strictEqual(answer.status, 204, JSON.stringify(answer.body))
      }
      for (let i = 0; i < 2; i++) {
        const answer = await request(target, {
          method: "POST",
          path: path("cancel"),
          body: { teamId, reason: "candidateDeleted" }
        })
        assert.strictEqual(answer.status, 204, JSON.stringify(answer.body))
      }
    }, timeout)
  })

  InterviewSchedulerContract.suite(
    `${name}: InterviewScheduler contract through @fulcrum/scheduler-http`,
    SchedulerHttp.layerFetch({ baseUrl: target.url, secret: target.secret }),
    { timeout }
  )
}

/** The secret as an environment variable gives it. @since 0.1.0 */
export const secretFromEnv = (variable = "FULCRUM_PROVIDER_SECRET"): Redacted.Redacted<string> =>
  Redacted.make(process.env[variable] ?? "")
