/**
 * How far `triggeredAt` may be from the moment Fulcrum received the webhook. Lever's signature covers
 * only `token + triggeredAt`, so a captured delivery stays validly signed forever; the window bounds how
 * long such a capture is worth anything (the inbox's memory of tokens covers replays inside it).
 *
 * @since 0.1.0
 */
import { Effect, Schema } from "effect"
import { describeIssue } from "./internal/describeIssue.ts"

/**
 * A tolerance in whole seconds, from 0 to one day. A wider window would make the token memory, not the
 * clock, the only replay defence.
 *
 * @since 0.1.0
 */
export const Seconds = Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 86_400 }))

/**
 * Tolerance options; both optional.
 *
 * - `pastToleranceSeconds` (default 300): how old a delivery may be. Lever answers within seconds, but its
 *   own queue and our 2xx latency add up; five minutes is the usual figure for this kind of scheme.
 * - `futureToleranceSeconds` (default 60): how far ahead of our clock it may be — only clock skew.
 *
 * @since 0.1.0
 */
export const Options = Schema.Struct({
  pastToleranceSeconds: Schema.optionalKey(Seconds),
  futureToleranceSeconds: Schema.optionalKey(Seconds)
})
/** @since 0.1.0 */
export type Options = typeof Options.Type

/** A validated window, in milliseconds (the unit of `triggeredAt`). @since 0.1.0 */
export interface ToleranceWindow {
  readonly pastMs: number
  readonly futureMs: number
}

/** 300 s past, 60 s future. @since 0.1.0 */
export const defaults: ToleranceWindow = { pastMs: 300_000, futureMs: 60_000 }

/** A tolerance option is not a whole number of seconds between 0 and 86,400. @since 0.1.0 */
export class InvalidTolerance extends Schema.TaggedError<InvalidTolerance>()("InvalidTolerance", {
  message: Schema.String
}) {}

/**
 * Validates the options and fills in the defaults.
 *
 * @example
 * ```ts
 * import { ToleranceWindow } from "@fulcrum/signature-lever"
 *
 * ToleranceWindow.make({ pastToleranceSeconds: 120 }) // succeeds with { pastMs: 120_000, futureMs: 60_000 }
 * ToleranceWindow.make({ futureToleranceSeconds: -1 }) // fails with InvalidTolerance
 * ```
 *
 * @since 0.1.0
 */
export const make = (options: Options = {}): Effect.Effect<ToleranceWindow, InvalidTolerance> =>
  Schema.decodeUnknownEffect(Options)(options, { errors: "all" }).pipe(
    Effect.mapError((error) =>
      new InvalidTolerance({
        message: `${describeIssue(error.issue)} (tolerances are whole seconds from 0 to 86400)`
      })
    ),
    Effect.map((valid) => ({
      pastMs: valid.pastToleranceSeconds === undefined ? defaults.pastMs : valid.pastToleranceSeconds * 1000,
      futureMs: valid.futureToleranceSeconds === undefined ? defaults.futureMs : valid.futureToleranceSeconds * 1000
    }))
  )

/**
 * Where `triggeredAt` falls relative to `receivedAt`. The edges are inside: a delivery exactly
 * `pastMs` old, or exactly `futureMs` ahead, is `"inside"`.
 *
 * @example
 * ```ts
 * import { ToleranceWindow } from "@fulcrum/signature-lever"
 *
 * ToleranceWindow.locate(ToleranceWindow.defaults, { triggeredAt: 0, receivedAt: 300_000 }) // => "inside"
 * ToleranceWindow.locate(ToleranceWindow.defaults, { triggeredAt: 0, receivedAt: 300_001 }) // => "tooOld"
 * ```
 *
 * @since 0.1.0
 */
export const locate = (
  window: ToleranceWindow,
  times: { readonly triggeredAt: number; readonly receivedAt: number }
): "inside" | "tooOld" | "tooNew" => {
  const age = times.receivedAt - times.triggeredAt
  if (age > window.pastMs) return "tooOld"
  if (-age > window.futureMs) return "tooNew"
  return "inside"
}
