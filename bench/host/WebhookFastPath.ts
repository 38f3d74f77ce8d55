/**
 * EXPERIMENT (issue 17.1, branch `ack-fastpath`; measured, not kept — see docs/benchmarks.md "webhook acks
 * on a node:http fast path"): Lever webhook acks answered by the node `request` event before Effect's HTTP
 * server sees them. A quick hack to measure the ceiling of the idea: it skips the request span, the
 * request-id check, the body limit and the error answers the host keeps, so it is not in the host:
 * it lives here for `bench/ack-http.ts` (`BENCH_FAST=1`). The host wiring measured with `bench/host-acks.ts` is commit 64fb574 on the branch.
 */
import { ReceiveWebhook } from "@fulcrum/core"
import type { Lever } from "@fulcrum/domain"
import { Clock, Context, Effect, Exit } from "effect"
import type { IncomingMessage, Server, ServerResponse } from "node:http"
import { randomUUID } from "node:crypto"
// The host's own pieces, by path: this experiment is not part of the package's API.
import * as CoreAnswers from "../../packages/http-host/src/CoreAnswers.ts"
import { answer } from "../../packages/http-host/src/internal/apiError.ts"
import { webhookTeamId } from "../../packages/http-host/src/internal/request.ts"

const kinds: Record<string, Lever.WebhookKind> = {
  "stage-change": "stageChange",
  "archive-change": "archiveChange",
  "candidate-deleted": "candidateDeleted"
}

export const install = (server: Server, context: Context.Context<any>, maxBodyBytes: number) => {
  const run = Effect.runForkWith(context)
  const emit = server.emit
  const fast = (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.method !== "POST") return false
    const url = req.url ?? ""
    if (!url.startsWith("/webhooks/lever/")) return false
    const slash = url.indexOf("/", 16)
    if (slash < 0) return false
    const webhook = kinds[url.slice(slash + 1)]
    if (webhook === undefined) return false
    const rawTeamId = url.slice(16, slash)
    const chunks: Array<Buffer> = []
    req.on("data", (c: Buffer) => chunks.push(c))
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8")
      const effect = Effect.gen(function*() {
        const teamId = yield* webhookTeamId(rawTeamId)
        const receivedAt = yield* Clock.currentTimeMillis
        return yield* answer(ReceiveWebhook.receiveWebhook(
          { teamId, webhook, rawBody: body, receivedAt },
          { remoteAddress: req.socket.remoteAddress }
        ))
      })
      const fiber = run(effect)
      fiber.addObserver((exit) => {
        if (Exit.isSuccess(exit)) {
          const receipt = CoreAnswers.webhookReceipt(exit.value)
          const text = JSON.stringify(receipt)
          res.writeHead(CoreAnswers.webhookStatus(exit.value), {
            "content-type": "application/json",
            "content-length": Buffer.byteLength(text),
            "x-request-id": randomUUID()
          })
          res.end(text)
        } else {
          res.writeHead(500).end()
        }
      })
    })
    void maxBodyBytes
    return true
  }
  server.emit = function(this: Server, event: string, ...args: Array<any>) {
    if (event === "request" && fast(args[0], args[1])) return true
    return emit.apply(this, [event, ...args] as any)
  } as any
  return server
}
