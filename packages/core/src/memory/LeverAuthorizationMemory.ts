/**
 * An in-memory Lever auth server: the `LeverAuthorization` port as Lever's partner OAuth answers it,
 * with the access tokens minted by the `Issuer` in context (the Lever they open, e.g. the Lever sandbox's
 * `InProcess` layer). Codes are single-use and last 10 minutes; access tokens carry the granted scopes as
 * permissions; refresh tokens rotate (the old one stops working) unless told otherwise.
 *
 * The `Control` service plays the Super Admin and Lever's settings page: approve a consent page (an
 * authorize URL) to get the code Lever would send back, disconnect the app, revoke one refresh token,
 * make the next token requests fail, and list the refresh requests received.
 *
 * @example
 * ```ts
 * import { LeverAuthorizationMemory } from "@fulcrum/core"
 * import { InProcess } from "@fulcrum/lever-sandbox"
 * import { Layer } from "effect"
 *
 * const OAuthInMemory = LeverAuthorizationMemory.layer().pipe(Layer.provideMerge(InProcess.layer()))
 * ```
 *
 * @since 0.1.0
 */
import { Lever } from "@fulcrum/domain"
import { Clock, Context, Effect, Layer, Option, Redacted } from "effect"
import { defaultScopes, type LeverOAuthConfigShape, offlineAccess } from "../LeverOAuthConfig.ts"
import * as LeverSignature from "../LeverSignature.ts"
import {
  LeverAuthorization,
  OAuthClientRejected,
  OAuthGrantInvalid,
  OAuthUnavailable
} from "../ports/LeverAuthorization.ts"
import type { CodeExchange, OAuthClient, OAuthTokens, TokenRefresh } from "../ports/LeverAuthorization.ts"

/** The client this auth server knows unless told otherwise. @since 0.1.0 */
export const client: OAuthClient = {
  clientId: "memory-oauth-client",
  clientSecret: Redacted.make("memory-oauth-client-secret")
}

/** A `LeverOAuthConfig` for `client`, with the default scopes. @since 0.1.0 */
export const config: LeverOAuthConfigShape = { client, sandboxClient: null, scopes: defaultScopes }

/**
 * Options of `make`/`layer`: the registered clients (default `[client]`), the access tokens' lifetime
 * (default 3600 s) and whether refresh tokens rotate (default true, like Lever).
 *
 * @since 0.1.0
 */
export interface Options {
  readonly clients?: ReadonlyArray<OAuthClient>
  readonly accessTokenTtlSeconds?: number
  readonly rotateRefreshTokens?: boolean
}

/** What Lever appends to the redirect URI after the admin approved. @since 0.1.0 */
export interface Approval {
  readonly code: Redacted.Redacted<string>
  readonly state: string
  readonly redirectUri: string
}

/** A refresh request received, with the refresh token it carried. @since 0.1.0 */
export interface RecordedRefresh {
  readonly refreshToken: Redacted.Redacted<string>
  readonly at: number
}

/** The next `times` token requests fail with this error, before anything else is checked. @since 0.1.0 */
export interface Fault {
  readonly times: number
  readonly error: "Unavailable" | "GrantInvalid"
}

/**
 * The Super Admin and Lever's settings page.
 *
 * @since 0.1.0
 */
export class Control extends Context.Service<Control, {
  /**
   * Approves Lever's consent page at `authorizeUrl`, granting every scope asked for (or only `grant`),
   * and returns what Lever sends back. A request Lever would refuse (unknown client, no
   * `response_type=code`, no `audience`, no permission scope) fails with `OAuthClientRejected`.
   */
  readonly approve: (
    authorizeUrl: string,
    options?: { readonly grant?: ReadonlyArray<string> }
  ) => Effect.Effect<Approval, OAuthClientRejected>
  /** The app is disconnected in Lever: every token issued so far stops working. */
  readonly disconnect: Effect.Effect<void>
  /** Refreshing with this token now fails with `OAuthGrantInvalid` (it lapsed). */
  readonly revokeRefreshToken: (refreshToken: Redacted.Redacted<string>) => Effect.Effect<void>
  readonly failNext: (fault: Fault) => Effect.Effect<void>
  /** Every refresh request received, oldest first (failed ones included). */
  readonly refreshes: Effect.Effect<ReadonlyArray<RecordedRefresh>>
}>()("@fulcrum/core/LeverAuthorizationMemory/Control") {}

