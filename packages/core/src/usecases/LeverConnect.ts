/**
 * "Connect to Lever": Lever's partner OAuth (authorization code) for one team, in the two steps a host
 * serves as two routes.
 *
 * 1. `startConnect`: the admin clicks "Connect to Lever". Fulcrum makes a `state` bound to the team and
 *    a session nonce the host sets as an HttpOnly cookie, and the host redirects the browser to the
 *    returned `authorizeUrl`, Lever's consent page.
 * 2. `completeConnect`: Lever sends the admin back with `code` and `state`; the host passes them with
 *    the cookie's nonce. The state must be the team's latest one, unexpired (10 minutes), unused, and
 *    come back with the nonce of the browser that started it. Then the code is exchanged, the tokens are
 *    stored encrypted, the team is connected with the granted scopes and its permissions are checked.
 *
 * Only SHA-256 hashes of the state and nonce are kept (the team's `oauth:pendingConnect` secret), so the
 * store never holds what a callback must present. One connect is pending per team: starting another
 * replaces it. Tokens are renewed later by `LeverAccess.runtimeTarget`.
 *
 * @since 0.1.0
 */
import { Ids, LeverBaseUrl, Setup } from "@fulcrum/domain"
import { Clock, Effect, Option, Redacted, Schema } from "effect"
import { Mac, SecureRandom } from "effect/crypto"
import { Base64Url } from "effect/encoding"
import { clientFor, LeverOAuthConfig, notConfiguredMessage, OAuthNotConfigured } from "../LeverOAuthConfig.ts"
import { storeTokens } from "../internal/oauthTokens.ts"
import { sha256Hex } from "../internal/sha256.ts"
import { execute } from "../internal/teamSettings.ts"
import { ConfigStore } from "../ports/ConfigStore.ts"
import * as LeverApi from "../ports/LeverApi.ts"
import { authorizeUrl, LeverAuthorization } from "../ports/LeverAuthorization.ts"
import { getTeam, registerWebhooks, type TeamView } from "./TeamSetup.ts"

/** How long the admin has to approve on Lever's consent page. @since 0.1.0 */
export const stateLifetimeMs = 10 * 60_000

/**
 * What the host does with a started connect: redirect the browser to `authorizeUrl`, and set
 * `sessionNonce` as an HttpOnly, Secure, SameSite=Lax cookie (Lax: Lever's redirect back is a top-level
 * GET, which must carry it) that expires at `expiresAt` (epoch ms).
 *
 * @since 0.1.0
 */
export interface StartedConnect {
  readonly authorizeUrl: string
  readonly sessionNonce: Redacted.Redacted<string>
  readonly expiresAt: number
}

/**
 * Why a callback's `state` is refused (a 400): not from Fulcrum (`Malformed`), not pending
 * (`Unknown`: never started, already used, or the team is gone), superseded by a newer connect
 * (`Replaced`), from another browser or without the session cookie (`SessionMismatch`), too old
 * (`Expired`), or no longer matching the team (`RedirectMismatch`, `EnvironmentChanged`). Each message
 * ends with what to do: click "Connect to Lever" again.
 *
 * @since 0.1.0
 */
export class OAuthStateInvalid extends Schema.TaggedError<OAuthStateInvalid>()("OAuthStateInvalid", {
  reason: Schema.Literals([
    "Malformed",
    "Unknown",
    "Replaced",
    "SessionMismatch",
    "Expired",
    "RedirectMismatch",
    "EnvironmentChanged"
  ]),
  message: Schema.String
}) {}

/**
 * Lever sent the admin back without a code: the admin declined on the consent page (`error` is
 * Lever's, e.g. `access_denied`), or Lever refused the authorize request.
 *
 * @since 0.1.0
 */
export class OAuthConsentDenied extends Schema.TaggedError<OAuthConsentDenied>()("OAuthConsentDenied", {
  error: Schema.String,
  message: Schema.String
}) {}

const Pending = Schema.fromJsonString(Schema.Struct({
  stateHash: Schema.String,
  nonceHash: Schema.String,
  expiresAt: Schema.Number,
  redirectUri: Schema.String,
  environment: Setup.LeverEnvironment
}))
const encodePending = Schema.encodeSync(Pending)
const decodePending = Schema.decodeUnknownOption(Pending)
const encodeEnvironment = Schema.encodeSync(Schema.fromJsonString(Setup.LeverEnvironment))

/** 256 bits from the platform's cryptographic source (never Effect's `Random`, which tests seed). */
const randomSecret = (): string => Base64Url.encode(SecureRandom.randomBytesUnsafe(32))

/** Compares a presented value with a stored hash in constant time. */
const matchesHash = (presented: string, storedHash: string) =>
  Effect.map(
    sha256Hex(presented),
    (hash) => Mac.timingSafeEqual(new TextEncoder().encode(hash), new TextEncoder().encode(storedHash))
  )

