/**
 * Lever's partner OAuth (authorization code with refresh tokens), faked: `/oauth/authorize` consents
 * automatically and redirects back with a code, `/oauth/token` exchanges codes and refresh tokens, and the
 * granted scopes act as the caller's permissions. Tokens can be expired and revoked through the control
 * handle to simulate "reconnect needed".
 *
 * @since 0.1.0
 */
import { Clock, Context, Effect, Layer, Schema } from "effect"
import { ResourceNotFound, UnauthorizedError } from "./LeverError.ts"
import * as Permission from "./Permission.ts"
import type { Principal } from "./Principal.ts"
import type { OAuthClient, Resolved } from "./SandboxOptions.ts"
import { Settings } from "./Settings.ts"
import { randomToken } from "./Signature.ts"
import { uuid } from "./internal/ids.ts"

/**
 * An OAuth protocol error, rendered as `{"error", "error_description"}` (RFC 6749) with `status`.
 *
 * @since 0.1.0
 */
export class OAuthError extends Schema.TaggedError<OAuthError>()("OAuthError", {
  status: Schema.Int,
  error: Schema.String,
  description: Schema.String
}) {}

/**
 * The query of `GET /oauth/authorize`.
 *
 * @since 0.1.0
 */
export const AuthorizeParams = Schema.Struct({
  client_id: Schema.optionalKey(Schema.String),
  redirect_uri: Schema.optionalKey(Schema.String),
  response_type: Schema.optionalKey(Schema.String),
  state: Schema.optionalKey(Schema.String),
  scope: Schema.optionalKey(Schema.String),
  audience: Schema.optionalKey(Schema.String),
  prompt: Schema.optionalKey(Schema.String)
})

/** The type {@link AuthorizeParams} decodes to. @since 0.1.0 */
export type AuthorizeParams = typeof AuthorizeParams.Type

/**
 * The body of `POST /oauth/token` (form-encoded or JSON). Client credentials may also come as HTTP Basic.
 *
 * @since 0.1.0
 */
export const TokenParams = Schema.Struct({
  grant_type: Schema.optionalKey(Schema.String),
  code: Schema.optionalKey(Schema.String),
  redirect_uri: Schema.optionalKey(Schema.String),
  refresh_token: Schema.optionalKey(Schema.String),
  client_id: Schema.optionalKey(Schema.String),
  client_secret: Schema.optionalKey(Schema.String)
})

/** The type {@link TokenParams} decodes to. @since 0.1.0 */
export type TokenParams = typeof TokenParams.Type

/**
 * The token response. `refresh_token` is present when `offline_access` was granted (or the sandbox does
 * not require it).
 *
 * @since 0.1.0
 */
export const TokenResponse = Schema.Struct({
  access_token: Schema.String,
  refresh_token: Schema.optionalKey(Schema.String),
  token_type: Schema.Literal("Bearer"),
  expires_in: Schema.Int,
  scope: Schema.String
})

/** The type {@link TokenResponse} decodes to. @since 0.1.0 */
export type TokenResponse = typeof TokenResponse.Type

/**
 * A connection of an OAuth client to the account (what a Super Admin can revoke in Lever's settings).
 *
 * @since 0.1.0
 */
export interface Grant {
  readonly id: string
  readonly clientId: string
  readonly scopes: ReadonlyArray<string>
  readonly confidential: boolean
  readonly revoked: boolean
  readonly createdAt: number
}

/**
 * The OAuth service.
 *
 * @since 0.1.0
 */
export class OAuth extends Context.Service<OAuth, {
  /** Validates an authorization request and returns the redirect location (with `code` or `error`). */
  readonly authorize: (params: AuthorizeParams) => Effect.Effect<string, OAuthError>
  /** The token endpoint. `basic` is the decoded HTTP Basic client credentials, if any. */
  readonly token: (
    params: TokenParams,
    basic?: { readonly clientId: string; readonly clientSecret: string } | undefined
  ) => Effect.Effect<TokenResponse, OAuthError>
  /** Resolves a bearer access token to its grant's principal. */
  readonly authenticate: (accessToken: string) => Effect.Effect<Principal, UnauthorizedError>
  /** Skips the browser dance: creates a grant for `clientId` and returns its tokens. */
  readonly connect: (options: {
    readonly scopes: ReadonlyArray<string>
    readonly clientId?: string | undefined
  }) => Effect.Effect<TokenResponse, OAuthError>
  readonly grants: Effect.Effect<ReadonlyArray<Grant>>
  /** Revokes one refresh token: refreshing with it fails with `invalid_grant` ("reconnect needed"). */
  readonly revokeRefreshToken: (refreshToken: string) => Effect.Effect<void, ResourceNotFound>
  /** Revokes a whole grant (the app was disconnected): its access and refresh tokens stop working. */
  readonly revokeGrant: (grantId: string) => Effect.Effect<void, ResourceNotFound>
  /** Expires every access token now (or those of one grant); refresh tokens keep working. */
  readonly expireAccessTokens: (grantId?: string) => Effect.Effect<number>
}>()("@fulcrum/lever-sandbox/OAuth") {}