/**
 * The Lever whose API the access tokens open: it mints a token carrying the granted permissions, and ends
 * it when the app is disconnected. Without one in context the tokens are random and open nothing.
 *
 * @since 0.2.0
 */
export class Issuer extends Context.Service<Issuer, {
  readonly issue: (permissions: ReadonlyArray<string>) => Effect.Effect<Redacted.Redacted<string>>
  readonly revoke: (accessToken: Redacted.Redacted<string>) => Effect.Effect<void>
}>()("@fulcrum/core/LeverAuthorizationMemory/Issuer") {}

const unconnected = Issuer.of({
  issue: () => Effect.sync(() => Redacted.make(`memory-at-${LeverSignature.randomToken()}`)),
  revoke: () => Effect.void
})

interface Grant {
  readonly clientId: string
  readonly scopes: ReadonlyArray<string>
  readonly accessTokens: Array<Redacted.Redacted<string>>
  revoked: boolean
}

interface CodeRecord {
  readonly clientId: string
  readonly redirectUri: string
  readonly scopes: ReadonlyArray<string>
  readonly expiresAt: number
  used: boolean
}

const codeLifetimeMs = 10 * 60_000

/**
 * Builds the auth server; its access tokens come from the `Issuer` in context, if any.
 *
 * @since 0.1.0
 */
