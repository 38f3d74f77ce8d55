/**
 * Connect to Lever (OAuth).
 *
 * @since 0.1.0
 */
import { ApiErrors, FulcrumApi } from "@fulcrum/api"
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { visibleTeam } from "./internal/request.ts"

const notConfigured = new ApiErrors.Unprocessable({ reason: "OAuthNotConfigured", message: "OAuth is not configured" })

/** @since 0.1.0 */
export const layerConnect = HttpApiBuilder.group(FulcrumApi.FulcrumApi, "leverConnect", (handlers) =>
  Effect.succeed(
    handlers.handle("connect", ({ params }) => Effect.andThen(visibleTeam(params.teamId), Effect.fail(notConfigured)))
  ))

/** @since 0.1.0 */
export const layerCallback = HttpApiBuilder.group(FulcrumApi.FulcrumApi, "leverCallback", (handlers) =>
  Effect.succeed(
    handlers.handle("callback", () =>
      Effect.fail(new ApiErrors.InvalidRequest({ message: "OAuth is not configured", problems: [] })))
  ))