const tryAgain = "Click \"Connect to Lever\" again."

const invalid = (reason: OAuthStateInvalid["reason"], problem: string) =>
  new OAuthStateInvalid({ reason, message: `${problem} ${tryAgain}` })

/**
 * Starts "Connect to Lever" for a team: the URL of Lever's consent page and the session nonce the
 * callback must bring back. `redirectUri` is the host's callback URL, registered with Lever for the
 * client. Fails with `OAuthNotConfigured` when the host has no OAuth client for the team's environment.
 *
 * @since 0.1.0
 */
export const startConnect = Effect.fn("LeverConnect.startConnect")(function*(
  teamId: Ids.TeamId,
  options: { readonly redirectUri: string }
) {
  const store = yield* ConfigStore
  const { settings } = yield* store.get(teamId)
  const config = yield* LeverOAuthConfig
  const client = clientFor(config, settings.environment)
  if (client === null) return yield* new OAuthNotConfigured({ message: notConfiguredMessage(settings.environment) })
  // A custom URL stored before base URLs were checked must not become a redirect (or a 500): nothing is
  // stored until the URL the browser is sent to is known good.
  const badBaseUrl = settings.environment._tag === "Custom"
    ? LeverBaseUrl.problem(settings.environment.baseUrl)
    : undefined
  if (badBaseUrl !== undefined) {
    return yield* new Setup.SetupRejected({
      reason: "InvalidLeverBaseUrl",
      message: `The team's custom Lever base URL ${badBaseUrl}: choose the Lever environment again ` +
        "(PUT /api/teams/{teamId}/lever/environment), then connect."
    })
  }
  // The team id travels in the state: the callback URL is the same for every team.
  const state = `${teamId}.${randomSecret()}`
  const sessionNonce = Redacted.make(randomSecret())
  const expiresAt = (yield* Clock.currentTimeMillis) + stateLifetimeMs
  const consentUrl = authorizeUrl(settings.environment, {
    clientId: client.clientId,
    redirectUri: options.redirectUri,
    scopes: config.scopes,
    state
  })
  const pending = encodePending({
    stateHash: yield* sha256Hex(state),
    nonceHash: yield* sha256Hex(Redacted.value(sessionNonce)),
    expiresAt,
    redirectUri: options.redirectUri,
    environment: settings.environment
  })
  yield* store.putSecret(teamId, "oauth:pendingConnect", Redacted.make(pending))
  return { authorizeUrl: consentUrl, sessionNonce, expiresAt } satisfies StartedConnect
})

/** What Lever's redirect back brings, with the session cookie and the callback URL. @since 0.1.0 */
export interface Callback {
  /** The `code` query parameter; absent when the admin declined. */
  readonly code?: Redacted.Redacted<string> | undefined
  /** The `error` query parameter Lever sends instead of a code. */
  readonly error?: string | undefined
  readonly state: string
  /** The session cookie set by `startConnect`; absent when the browser has none. */
  readonly sessionNonce?: Redacted.Redacted<string> | undefined
  /** Exactly the `redirectUri` given to `startConnect`. */
  readonly redirectUri: string
}

/** The pending connect the state names, checked against the browser's session, and consumed. */
const takePending = Effect.fnUntraced(function*(callback: Callback) {
  const separator = callback.state.indexOf(".")
  const teamId = separator === -1
    ? Option.none<Ids.TeamId>()
    : Schema.decodeUnknownOption(Ids.TeamId)(callback.state.slice(0, separator))
  if (Option.isNone(teamId)) {
    return yield* invalid("Malformed", "This is not a link Fulcrum sent to Lever.")
  }
  const store = yield* ConfigStore
  const secret = yield* store.getSecret(teamId.value, "oauth:pendingConnect")
  const pending = Option.flatMap(secret, (value) => decodePending(Redacted.value(value)))
  if (Option.isNone(pending)) {
    return yield* invalid("Unknown", "This Connect to Lever was already completed, or was never started.")
  }
  if (!(yield* matchesHash(callback.state, pending.value.stateHash))) {
    return yield* invalid("Replaced", "A newer Connect to Lever was started for this team since this one.")
  }
  // A page that lures the admin's browser here with someone else's code fails at this point: the
  // browser that started this connect holds the nonce. The pending connect is left for that browser.
  if (
    callback.sessionNonce === undefined ||
    !(yield* matchesHash(Redacted.value(callback.sessionNonce), pending.value.nonceHash))
  ) {
    return yield* invalid("SessionMismatch", "This browser did not start this Connect to Lever (or lost its cookie).")
  }
  yield* store.deleteSecret(teamId.value, "oauth:pendingConnect")
  if ((yield* Clock.currentTimeMillis) > pending.value.expiresAt) {
    return yield* invalid("Expired", "The Connect to Lever took longer than 10 minutes.")
  }
  if (callback.redirectUri !== pending.value.redirectUri) {
    return yield* invalid("RedirectMismatch", "Lever sent the admin back to another address than the one asked for.")
  }
  return { teamId: teamId.value, environment: pending.value.environment }
})

