/**
 * A background job as rounds: one at once, then one every interval, until interrupted. A failed round
 * is logged with `failed` and the next round tries again, so a job beside the worker never dies of one
 * store or Lever outage.
 */
import { Cause, Duration, Effect } from "effect"

/** Runs `round` now and then every `intervalMs`; `failed` is the warning logged when a round fails. */
export const everyInterval = <A, E, R>(
  round: Effect.Effect<A, E, R>,
  intervalMs: number,
  failed: string
): Effect.Effect<never, never, R> =>
  Effect.forever(round.pipe(
    Effect.catchCause((cause) =>
      Cause.hasInterruptsOnly(cause)
        ? Effect.interrupt
        : Effect.logWarning(failed).pipe(Effect.annotateLogs({ cause: Cause.pretty(cause) }))
    ),
    Effect.andThen(Effect.sleep(Duration.millis(intervalMs)))
  ))
