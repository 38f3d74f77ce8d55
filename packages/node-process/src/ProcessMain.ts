/**
 * Running a Fulcrum program as the Node process, the same way in every host (`fulcrum-worker`, the
 * quickstart, the HTTP host):
 *
 * - SIGTERM or SIGINT interrupts the program, which is its graceful shutdown: every scope closes in
 *   reverse order (servers drain, the worker hands back its events, the database closes, the PGlite
 *   data directory's lock is removed), and then the process exits 0. That holds during start-up too
 *   (while the database is awaited or migrated; while the modules still load, see `BootSignals`).
 *   Effect's own `runMain` answers a signal with 130, which supervisors read as a crash.
 * - A failure is logged once, as one line that says what to fix, and the exit code says what happened
 *   (see `ExitCode`: the error's `Runtime.errorExitCode`, else `Unexpected`). A bad variable reads the
 *   same in every process: `<name> stopped: invalid configuration: NAME: expected …`, annotated with
 *   `variable`, exit code 1 (`EnvVariable.InvalidConfig` of `@fulcrum/core`).
 *
 * @since 0.1.0
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { Cause, Effect, Layer, Predicate } from "effect"
import * as BootSignals from "./BootSignals.ts"
import * as ExitCode from "./ExitCode.ts"

/**
 * The log line a failure is reported with.
 *
 * @since 0.1.0
 */
export interface Report {
  readonly message: string
  readonly annotations?: Readonly<Record<string, unknown>> | undefined
}

/**
 * Options of `runMain`.
 *
 * @since 0.1.0
 */
export interface Options {
  /** Who stops, as the report's first words: `"worker"` → "worker stopped: …". */
  readonly name: string
  /**
   * The process's logging (logger, minimum level), around the program and its failure report. When it
   * cannot be built (a bad `LOG_FORMAT`), Effect's console logger reports, and the program's own
   * configuration check names the variable.
   */
  readonly logging?: Layer.Layer<never, unknown> | undefined
  /** A host's own wording for the errors it knows; `undefined` falls back to "<name> stopped: <message>". */
  readonly report?: ((error: unknown) => Report | undefined) | undefined
}

// An error's own message, else its cause's (a `ServeError` has none; its cause says the port is taken).
const messageOf = (error: unknown): string | undefined =>
  Predicate.hasProperty(error, "message") && typeof error.message === "string" && error.message !== ""
    ? error.message
    : Predicate.hasProperty(error, "cause")
    ? messageOf(error.cause)
    : undefined

/** The one line for a failed program; nothing for a stop on request. */
const reportFailure = (options: Options) => (cause: Cause.Cause<unknown>): Effect.Effect<void> => {
  if (Cause.hasInterruptsOnly(cause)) return Effect.void
  if (Cause.hasFails(cause)) {
    const error = Cause.squash(cause)
    const report = options.report?.(error)
    if (report !== undefined) return Effect.logError(report.message).pipe(Effect.annotateLogs(report.annotations ?? {}))
    const message = messageOf(error)
    if (message !== undefined && Predicate.isTagged(error, "InvalidConfig") && Predicate.hasProperty(error, "variable")) {
      // One shape in every process: what to fix, and the variable as an annotation for log searches.
      return Effect.logError(`${options.name} stopped: invalid configuration: ${message}`).pipe(
        Effect.annotateLogs({ variable: String(error.variable) })
      )
    }
    if (message !== undefined) {
      return Effect.logError(`${options.name} stopped: ${message}`).pipe(
        Effect.annotateLogs(Predicate.hasProperty(error, "_tag") ? { error: String(error._tag) } : {})
      )
    }
  }
  return Effect.logError(`${options.name} stopped on an unexpected failure`).pipe(
    Effect.annotateLogs({ cause: Cause.pretty(cause) })
  )
}

/**
 * Launches `main` as the process's main program and never returns: it runs until a signal or a failure,
 * reports a failure once, and exits with the code `ExitCode.teardown` picks (0 after a signal).
 *
 * @example
 * ```ts
 * import { ProcessMain } from "@fulcrum/worker-host"
 * import { Logger } from "effect"
 * import { HttpHostLive } from "./HttpHost.ts"
 *
 * // In a bin, install `BootSignals` first and import this dynamically (see `BootSignals`).
 * ProcessMain.runMain(HttpHostLive, { name: "http host", logging: Logger.layer([Logger.consoleJson]) })
 * ```
 *
 * @since 0.1.0
 */
export const runMain = <ROut, E>(main: Layer.Layer<ROut, E>, options: Options): void =>
  Layer.launch(main).pipe(
    Effect.tapCause(reportFailure(options)),
    Effect.provide(Layer.catchCause(options.logging ?? Layer.empty, () => Layer.empty)),
    // The boot handlers go only once `NodeRuntime.runMain` has added its own. Node drops a signal that
    // arrives while a signal has no listener at all, and until this step nothing is open, so a
    // signal the boot handlers catch meanwhile may still simply exit 0.
    (program) => Effect.andThen(Effect.sync(BootSignals.uninstall), program),
    NodeRuntime.runMain({ disableErrorReporting: true, teardown: ExitCode.teardown })
  )
