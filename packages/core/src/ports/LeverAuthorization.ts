/**
 * The `LeverAuthorization` port: Lever's partner OAuth token endpoint (authorization code and refresh
 * token grants). The authorize URL the admin's browser is sent to is built here, purely, from the team's
 * Lever environment: every adapter talks to the same hosts. Adapters: `LeverOAuthHttp` in
 * `@fulcrum/lever-http` (real HTTP), `LeverAuthorizationMemory` in this package.
 *
 * @since 0.1.0
 */
import type { Setup } from "@fulcrum/domain"
import { Context, Schema } from "effect"
import type { Effect, Redacted } from "effect"
import { baseUrlOf } from "./LeverApi.ts"

/**
 * The OAuth client Lever issued to the assessment provider (a registered Lever partner). The secret
 * never appears in logs, errors or responses.
 *
 * @since 0.1.0
 */
export interface OAuthClient {
  readonly clientId: string
  readonly clientSecret: Redacted.Redacted<string>
}

/**
 * Where a Lever environment's OAuth lives: the page the admin consents on, the token endpoint, and the
 * `audience` Lever requires on the authorize request (its API base URL with a trailing slash).
 *
 * @since 0.1.0
 */
export interface AuthorizationEndpoints {
  readonly authorizeUrl: string
  readonly tokenUrl: string
  readonly audience: string
}

/** Lever production's auth host. @since 0.1.0 */
export const productionEndpoints: AuthorizationEndpoints = {
  authorizeUrl: "https://auth.lever.co/authorize",
  tokenUrl: "https://auth.lever.co/oauth/token",
  audience: "https://api.lever.co/v1/"
}

/**
 * Lever's sandbox environment has its own auth host: sandbox and production credentials are not
 * interchangeable.
 *
 * @since 0.1.0
 */
export const sandboxEndpoints: AuthorizationEndpoints = {
  authorizeUrl: "https://sandbox-lever.auth0.com/authorize",
  tokenUrl: "https://sandbox-lever.auth0.com/oauth/token",
  audience: "https://api.sandbox.lever.co/v1/"
}

/**
 * The OAuth endpoints of a team's Lever environment. A custom base URL (such as `@fulcrum/lever-sandbox`,
 * `http://host:port/v1`) serves OAuth from its root: `/oauth/authorize` and `/oauth/token` beside `/v1`.
 *
 * @since 0.1.0
 */
export const endpointsOf = (environment: Setup.LeverEnvironment): AuthorizationEndpoints => {
  if (environment._tag === "Production") return productionEndpoints
  if (environment._tag === "Sandbox") return sandboxEndpoints
  const apiBase = baseUrlOf(environment)
  const root = apiBase.replace(/\/v1$/, "")
  return { authorizeUrl: `${root}/oauth/authorize`, tokenUrl: `${root}/oauth/token`, audience: `${apiBase}/` }
}

/** What goes into an authorize URL besides the environment's endpoints. @since 0.1.0 */
export interface AuthorizeRequest {
  readonly clientId: string
  /** Where Lever sends the admin back with `code` and `state`; must be registered with Lever. */
  readonly redirectUri: string
  /** Lever scopes (`<resource>:<action>:admin`), plus `offline_access` for a refresh token. */
  readonly scopes: ReadonlyArray<string>
  /** The CSRF token the callback must bring back. */
  readonly state: string
}

/**
 * The URL of Lever's consent page: `client_id`, `redirect_uri`, `response_type=code`, `state`,
 * space-separated `scope` and the `audience` Lever requires.
 *
 * @since 0.1.0
 */
export const authorizeUrl = (environment: Setup.LeverEnvironment, request: AuthorizeRequest): string => {
  const endpoints = endpointsOf(environment)
  const url = new URL(endpoints.authorizeUrl)
  url.searchParams.set("client_id", request.clientId)
  url.searchParams.set("redirect_uri", request.redirectUri)
  url.searchParams.set("response_type", "code")
  url.searchParams.set("state", request.state)
  url.searchParams.set("scope", request.scopes.join(" "))
  url.searchParams.set("audience", endpoints.audience)
  return url.toString()
}

