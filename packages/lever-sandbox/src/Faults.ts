/**
 * Fault injection: make the API fail (the next N requests, or for a while) or slow, and make webhook
 * deliveries go missing, arrive twice or arrive in reverse order.
 *
 * @since 0.1.0
 */
import { Clock, Context, Duration, Effect, Layer, Ref } from "effect"

/**
 * The statuses an API fault can answer with.
 *
 * @since 0.1.0
 */
export type FaultStatus = 429 | 500 | 502 | 503 | 504

/**
 * The faults currently armed.
 *
 * @since 0.1.0
 */
export interface Snapshot {
  /** The next `count` API requests answer `status`. */
  readonly failNext: { readonly count: number; readonly status: FaultStatus } | null
  /** Every API request answers `status` until `until` (epoch ms). */
  readonly failUntil: { readonly until: number; readonly status: FaultStatus } | null
  /** Every API response (or the next `remaining` ones) is delayed by `ms`. */
  readonly latency: { readonly ms: number; readonly remaining: number | null } | null
  readonly webhooks: {
    /** The next N deliveries are dropped (recorded, never sent). */
    readonly drop: number
    /** The next N deliveries are sent twice (same body, same token). */
    readonly duplicate: number
    /** The next N deliveries are held, then all sent in reverse order when the last one arrives. */
    readonly reorder: number
  }
}

/**
 * What happens to one API request.
 *
 * @since 0.1.0
 */
export interface ApiFault {
  readonly latencyMs: number
  readonly fail: { readonly status: FaultStatus; readonly remainingMs: number | null } | null
}

/**
 * What happens to one webhook delivery. `releaseHeld` is set on the last delivery of a reorder batch.
 *
 * @since 0.1.0
 */
export interface WebhookFault {
  readonly drop: boolean
  readonly duplicate: boolean
  readonly hold: boolean
  readonly releaseHeld: boolean
}

const empty: Snapshot = {
  failNext: null,
  failUntil: null,
  latency: null,
  webhooks: { drop: 0, duplicate: 0, reorder: 0 }
}

/**
 * The fault service.
 *
 * @since 0.1.0
 */
export class Faults extends Context.Service<Faults, {
  /** The next `count` API requests answer `status` (default 503). */
  readonly failNext: (count: number, status?: FaultStatus) => Effect.Effect<void>
  /** Every API request answers `status` (default 503) for `duration`, e.g. `"2 seconds"` or `2000`. */
  readonly failFor: (duration: Duration.Input, status?: FaultStatus) => Effect.Effect<void>
  /** Delays API responses by `duration`: all of them, or the next `count`. `0` clears. */
  readonly latency: (duration: Duration.Input, count?: number) => Effect.Effect<void>
  readonly dropWebhooks: (count: number) => Effect.Effect<void>
  readonly duplicateWebhooks: (count: number) => Effect.Effect<void>
  readonly reorderWebhooks: (count: number) => Effect.Effect<void>
  /** Disarms every fault (held deliveries are released by `WebhookSender.releaseHeld`). */
  readonly reset: Effect.Effect<void>
  readonly snapshot: Effect.Effect<Snapshot>
  /** Consumes the fault (if any) for one API request. */
  readonly takeApiFault: Effect.Effect<ApiFault>
  /** Consumes the fault (if any) for one event delivery. */
  readonly takeWebhookFault: Effect.Effect<WebhookFault>
}>()("@fulcrum/lever-sandbox/Faults") {}

const count = (n: number): number => Math.max(0, Math.floor(n))

/**
 * The fault service, nothing armed.
 *
 * @since 0.1.0
 */
export const layer: Layer.Layer<Faults> = Layer.effect(
  Faults,
  Effect.gen(function*() {
    const ref = yield* Ref.make<Snapshot>(empty)
    const update = (f: (s: Snapshot) => Snapshot) => Ref.update(ref, f)

    const takeApiFault = Effect.gen(function*() {
      const now = yield* Clock.currentTimeMillis
      return yield* Ref.modify(ref, (s): [ApiFault, Snapshot] => {
        let next = s
        let latencyMs = 0
        if (s.latency !== null) {
          latencyMs = s.latency.ms
          if (s.latency.remaining !== null) {
            const remaining = s.latency.remaining - 1
            next = { ...next, latency: remaining > 0 ? { ms: s.latency.ms, remaining } : null }
          }
        }
        let fail: ApiFault["fail"] = null
        if (s.failNext !== null) {
          fail = { status: s.failNext.status, remainingMs: null }
          const remaining = s.failNext.count - 1
          next = { ...next, failNext: remaining > 0 ? { count: remaining, status: s.failNext.status } : null }
        } else if (s.failUntil !== null) {
          if (s.failUntil.until > now) fail = { status: s.failUntil.status, remainingMs: s.failUntil.until - now }
          else next = { ...next, failUntil: null }
        }
        return [{ latencyMs, fail }, next]
      })
    })

    const takeWebhookFault = Ref.modify(ref, (s): [WebhookFault, Snapshot] => {
      const w = s.webhooks
      if (w.drop > 0) {
        return [
          { drop: true, duplicate: false, hold: false, releaseHeld: false },
          { ...s, webhooks: { ...w, drop: w.drop - 1 } }
        ]
      }
      const fault: WebhookFault = {
        drop: false,
        duplicate: w.duplicate > 0,
        hold: w.reorder > 0,
        releaseHeld: w.reorder === 1
      }
      return [fault, {
        ...s,
        webhooks: { drop: 0, duplicate: Math.max(0, w.duplicate - 1), reorder: Math.max(0, w.reorder - 1) }
      }]
    })

    return Faults.of({
      failNext: (n, status = 503) =>
        update((s) => ({ ...s, failNext: count(n) > 0 ? { count: count(n), status } : null })),
      failFor: (duration, status = 503) =>
        Effect.flatMap(Clock.currentTimeMillis, (now) =>
          update((s) => ({ ...s, failUntil: { until: now + Duration.toMillis(duration), status } }))),
      latency: (duration, n) =>
        update((s) => {
          const ms = Duration.toMillis(duration)
          return {
            ...s,
            latency: ms <= 0 || (n !== undefined && count(n) === 0) ? null : { ms, remaining: n === undefined ? null : count(n) }
          }
        }),
      dropWebhooks: (n) => update((s) => ({ ...s, webhooks: { ...s.webhooks, drop: count(n) } })),
      duplicateWebhooks: (n) => update((s) => ({ ...s, webhooks: { ...s.webhooks, duplicate: count(n) } })),
      reorderWebhooks: (n) => update((s) => ({ ...s, webhooks: { ...s.webhooks, reorder: count(n) } })),
      reset: Ref.set(ref, empty),
      snapshot: Ref.get(ref),
      takeApiFault,
      takeWebhookFault
    })
  })
)
