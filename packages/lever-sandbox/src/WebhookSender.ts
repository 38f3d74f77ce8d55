/**
 * Outbound webhooks, delivered the way Lever delivers them: a `POST` per registered webhook with
 * `Content-Type: application/json` and `User-Agent: Lever-Webhooks`, a body signed with that webhook's
 * signature token, retried on a non-2xx answer or a connection error with growing delays. Every delivery
 * and attempt is kept in a history that supports "verify connection" pings and manual reruns. The
 * webhook faults (drop, duplicate, reorder) are applied here.
 *
 * @since 0.1.0
 */
import { Clock, Context, Duration, Effect, FiberSet, Layer, Option, Result } from "effect"
import { HttpClient, HttpClientRequest } from "effect/http"
import type { Delivery, DeliveryAttempt, DeliveryKind, DeliveryStatus } from "./Delivery.ts"
import { Faults } from "./Faults.ts"
import { ResourceNotFound } from "./LeverError.ts"
import { Settings } from "./Settings.ts"
import { randomToken, sign } from "./Signature.ts"
import { Store, type WebhookRecord } from "./Store.ts"
import type { WebhookBody, WebhookEvent } from "./Webhook.ts"
import { uuid } from "./internal/ids.ts"

/**
 * Narrows `deliveries`. `opportunityId` matches `body.data.opportunityId`.
 *
 * @since 0.1.0
 */
export interface DeliveryFilter {
  readonly event?: string | undefined
  readonly webhookId?: string | undefined
  readonly status?: DeliveryStatus | undefined
  readonly kind?: DeliveryKind | undefined
  readonly opportunityId?: string | undefined
}

/**
 * The webhook sender service.
 *
 * @since 0.1.0
 */
export class WebhookSender extends Context.Service<WebhookSender, {
  /** Delivers `event` to every webhook registered for it, in the background; returns the new deliveries. */
  readonly emit: (event: WebhookEvent, data: Readonly<Record<string, unknown>>) => Effect.Effect<ReadonlyArray<Delivery>>
  /** "Verify connection": one signed POST with `data: {}` to the webhook, awaited. */
  readonly verify: (webhookId: string) => Effect.Effect<Delivery, ResourceNotFound>
  /** "Rerun": resends a past delivery's exact body (same token and signature) once, awaited. */
  readonly rerun: (deliveryId: string) => Effect.Effect<Delivery, ResourceNotFound>
  readonly deliveries: (filter?: DeliveryFilter) => Effect.Effect<ReadonlyArray<Delivery>>
  readonly delivery: (deliveryId: string) => Effect.Effect<Delivery, ResourceNotFound>
  /** Waits until no delivery is in flight (held ones excepted); `false` if `timeout` passed first. */
  readonly awaitIdle: (timeout?: Duration.Input) => Effect.Effect<boolean>
  /** Sends the deliveries held by the reorder fault now, newest first; returns how many. */
  readonly releaseHeld: Effect.Effect<number>
  /** Drops the deliveries held by the reorder fault (marks them `dropped`); returns how many. */
  readonly discardHeld: Effect.Effect<number>
  /** Forgets the history (in-flight deliveries keep going). */
  readonly clear: Effect.Effect<void>
}>()("@fulcrum/lever-sandbox/WebhookSender") {}

interface DeliveryRecord {
  readonly id: string
  readonly webhookId: string
  url: string
  readonly event: string
  readonly kind: DeliveryKind
  status: DeliveryStatus
  readonly body: WebhookBody
  /** The exact bytes sent, so reruns and duplicates are byte-identical. */
  readonly payload: string
  readonly attempts: Array<DeliveryAttempt>
  readonly createdAt: number
  readonly rerunOf?: string
  readonly duplicateOf?: string
}

const capacity = 10_000

const snapshot = (d: DeliveryRecord): Delivery => ({
  id: d.id,
  webhookId: d.webhookId,
  url: d.url,
  event: d.event,
  kind: d.kind,
  status: d.status,
  body: d.body,
  attempts: d.attempts.slice(),
  createdAt: d.createdAt,
  ...(d.rerunOf === undefined ? {} : { rerunOf: d.rerunOf }),
  ...(d.duplicateOf === undefined ? {} : { duplicateOf: d.duplicateOf })
})

