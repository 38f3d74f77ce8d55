/**
 * The provider's result webhooks to Fulcrum (`POST {fulcrumUrl}/webhooks/provider/{teamId}`), signed the
 * Standard Webhooks way and retried like a real provider would: any answer but a 2xx (or no answer) is
 * retried with a doubling delay, up to `maxRetries` times. One `webhook-id` per message, the same on every
 * retry (Fulcrum answers a repeat 200); each attempt is signed with a fresh timestamp.
 *
 * @since 0.1.0
 */
import { StandardWebhooks } from "@fulcrum/core"
import type { ProviderProtocol } from "@fulcrum/domain"
import { Effect, type Redacted } from "effect"
import { randomUUID } from "node:crypto"

/** One message and what became of it. @since 0.1.0 */
export interface Delivery {
  readonly webhookId: string
  readonly teamId: string
  readonly type: ProviderProtocol.WebhookType
  readonly body: string
  attempts: number
  status: "pending" | "delivered" | "failed"
  /** The last HTTP status, or `null` when there was no answer. */
  lastStatus: number | null
}

/** Sender settings. @since 0.1.0 */
export interface SenderOptions {
  readonly secret: Redacted.Redacted<string>
  /** Fulcrum's public base URL; `undefined`: webhooks are recorded as failed, not sent. */
  fulcrumUrl: string | undefined
  readonly retryDelayMs: number
  readonly maxRetries: number
  readonly timeoutMs: number
}

/** The sender: its deliveries, and timers to stop on close. @since 0.1.0 */
export interface Sender {
  readonly options: SenderOptions
  readonly deliveries: Array<Delivery>
  readonly timers: Set<ReturnType<typeof setTimeout>>
  closed: boolean
}

/** A sender with no deliveries yet. @since 0.1.0 */
export const make = (options: SenderOptions): Sender => ({ options, deliveries: [], timers: new Set(), closed: false })

const attempt = async (sender: Sender, delivery: Delivery): Promise<boolean> => {
  const base = sender.options.fulcrumUrl
  if (base === undefined) return false
  delivery.attempts++
  const headers = await Effect.runPromise(
    StandardWebhooks.sign(sender.options.secret, {
      id: delivery.webhookId,
      timestampSeconds: Date.now() / 1000,
      body: delivery.body
    })
  )
  try {
    const response = await fetch(`${base.replace(/\/+$/, "")}/webhooks/provider/${encodeURIComponent(delivery.teamId)}`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: delivery.body,
      signal: AbortSignal.timeout(sender.options.timeoutMs)
    })
    await response.arrayBuffer().catch(() => undefined)
    delivery.lastStatus = response.status
    return response.status >= 200 && response.status < 300
  } catch {
    delivery.lastStatus = null
    return false
  }
}

const schedule = (sender: Sender, delivery: Delivery, retry: number): void => {
  if (sender.closed) return
  const delay = retry === 0 ? 0 : sender.options.retryDelayMs * 2 ** (retry - 1)
  const timer = setTimeout(() => {
    sender.timers.delete(timer)
    void attempt(sender, delivery).then((ok) => {
      if (ok) delivery.status = "delivered"
      else if (retry >= sender.options.maxRetries) delivery.status = "failed"
      else schedule(sender, delivery, retry + 1)
    })
  }, delay)
  sender.timers.add(timer)
}

/**
 * Queues one webhook: `{type, timestamp, data}` to the team's URL, first attempt at once.
 *
 * @since 0.1.0
 */
export const send = (
  sender: Sender,
  teamId: string,
  type: ProviderProtocol.WebhookType,
  data: Record<string, unknown>
): Delivery => {
  const body = JSON.stringify({ type, timestamp: new Date().toISOString(), data })
  const delivery: Delivery = {
    webhookId: `msg_${randomUUID().replaceAll("-", "")}`,
    teamId,
    type,
    body,
    attempts: 0,
    status: "pending",
    lastStatus: null
  }
  sender.deliveries.push(delivery)
  schedule(sender, delivery, 0)
  return delivery
}

/** Sends a delivery again now, as the same message (same `webhook-id`). @since 0.1.0 */
export const redeliver = (sender: Sender, delivery: Delivery): void => {
  delivery.status = "pending"
  schedule(sender, delivery, 0)
}

/** Stops every pending retry. @since 0.1.0 */
export const close = (sender: Sender): void => {
  sender.closed = true
  for (const timer of sender.timers) clearTimeout(timer)
  sender.timers.clear()
}
