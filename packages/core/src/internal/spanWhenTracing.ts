import { Effect, References } from "effect"

/**
 * Runs `effect` in a span named `name` when spans are recorded (`References.TracerEnabled`), and as it is
 * otherwise. With tracing off, `Effect.fn`'s span is a no-op that still costs a stack capture, a span
 * object and three context updates per call: a measurable share of a webhook ack's CPU, for nothing.
 * The span captures no stack trace (an `Error` per call, ≈ 1% of an ack's CPU with tracing on): nothing
 * exports it, and a failure's own trace still says where it came from.
 */
export const spanWhenTracing = (name: string) => <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.withFiber((fiber) =>
    fiber.getRef(References.TracerEnabled) ? Effect.withSpan(effect, name, { captureStackTrace: false }) : effect
  )
