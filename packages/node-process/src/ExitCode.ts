/**
 * The exit codes of Fulcrum's processes (`fulcrum-worker`; the other hosts through `ProcessMain`), and
 * the teardown that turns how the main program ended into one of them. Supervisors (systemd,
 * Kubernetes, a shell loop) read these to decide whether to restart:
 *
 * | code | meaning | restart? |
 * | --- | --- | --- |
 * | 0 | stopped on SIGTERM/SIGINT, also during start-up; in-flight work finished or was handed back | no (it was asked to stop) |
 * | 1 | invalid configuration; the message names the variable | no: fix the environment |
 * | 2 | the database was unreachable (or its migration failed) at start, or another process has the PGlite data directory | yes, with backoff |
 * | 3 | the process could not start or stopped for any other reason | yes, and read the log |
 *
 * @since 0.1.0
 */
import { Cause, Exit, Predicate, Runtime } from "effect"

/**
 * Stopped on request (SIGTERM/SIGINT): in-flight events finished or were handed back.
 *
 * @since 0.1.0
 */
export const Stopped = 0

/**
 * Invalid configuration: a variable is missing or malformed. Restarting does not help.
 *
 * @since 0.1.0
 */
export const InvalidConfig = 1

/**
 * The database could not be reached (or migrated) at start, or another process has the PGlite data
 * directory. Restarting later may help.
 *
 * @since 0.1.0
 */
export const DatabaseUnavailable = 2

/**
 * Any other failure (a scheduler that could not start, an unexpected defect).
 *
 * @since 0.1.0
 */
export const Unexpected = 3

/**
 * Maps the main program's end to an exit code: interruption alone (a signal) is a clean stop (0); a
 * failure carries its code (`Runtime.errorExitCode` on the error, see `StartupError`); anything else
 * is `Unexpected`. Effect's default would answer 130 to a signal, which supervisors read as a crash.
 *
 * @example
 * ```ts
 * import { NodeRuntime } from "@effect/platform-node"
 * import { ExitCode } from "@fulcrum/node-process"
 *
 * // `ProcessMain.runMain` does this, and reports the failure too.
 * NodeRuntime.runMain(program, { teardown: ExitCode.teardown })
 * ```
 *
 * @since 0.1.0
 */
export const teardown: Runtime.Teardown = (exit, onExit) => {
  if (Exit.isSuccess(exit) || Cause.hasInterruptsOnly(exit.cause)) return onExit(Stopped)
  const error = Cause.squash(exit.cause)
  // `getErrorExitCode` answers 1 for an error without a code, and 1 means "fix your configuration".
  return onExit(Predicate.hasProperty(error, Runtime.errorExitCode) ? Runtime.getErrorExitCode(error) : Unexpected)
}
