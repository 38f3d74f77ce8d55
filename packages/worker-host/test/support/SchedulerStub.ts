/**
 * The assessment provider's invite API as a test sees it: an HTTP server in the test process that worker
 * children call (through `StubSchedulerClient`). Like a real provider it is idempotent by key — the first
 * call with a key creates the invite, every later call returns that invite — and it records every call,
 * so a test can tell "called twice" from "created twice".
 *
 * It can be made slow (`setDelay`) or made to hold the next responses (`holdNext`): the invite is created
 * when the request arrives and the answer is held back, which is exactly the window in which a worker
 * that dies has sent an invite without knowing it.
 */
import { Context, Deferred, Effect, Layer, Schema } from "effect"
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"

/** What the client sends to `POST /invites`. */
export const InviteBody = Schema.Struct({
  key: Schema.String,
  teamId: Schema.String,
  opportunityId: Schema.String,
  email: Schema.String,
  interviewTypeId: Schema.String
})
export type InviteBody = typeof InviteBody.Type

/** What `POST /invites` answers. */
export const InviteAnswer = Schema.Struct({
  interviewId: Schema.String,
  inviteUrl: Schema.NullOr(Schema.String),
  expiresAt: Schema.NullOr(Schema.Number)
})

/** One invite key as the provider saw it. */
export interface KeyRecord {
  readonly key: string
  readonly teamId: string
  readonly opportunityId: string
  /** Requests that carried the key. */
  readonly calls: number
  /** Invites created for the key: a provider that dedupes keeps this at 1. */
  readonly created: number
  readonly interviewId: string
  readonly firstCallAt: number
}

export class SchedulerStub extends Context.Service<SchedulerStub, {
  readonly url: string
  readonly keys: Effect.Effect<ReadonlyArray<KeyRecord>>
  readonly totalCalls: Effect.Effect<number>
  /** Every response waits this long (after the invite is created). */
  readonly setDelay: (ms: number) => Effect.Effect<void>
  /** The next `count` invite requests create their invite and then never get an answer. */
  readonly holdNext: (count: number) => Effect.Effect<void>
  /** Resolves once `count` invite requests have arrived in total. */
  readonly awaitCalls: (count: number) => Effect.Effect<void>
}>()("worker-host/test/SchedulerStub") {}

const readBody = (request: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Array<Buffer> = []
    request.on("data", (chunk: Buffer) => chunks.push(chunk))
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")))
    request.on("error", reject)
  })

const decodeInvite = Schema.decodeUnknownSync(Schema.fromJsonString(InviteBody))

export const layer: Layer.Layer<SchedulerStub> = Layer.effect(
  SchedulerStub,
  Effect.gen(function*() {
    const records = new Map<string, { -readonly [K in keyof KeyRecord]: KeyRecord[K] }>()
    let totalCalls = 0
    let delayMs = 0
    let holds = 0
    let serial = 0
    const waiters: Array<{ readonly count: number; readonly done: Deferred.Deferred<void> }> = []
    const held = new Set<ServerResponse>()

    const arrived = () => {
      totalCalls++
      for (const waiter of waiters.filter((w) => totalCalls >= w.count)) Deferred.doneUnsafe(waiter.done, Effect.void)
    }

    const handleInvite = (body: InviteBody, response: ServerResponse) => {
      arrived()
      const existing = records.get(body.key)
      const record = existing ?? {
        key: body.key,
        teamId: body.teamId,
        opportunityId: body.opportunityId,
        calls: 0,
        created: 0,
        interviewId: `stub-interview-${++serial}`,
        firstCallAt: Date.now()
      }
      record.calls++
      if (existing === undefined) {
        record.created++
        records.set(body.key, record)
      }
      const answer = JSON.stringify({
        interviewId: record.interviewId,
        inviteUrl: `https://assess.stub.invalid/${record.interviewId}`,
        expiresAt: null
      })
      if (holds > 0) {
        holds--
        held.add(response)
        response.on("close", () => held.delete(response))
        return
      }
      const send = () => {
        if (!response.destroyed) response.writeHead(200, { "content-type": "application/json" }).end(answer)
      }
      if (delayMs > 0) setTimeout(send, delayMs)
      else send()
    }

    const server = createServer((request, response) => {
      readBody(request).then((text) => {
        if (request.method === "POST" && request.url === "/invites") {
          return handleInvite(decodeInvite(text), response)
        }
        if (request.method === "POST" && (request.url === "/notifications" || request.url === "/cancellations")) {
          return void response.writeHead(204).end()
        }
        response.writeHead(404).end()
      }).catch(() => {
        if (!response.destroyed) response.writeHead(400).end()
      })
    })
    const port = yield* Effect.acquireRelease(
      Effect.callback<number>((resume) => {
        server.listen(0, "127.0.0.1", () => resume(Effect.succeed((server.address() as AddressInfo).port)))
      }),
      () =>
        Effect.callback<void>((resume) => {
          for (const response of held) response.destroy()
          server.closeAllConnections()
          server.close(() => resume(Effect.void))
        })
    )

    return SchedulerStub.of({
      url: `http://127.0.0.1:${port}`,
      keys: Effect.sync(() => [...records.values()].map((record) => ({ ...record }))),
      totalCalls: Effect.sync(() => totalCalls),
      setDelay: (ms) => Effect.sync(() => void (delayMs = ms)),
      holdNext: (count) => Effect.sync(() => void (holds = count)),
      awaitCalls: (count) =>
        Effect.suspend(() => {
          if (totalCalls >= count) return Effect.void
          const done = Deferred.makeUnsafe<void>()
          waiters.push({ count, done })
          return Deferred.await(done)
        })
    })
  })
)
