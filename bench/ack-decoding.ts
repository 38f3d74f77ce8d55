/**
 * Benchmark: the CPU the decoding on the webhook ack path costs per delivery, with each decoder built on
 * every call (as before issue 17) and built once (as now). In process, no I/O, so it resolves the few
 * microseconds per ack that `bench/host-acks.ts` cannot on a busy machine.
 *
 *   node bench/ack-decoding.ts
 *
 * - envelope: the raw body read into Lever's envelope and its `data` into the payload
 *   (`LeverWebhookVerifier.parseEnvelope` + `WebhookEvent.toPayload`), against the same steps with a JSON
 *   schema and a decoder made per call;
 * - stored row: the row `EventInbox.accept`'s statement returns, decoded through `SqlSchema.findAll` built per
 *   call, against a decoder built once.
 *
 * Prints the CPU microseconds per call (user + system of this process), best of `BENCH_REPEATS` (5) runs of
 * 20,000 calls each, and the load average.
 */
import { LeverWebhookVerifier } from "@fulcrum/core"
import { Ids, WebhookEvent } from "@fulcrum/domain"
import { Effect, Result, Schema } from "effect"
import { SqlSchema } from "effect/sql"
import { loadavg } from "node:os"

const repeats = Number(process.env["BENCH_REPEATS"] ?? 5)
const calls = 20_000

const body = JSON.stringify({
  triggeredAt: Date.now(),
  event: "candidateStageChange",
  token: "be58f711f349c7780e4579cd7c63341ac6f881e4dccc3154",
  signature: "67237316b71be6f4595c3313d347b09353b22d7cbab3726261b73d409acd8fd7",
  data: { opportunityId: "3a5c1b2e-1111-2222-3333-444455556666", toStageId: "stage-2", fromStageId: "stage-1" }
})

/** The steps as they were: a JSON schema for the body and every decoder made on each call. */
const envelopeBefore = () => {
  const json = Schema.decodeUnknownResult(Schema.fromJsonString(Schema.Unknown))(body)
  if (Result.isFailure(json)) throw new Error("not JSON")
  const envelope = Schema.decodeUnknownResult(LeverWebhookVerifier.LeverEnvelope)(json.success, { errors: "all" })
  if (Result.isFailure(envelope)) throw new Error("not an envelope")
  const data = Schema.decodeUnknownResult(WebhookEvent.StageChangeData)(envelope.success.data, { errors: "all" })
  if (Result.isFailure(data)) throw new Error("not stage-change data")
}

const envelopeNow = () => {
  const envelope = Effect.runSyncExit(LeverWebhookVerifier.parseEnvelope(body))
  if (envelope._tag === "Failure") throw new Error("not an envelope")
  if (Result.isFailure(WebhookEvent.toPayload(envelope.value))) throw new Error("not stage-change data")
}

const AcceptedRow = Schema.Struct({ event_id: Ids.EventId, accepted: Schema.Boolean })
const rows = [{ event_id: "0193a0b4-7c1e-7d2a-9f00-123456789abc", accepted: true }]
const rowBefore = () =>
  Effect.runSync(SqlSchema.findAll({ Request: Schema.Void, Result: AcceptedRow, execute: () => Effect.succeed(rows) })(undefined))
const decodeRows = Schema.decodeUnknownEffect(Schema.Array(AcceptedRow))
const rowNow = () => Effect.runSync(decodeRows(rows))

/** The best of `repeats` runs, in CPU microseconds per call. */
const measure = (f: () => void): number => {
  for (let i = 0; i < calls; i++) f()
  let best = Number.POSITIVE_INFINITY
  for (let r = 0; r < repeats; r++) {
    const started = process.cpuUsage()
    for (let i = 0; i < calls; i++) f()
    const used = process.cpuUsage(started)
    best = Math.min(best, (used.user + used.system) / calls)
  }
  return best
}

console.log(`ack decoding, CPU µs per delivery (best of ${repeats} × ${calls}); load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}`)
for (
  const [name, before, now] of [
    ["envelope + data", envelopeBefore, envelopeNow],
    ["stored row", rowBefore, rowNow]
  ] as const
) {
  const b = measure(before)
  const n = measure(now)
  console.log(`${name.padEnd(16)} built per call ${b.toFixed(2).padStart(6)}   built once ${n.toFixed(2).padStart(6)}   saved ${(b - n).toFixed(2)}`)
}
console.log(`load average at end: ${loadavg().map((l) => l.toFixed(2)).join(" ")}`)
