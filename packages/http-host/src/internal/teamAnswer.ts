/**
 * A team use case answered as the API's team view: the core's errors as API errors, and the webhook
 * URLs of this host (they depend on its public base URL). Shared by the handlers that answer a team.
 */
import { TeamModels } from "@fulcrum/api"
import { TeamSetup } from "@fulcrum/core"
import { Effect } from "effect"
import { HostOptions } from "../HostOptions.ts"
import { answer, type CoreError } from "./apiError.ts"

/** Runs `effect` and answers its team view. */
export const team = <E extends CoreError, R>(effect: Effect.Effect<TeamSetup.TeamView, E, R>) =>
  Effect.gen(function*() {
    const view = yield* answer(effect)
    const { publicBaseUrl } = yield* HostOptions
    return TeamModels.teamView(view, TeamSetup.webhookUrls(view.settings.teamId, publicBaseUrl))
  })
