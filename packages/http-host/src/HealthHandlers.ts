/**
 * `/healthz` answers while the process runs; `/readyz` only while the store answers, since without it
 * no webhook can be accepted.
 *
 * @since 0.1.0
 */
import { FulcrumApi } from "@fulcrum/api"
import { ConfigStore } from "@fulcrum/core"
import { Ids } from "@fulcrum/domain"
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { answer } from "./internal/apiError.ts"

/**
 * The probe reads one team by its primary key: a team that does not exist is an answer too. (Counting
 * the inbox instead would get slower as the inbox grows, on every probe.)
 */
const probeTeam = Ids.TeamId.make("readiness-probe")

/** The handlers of the `health` group. @since 0.1.0 */
export const layer = HttpApiBuilder.group(FulcrumApi.FulcrumApi, "health", (handlers) =>
  Effect.succeed(
    handlers
      .handle("healthz", () => Effect.succeed({ status: "ok" as const }))
      .handle("readyz", () =>
        Effect.flatMap(ConfigStore.ConfigStore, (store) => answer(store.get(probeTeam))).pipe(
          Effect.catchTag("NotFound", () => Effect.void),
          Effect.as({ status: "ready" as const })
        ))
  ))