interface CodeRecord {
  readonly clientId: string
  readonly redirectUri: string
  readonly scopes: ReadonlyArray<string>
  readonly expiresAt: number
  used: boolean
}

interface AccessRecord {
  readonly grantId: string
  expiresAt: number
}

interface RefreshRecord {
  readonly grantId: string
  revoked: boolean
}

const isHttpUrl = (s: string): boolean => {
  try {
    const url = new URL(s)
    return url.protocol === "http:" || url.protocol === "https:"
  } catch {
    return false
  }
}

const withParams = (base: string, params: Record<string, string | undefined>): string => {
  const url = new URL(base)
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v)
  return url.toString()
}

/**
 * The OAuth service for the configured clients.
 *
 * @since 0.1.0
 */
export const layer = (options: Resolved["oauth"]): Layer.Layer<OAuth, never, Settings> =>
  Layer.effect(
    OAuth,
    Effect.gen(function*() {
      const settings = yield* Settings
      const clients = new Map<string, OAuthClient>(options.clients.map((c) => [c.clientId, c]))
      const codes = new Map<string, CodeRecord>()
      const grants = new Map<string, Grant>()
      const accessTokens = new Map<string, AccessRecord>()
      const refreshTokens = new Map<string, RefreshRecord>()

      const fail = (status: number, error: string, description: string) =>
        Effect.fail(new OAuthError({ status, error, description }))

      // `keepRefreshToken` is set when refresh tokens do not rotate: the same one is returned again.
      const issue = Effect.fnUntraced(function*(grant: Grant, keepRefreshToken?: string) {
        const now = yield* Clock.currentTimeMillis
        const { accessTokenTtlSeconds } = yield* settings.get
        const accessToken = `lsbx_at_${randomToken()}`
        accessTokens.set(accessToken, { grantId: grant.id, expiresAt: now + accessTokenTtlSeconds * 1000 })
        const wantsRefresh = !options.requireOfflineAccess || grant.scopes.includes(Permission.OfflineAccess)
        let refreshToken = keepRefreshToken
        if (wantsRefresh && refreshToken === undefined) {
          refreshToken = `lsbx_rt_${randomToken()}`
          refreshTokens.set(refreshToken, { grantId: grant.id, revoked: false })
        }
        const response: TokenResponse = {
          access_token: accessToken,
          ...(refreshToken === undefined ? {} : { refresh_token: refreshToken }),
          token_type: "Bearer",
          expires_in: accessTokenTtlSeconds,
          scope: grant.scopes.join(" ")
        }
        return response
      })

      const newGrant = Effect.fnUntraced(function*(client: OAuthClient, scopes: ReadonlyArray<string>) {
        const grant: Grant = {
          id: `grant_${yield* uuid}`,
          clientId: client.clientId,
          scopes,
          confidential: client.confidential ?? false,
          revoked: false,
          createdAt: yield* Clock.currentTimeMillis
        }
        grants.set(grant.id, grant)
        return grant
      })

      const parseScopes = (scope: string | undefined) => {
        const scopes = (scope ?? "").split(/\s+/).filter((s) => s.length > 0)
        const unknown = scopes.filter((s) => s !== Permission.OfflineAccess && !Permission.isPermission(s))
        return { scopes: [...new Set(scopes)], unknown }
      }

      const authorize = Effect.fn("LeverSandbox.OAuth.authorize")(function*(params: AuthorizeParams) {
        const client = params.client_id === undefined ? undefined : clients.get(params.client_id)
        if (client === undefined) {
          return yield* fail(400, "invalid_client", `Unknown client_id "${params.client_id ?? ""}"`)
        }
        const redirectUri = params.redirect_uri
        if (redirectUri === undefined || !isHttpUrl(redirectUri)) {
          return yield* fail(400, "invalid_request", "redirect_uri is missing or is not an http(s) URL")
        }
        if (client.redirectUris !== undefined && !client.redirectUris.includes(redirectUri)) {
          return yield* fail(400, "invalid_request", "redirect_uri is not registered for this client")
        }
        const redirectError = (error: string, description: string) =>
          withParams(redirectUri, { error, error_description: description, state: params.state })
        if (params.response_type !== "code") {
          return redirectError("unsupported_response_type", "response_type must be \"code\"")
        }
        if (params.audience === undefined || params.audience.length === 0) {
          return redirectError("invalid_request", "audience is required (https://api.lever.co/v1/)")
        }
        const { scopes, unknown } = parseScopes(params.scope)
        if (unknown.length > 0) return redirectError("invalid_scope", `Unknown scope(s): ${unknown.join(" ")}`)
        if (!scopes.some(Permission.isPermission)) {
          return redirectError("invalid_scope", "At least one <resource>:<action>:admin scope is required")
        }
        const code = randomToken()
        const now = yield* Clock.currentTimeMillis
        codes.set(code, {
          clientId: client.clientId,
          redirectUri,
          scopes,
          expiresAt: now + options.authorizationCodeTtlSeconds * 1000,
          used: false
        })
        return withParams(redirectUri, { code, state: params.state })
      })

      const token = Effect.fn("LeverSandbox.OAuth.token")(function*(
        params: TokenParams,
        basic?: { readonly clientId: string; readonly clientSecret: string }
      ) {
        const clientId = basic?.clientId ?? params.client_id
        const clientSecret = basic?.clientSecret ?? params.client_secret
        const client = clientId === undefined ? undefined : clients.get(clientId)
        if (client === undefined || client.clientSecret !== clientSecret) {
          return yield* fail(401, "invalid_client", "Unknown client or wrong client_secret")
        }
        const now = yield* Clock.currentTimeMillis
        switch (params.grant_type) {
          case "authorization_code": {
            const code = params.code === undefined ? undefined : codes.get(params.code)
            if (code === undefined || code.clientId !== client.clientId) {
              return yield* fail(400, "invalid_grant", "Unknown authorization code")
            }
            if (code.used) return yield* fail(400, "invalid_grant", "Authorization code already used")
            if (code.expiresAt <= now) return yield* fail(400, "invalid_grant", "Authorization code expired")
            if (params.redirect_uri !== code.redirectUri) {
              return yield* fail(400, "invalid_grant", "redirect_uri does not match the authorization request")
            }
            code.used = true
            const grant = yield* newGrant(client, code.scopes)
            return yield* issue(grant)
          }
          case "refresh_token": {
            const refresh = params.refresh_token === undefined ? undefined : refreshTokens.get(params.refresh_token)
            const grant = refresh === undefined ? undefined : grants.get(refresh.grantId)
            if (refresh === undefined || grant === undefined || grant.clientId !== client.clientId) {
              return yield* fail(400, "invalid_grant", "Unknown refresh token")
            }
            if (refresh.revoked || grant.revoked) {
              return yield* fail(400, "invalid_grant", "Refresh token revoked or already used: the connection must be re-authorized")
            }
            if (!options.rotateRefreshTokens) return yield* issue(grant, params.refresh_token)
            refresh.revoked = true
            return yield* issue(grant)
          }
          default:
            return yield* fail(400, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token")
        }
      })

      const authenticate = Effect.fn("LeverSandbox.OAuth.authenticate")(function*(accessToken: string) {
        const record = accessTokens.get(accessToken)
        const grant = record === undefined ? undefined : grants.get(record.grantId)
        if (record === undefined || grant === undefined) {
          return yield* new UnauthorizedError({ message: "Invalid access token" })
        }
        const subject = { kind: "oauth" as const, id: grant.id }
        if (grant.revoked) return yield* new UnauthorizedError({ message: "Access token revoked", subject })
        const now = yield* Clock.currentTimeMillis
        if (record.expiresAt <= now) return yield* new UnauthorizedError({ message: "Access token expired", subject })
        const principal: Principal = {
          kind: "oauth",
          id: grant.id,
          name: `OAuth client ${grant.clientId}`,
          permissions: new Set(grant.scopes.filter(Permission.isPermission)),
          confidential: grant.confidential
        }
        return principal
      })

      const connect = Effect.fn("LeverSandbox.OAuth.connect")(function*(request: {
        readonly scopes: ReadonlyArray<string>
        readonly clientId?: string | undefined
      }) {
        const client = clients.get(request.clientId ?? options.clients[0]?.clientId ?? "")
        if (client === undefined) return yield* fail(400, "invalid_client", "Unknown client_id")
        const { scopes, unknown } = parseScopes(request.scopes.join(" "))
        if (unknown.length > 0) return yield* fail(400, "invalid_scope", `Unknown scope(s): ${unknown.join(" ")}`)
        const grant = yield* newGrant(client, scopes)
        return yield* issue(grant)
      })

      return OAuth.of({
        authorize,
        token,
        authenticate,
        connect,
        grants: Effect.sync(() => [...grants.values()]),
        revokeRefreshToken: (refreshToken) =>
          Effect.suspend(() => {
            const record = refreshTokens.get(refreshToken)
            if (record === undefined) {
              return Effect.fail(new ResourceNotFound({ message: "Unknown refresh token" }))
            }
            record.revoked = true
            return Effect.void
          }),
        revokeGrant: (grantId) =>
          Effect.suspend(() => {
            const grant = grants.get(grantId)
            if (grant === undefined) return Effect.fail(new ResourceNotFound({ message: `Unknown grant ${grantId}` }))
            grants.set(grantId, { ...grant, revoked: true })
            for (const record of refreshTokens.values()) if (record.grantId === grantId) record.revoked = true
            return Effect.void
          }),
        expireAccessTokens: (grantId) =>
          Effect.map(Clock.currentTimeMillis, (now) => {
            let count = 0
            for (const record of accessTokens.values()) {
              if ((grantId === undefined || record.grantId === grantId) && record.expiresAt > now) {
                record.expiresAt = now
                count++
              }
            }
            return count
          })
      })
    })
  )
