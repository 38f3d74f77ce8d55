/**
 * How far `triggeredAt` may be from the moment Fulcrum received the webhook. Lever's signature covers
 * only `token + triggeredAt`, so a captured delivery stays validly signed forever; the window bounds how
 * long such a capture is worth anything (the inbox's memory of tokens covers replays inside it).
 *
 * This module validates the options the adapter's users give; the window itself (defaults, edges) is
 * core's `LeverWebhookVerifier`, the one the in-memory verifier uses too.
 *
 * @since 0.1.0
 */
import { LeverWebhookVerifier } from "@fulcrum/core"
import { Effect, Schema } from "effect"

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
/** The type {@link Options} decodes to. @since 0.1.0 */
export type Options = typeof Options.Type

/** A validated window, in milliseconds (the unit of `triggeredAt`). @since 0.1.0 */
export type ToleranceWindow = LeverWebhookVerifier.ToleranceWindow

/** 300 s past, 60 s future. @since 0.1.0 */
export const defaults: ToleranceWindow = LeverWebhookVerifier.windowOf()

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
        message: `${LeverWebhookVerifier.describeIssue(error.issue)} (tolerances are whole seconds from 0 to 86400)`
      })
    ),
    Effect.map(LeverWebhookVerifier.windowOf)
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
export const locate = LeverWebhookVerifier.locate
