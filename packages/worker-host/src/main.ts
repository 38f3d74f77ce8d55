#!/usr/bin/env node
/**
 * `fulcrum-worker`: drains Fulcrum's durable queue until SIGTERM/SIGINT. Configured from the
 * environment (see `WorkerConfig`); exit codes in `ExitCode`; operations guide in docs/operations.md.
 * The worker is imported only once `BootSignals` handles a stop request that arrives while it loads.
 *
 * @since 0.1.0
 */
import * as BootSignals from "@fulcrum/node-process/BootSignals"
import * as CompileCache from "@fulcrum/node-process/CompileCache"
import * as HeapTuning from "@fulcrum/node-process/HeapTuning"

CompileCache.enable()
HeapTuning.starting()
BootSignals.install()
const { WorkerHost, WorkerProcess } = await import("./index.ts")
WorkerProcess.run(WorkerHost.layerFromEnv())
