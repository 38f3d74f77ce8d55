/**
 * The reference provider as Fulcrum meets it: the candidate page drives start → submit → graded, each
 * step a Standard Webhooks-signed webhook to Fulcrum, retried with the same webhook-id until Fulcrum
 * answers 2xx; lapsed invites expire with `invite.expired`.
 */
import { StandardWebhooks } from "@fulcrum/core"
import { Effect, Exit } from "effect"
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { afterEach, assert, describe, it } from "vitest"
import { ProviderSandbox } from "../src/index.ts"

interface Received {
  readonly id: string
  readonly verified: boolean
  readonly body: { readonly type: string; readonly data: Record<string, unknown> }
}

/** A stand-in for Fulcrum's webhook route: verifies each delivery, answers 500 to the first `failFirst`. */
const receiver = async (secret: ProviderSandbox.Sandbox["secret"], failFirst: number) => {
  const received: Array<Received> = []
  let failures = failFirst
  const server: Server = createServer((req, res) => {
    const chunks: Array<Buffer> = []
    req.on("data", (c: Buffer) => chunks.push(c))
    req.on("end", async () => {
      const body = Buffer.concat(chunks).toString("utf8")
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]))
      const exit = await Effect.runPromiseExit(StandardWebhooks.verify(secret, { headers, body, nowMs: Date.now() }))
      received.push({ id: headers["webhook-id"]!, verified: Exit.isSuccess(exit), body: JSON.parse(body) })
      if (failures-- > 0) return res.writeHead(500).end()
      res.writeHead(202).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, close: () => server.close() }
}

const eventually = async (check: () => boolean, what: string) => {
  for (let i = 0; i < 400; i++) {
    if (check()) return
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  assert.fail(`never: ${what}`)
}

const signedCreate = async (sandbox: ProviderSandbox.Sandbox, key: string) => {
  const body = JSON.stringify({
    teamId: "team-1",
    opportunityId: `opp-${key}`,
    candidate: { name: "Ada", email: "ada@example.com" },
    interviewType: { id: "sbx-take-home", name: "Take-home exercise" },
    attempt: 1
  })
  const headers = await Effect.runPromise(
    StandardWebhooks.sign(sandbox.secret, { id: `msg_${key}`, timestampSeconds: Date.now() / 1000, body })
  )
  const response = await fetch(`${sandbox.url}/v1/invites`, {
    method: "POST",
    headers: { ...headers, "idempotency-key": key, "content-type": "application/json" },
    body
  })
  assert.strictEqual(response.status, 201)
  return (await response.json()) as { interviewId: string; inviteUrl: string; expiresAt: string | null }
}

const cleanup: Array<() => unknown> = []
afterEach(async () => {
  for (const close of cleanup.splice(0)) await close()
})

describe("provider sandbox", () => {
  it("the candidate page: start, submit, graded at once; signed webhooks retried with the same id", async () => {
    const sandbox = await ProviderSandbox.start({ webhookRetryDelayMs: 20 })
    const fulcrum = await receiver(sandbox.secret, 1)
    cleanup.push(() => sandbox.close(), fulcrum.close)
    sandbox.setFulcrumUrl(fulcrum.url)

    const invite = await signedCreate(sandbox, "page")
    assert.include(await (await fetch(invite.inviteUrl)).text(), "Start the assessment")
    assert.strictEqual((await fetch(`${invite.inviteUrl}/start`, { method: "POST", redirect: "manual" })).status, 303)
    const submitted = await fetch(`${invite.inviteUrl}/submit`, {
      method: "POST",
      redirect: "manual",
      body: new URLSearchParams({ score: "55" })
    })
    assert.strictEqual(submitted.status, 303)

    // Three messages, one of them answered 500 first and delivered again.
    await eventually(() => fulcrum.received.length >= 4, "three webhooks and one retry")
    const ok = fulcrum.received.filter((r) => r.verified)
    assert.strictEqual(ok.length, fulcrum.received.length, "every delivery is signed with the shared secret")
    // Messages go out independently (no order is promised); the one answered 500 came again, same id.
    const first = fulcrum.received[0]!
    assert.strictEqual(fulcrum.received.filter((r) => r.id === first.id).length, 2, "retried as the same message")
    const graded = fulcrum.received.find((r) => r.body.type === "interview.graded")!
    assert.deepStrictEqual(graded.body.data, {
      interviewId: invite.interviewId,
      score: 55,
      outcome: "fail",
      reportUrl: `${sandbox.url}/reports/${invite.interviewId}`
    })
    assert.strictEqual((await fetch(`${sandbox.url}/reports/${invite.interviewId}`)).status, 200)
  })

  it("an invite not submitted by expiresAt expires, and Fulcrum is told", async () => {
    const sandbox = await ProviderSandbox.start({ inviteTtlMs: 100, expirySweepMs: 20 })
    const fulcrum = await receiver(sandbox.secret, 0)
    cleanup.push(() => sandbox.close(), fulcrum.close)
    sandbox.setFulcrumUrl(fulcrum.url)
    const invite = await signedCreate(sandbox, "expiry")
    assert.isString(invite.expiresAt)
    await eventually(() => fulcrum.received.some((r) => r.body.type === "invite.expired"), "invite.expired")
    assert.strictEqual(sandbox.store.byInterview.get(invite.interviewId)?.state, "expired")
  })
})
