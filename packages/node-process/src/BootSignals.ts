/**
 * SIGTERM and SIGINT while a process is still loading its modules. Loading Fulcrum takes a second or
 * more (several under load), and until `ProcessMain.runMain` installs its handlers Node's default would
 * kill the process by the signal, which supervisors read as a crash. Nothing is open yet at that point
 * (no database, no lock, no port), so stopping is simply exiting 0.
 *
 * A main installs this before it imports the rest, which it must import dynamically so that the
 * handlers are in place while the imports load; `ProcessMain.runMain` hands over to its own handlers.
 * This module imports nothing, so it loads at once.
 *
 * @since 0.1.0
 */

/** `ExitCode.Stopped`; not imported, so that this module stays free of the modules that take long to load. */
const stopped = 0

const exitStopped = (): void => process.exit(stopped)

/**
 * Makes SIGTERM/SIGINT exit 0 until `uninstall` (which `ProcessMain.runMain` calls).
 *
 * @example
 * ```ts
 * #!/usr/bin/env node
 * import * as BootSignals from "@fulcrum/node-process/BootSignals"
 * BootSignals.install()
 * const { ProcessMain } = await import("@fulcrum/node-process")
 * const { Main } = await import("./Main.ts")
 * ProcessMain.runMain(Main, { name: "my host" })
 * ```
 *
 * @since 0.1.0
 */
export const install = (): void => {
  process.on("SIGTERM", exitStopped)
  process.on("SIGINT", exitStopped)
}

/**
 * Removes the handlers `install` added (a no-op when it was not called).
 *
 * @since 0.1.0
 */
export const uninstall = (): void => {
  process.removeListener("SIGTERM", exitStopped)
  process.removeListener("SIGINT", exitStopped)
}
