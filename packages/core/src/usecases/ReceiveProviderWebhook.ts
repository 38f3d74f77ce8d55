/**
 * The assessment provider's webhooks (`POST /webhooks/provider/{teamId}`, protocol `v1`): unknown team →
 * verify the Standard Webhooks signature → a `webhook-id` seen before is a duplicate → decode → store in
 * the durable inbox for the worker, like Lever's events. Nothing is stored before the signature checks
 * out; rejections go to the security log without any secret.
 *
 * ```
 * provider ──signed POST──▶ team? ──404   signature? ──401   seen id? ──200   body? ──400   inbox ──202
 * ```
 *
 * A webhook about an interview no candidate has (yet) is stored all the same: the worker retries it (the
 * invite may not be recorded yet) and, if it never matches, it stays listed as dead, replayable.
 *
 * @since 0.1.0
 */
import { Ids, ProviderProtocol } from "@fulcrum/domain"
import { Context, Effect, Exit, Option, type Redacted, Schema } from "effect"
import { ConfigStore } from "../ports/ConfigStore.ts"
import { EventInbox } from "../ports/EventInbox.ts"
import type { NewInboxEvent } from "../ports/EventInbox.ts"
import { SecurityLog } from "../ports/SecurityLog.ts"
import { MalformedWebhook, UnknownTeam } from "../ports/SignatureVerifier.ts"
import * as StandardWebhooks from "../StandardWebhooks.ts"

/**
 * The deployment's provider secret (`FULCRUM_PROVIDER_SECRET`), shared by every team; none: provider
 * webhooks are refused (401), since nothing could prove who sent them.
 *
 * @since 0.1.0
 */
export const ProviderSecret = Context.Reference<Option.Option<Redacted.Redacted<string>>>(
  "@fulcrum/core/ProviderSecret",
  { defaultValue: () => Option.none() }
)

/** A provider webhook as received over HTTP. @since 0.1.0 */
export interface IncomingProviderWebhook {
  readonly teamId: Ids.TeamId
  /** The request headers (names in any case); only the three `webhook-*` ones are read. */
  readonly headers: Readonly<Record<string, string | undefined>>
  readonly rawBody: string
  readonly receivedAt: number
}

/** What happened to a provider webhook: queued (202) or a `webhook-id` already received (200). @since 0.1.0 */
export type ProviderWebhookOutcome =
  | { readonly _tag: "Accepted"; readonly eventId: Ids.EventId }
  | { readonly _tag: "Duplicate"; readonly eventId: Ids.EventId | null }

const decodeJson = Schema.decodeUnknownExit(Schema.fromJsonString(Schema.Unknown))
const decodeEnvelope = Schema.decodeUnknownExit(ProviderProtocol.WebhookEnvelope)
const decodeWebhook = Schema.decodeUnknownExit(ProviderProtocol.Webhook)

const malformed = (message: string) => new MalformedWebhook({ message })

/** The inbox payload a verified webhook asks the worker to act on. */
const payloadOf = (webhook: ProviderProtocol.Webhook): NewInboxEvent["payload"] => {
  const interviewId = Ids.InterviewId.make(webhook.data.interviewId)
  switch (webhook.type) {
    case "interview.started":
      return { _tag: "InterviewStatusReported", interviewId, status: "started" }
    case "interview.submitted":
      return { _tag: "InterviewStatusReported", interviewId, status: "submitted" }
    case "invite.expired":
      return { _tag: "InterviewStatusReported", interviewId, status: "expired" }
    case "interview.graded":
      return {
        _tag: "ResultReported",
        interviewId,
        score: webhook.data.score,
        summary: "",
        reportUrl: webhook.data.reportUrl,
        outcome: webhook.data.outcome
      }
  }
}

/**
 * Receives one provider webhook.
 *
 * @since 0.1.0
 */
export const receive = Effect.fn("ReceiveProviderWebhook.receive")(function*(
  incoming: IncomingProviderWebhook,
  meta: { readonly remoteAddress?: string | undefined } = {}
) {
  const securityLog = yield* SecurityLog
  const reject = <E extends { readonly _tag: string; readonly message: string }>(error: E, teamId: string | null) =>
    securityLog.record({
      at: incoming.receivedAt,
      teamId,
      kind: error._tag === "SignatureRejected" ? (error as unknown as StandardWebhooks.SignatureRejected).reason : error._tag,
      detail: `provider webhook rejected: ${error.message}`,
      remoteAddress: meta.remoteAddress ?? null
    }).pipe(Effect.ignore, Effect.andThen(Effect.fail(error)))

  // An unknown team is answered before any signature work: nothing to verify against, nothing to store.
  const team = yield* (yield* ConfigStore).get(incoming.teamId).pipe(
    Effect.catchTag("TeamNotFound", () => Effect.fail(new UnknownTeam({ teamId: incoming.teamId })))
  )
  const secret = yield* ProviderSecret
  if (Option.isNone(secret)) {
    return yield* reject(
      new StandardWebhooks.SignatureRejected({
        reason: "BadSignature",
        message: "provider webhooks are not configured (FULCRUM_PROVIDER_SECRET is not set)"
      }),
      incoming.teamId
    )
  }
  const verified = yield* StandardWebhooks.verify(secret.value, {
    headers: incoming.headers,
    body: incoming.rawBody,
    nowMs: incoming.receivedAt
  }).pipe(Effect.catch((error) => reject(error, incoming.teamId)))

  // A webhook-id seen before is acknowledged whatever the body: providers retry with the same id. A
  // well-formed repeat is told apart by the insert itself (one statement); only a malformed body asks.
  const inbox = yield* EventInbox
  const dedupeKey = `provider:${verified.id}`
  const refuse = (message: string) =>
    Effect.flatMap(inbox.seen(incoming.teamId, dedupeKey), (seen) =>
      seen
        ? Effect.succeed<ProviderWebhookOutcome>({ _tag: "Duplicate", eventId: null })
        : Effect.fail(malformed(message)))

  const json = decodeJson(incoming.rawBody)
  if (Exit.isFailure(json)) return yield* refuse("The body is not JSON")
  // The envelope is decoded only to word a refusal: a well-formed webhook is decoded once.
  const decoded = decodeWebhook(json.value)
  if (Exit.isFailure(decoded)) {
    const envelope = decodeEnvelope(json.value)
    if (Exit.isFailure(envelope)) return yield* refuse("The body is not {type, timestamp, data}")
    const known = ProviderProtocol.WebhookType.literals.includes(envelope.value.type as ProviderProtocol.WebhookType)
    return yield* refuse(
      known
        ? `The ${envelope.value.type} webhook is malformed: ${String(decoded.cause).slice(0, 400)}`
        : `Unknown webhook type "${envelope.value.type}"; known: ${ProviderProtocol.WebhookType.literals.join(", ")}`
    )
  }
  const webhook = decoded.value
  const integrationOn = team.settings.integrationEnabled
  // The inbox files the event under the opportunity of the interview's candidate (none when unknown) in
  // the write that stores it: no lookup of its own, no second round trip.
  const accepted = yield* inbox.acceptForInterview({
    teamId: incoming.teamId,
    dedupeKey,
    source: "provider",
    kind: webhook.type,
    interviewId: Ids.InterviewId.make(webhook.data.interviewId),
    payload: payloadOf(webhook),
    rawBody: incoming.rawBody,
    receivedAt: incoming.receivedAt,
    status: integrationOn ? "pending" : "skipped",
    note: integrationOn ? null : "Integration is off: recorded, nothing sent"
  })
  return accepted satisfies ProviderWebhookOutcome as ProviderWebhookOutcome
})
