/**
 * The interview schedulers `fulcrum-worker` can run with on its own (`FULCRUM_SCHEDULER`, required: it
 * has no default). Today that is only `memory`: invites are recorded in the worker's memory and no
 * candidate receives one, which is what a demo or a dry run wants and nothing else does, so it must be
 * asked for by name and says so loudly at start. A real provider embeds the worker with its own
 * `InterviewScheduler` Layer (`WorkerHost.layer({ scheduler })`).
 *
 * @since 0.1.0
 */
import { type InterviewScheduler, InterviewSchedulerMemory } from "@fulcrum/core"
import { Effect, Layer } from "effect"
import type { SchedulerChoice } from "./WorkerConfig.ts"

/**
 * The scheduler for a `FULCRUM_SCHEDULER` choice.
 *
 * @example
 * ```ts
 * import { SchedulerChoice } from "@fulcrum/worker-host"
 * const Scheduler = SchedulerChoice.layer("memory")
 * ```
 *
 * @since 0.1.0
 */
export const layer = (choice: SchedulerChoice): Layer.Layer<InterviewScheduler.InterviewScheduler> => {
  switch (choice) {
    case "memory":
      return Layer.merge(
        InterviewSchedulerMemory.layer,
        Layer.effectDiscard(
          Effect.logWarning(
            "FULCRUM_SCHEDULER=memory: invites are only recorded in this process's memory and no candidate " +
              "receives one; embed the worker with your scheduler (WorkerHost.layer({ scheduler })) to send real invites"
          )
        )
      )
  }
}
