/**
 * Running a worker layer as the Node process: JSON logs on stdout, SIGTERM/SIGINT interrupt the layer
 * (graceful shutdown, see `WorkerHost`), a startup failure is logged once as a JSON line naming what to
 * fix, and the exit code says what happened (`ExitCode`).
 *
 * @since 0.1.0
 */
import { NodeRuntime } from "@effect/platform-node"
import { Cause, Effect, Layer, Logger } from "effect"
import * as ExitCode from "./ExitCode.ts"
import { DatabaseUnavailable, InvalidConfig } from "./StartupError.ts"

/** One log line for a failed start: the variable to fix, or the database's reason; never a secret. */
const reportFailure = (cause: Cause.Cause<unknown>): Effect.Effect<void> => {
  if (Cause.hasInterruptsOnly(cause)) return Effect.void
  const error = Cause.squash(cause)
  if (error instanceof InvalidConfig) {
    return Effect.logError("worker stopped: invalid configuration").pipe(
      Effect.annotateLogs({ variable: error.variable, reason: error.message })
    )
  }
  if (error instanceof DatabaseUnavailable) {
    return Effect.logError("worker stopped: the database is unavailable").pipe(
      Effect.annotateLogs({ database: error.database, reason: error.message })
    )
  }
  return Effect.logError("worker stopped on an unexpected failure").pipe(
    Effect.annotateLogs({ cause: Cause.pretty(cause) })
  )
}

/**
 * Launches `worker` as the process's main program and never returns: JSON logs, signal handling,
 * exit codes.
 *
 * @example
 * ```ts
 * import { WorkerHost, WorkerProcess } from "@fulcrum/worker-host"
 * WorkerProcess.run(WorkerHost.layerFromEnv())
 * ```
 *
 * @since 0.1.0
 */
export const run = <E>(worker: Layer.Layer<never, E>): void =>
  Layer.launch(worker).pipe(
    Effect.tapCause(reportFailure),
    Effect.provide(Logger.layer([Logger.consoleJson])),
    NodeRuntime.runMain({ disableErrorReporting: true, teardown: ExitCode.teardown })
  )
