/**
 * Fulcrum's metrics, as Effect `Metric`s: the use cases and adapters update them, and a host exports
 * them (Prometheus text at `/metrics`, OTLP when configured). Labels are low-cardinality by design:
 * outcomes, statuses and step kinds, never a team, candidate or event id (those go on trace spans).
 *
 * | metric | type | labels |
 * | --- | --- | --- |
 * | `fulcrum_webhooks_total` | counter | `outcome`: accepted, duplicate, connection_verified, skipped, ignored, rejected; `reason` for rejected |
 * | `fulcrum_invites_total` | counter | `result`: sent, failed (refused by the provider), error (retried) |
 * | `fulcrum_lever_requests_total` | counter | `status`: the HTTP status (`200`, `429`, …) or `no_answer` |
 * | `fulcrum_events_dead_total` | counter | |
 * | `fulcrum_inbox_events` | gauge | `status`: pending, running, dead (queue depth, read when exported) |
 * | `fulcrum_inbox_oldest_pending_age_seconds` | gauge | |
 * | `fulcrum_step_duration_seconds` | histogram | `step`: invite, note, notify, cancel, tags |
 * | `fulcrum_event_duration_seconds` | histogram | `outcome`: done, skipped, retried, dead, lease_lost |
 *
 * @since 0.1.0
 */
import { Clock, Effect, type Exit, Metric } from "effect"
import { EventInbox } from "./ports/EventInbox.ts"
import type { StoreError } from "./ports/StoreError.ts"

/** Lever webhook deliveries by outcome. @since 0.1.0 */
export const webhooks = Metric.counter("fulcrum_webhooks_total", {
  description: "Lever webhook deliveries by outcome (rejected ones by reason)",
  incremental: true
})

/** Invites by result. @since 0.1.0 */
export const invites = Metric.counter("fulcrum_invites_total", {
  description: "Invite requests to the assessment provider: sent, failed (refused), error (retried later)",
  incremental: true
})

/** Requests to Lever by HTTP status. @since 0.1.0 */
export const leverRequests = Metric.counter("fulcrum_lever_requests_total", {
  description: "HTTP requests to Lever by status (429: rate-limited; no_answer: connection failed or timed out)",
  incremental: true
})

/** Events that became dead. @since 0.1.0 */
export const eventsDead = Metric.counter("fulcrum_events_dead_total", {
  description: "Events given up on after their retry budget (listed and replayable)",
  incremental: true
})

/** Inbox events by status. @since 0.1.0 */
export const inboxEvents = Metric.gauge("fulcrum_inbox_events", {
  description: "Inbox events by status: pending is the queue depth"
})

/** How long the oldest pending event has waited. @since 0.1.0 */
export const oldestPendingAge = Metric.gauge("fulcrum_inbox_oldest_pending_age_seconds", {
  description: "Age of the oldest pending inbox event (0 when none is pending)"
})

const durationBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60]

/** Durations of the steps of an event (provider and Lever calls, journaled). @since 0.1.0 */
export const stepDuration = Metric.histogram("fulcrum_step_duration_seconds", {
  description: "Duration of one step of an event (invite, note, notify, cancel, tags), in seconds",
  boundaries: durationBoundaries
})

/** Durations of whole events in the worker. @since 0.1.0 */
export const eventDuration = Metric.histogram("fulcrum_event_duration_seconds", {
  description: "Duration of processing one event in the worker, by outcome, in seconds",
  boundaries: durationBoundaries
})

/** Adds one to `counter` under `labels`. @since 0.1.0 */
export const increment = (counter: Metric.Counter<number>, labels: Record<string, string> = {}): Effect.Effect<void> =>
  Metric.update(Object.keys(labels).length === 0 ? counter : Metric.withAttributes(counter, labels), 1)

/**
 * Runs `effect` and records its duration in seconds in `histogram` under the labels `labels` gives
 * for its exit.
 *
 * @since 0.1.0
 */
export const timed = <A, E>(
  histogram: Metric.Histogram<number>,
  labels: (exit: Exit.Exit<A, E>) => Record<string, string>
) =>
<R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.flatMap(Clock.currentTimeNanos, (start) =>
    Effect.onExit(effect, (exit) =>
      Effect.flatMap(Clock.currentTimeNanos, (end) =>
        Metric.update(
          Metric.withAttributes(histogram, labels(exit)),
          Number(end - start) / 1e9
        ))))

/**
 * Reads the queue from the inbox into `fulcrum_inbox_events` and the oldest pending age: call it just
 * before exporting, so the gauges say what the queue is now.
 *
 * @since 0.1.0
 */
export const refreshQueue: Effect.Effect<void, StoreError, EventInbox> = Effect.gen(function*() {
  const inbox = yield* EventInbox
  const counts = yield* inbox.stats()
  for (const status of ["pending", "running", "dead"] as const) {
    yield* Metric.update(Metric.withAttributes(inboxEvents, { status }), counts[status])
  }
  const oldest = yield* inbox.oldestPendingAt
  const now = yield* Clock.currentTimeMillis
  yield* Metric.update(oldestPendingAge, oldest === null ? 0 : Math.max(0, (now - oldest) / 1000))
})
