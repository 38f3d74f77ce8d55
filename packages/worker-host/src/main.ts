#!/usr/bin/env node
/**
 * `fulcrum-worker`: drains Fulcrum's durable queue until SIGTERM/SIGINT. Configured from the
 * environment (see `WorkerConfig`); exit codes in `ExitCode`; operations guide in docs/operations.md.
 *
 * @since 0.1.0
 */
import * as WorkerHost from "./WorkerHost.ts"
import * as WorkerProcess from "./WorkerProcess.ts"

WorkerProcess.run(WorkerHost.layerFromEnv())
