/**
 * Running a worker layer as the Node process (`ProcessMain.runMain`): JSON logs on stdout,
 * SIGTERM/SIGINT are a graceful shutdown and exit 0 (see `WorkerHost`), a startup failure is logged once
 * as a JSON line naming what to fix, and the exit code says what happened (`ExitCode`).
 *
 * @since 0.1.0
 */
import { Layer, Logger } from "effect"
import { ProcessMain } from "@fulcrum/node-process"
import { DatabaseUnavailable } from "./StartupError.ts"

/** The worker's wording for the database's startup error (`ProcessMain` reports a bad variable); never a secret. */
const report = (error: unknown): ProcessMain.Report | undefined => {
  if (error instanceof DatabaseUnavailable) {
    return {
      message: "worker stopped: the database is unavailable",
      annotations: { database: error.database, reason: error.message }
    }
  }
  return undefined
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
  ProcessMain.runMain(worker, { name: "worker", logging: Logger.layer([Logger.consoleJson]), report })