const describe = (error: unknown): string => {
  if (typeof error === "object" && error !== null) {
    const tag = "_tag" in error ? String(error._tag) : "Error"
    const message = "message" in error ? String(error.message) : ""
    return message === "" ? tag : `${tag}: ${message}`
  }
  return String(error)
}

/**
 * The webhook sender. Needs an `HttpClient` for the outbound requests.
 *
 * @since 0.1.0
 */
export const layer: Layer.Layer<WebhookSender, never, Store | Faults | Settings | HttpClient.HttpClient> = Layer
  .effect(
    WebhookSender,
    Effect.gen(function*() {
      const store = yield* Store
      const faults = yield* Faults
      const settings = yield* Settings
      const client = yield* HttpClient.HttpClient
      const inFlight = yield* FiberSet.make<void, never>()
      let history: Array<DeliveryRecord> = []
      let held: Array<DeliveryRecord> = []

      const remember = (d: DeliveryRecord) => {
        history.push(d)
        if (history.length > capacity) history = history.slice(history.length - capacity)
      }

      const create = Effect.fnUntraced(function*(
        hook: WebhookRecord,
        event: string,
        data: Readonly<Record<string, unknown>>,
        kind: DeliveryKind
      ) {
        const triggeredAt = yield* Clock.currentTimeMillis
        const token = randomToken()
        const body: WebhookBody = {
          triggeredAt,
          event,
          data: { ...data },
          token,
          signature: sign(hook.configuration.signatureToken, token, triggeredAt),
          id: yield* uuid
        }
        const record: DeliveryRecord = {
          id: yield* uuid,
          webhookId: hook.id,
          url: hook.url,
          event,
          kind,
          status: "pending",
          body,
          payload: JSON.stringify(body),
          attempts: [],
          createdAt: triggeredAt
        }
        remember(record)
        return record
      })

      const copy = Effect.fnUntraced(function*(
        original: DeliveryRecord,
        kind: "rerun" | "duplicate",
        url: string
      ) {
        const record: DeliveryRecord = {
          id: yield* uuid,
          webhookId: original.webhookId,
          url,
          event: original.event,
          kind,
          status: "pending",
          body: original.body,
          payload: original.payload,
          attempts: [],
          createdAt: yield* Clock.currentTimeMillis,
          ...(kind === "rerun" ? { rerunOf: original.id } : { duplicateOf: original.id })
        }
        remember(record)
        return record
      })

      const attemptOnce = Effect.fnUntraced(function*(d: DeliveryRecord) {
        const { timeoutMs } = (yield* settings.get).webhooks
        const at = yield* Clock.currentTimeMillis
        const request = HttpClientRequest.post(d.url).pipe(
          HttpClientRequest.setHeader("User-Agent", "Lever-Webhooks"),
          HttpClientRequest.bodyText(d.payload, "application/json")
        )
        const result = yield* client.execute(request).pipe(
          Effect.flatMap((response) => Effect.as(Effect.ignore(response.text), response.status)),
          Effect.timeout(timeoutMs),
          Effect.result
        )
        const finishedAt = yield* Clock.currentTimeMillis
        const status = Result.isSuccess(result) ? result.success : null
        d.attempts.push({
          attempt: d.attempts.length + 1,
          at,
          status,
          error: Result.isFailure(result) ? describe(result.failure) : null,
          durationMs: finishedAt - at
        })
        return status !== null && status >= 200 && status < 300
      })

      const deliverOnce = Effect.fnUntraced(function*(d: DeliveryRecord) {
        d.status = "pending"
        d.status = (yield* attemptOnce(d)) ? "delivered" : "failed"
      })

      const deliverWithRetries = Effect.fn("LeverSandbox.WebhookSender.deliver")(function*(d: DeliveryRecord) {
        d.status = "pending"
        const { maxRetries, retryBaseDelayMs, backoffFactor } = (yield* settings.get).webhooks
        for (let attempt = 1; attempt <= maxRetries + 1; attempt++) {
          if (yield* attemptOnce(d)) {
            d.status = "delivered"
            return
          }
          if (attempt <= maxRetries) yield* Effect.sleep(retryBaseDelayMs * backoffFactor ** (attempt - 1))
        }
        d.status = "failed"
      })

      const background = (effect: Effect.Effect<void>) => Effect.asVoid(FiberSet.run(inFlight)(effect))

      const releaseHeld = Effect.suspend(() => {
        const batch = held.reverse()
        held = []
        return batch.length === 0
          ? Effect.succeed(0)
          : Effect.as(background(Effect.forEach(batch, deliverWithRetries, { discard: true })), batch.length)
      })

      const emit = Effect.fn("LeverSandbox.WebhookSender.emit")(function*(
        event: WebhookEvent,
        data: Readonly<Record<string, unknown>>
      ) {
        const hooks = yield* store.read((state) =>
          [...state.webhooks.values()].filter((hook) => hook.event === event).map((hook) => structuredClone(hook))
        )
        const created: Array<DeliveryRecord> = []
        for (const hook of hooks) {
          const delivery = yield* create(hook, event, data, "event")
          created.push(delivery)
          const fault = yield* faults.takeWebhookFault
          if (fault.drop) {
            delivery.status = "dropped"
            continue
          }
          const copies = [delivery]
          if (fault.duplicate) {
            const duplicate = yield* copy(delivery, "duplicate", delivery.url)
            created.push(duplicate)
            copies.push(duplicate)
          }
          if (fault.hold) {
            for (const c of copies) c.status = "held"
            held.push(...copies)
            if (fault.releaseHeld) yield* releaseHeld
          } else {
            for (const c of copies) yield* background(deliverWithRetries(c))
          }
        }
        return created.map(snapshot)
      })

      const find = (deliveryId: string) =>
        Effect.suspend(() => {
          const found = history.find((d) => d.id === deliveryId)
          return found === undefined
            ? Effect.fail(new ResourceNotFound({ message: `Delivery ${deliveryId} not found` }))
            : Effect.succeed(found)
        })

      const verify = Effect.fn("LeverSandbox.WebhookSender.verify")(function*(webhookId: string) {
        const hook = yield* store.read((state) => state.webhooks.get(webhookId))
        if (hook === undefined) return yield* new ResourceNotFound({ message: `Webhook ${webhookId} not found` })
        const ping = yield* create(structuredClone(hook), hook.event, {}, "ping")
        yield* deliverOnce(ping)
        return snapshot(ping)
      })

      const rerun = Effect.fn("LeverSandbox.WebhookSender.rerun")(function*(deliveryId: string) {
        const original = yield* find(deliveryId)
        const hook = yield* store.read((state) => state.webhooks.get(original.webhookId))
        const again = yield* copy(original, "rerun", hook?.url ?? original.url)
        yield* deliverOnce(again)
        return snapshot(again)
      })

      return WebhookSender.of({
        emit,
        verify,
        rerun,
        deliveries: (filter) =>
          Effect.sync(() =>
            history.filter((d) =>
              filter === undefined || (
                (filter.event === undefined || d.event === filter.event) &&
                (filter.webhookId === undefined || d.webhookId === filter.webhookId) &&
                (filter.status === undefined || d.status === filter.status) &&
                (filter.kind === undefined || d.kind === filter.kind) &&
                (filter.opportunityId === undefined || d.body.data["opportunityId"] === filter.opportunityId)
              )
            ).map(snapshot)
          ),
        delivery: (deliveryId) => Effect.map(find(deliveryId), snapshot),
        awaitIdle: (timeout = "10 seconds") =>
          FiberSet.awaitEmpty(inFlight).pipe(
            Effect.timeoutOption(timeout),
            Effect.map(Option.isSome)
          ),
        releaseHeld,
        discardHeld: Effect.sync(() => {
          for (const d of held) d.status = "dropped"
          const count = held.length
          held = []
          return count
        }),
        clear: Effect.sync(() => {
          history = []
        })
      })
    })
  )
