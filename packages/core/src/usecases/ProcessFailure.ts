/**
 * How processing an inbox event can fail, and what the worker does about each failure: every error the
 * processing of an event can raise is in {@link ProcessError}, and {@link classify} says, per error, whether
 * the event is retried or goes dead at once. A port that gains an error fails to compile here until its
 * fate is chosen. (A command the domain refuses is no failure: the event ends "skipped" with the reason.)
 *
 * @since 0.1.0
 */
import type { Setup } from "@fulcrum/domain"
import { Schema } from "effect"
import type { TeamNotFound, VersionConflict } from "../ports/ConfigStore.ts"
import type { SchedulerRejected, SchedulerUnavailable } from "../ports/InterviewScheduler.ts"
import type { LeverError } from "../ports/LeverApi.ts"
import type { StoreError } from "../ports/StoreError.ts"
import type { LeverNotConnected } from "./LeverAccess.ts"

/**
 * Why processing an event failed. `retryable` failures are retried with backoff until the budget is
 * spent, then the event is dead (listed, replayable); the others go dead at once.
 *
 * @since 0.1.0
 */
export class ProcessFailure extends Schema.TaggedError<ProcessFailure>()("ProcessFailure", {
  retryable: Schema.Boolean,
  message: Schema.String,
  /** The least wait before the next attempt that a remote service asked for (`Retry-After`). */
  retryAfterMs: Schema.optionalKey(Schema.Number)
}) {}

/** Failures no retry can change: the event goes dead at once (replayable once fixed). @since 0.1.0 */
export type Permanent = TeamNotFound | Setup.SetupRejected | SchedulerRejected

/** Failures a later attempt may get past (an outage, a race, a connection being repaired). @since 0.1.0 */
export type Transient = StoreError | VersionConflict | LeverError | LeverNotConnected | SchedulerUnavailable

/** Every error processing an event can raise, already judged or not. @since 0.1.0 */
export type ProcessError = ProcessFailure | Permanent | Transient

/** A failure the worker retries (within the event's budget). @since 0.1.0 */
export const retryable = (message: string): ProcessFailure => new ProcessFailure({ retryable: true, message })

/** A failure that makes the event dead at once. @since 0.1.0 */
export const permanent = (message: string): ProcessFailure => new ProcessFailure({ retryable: false, message })

/**
 * Judges an error: a `ProcessFailure` whose message (`<tag>: <message>`) is safe to store and show. The
 * switch has no default, so an error added to {@link ProcessError} must be given its fate here.
 *
 * @since 0.1.0
 */
export const classify = (error: ProcessError): ProcessFailure => {
  if (error._tag === "ProcessFailure") return error
  const message = `${error._tag}: ${error.message}`
  switch (error._tag) {
    case "TeamNotFound":
    case "SetupRejected":
    case "SchedulerRejected":
      return permanent(message)
    case "SchedulerUnavailable": {
      const { retryAfterMs } = error
      return new ProcessFailure({ retryable: true, message, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) })
    }
    case "StoreError":
    case "VersionConflict":
    case "LeverNotConnected":
    case "LeverUnauthorized":
    case "LeverForbidden":
    case "LeverNotFound":
    case "LeverRateLimited":
    case "LeverUnavailable":
    case "LeverInvalidResponse":
      return retryable(message)
  }
}
