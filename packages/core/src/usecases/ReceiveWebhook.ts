/**
 * The webhook front door: verify → store (and schedule) → acknowledge. Nothing slow happens here, so
 * Lever gets its 2xx fast; the worker does the rest. Rejections are recorded in the security log
 * without any secret; duplicates are acknowledged without new work. With the settings and signing token
 * cached (`ConfigStoreCache`), a delivery costs one statement: the insert that stores the event and
 * tells a repeated token apart.
 *
 * @since 0.1.0
 */
import type { Ids } from "@fulcrum/domain"
import { Clock, Effect, Metric, Record } from "effect"
import { EventInbox } from "../ports/EventInbox.ts"
import { SecurityLog } from "../ports/SecurityLog.ts"
import { type IncomingWebhook, SignatureVerifier } from "../ports/SignatureVerifier.ts"
import { execute } from "../internal/teamSettings.ts"
import * as Metrics from "../Metrics.ts"
import * as TraceContext from "../TraceContext.ts"

/**
 * What happened to a webhook. Hosts answer 202 for `Accepted` and 200 for the rest.
 *
 * @since 0.1.0
 */
export type WebhookOutcome =
  | { readonly _tag: "Accepted"; readonly eventId: Ids.EventId }
  | { readonly _tag: "Duplicate"; readonly eventId: Ids.EventId }
  | { readonly _tag: "ConnectionVerified"; readonly eventId: Ids.EventId }
  | { readonly _tag: "Skipped"; readonly eventId: Ids.EventId; readonly reason: string }
  | { readonly _tag: "Ignored"; readonly eventId: Ids.EventId; readonly event: string }

/** Widens each branch's result to the union, so the use case's success type is `WebhookOutcome`. */
const outcome = (result: WebhookOutcome): WebhookOutcome => result

/** The `outcome` label of `fulcrum_webhooks_total` for each outcome. */
const outcomeLabel: Record<WebhookOutcome["_tag"], string> = {
  Accepted: "accepted",
  Duplicate: "duplicate",
  ConnectionVerified: "connection_verified",
  Skipped: "skipped",
  Ignored: "ignored"
}

/** `fulcrum_webhooks_total` with each outcome's label, built once: re-labelling it on every ack cost CPU. */
const outcomeCounter = Record.map(outcomeLabel, (outcome) => Metric.withAttributes(Metrics.webhooks, { outcome }))

/**
 * Receives one webhook delivery, in a span named `ReceiveWebhook.receive` when tracing is on.
 *
 * @since 0.1.0
 */
export const receiveWebhook = Effect.fnUntraced(function*(
  incoming: IncomingWebhook,
  meta: { readonly remoteAddress?: string | undefined } = {}
) {
  yield* Effect.annotateCurrentSpan({ "fulcrum.team_id": incoming.teamId, "fulcrum.webhook": incoming.webhook })
  const securityLog = yield* SecurityLog
  // `authenticate`, not `verify`: `accept` below refuses a repeated token in the same statement that
  // stores the event, so asking first would be a second round trip on every delivery.
  const verified = yield* (yield* SignatureVerifier).authenticate(incoming).pipe(
    Effect.tapError((rejection) =>
      rejection._tag === "StoreError" ? Effect.void : Metrics.increment(Metrics.webhooks, { outcome: "rejected", reason: rejection._tag }).pipe(Effect.andThen(securityLog.record({
        at: incoming.receivedAt,
        teamId: rejection._tag === "UnknownTeam" ? null : incoming.teamId,
        kind: rejection._tag,
        detail: `${incoming.webhook} webhook rejected: ${
          rejection._tag === "UnknownTeam" ? `no team ${rejection.teamId}` : rejection.message
        }`,
        remoteAddress: meta.remoteAddress ?? null
      }).pipe(Effect.ignore)))
    )
  )
  const inbox = yield* EventInbox
  const settings = verified.settings
  const payload = verified.payload
  const opportunityId = "opportunityId" in payload ? payload.opportunityId : null
  if (opportunityId !== null) yield* Effect.annotateCurrentSpan("fulcrum.opportunity_id", opportunityId)
  const base = {
    teamId: incoming.teamId,
    dedupeKey: verified.envelope.token,
    source: "lever" as const,
    kind: verified.envelope.event,
    opportunityId,
    payload,
    rawBody: incoming.rawBody,
    receivedAt: incoming.receivedAt,
    traceParent: yield* TraceContext.current
  }

  const recordSeen = (via: "ping" | "event") =>
    settings.webhooksSeen[incoming.webhook] !== undefined && via === "event"
      ? Effect.void
      : Effect.flatMap(Clock.currentTimeMillis, (at) =>
        execute(incoming.teamId, () => [{ _tag: "RecordWebhookSeen", webhook: incoming.webhook, via, at }])
      ).pipe(Effect.asVoid)

  if (payload._tag === "Ping") {
    const accepted = yield* inbox.accept({ ...base, status: "done", note: "Lever verified the connection" })
    yield* recordSeen("ping")
    return outcome({ _tag: "ConnectionVerified", eventId: accepted.eventId })
  }
  if (payload._tag === "Ignored") {
    const accepted = yield* inbox.accept({ ...base, status: "done", note: `Fulcrum does not act on ${payload.event}` })
    return outcome({ _tag: "Ignored", eventId: accepted.eventId, event: payload.event })
  }
  const status = settings.integrationEnabled ? "pending" : "skipped"
  const note = settings.integrationEnabled ? null : "Integration is off: recorded, nothing sent"
  const accepted = yield* inbox.accept({ ...base, status, note })
  yield* recordSeen("event")
  if (accepted._tag === "Duplicate") return outcome({ _tag: "Duplicate", eventId: accepted.eventId })
  if (status === "skipped") {
    return outcome({ _tag: "Skipped", eventId: accepted.eventId, reason: "IntegrationOff" })
  }
  return outcome({ _tag: "Accepted", eventId: accepted.eventId })
}, Effect.tap((result) =>
  Metric.update(outcomeCounter[result._tag], 1).pipe(
    Effect.andThen(Effect.annotateCurrentSpan({ "fulcrum.event_id": result.eventId, "fulcrum.outcome": outcomeLabel[result._tag] }))
  )), TraceContext.spanWhenTracing("ReceiveWebhook.receive"))
