/**
 * A tiny webhook host for the integration test: `POST /webhooks/lever/{teamId}/{stage-change|archive-change}`
 * reads the raw body, verifies it with the `SignatureVerifier` in context at the time of receipt, stores a
 * verified first delivery in the `EventInbox` (so a second one is a duplicate, as in the real host) and
 * answers like the host does: 200 verified, 400 malformed, 404 unknown team, 401 any other rejection.
 */
import { createServer, type IncomingHttpHeaders } from "node:http"
import { EventInbox, SignatureVerifier, type StoreError } from "@fulcrum/core"
import { Ids, type Lever } from "@fulcrum/domain"
import { Clock, Effect, Exit, Option, Schema } from "effect"

/** One request the receiver answered. */
export interface Received {
  readonly path: string
  readonly headers: IncomingHttpHeaders
  readonly rawBody: string
  readonly status: number
  readonly exit: Exit.Exit<
    SignatureVerifier.VerifiedWebhook,
    SignatureVerifier.WebhookRejection | StoreError.StoreError
  >
}

export interface Receiver {
  /** `http://127.0.0.1:PORT`. */
  readonly origin: string
  /** `http://127.0.0.1:PORT/webhooks/lever/{teamId}/{path}` for a webhook kind. */
  readonly urlFor: (teamId: string, webhook: "stageChange" | "archiveChange") => string
  readonly received: ReadonlyArray<Received>
  /** Waits until `count` requests were answered; dies after `timeoutMs`. */
  readonly waitFor: (count: number, timeoutMs?: number) => Effect.Effect<ReadonlyArray<Received>>
}

const paths: Record<string, Lever.WebhookKind> = { "stage-change": "stageChange", "archive-change": "archiveChange" }

const statusOf = (exit: Received["exit"]): number =>
  Exit.isSuccess(exit)
    ? 200
    : Option.match(Exit.findErrorOption(exit), {
      onNone: () => 500,
      onSome: (error) => {
        switch (error._tag) {
          case "MalformedWebhook":
            return 400
          case "UnknownTeam":
            return 404
          case "StoreError":
            return 503
          default:
            return 401
        }
      }
    })

/** Starts the receiver on 127.0.0.1 with a random port; it closes with the scope. */
export const receiver = Effect.gen(function*() {
  const verifier = yield* SignatureVerifier.SignatureVerifier
  const inbox = yield* EventInbox.EventInbox
  const received: Array<Received> = []

  const handle = (teamId: Ids.TeamId, webhook: Lever.WebhookKind, rawBody: string) =>
    Effect.gen(function*() {
      const receivedAt = yield* Clock.currentTimeMillis
      const verified = yield* verifier.verify({ teamId, webhook, rawBody, receivedAt })
      if (!verified.duplicate) {
        yield* inbox.accept({
          teamId,
          dedupeKey: verified.envelope.token,
          source: "lever",
          kind: verified.envelope.event,
          opportunityId: "opportunityId" in verified.payload ? verified.payload.opportunityId : null,
          payload: verified.payload,
          rawBody,
          receivedAt,
          status: "done",
          note: null
        })
      }
      return verified
    })

  const server = createServer((req, res) => {
    const chunks: Array<Buffer> = []
    req.on("data", (chunk: Buffer) => chunks.push(chunk))
    req.on("end", () => {
      const rawBody = Buffer.concat(chunks).toString("utf8")
      const path = req.url ?? ""
      const [, , , team, kind] = path.split("/")
      const teamId = Schema.decodeUnknownOption(Ids.TeamId)(team)
      const webhook = kind === undefined ? undefined : paths[kind]
      if (req.method !== "POST" || Option.isNone(teamId) || webhook === undefined) {
        res.statusCode = 404
        res.end()
        return
      }
      void Effect.runPromiseExit(handle(teamId.value, webhook, rawBody)).then((exit) => {
        const status = statusOf(exit)
        received.push({ path, headers: req.headers, rawBody, status, exit })
        res.statusCode = status
        res.end()
      })
    })
  })

  const port = yield* Effect.acquireRelease(
    Effect.callback<number>((resume) => {
      server.listen(0, "127.0.0.1", () => {
        const address = server.address()
        resume(Effect.succeed(typeof address === "object" && address !== null ? address.port : 0))
      })
    }),
    () =>
      Effect.callback<void>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.void))
      })
  )

  const origin = `http://127.0.0.1:${port}`
  const self: Receiver = {
    origin,
    urlFor: (teamId, webhook) =>
      `${origin}/webhooks/lever/${teamId}/${webhook === "stageChange" ? "stage-change" : "archive-change"}`,
    received,
    waitFor: (count, timeoutMs = 10_000) =>
      Effect.gen(function*() {
        const deadline = (yield* Clock.currentTimeMillis) + timeoutMs
        while (received.length < count) {
          if ((yield* Clock.currentTimeMillis) > deadline) {
            return yield* Effect.die(new Error(`expected ${count} webhook(s), got ${received.length}`))
          }
          yield* Effect.sleep(10)
        }
        return received.slice()
      })
  }
  return self
})