/**
 * Completes "Connect to Lever" when Lever sends the admin back: checks the state and session (typed
 * `OAuthStateInvalid`, a 400), exchanges the code (`OAuthGrantInvalid` when Lever no longer honours it,
 * `OAuthUnavailable`, `OAuthClientRejected`), stores the access and refresh tokens encrypted, connects
 * the team with the granted scopes (replacing a permanent key, which is deleted) and records which
 * runtime permissions are missing. Returns the team with its checklist.
 *
 * @since 0.1.0
 */
export const completeConnect = Effect.fn("LeverConnect.completeConnect")(function*(callback: Callback) {
  const { environment, teamId } = yield* takePending(callback)
  const store = yield* ConfigStore
  const { settings } = yield* store.get(teamId)
  if (encodeEnvironment(settings.environment) !== encodeEnvironment(environment)) {
    return yield* invalid("EnvironmentChanged", "The team's Lever environment changed since Connect to Lever started.")
  }
  if (callback.code === undefined) {
    const error = callback.error ?? "missing_code"
    return yield* new OAuthConsentDenied({
      error,
      message: `Lever sent the admin back without access (${error}). ${tryAgain} Approve every permission asked for.`
    })
  }
  const config = yield* LeverOAuthConfig
  const client = clientFor(config, environment)
  if (client === null) return yield* new OAuthNotConfigured({ message: notConfiguredMessage(environment) })
  const tokens = yield* (yield* LeverAuthorization).exchangeCode({
    environment,
    client,
    code: callback.code,
    redirectUri: callback.redirectUri
  })
  const at = yield* Clock.currentTimeMillis
  const access = yield* storeTokens(teamId, tokens, at, "delete")
  // The OAuth connection replaces the permanent key: a key nothing uses is not kept.
  yield* store.deleteSecret(teamId, "permanentKey")
  const scopes = tokens.scopes.length > 0 ? tokens.scopes : config.scopes
  const target: LeverApi.LeverTarget = {
    teamId,
    baseUrl: LeverApi.baseUrlOf(environment),
    credentials: LeverApi.oauth(access.token)
  }
  const needs = LeverApi.needsOf(settings)
  const check = yield* (yield* LeverApi.LeverApi).checkPermissions(target, { purpose: "permanent", needs }).pipe(
    // Lever briefly unreachable must not undo the connection: the granted scopes tell the same story.
    Effect.catch(() =>
      Effect.succeed({
        missing: LeverApi.permissionsToCheck({ purpose: "permanent", needs }).filter((p) => !scopes.includes(p)),
        confidentialAccess: "unknown" as const
      })
    )
  )
  yield* execute(teamId, () => [
    { _tag: "ConnectOAuth", scopes, at },
    { _tag: "RecordPermissionCheck", missing: check.missing, confidentialAccess: check.confidentialAccess, at }
  ])
  return yield* getTeam(teamId)
})


/**
 * What `finishConnect` did: the team as it now is, and whether its webhooks were registered on the new
 * connection (`webhooksNotRegistered` names Lever's refusal, e.g. a missing webhook permission; the
 * connection stays and the checklist says what is left).
 *
 * @since 0.1.0
 */
export interface Connected {
  readonly team: TeamView
  readonly webhooksNotRegistered: string | null
}

const leverRefusals: ReadonlySet<string> = new Set<LeverApi.LeverError["_tag"]>([
  "LeverUnauthorized",
  "LeverForbidden",
  "LeverNotFound",
  "LeverRateLimited",
  "LeverUnavailable",
  "LeverInvalidResponse"
])

/**
 * Completes the connect, then registers the team's webhooks on the new connection, so nothing is copied
 * by hand. Only Lever's refusal of the registration is tolerated; a store failure fails the whole call.
 *
 * @since 0.1.0
 */
export const finishConnect = Effect.fn("LeverConnect.finishConnect")(function*(
  callback: Callback,
  options: { readonly publicBaseUrl: string }
) {
  const connected = yield* completeConnect(callback)
  const registered = yield* registerWebhooks(connected.settings.teamId, { publicBaseUrl: options.publicBaseUrl }).pipe(
    Effect.map((team): Connected => ({ team, webhooksNotRegistered: null })),
    Effect.catchIf(
      (error): error is LeverApi.LeverError => leverRefusals.has(error._tag),
      (error) => Effect.succeed<Connected>({ team: connected, webhooksNotRegistered: `${error._tag}: ${error.message}` })
    )
  )
  return registered
})