/**
 * Tokens from Lever's token endpoint. `refreshToken` is `null` when Lever issued none (`offline_access`
 * not granted, or a refresh that keeps the old one); `scopes` are the granted ones.
 *
 * @since 0.1.0
 */
export interface OAuthTokens {
  readonly accessToken: Redacted.Redacted<string>
  readonly refreshToken: Redacted.Redacted<string> | null
  readonly expiresInSeconds: number
  readonly scopes: ReadonlyArray<string>
}

/**
 * Lever no longer honours the grant (`invalid_grant`): the code is unknown, used or expired, or the
 * refresh token was revoked (the app was disconnected in Lever) or lapsed. Only the admin connecting
 * again fixes it.
 *
 * @since 0.1.0
 */
export class OAuthGrantInvalid extends Schema.TaggedError<OAuthGrantInvalid>()("OAuthGrantInvalid", {
  message: Schema.String
}) {}

/**
 * Lever's auth host was down, slow, rate-limiting or unreachable: try again later. Nothing about the
 * connection is known to be wrong.
 *
 * @since 0.1.0
 */
export class OAuthUnavailable extends Schema.TaggedError<OAuthUnavailable>()("OAuthUnavailable", {
  message: Schema.String
}) {}

/**
 * Lever refused the request itself (`invalid_client`, `unauthorized_client`, `invalid_request`...): the
 * operator's client id or secret is wrong for this environment, or the client is not allowed this grant.
 * Neither retrying nor reconnecting helps; `error` is Lever's OAuth error code.
 *
 * @since 0.1.0
 */
export class OAuthClientRejected extends Schema.TaggedError<OAuthClientRejected>()("OAuthClientRejected", {
  error: Schema.String,
  message: Schema.String
}) {}

/** Every failure of a token request. @since 0.1.0 */
export type OAuthError = OAuthGrantInvalid | OAuthUnavailable | OAuthClientRejected

/** Exchanging the authorization code Lever sent back with the admin. @since 0.1.0 */
export interface CodeExchange {
  readonly environment: Setup.LeverEnvironment
  readonly client: OAuthClient
  readonly code: Redacted.Redacted<string>
  /** Exactly the `redirect_uri` of the authorize request. */
  readonly redirectUri: string
}

/** Trading a refresh token for new tokens. @since 0.1.0 */
export interface TokenRefresh {
  readonly environment: Setup.LeverEnvironment
  readonly client: OAuthClient
  readonly refreshToken: Redacted.Redacted<string>
}

/**
 * Lever's OAuth token endpoint, in the environment each request names.
 *
 * What an adapter must guarantee (`LeverAuthorizationContract` in `@fulcrum/core/testing` checks each
 * point):
 * - a code from an approved authorize URL yields an access token, a refresh token when `offline_access`
 *   was asked for, a positive lifetime and the granted scopes;
 * - a code works once; an unknown or reused code, or another `redirectUri`, is `OAuthGrantInvalid`;
 * - a refresh yields a new access token; the latest refresh token (rotated or kept) works for the next
 *   refresh; a revoked one is `OAuthGrantInvalid`;
 * - a wrong client secret is `OAuthClientRejected`;
 * - tokens come back `Redacted`, and no error message carries a secret, code or token.
 *
 * @since 0.1.0
 */
export class LeverAuthorization extends Context.Service<LeverAuthorization, {
  readonly exchangeCode: (request: CodeExchange) => Effect.Effect<OAuthTokens, OAuthError>
  readonly refresh: (request: TokenRefresh) => Effect.Effect<OAuthTokens, OAuthError>
}>()("@fulcrum/core/LeverAuthorization") {}
