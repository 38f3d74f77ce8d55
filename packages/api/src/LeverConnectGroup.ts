/**
 * "Connect to Lever" with OAuth: the admin starts it (a redirect to Lever's consent screen, bound to
 * the team and to the browser by a short-lived cookie) and Lever sends the browser back to the callback.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "effect/http-api"
import { AdminAuth } from "./AdminAuth.ts"
import { IsoTime } from "./IsoTime.ts"
import { InvalidRequest, LeverUnavailable, NotFound, ServiceUnavailable, Unprocessable } from "./ApiErrors.ts"

/** The authorize URL (also in the `Location` header of the 302). @since 0.1.0 */
export const ConnectRedirect = Schema.Struct({ authorizeUrl: Schema.String, expiresAt: IsoTime })

/** @since 0.1.0 */
export class LeverConnectGroup extends HttpApiGroup.make("leverConnect")
  .add(
    HttpApiEndpoint.get("connect", "/api/teams/:teamId/lever/connect", {
      params: { teamId: Schema.String },
      success: ConnectRedirect.pipe(HttpApiSchema.status(302)),
      error: [InvalidRequest, NotFound, Unprocessable, ServiceUnavailable]
    }).annotate(OpenApi.Summary, "Start Connect to Lever: redirects to Lever's consent screen")
  )
  .middleware(AdminAuth)
  .annotateMerge(OpenApi.annotations({ title: "Connect to Lever" }))
{}

/** The page the browser lands on after Lever's consent screen. @since 0.1.0 */
export class LeverCallbackGroup extends HttpApiGroup.make("leverCallback")
  .add(
    HttpApiEndpoint.get("callback", "/oauth/lever/callback", {
      query: {
        code: Schema.optionalKey(Schema.String),
        state: Schema.optionalKey(Schema.String),
        error: Schema.optionalKey(Schema.String),
        error_description: Schema.optionalKey(Schema.String)
      },
      success: Schema.String.pipe(HttpApiSchema.asText({ contentType: "text/html" })),
      error: [InvalidRequest, NotFound, Unprocessable, LeverUnavailable, ServiceUnavailable]
    }).annotate(OpenApi.Summary, "Lever's OAuth redirect: exchanges the code and stores the tokens")
  )
  .annotateMerge(OpenApi.annotations({ title: "Connect to Lever" }))
{}
