/**
 * `@fulcrum/worker-host`: the runnable worker that drains Fulcrum's durable queue (`fulcrum-worker`),
 * and the same worker as Layers for hosts that run it in-process.
 *
 * @since 0.1.0
 */

/**
 * The worker as Layers: `layerWorker` over your ports, `layer` from a config, `layerFromEnv`.
 *
 * @since 0.1.0
 */
export * as WorkerHost from "./WorkerHost.ts"

/**
 * The environment variables, read and checked.
 *
 * @since 0.1.0
 */
export * as WorkerConfig from "./WorkerConfig.ts"

/**
 * The schedulers `fulcrum-worker` runs with on its own (`FULCRUM_SCHEDULER`).
 *
 * @since 0.1.0
 */
export * as SchedulerChoice from "./SchedulerChoice.ts"

/**
 * Why a worker could not start.
 *
 * @since 0.1.0
 */
export * as StartupError from "./StartupError.ts"

/**
 * Running a worker layer as the Node process.
 *
 * @since 0.1.0
 */
export * as WorkerProcess from "./WorkerProcess.ts"
