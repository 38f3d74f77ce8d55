/**
 * The sandbox's webhook delivery history, like the history (with "Rerun") in Lever's webhook settings.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { WebhookBody } from "./Webhook.ts"

/**
 * One HTTP attempt: when it started, the receiver's status (or `null` and an `error` when the connection
 * failed or timed out), and how long it took.
 *
 * @since 0.1.0
 */
export const DeliveryAttempt = Schema.Struct({
  attempt: Schema.Int,
  at: Schema.Number,
  status: Schema.NullOr(Schema.Int),
  error: Schema.NullOr(Schema.String),
  durationMs: Schema.Number
})

/** The type {@link DeliveryAttempt} decodes to. @since 0.1.0 */
export type DeliveryAttempt = typeof DeliveryAttempt.Type

/**
 * `event` a real event, `ping` a "verify connection" request, `rerun` a manual resend of an earlier
 * delivery, `duplicate` an extra copy sent by the duplicate fault.
 *
 * @since 0.1.0
 */
export const DeliveryKind = Schema.Literals(["event", "ping", "rerun", "duplicate"])

/** The type {@link DeliveryKind} decodes to. @since 0.1.0 */
export type DeliveryKind = typeof DeliveryKind.Type

/**
 * `pending` while attempts are running, `held` while the reorder fault holds it, `delivered` after a 2xx,
 * `failed` after the retry budget, `dropped` when the drop fault swallowed it (no request was made).
 *
 * @since 0.1.0
 */
export const DeliveryStatus = Schema.Literals(["pending", "held", "delivered", "failed", "dropped"])

/** The type {@link DeliveryStatus} decodes to. @since 0.1.0 */
export type DeliveryStatus = typeof DeliveryStatus.Type

/**
 * One delivery of one body to one webhook URL. Duplicates and reruns carry the same `body` (same `token`)
 * as their original and point to it with `duplicateOf`/`rerunOf`.
 *
 * @since 0.1.0
 */
export const Delivery = Schema.Struct({
  id: Schema.String,
  webhookId: Schema.String,
  url: Schema.String,
  event: Schema.String,
  kind: DeliveryKind,
  status: DeliveryStatus,
  body: WebhookBody,
  attempts: Schema.Array(DeliveryAttempt),
  createdAt: Schema.Number,
  rerunOf: Schema.optionalKey(Schema.String),
  duplicateOf: Schema.optionalKey(Schema.String)
})

/** The type {@link Delivery} decodes to. @since 0.1.0 */
export type Delivery = typeof Delivery.Type
