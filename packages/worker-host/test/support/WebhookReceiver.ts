/**
 * Lever's webhooks, received the way the HTTP host receives them: a small HTTP server in the test
 * process at `/webhooks/lever/{teamId}/{stage-change|archive-change}` that hands the raw body to
 * `ReceiveWebhook.receiveWebhook` and answers 202 (accepted), 200 (duplicate, ping, skipped), 401/404
 * (rejected) or 500. The Lever sandboxes deliver to it like Lever delivers to a real host.
 */
import { ReceiveWebhook } from "@fulcrum/core"
import type { ConfigStore, EventInbox, SecurityLog, SignatureVerifier } from "@fulcrum/core"
import { Ids, type Lever } from "@fulcrum/domain"
import { Context, Effect, Layer } from "effect"
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"

export class WebhookReceiver extends Context.Service<WebhookReceiver, {
  /** What a team's webhooks are registered under (`publicBaseUrl`). */
  readonly url: string
}>()("worker-host/test/WebhookReceiver") {}

const kinds: Readonly<Record<string, Lever.WebhookKind>> = {
  "stage-change": "stageChange",
  "archive-change": "archiveChange",
  "candidate-deleted": "candidateDeleted"
}

type Needs =
  | SignatureVerifier.SignatureVerifier
  | SecurityLog.SecurityLog
  | EventInbox.EventInbox
  | ConfigStore.ConfigStore

export const layer: Layer.Layer<WebhookReceiver, never, Needs> = Layer.effect(
  WebhookReceiver,
  Effect.gen(function*() {
    const services = yield* Effect.context<Needs>()
    const receive = (teamId: string, webhook: Lever.WebhookKind, rawBody: string) =>
      ReceiveWebhook.receiveWebhook({ teamId: Ids.TeamId.make(teamId), webhook, rawBody, receivedAt: Date.now() }).pipe(
        Effect.map((outcome) => (outcome._tag === "Accepted" ? 202 : 200)),
        Effect.catch((error) =>
          Effect.succeed(error._tag === "UnknownTeam" ? 404 : error._tag === "StoreError" ? 500 : 401)
        ),
        Effect.catchDefect(() => Effect.succeed(500)),
        Effect.runPromiseWith(services)
      )
    const server = createServer((request, response) => {
      const match = /^\/webhooks\/lever\/([^/]+)\/([a-z-]+)$/.exec(request.url ?? "")
      const kind = match === null ? undefined : kinds[match[2]!]
      if (request.method !== "POST" || match === null || kind === undefined) return void response.writeHead(404).end()
      const chunks: Array<Buffer> = []
      request.on("data", (chunk: Buffer) => chunks.push(chunk))
      request.on("end", () => {
        receive(decodeURIComponent(match[1]!), kind, Buffer.concat(chunks).toString("utf8")).then(
          (status) => response.writeHead(status).end(),
          () => response.writeHead(500).end()
        )
      })
    })
    const port = yield* Effect.acquireRelease(
      Effect.callback<number>((resume) => {
        server.listen(0, "127.0.0.1", () => resume(Effect.succeed((server.address() as AddressInfo).port)))
      }),
      () =>
        Effect.callback<void>((resume) => {
          server.closeAllConnections()
          server.close(() => resume(Effect.void))
        })
    )
    return WebhookReceiver.of({ url: `http://127.0.0.1:${port}` })
  })
)