export const make = Effect.fn("LeverAuthorizationMemory.make")(function*(options: Options = {}) {
  const issuer = Option.getOrElse(yield* Effect.serviceOption(Issuer), () => unconnected)
  const clients = new Map((options.clients ?? [client]).map((known) => [known.clientId, known]))
  const ttlSeconds = options.accessTokenTtlSeconds ?? 3_600
  const rotate = options.rotateRefreshTokens ?? true
  const codes = new Map<string, CodeRecord>()
  const grants: Array<Grant> = []
  const refreshTokens = new Map<string, { readonly grant: Grant; revoked: boolean }>()
  const faults: Array<{ remaining: number; readonly error: Fault["error"] }> = []
  const refreshes: Array<RecordedRefresh> = []

  const takeFault = () => {
    const fault = faults[0]
    if (fault === undefined) return Effect.void
    fault.remaining--
    if (fault.remaining <= 0) faults.shift()
    return fault.error === "Unavailable"
      ? Effect.fail(new OAuthUnavailable({ message: "Lever's auth host answered 503 Service Unavailable" }))
      : Effect.fail(new OAuthGrantInvalid({ message: "Lever answered invalid_grant" }))
  }

  const authenticate = (presented: OAuthClient) => {
    const known = clients.get(presented.clientId)
    return known !== undefined && Redacted.value(known.clientSecret) === Redacted.value(presented.clientSecret)
      ? Effect.succeed(known)
      : Effect.fail(
        new OAuthClientRejected({ error: "invalid_client", message: "Lever does not know this client id and secret" })
      )
  }

  const issue = Effect.fnUntraced(function*(grant: Grant, keptRefreshToken: Redacted.Redacted<string> | null) {
    const accessToken = yield* issuer.issue(grant.scopes.filter((scope) => scope !== offlineAccess))
    grant.accessTokens.push(accessToken)
    let refreshToken: Redacted.Redacted<string> | null = keptRefreshToken
    if (refreshToken === null && grant.scopes.includes(offlineAccess)) {
      refreshToken = Redacted.make(`memory-rt-${LeverSignature.randomToken()}`)
      refreshTokens.set(Redacted.value(refreshToken), { grant, revoked: false })
    }
    return { accessToken, refreshToken, expiresInSeconds: ttlSeconds, scopes: grant.scopes } satisfies OAuthTokens
  })

  const exchangeCode = Effect.fn("LeverAuthorizationMemory.exchangeCode")(function*(request: CodeExchange) {
    yield* takeFault()
    const known = yield* authenticate(request.client)
    const code = codes.get(Redacted.value(request.code))
    const now = yield* Clock.currentTimeMillis
    if (code === undefined || code.clientId !== known.clientId) {
      return yield* new OAuthGrantInvalid({ message: "Lever does not know this authorization code" })
    }
    if (code.used) return yield* new OAuthGrantInvalid({ message: "The authorization code was already used" })
    if (code.expiresAt <= now) return yield* new OAuthGrantInvalid({ message: "The authorization code expired" })
    if (code.redirectUri !== request.redirectUri) {
      return yield* new OAuthGrantInvalid({ message: "redirect_uri differs from the authorization request's" })
    }
    code.used = true
    const grant: Grant = { clientId: known.clientId, scopes: code.scopes, accessTokens: [], revoked: false }
    grants.push(grant)
    return yield* issue(grant, null)
  })

  const refresh = Effect.fn("LeverAuthorizationMemory.refresh")(function*(request: TokenRefresh) {
    refreshes.push({ refreshToken: request.refreshToken, at: yield* Clock.currentTimeMillis })
    yield* takeFault()
    const known = yield* authenticate(request.client)
    const record = refreshTokens.get(Redacted.value(request.refreshToken))
    if (record === undefined || record.grant.clientId !== known.clientId) {
      return yield* new OAuthGrantInvalid({ message: "Lever does not know this refresh token" })
    }
    if (record.revoked || record.grant.revoked) {
      return yield* new OAuthGrantInvalid({ message: "The refresh token was revoked or already used" })
    }
    if (!rotate) return yield* issue(record.grant, request.refreshToken)
    record.revoked = true
    return yield* issue(record.grant, null)
  })

  const refuse = (error: string, message: string) => Effect.fail(new OAuthClientRejected({ error, message }))

  const approve = Effect.fn("LeverAuthorizationMemory.approve")(function*(
    authorizeUrl: string,
    approval?: { readonly grant?: ReadonlyArray<string> }
  ) {
    const params = new URL(authorizeUrl).searchParams
    const clientId = params.get("client_id") ?? ""
    const redirectUri = params.get("redirect_uri") ?? ""
    const state = params.get("state") ?? ""
    if (!clients.has(clientId)) return yield* refuse("invalid_client", `Unknown client_id "${clientId}"`)
    if (!/^https?:\/\//.test(redirectUri)) return yield* refuse("invalid_request", "redirect_uri is not an http(s) URL")
    if (params.get("response_type") !== "code") {
      return yield* refuse("unsupported_response_type", "response_type must be code")
    }
    if ((params.get("audience") ?? "") === "") return yield* refuse("invalid_request", "audience is required")
    const asked = (params.get("scope") ?? "").split(" ").filter((scope) => scope.length > 0)
    if (!asked.some((scope) => (Lever.allPermissions as ReadonlyArray<string>).includes(scope))) {
      return yield* refuse("invalid_scope", "At least one <resource>:<action>:admin scope is required")
    }
    const scopes = approval?.grant === undefined ? asked : asked.filter((scope) => approval.grant!.includes(scope))
    const code = LeverSignature.randomToken()
    codes.set(code, {
      clientId,
      redirectUri,
      scopes,
      expiresAt: (yield* Clock.currentTimeMillis) + codeLifetimeMs,
      used: false
    })
    return { code: Redacted.make(code), state, redirectUri } satisfies Approval
  })

  const disconnect = Effect.gen(function*() {
    for (const grant of grants) {
      grant.revoked = true
      for (const accessToken of grant.accessTokens) yield* issuer.revoke(accessToken)
    }
  })

  const control = Control.of({
    approve,
    disconnect,
    revokeRefreshToken: (refreshToken) =>
      Effect.sync(() => {
        const record = refreshTokens.get(Redacted.value(refreshToken))
        if (record !== undefined) record.revoked = true
      }),
    failNext: (fault) => Effect.sync(() => void faults.push({ remaining: fault.times, error: fault.error })),
    refreshes: Effect.sync(() => [...refreshes])
  })
  return { authorization: LeverAuthorization.of({ exchangeCode, refresh }), control }
})

/**
 * The auth server and its `Control`; its access tokens come from the `Issuer` in context, if any.
 *
 * @since 0.1.0
 */
export const layer = (options: Options = {}): Layer.Layer<LeverAuthorization | Control> =>
  Layer.effectContext(
    Effect.map(make(options), ({ authorization, control }) =>
      Context.make(LeverAuthorization, authorization).pipe(Context.add(Control, control)))
  )
