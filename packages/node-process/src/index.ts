/**
 * `@fulcrum/node-process`: how every Fulcrum host runs as a Node process (`fulcrum-http`,
 * `fulcrum-worker`, the quickstart, the sandboxes' bins). A signal is a graceful stop with exit code 0,
 * also while the process starts; a failure is one log line and its exit code.
 *
 * @since 0.1.0
 */

/**
 * Process exit codes and the teardown that picks them.
 *
 * @since 0.1.0
 */
export * as ExitCode from "./ExitCode.ts"

/**
 * Running any Fulcrum program as the Node process.
 *
 * @since 0.1.0
 */
export * as ProcessMain from "./ProcessMain.ts"

/**
 * SIGTERM/SIGINT while a bin still loads its modules (exit 0). Also importable alone, as
 * `@fulcrum/node-process/BootSignals`, which is how a bin installs it before loading the rest.
 *
 * @since 0.1.0
 */
export * as BootSignals from "./BootSignals.ts"

/**
 * A small young generation for hosts (less resident memory), applied by a bin before its modules load.
 *
 * @since 0.1.0
 */
export * as HeapTuning from "./HeapTuning.ts"

/**
 * A bin's command-line flags: parsed strictly, `--help`, one line and exit code 2 for a bad flag.
 *
 * @since 0.1.0
 */
export * as Flags from "./Flags.ts"

/**
 * Node's on-disk compile cache, turned on by a bin before its modules load (a faster restart).
 *
 * @since 0.2.0
 */
export * as CompileCache from "./CompileCache.ts"
