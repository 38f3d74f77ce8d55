/**
 * Waiting for another process to have done something: a check retried until it holds. Shared by the
 * multi-process tests of every host.
 */
import { Duration, Effect, Schedule } from "effect"

/** Retries `check` (an effect that fails or dies until the condition holds) every 50 ms up to `timeout`. */
export const eventually = <A, E, R>(check: Effect.Effect<A, E, R>, timeout: Duration.Input = "20 seconds") =>
  check.pipe(
    Effect.sandbox,
    Effect.retry(Schedule.spaced("50 millis")),
    Effect.timeout(timeout),
    Effect.catchCause((cause) =>
      Effect.andThen(
        check.pipe(Effect.sandbox, Effect.ignore),
        Effect.die(new Error(`condition not met within ${Duration.format(Duration.fromInputUnsafe(timeout))}`, { cause }))
      )
    )
  )
