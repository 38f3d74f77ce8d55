/**
 * `./dev.sh start` (`node examples/quickstart/src/main.ts [--demo]`): Fulcrum in one process with the
 * Lever sandbox, embedded PGlite and a demo team, ready to try. `--demo` also pushes two candidates
 * through the whole flow and prints what happened, then keeps running. Ctrl-C (SIGINT) or SIGTERM stops
 * it gracefully with exit code 0, also while it starts; a failed start prints one line saying what to
 * fix (another process on the same data directory, a port in use, a bad setting) and exits non-zero.
 * The rest is imported only once `BootSignals` handles a stop request that arrives while it loads.
 *
 * @since 0.1.0
 */
import * as BootSignals from "@fulcrum/node-process/BootSignals"
import * as CompileCache from "@fulcrum/node-process/CompileCache"
import * as HeapTuning from "@fulcrum/node-process/HeapTuning"

CompileCache.enable()
HeapTuning.starting()
BootSignals.install()
const { ProcessMain } = await import("@fulcrum/node-process")
const Program = await import("./Program.ts")
ProcessMain.runMain(Program.layer({ demo: process.argv.slice(2).includes("--demo") }), {
  name: "Fulcrum quickstart",
  logging: Program.logging
})
