/**
 * The host's admin authentication: the operator token (`FULCRUM_ADMIN_TOKEN`, every team) or a team
 * token (one team), checked by the core's `AdminAccess`. An embedder with its own identity provider
 * provides another `AdminAuth` layer instead; the handlers only read `CurrentAdmin`.
 *
 * @since 0.1.0
 */
import { AdminAuth, ApiErrors } from "@fulcrum/api"
import { AdminAccess, type TeamTokens } from "@fulcrum/core"
import { Effect, Layer, Redacted } from "effect"
import { HttpServerResponse } from "effect/http"
import { storeUnavailable } from "./internal/apiError.ts"

/** Bearer tokens are checked against the operator token, then the team tokens. @since 0.1.0 */
export const layer = (options: { readonly operatorToken: Redacted.Redacted<string> }) =>
  Layer.effect(
    AdminAuth.AdminAuth,
    Effect.map(Effect.context<TeamTokens.TeamTokens>(), (context) =>
      AdminAuth.AdminAuth.of({
        bearer: (httpEffect, { credential }) =>
          AdminAccess.authenticate(Redacted.value(credential) === "" ? undefined : credential, options.operatorToken)
            .pipe(
              Effect.provide(context),
              Effect.flatMap((admin) => Effect.provideService(httpEffect, AdminAuth.CurrentAdmin, admin)),
              Effect.catchTags({
                Unauthenticated: (error) => Effect.fail(new ApiErrors.Unauthorized({ message: error.message })),
                // The token store is down: say so (503, retry later) rather than call the token wrong.
                StoreError: () =>
                  Effect.logWarning("store unavailable").pipe(
                    Effect.annotateLogs({ operation: "AdminAccess.authenticate" }),
                    Effect.as(HttpServerResponse.jsonUnsafe(storeUnavailable, { status: 503 }))
                  )
              })
            )
      }))
  )
