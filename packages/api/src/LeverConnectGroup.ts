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

/** The "Connect to Lever" endpoints: start the OAuth consent, and Lever's callback. @since 0.1.0 */
export class LeverConnectGroup extends HttpApiGroup.make("leverConnect")
  .add(
    HttpApiEndpoint.get("connect", "/api/teams/:teamId/lever/connect", {
      params: { teamId: Schema.String },
      success: ConnectRedirect.pipe(HttpApiSchema.status(302)),
      error: [InvalidRequest, NotFound, Unprocessable, ServiceUnavailable]
    }).annotateMerge(OpenApi.annotations({
      summary: "Start Connect to Lever: redirects to Lever's consent screen",
      description: "Answers 302 to Lever's consent screen with a short-lived HttpOnly cookie that binds the flow to this browser; the body repeats the URL and when the flow expires. Needs the operator's Lever OAuth client (FULCRUM_LEVER_OAUTH_CLIENT_ID)."
    }))
  )
  .middleware(AdminAuth)
  .annotateMerge(OpenApi.annotations({
    title: "Connect to Lever",
    description: "OAuth instead of API keys: the admin approves Fulcrum on Lever's consent screen, Fulcrum keeps the tokens and registers its webhooks."
  }))
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
    }).annotateMerge(OpenApi.annotations({
      summary: "Lever's OAuth redirect: exchanges the code and stores the tokens",
      description: "Where Lever sends the browser back: checks the state against the browser's cookie, exchanges the code, stores the tokens encrypted, registers the webhooks and shows a page saying what happened."
    }))
  )
  .annotateMerge(OpenApi.annotations({
    title: "Lever OAuth callback",
    description: "The page Lever's consent screen sends the admin's browser back to; no bearer token (the state and the cookie prove the flow)."
  }))
{}
