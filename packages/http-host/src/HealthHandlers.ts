/**
 * `/healthz` answers while the process runs; `/readyz` only while the store answers, since without it
 * no webhook can be accepted.
 *
 * @since 0.1.0
 */
import { FulcrumApi } from "@fulcrum/api"
import { EventInbox } from "@fulcrum/core"
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { answer } from "./internal/apiError.ts"

/** The handlers of the `health` group. @since 0.1.0 */
export const layer = HttpApiBuilder.group(FulcrumApi.FulcrumApi, "health", (handlers) =>
  Effect.succeed(
    handlers
      .handle("healthz", () => Effect.succeed({ status: "ok" as const }))
      .handle("readyz", () =>
        Effect.flatMap(EventInbox.EventInbox, (inbox) => answer(inbox.stats())).pipe(
          Effect.as({ status: "ready" as const })
        ))
  ))
