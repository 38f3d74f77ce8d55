#!/usr/bin/env node
/**
 * `fulcrum-http`: serves Fulcrum's HTTP API until SIGTERM/SIGINT, then lets in-flight requests finish
 * and exits 0 (also when signalled while it starts). Configured from the environment (see
 * `HostConfig`); exit codes in `@fulcrum/node-process`'s `ExitCode`; operations guide in
 * docs/operations.md. The host is imported only once `BootSignals` handles a stop request that arrives
 * while it loads.
 */
import * as BootSignals from "@fulcrum/node-process/BootSignals"
import * as CompileCache from "@fulcrum/node-process/CompileCache"
import * as HeapTuning from "@fulcrum/node-process/HeapTuning"

CompileCache.enable()
HeapTuning.starting()
BootSignals.install()
const { ProcessMain } = await import("@fulcrum/node-process")
const { HttpHostProcess } = await import("../src/index.ts")
ProcessMain.runMain(HttpHostProcess.layerFromEnv, { name: "fulcrum-http", logging: HttpHostProcess.logging })
