/**
 * The trace context an event carries through the inbox, so the worker's spans join the trace the
 * webhook started: W3C `traceparent` text (`00-<trace id>-<span id>-<flags>`), stored with the event
 * (`NewInboxEvent.traceParent`) and made the parent span when the worker runs it.
 *
 * ```
 * POST /webhooks/… ─▶ ReceiveWebhook.receive ─▶ inbox (traceparent) ─▶ Worker.handle ─▶ ProcessEvent ─▶ steps, Lever, provider
 * └──────────────────────────────── one trace ────────────────────────────────────────────────────────────┘
 * ```
 *
 * With tracing off (no exporter configured), spans are no-ops and nothing is stored.
 *
 * @since 0.1.0
 */
import { Effect, Option, References, Tracer } from "effect"

const pattern = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/

/**
 * The `traceparent` of the current span, or `null` when tracing is off. An unsampled span's context is
 * kept too (flags `00`), so the worker continues the trace unsampled instead of starting a new one.
 *
 * @since 0.1.0
 */
export const current: Effect.Effect<string | null> = Effect.map(
  // The parent span as an option, not `Effect.currentSpan`: that one fails with a new error (and its
  // stack trace) whenever there is no span, on every ack when tracing is off.
  Effect.serviceOption(Tracer.ParentSpan),
  (parent) => {
    if (Option.isNone(parent) || parent.value._tag !== "Span") return null
    const span = parent.value
    const text = `00-${span.traceId}-${span.spanId}-${span.sampled ? "01" : "00"}`
    return pattern.test(text) ? text : null
  }
)

/** The span a stored `traceparent` names, when it is well formed. @since 0.1.0 */
export const parse = (traceParent: string | null | undefined): Option.Option<Tracer.ExternalSpan> => {
  const match = traceParent === null || traceParent === undefined ? null : pattern.exec(traceParent)
  return match === null
    ? Option.none()
    : Option.some(Tracer.externalSpan({ traceId: match[1]!, spanId: match[2]!, sampled: (parseInt(match[3]!, 16) & 1) === 1 }))
}

/**
 * Runs `effect` as a child of the stored trace context (when there is one), so its spans join the
 * webhook's trace.
 *
 * @since 0.1.0
 */
export const continueFrom = (traceParent: string | null | undefined) => <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Option.match(parse(traceParent), {
    onNone: () => effect,
    onSome: (parent) => Effect.withParentSpan(effect, parent)
  })

/**
 * Runs `effect` in a span named `name` when spans are recorded (`References.TracerEnabled`), and as it is
 * otherwise. With tracing off, `Effect.fn`'s or `Effect.withSpan`'s span is a no-op that still costs a stack
 * capture, a span object and three context updates per call: a measurable share of a webhook ack's CPU
 * and of a worker's per event, for nothing. The span captures no stack trace (an `Error` per call, ≈ 1% of
 * an ack's CPU with tracing on): nothing exports it, and a failure's own trace still says where it came
 * from. Use it with `Effect.fnUntraced` where `Effect.fn` would run per request or per event.
 *
 * @since 0.2.0
 */
export const spanWhenTracing = (
  name: string,
  options?: { readonly kind?: Tracer.SpanKind; readonly attributes?: Record<string, unknown> }
) =>
<A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.withFiber((fiber) =>
    fiber.getRef(References.TracerEnabled)
      ? Effect.withSpan(effect, name, { ...options, captureStackTrace: false })
      : effect
  )
