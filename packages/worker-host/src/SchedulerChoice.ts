/**
 * The interview schedulers `fulcrum-worker` can run with on its own (`FULCRUM_SCHEDULER`, required: it
 * has no default):
 * - `http`: `@fulcrum/scheduler-http`, the assessment provider protocol `v1` against
 *   `FULCRUM_PROVIDER_URL`, signed with `FULCRUM_PROVIDER_SECRET` (docs/provider-protocol.md);
 * - `memory`: for tests only. Invites are recorded in the worker's memory and no candidate receives one,
 *   so the recruiter's Lever note says that no invite was sent, and the worker warns at start.
 * An embedder with its own scheduler passes its Layer instead (`WorkerHost.layer({ scheduler })`).
 *
 * @since 0.1.0
 */
import { InterviewScheduler, InterviewSchedulerMemory } from "@fulcrum/core"
import { SchedulerHttp } from "@fulcrum/scheduler-http"
import { Effect, Layer, Option } from "effect"
import type { ProviderConfig, SchedulerChoice } from "./WorkerConfig.ts"

/**
 * The scheduler for a `FULCRUM_SCHEDULER` choice; `http` needs the provider (checked by
 * `WorkerConfig.requireScheduler`).
 *
 * @example
 * ```ts
 * import { SchedulerChoice } from "@fulcrum/worker-host"
 * import { Option, Redacted } from "effect"
 * const Scheduler = SchedulerChoice.layer("http", Option.some({ url: "https://provider.example", secret: Redacted.make("whsec_…") }))
 * ```
 *
 * @since 0.1.0
 */
export const layer = (
  choice: SchedulerChoice,
  provider: Option.Option<ProviderConfig> = Option.none()
): Layer.Layer<InterviewScheduler.InterviewScheduler> => {
  switch (choice) {
    case "http":
      return Option.match(provider, {
        onNone: () =>
          Layer.effect(
            InterviewScheduler.InterviewScheduler,
            Effect.die("FULCRUM_SCHEDULER=http needs FULCRUM_PROVIDER_URL and FULCRUM_PROVIDER_SECRET")
          ),
        onSome: (config) =>
          Layer.orDie(SchedulerHttp.layerFetch({ baseUrl: config.url, secret: config.secret })).pipe(
            Layer.tap(() =>
              Effect.logInfo("FULCRUM_SCHEDULER=http: invites go to the assessment provider").pipe(
                Effect.annotateLogs({ providerUrl: config.url })
              )
            )
          )
      })
    case "memory":
      return Layer.merge(
        InterviewSchedulerMemory.layer,
        Layer.effectDiscard(
          Effect.logWarning(
            "FULCRUM_SCHEDULER=memory is for tests only: invites are recorded in this process's memory and no " +
              "candidate receives one; use FULCRUM_SCHEDULER=http with FULCRUM_PROVIDER_URL and FULCRUM_PROVIDER_SECRET"
          )
        )
      )
  }
}
