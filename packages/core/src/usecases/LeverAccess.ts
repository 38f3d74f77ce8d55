/**
 * Which credentials a call to a team's Lever account uses: the runtime credentials (permanent key or
 * OAuth token) for everything the worker does, or a setup key supplied once for configuration.
 *
 * OAuth access tokens last about an hour. `runtimeTarget` renews one shortly before it expires with the
 * stored refresh token (Lever rotates it: the new one is stored), one renewal at a time per team in a
 * process. A refresh token Lever no longer honours marks the connection "reconnect needed" on the
 * checklist; a renewal that fails for a passing reason is simply tried again on a later call. Renewing
 * needs the `LeverAuthorization` adapter and a client in `LeverOAuthConfig`: without them, stored tokens
 * are used until they expire.
 *
 * @since 0.1.0
 */
import type { Ids, Setup } from "@fulcrum/domain"
import { Clock, Context, Effect, Option, Redacted, Schema, Semaphore } from "effect"
import { clientFor, LeverOAuthConfig } from "../LeverOAuthConfig.ts"
import { fingerprint } from "../internal/fingerprint.ts"
import { type AccessToken, readAccess, readRefresh, storeTokens } from "../internal/oauthTokens.ts"
import { execute } from "../internal/teamSettings.ts"
import { ConfigStore, type TeamNotFound } from "../ports/ConfigStore.ts"
import * as LeverApi from "../ports/LeverApi.ts"
import { LeverAuthorization } from "../ports/LeverAuthorization.ts"
import type { StoreError } from "../ports/StoreError.ts"
import { TeamLocks } from "../ports/TeamLocks.ts"
import * as TraceContext from "../TraceContext.ts"

/** The team has no usable Lever credentials yet (or OAuth needs reconnecting). @since 0.1.0 */
export class LeverNotConnected extends Schema.TaggedError<LeverNotConnected>()("LeverNotConnected", {
  teamId: Schema.String,
  message: Schema.String
}) {}

/**
 * How long before it expires an OAuth access token is renewed: a call never starts with a token that
 * could lapse on the way, and a failed renewal has several more chances before the token is gone.
 *
 * @since 0.1.0
 */
export const renewBeforeExpiryMs = 5 * 60_000

/**
 * A token Lever rejects this soon after issuing it was not ended early: Lever refuses the connection
 * itself, and renewing again would only loop.
 */
const freshlyIssuedMs = 60_000

/**
 * One renewal at a time per team in this process. Lever rotates refresh tokens: two renewals racing
 * with the same one would leave the loser with a revoked token, which looks exactly like a disconnected
 * app.
 */
const RenewalLocks = Context.Reference<Map<string, Semaphore.Semaphore>>("@fulcrum/core/LeverAccess/RenewalLocks", {
  defaultValue: () => new Map()
})

/**
 * One renewal at a time per team: in this process (a semaphore), then across processes when the store
 * provides `TeamLocks` (the SQL stores do). The caller re-reads the stored token once it holds the lock,
 * so a renewal another host finished meanwhile is used instead of spending the rotated refresh token.
 */
const oneRenewalAtATime = <A, E, R>(
  teamId: Ids.TeamId,
  effect: Effect.Effect<A, E, R>
): Effect.Effect<A, E | StoreError, R> =>
  Effect.flatMap(RenewalLocks, (locks) => {
    let lock = locks.get(teamId)
    if (lock === undefined) {
      lock = Semaphore.makeUnsafe(1)
      locks.set(teamId, lock)
    }
    return lock.withPermit(
      Effect.flatMap(Effect.serviceOption(TeamLocks), (shared) =>
        Option.isSome(shared)
          ? shared.value.withLock(`oauth-renewal:${teamId}`, effect)
          : effect)
    )
  })

const missingTokens = (teamId: Ids.TeamId) =>
  new LeverNotConnected({
    teamId,
    message: "The stored Lever OAuth tokens are missing: click \"Connect to Lever\" again."
  })

/**
 * Marks the connection "reconnect needed" (the checklist tells the admin to click "Connect to Lever"
 * again). `reason` ends without a full stop: the checklist puts it inside a sentence.
 */
const markReconnectNeeded = (teamId: Ids.TeamId, reason: string) => {
  // A refused or conflicting update must not hide why the call failed: it is logged instead.
  const notMarked = (error: { readonly message: string }) =>
    Effect.logWarning("could not mark the Lever connection").pipe(Effect.annotateLogs({ teamId, error: error.message }))
  return Effect.flatMap(
    Clock.currentTimeMillis,
    (at) => execute(teamId, () => [{ _tag: "MarkReconnectNeeded", reason, at }])
  ).pipe(Effect.catchTags({ SetupRejected: notMarked, VersionConflict: notMarked }), Effect.asVoid)
}

/** How a renewal ended. */
type Renewal =
  | { readonly _tag: "Renewed"; readonly access: AccessToken }
  /** Lever refused the refresh token; the connection is now marked "reconnect needed". */
  | { readonly _tag: "Disconnected"; readonly reason: string }
  /** No renewal now. `passing`: Lever's auth host was unavailable, so a later call tries again. */
  | { readonly _tag: "NotRenewed"; readonly problem: string; readonly passing: boolean }

const reconnectReason =
  "Lever no longer accepts the connection's refresh token (the app was disconnected in Lever, or the connection " +
  "went unused for too long)"

/** Trades the stored refresh token for new tokens and stores them. Runs under the team's renewal lock. */
const renew = Effect.fnUntraced(function*(
  teamId: Ids.TeamId,
  environment: Setup.LeverEnvironment
): Effect.fn.Return<Renewal, TeamNotFound | StoreError, ConfigStore> {
  const authorization = yield* Effect.serviceOption(LeverAuthorization)
  const client = clientFor(yield* LeverOAuthConfig, environment)
  if (Option.isNone(authorization) || client === null) {
    return {
      _tag: "NotRenewed",
      problem: "this Fulcrum process has no Lever OAuth client to renew the token with (the host must provide " +
        "LeverAuthorization and LeverOAuthConfig)",
      passing: false
    }
  }
  const refreshToken = yield* readRefresh(teamId)
  if (Option.isNone(refreshToken)) {
    return {
      _tag: "NotRenewed",
      problem: "Lever issued no refresh token (offline access was not approved)",
      passing: false
    }
  }
  const refreshed = yield* Effect.result(
    authorization.value.refresh({ environment, client, refreshToken: refreshToken.value })
  )
  if (refreshed._tag === "Success") {
    const access = yield* storeTokens(teamId, refreshed.success, yield* Clock.currentTimeMillis, "keep")
    return { _tag: "Renewed", access }
  }
  const error = refreshed.failure
  switch (error._tag) {
    case "OAuthGrantInvalid": {
      // Another process may have renewed meanwhile, rotating the token this one sent: then all is well.
      const latest = yield* readRefresh(teamId)
      const rotatedElsewhere = Option.isSome(latest) &&
        Redacted.value(latest.value) !== Redacted.value(refreshToken.value)
      const access = yield* readAccess(teamId)
      if (rotatedElsewhere && Option.isSome(access)) return { _tag: "Renewed", access: access.value }
      yield* Effect.logWarning("Lever refused the refresh token; the connection needs reconnecting").pipe(
        Effect.annotateLogs({ teamId, error: error.message })
      )
      yield* markReconnectNeeded(teamId, reconnectReason)
      return { _tag: "Disconnected", reason: reconnectReason }
    }
    case "OAuthUnavailable":
      return { _tag: "NotRenewed", problem: `Lever's sign-in service is unavailable (${error.message})`, passing: true }
    case "OAuthClientRejected":
      yield* Effect.logError("Lever refused Fulcrum's OAuth client; check the OAuth client id and secret").pipe(
        Effect.annotateLogs({ teamId, error: error.message })
      )
      return {
        _tag: "NotRenewed",
        problem: `Lever refused Fulcrum's OAuth client (${error.message}); the operator must check its client id ` +
          "and secret",
        passing: false
      }
  }
})

const isFresh = (access: AccessToken, now: number) => access.expiresAt - now > renewBeforeExpiryMs

/** The team's OAuth access token, renewed first when it expires within `renewBeforeExpiryMs`. */
const oauthAccessToken = Effect.fnUntraced(function*(
  teamId: Ids.TeamId,
  environment: Setup.LeverEnvironment
): Effect.fn.Return<Redacted.Redacted<string>, LeverNotConnected | TeamNotFound | StoreError, ConfigStore> {
  const stored = yield* readAccess(teamId)
  if (Option.isNone(stored)) return yield* missingTokens(teamId)
  if (isFresh(stored.value, yield* Clock.currentTimeMillis)) return stored.value.token
  return yield* oneRenewalAtATime(
    teamId,
    Effect.gen(function*() {
      // Another fiber may have renewed the token while this one waited for the lock.
      const current = yield* readAccess(teamId)
      if (Option.isNone(current)) return yield* missingTokens(teamId)
      if (isFresh(current.value, yield* Clock.currentTimeMillis)) return current.value.token
      const renewal = yield* renew(teamId, environment)
      if (renewal._tag === "Renewed") return renewal.access.token
      if (renewal._tag === "Disconnected") {
        return yield* new LeverNotConnected({
          teamId,
          message: `The Lever connection needs reconnecting: ${renewal.reason}`
        })
      }
      // Until it expires, the current token still works; the renewal is tried again on a later call.
      if (current.value.expiresAt > (yield* Clock.currentTimeMillis)) {
        yield* Effect.logWarning("could not renew the Lever access token yet; using the current one").pipe(
          Effect.annotateLogs({ teamId, problem: renewal.problem })
        )
        return current.value.token
      }
      return yield* new LeverNotConnected({
        teamId,
        message: `The Lever access token expired and could not be renewed: ${renewal.problem}.`
      })
    })
  )
})

/**
 * The target for runtime calls: the stored permanent key, or the OAuth access token (renewed when it
 * is about to expire). A caller that has just read the team's settings passes them, sparing a second
 * read.
 *
 * @since 0.1.0
 */
export const runtimeTarget = Effect.fnUntraced(function*(
  teamId: Ids.TeamId,
  known?: Setup.TeamSettings
): Effect.fn.Return<LeverApi.LeverTarget, LeverNotConnected | TeamNotFound | StoreError, ConfigStore> {
  const store = yield* ConfigStore
  const settings = known ?? (yield* store.get(teamId)).settings
  const baseUrl = LeverApi.baseUrlOf(settings.environment)
  const connection = settings.connection
  if (connection._tag === "NotConnected") {
    return yield* new LeverNotConnected({
      teamId,
      message: "No Lever connection: submit the permanent API key or connect to Lever."
    })
  }
  if (connection._tag === "OAuth") {
    if (connection.reconnectNeeded !== null) {
      return yield* new LeverNotConnected({
        teamId,
        message: `The Lever connection needs reconnecting: ${connection.reconnectNeeded.reason}`
      })
    }
    const accessToken = yield* oauthAccessToken(teamId, settings.environment)
    return { teamId, baseUrl, credentials: LeverApi.oauth(accessToken) }
  }
  const key = yield* store.getSecret(teamId, "permanentKey")
  if (Option.isNone(key)) {
    return yield* new LeverNotConnected({
      teamId,
      message: "The stored Lever credentials are missing; submit them again."
    })
  }
  return { teamId, baseUrl, credentials: LeverApi.apiKey(key.value) }
}, TraceContext.spanWhenTracing("LeverAccess.runtimeTarget"))

/**
 * Records what a 401 from Lever on a runtime call means, where the admin sees it, and returns what
 * became of the credentials:
 * - a rejected permanent key becomes a "credentials rejected" problem on the checklist (`"recorded"`);
 * - a rejected OAuth access token is renewed first, since Lever may end one early (`"renewed"`: call
 *   again). When Lever refuses the refresh token too, or rejects a token it has only just issued, the
 *   connection is marked "reconnect needed" (`"recorded"`). When Lever's auth host is unavailable,
 *   nothing is recorded yet (`"unchanged"`).
 *
 * @since 0.1.0
 */
export const recordRejection = Effect.fn("LeverAccess.recordRejection")(function*(
  target: LeverApi.LeverTarget,
  error: LeverApi.LeverUnauthorized
): Effect.fn.Return<"renewed" | "recorded" | "unchanged", TeamNotFound | StoreError, ConfigStore> {
  const { teamId } = target
  const { settings } = yield* (yield* ConfigStore).get(teamId)
  const credentials = target.credentials
  if (credentials._tag === "ApiKey") {
    // A key replaced meanwhile (or the team moved to OAuth) says nothing about the current credentials.
    if (settings.connection._tag !== "ApiKey") return "unchanged"
    if ((yield* fingerprint(credentials.key)) !== settings.connection.key.fingerprint) return "unchanged"
    const at = yield* Clock.currentTimeMillis
    yield* execute(teamId, () => [{
      _tag: "RecordSetupProblem",
      problem: { _tag: "CredentialsRejected", at, detail: error.message },
      at
    }]).pipe(Effect.catchTags({ SetupRejected: () => Effect.void, VersionConflict: () => Effect.void }))
    return "recorded"
  }
  if (settings.connection._tag !== "OAuth") return "unchanged"
  if (settings.connection.reconnectNeeded !== null) return "recorded"
  const environment = settings.environment
  return yield* oneRenewalAtATime(
    teamId,
    Effect.gen(function*() {
      const current = yield* readAccess(teamId)
      if (Option.isNone(current)) return "unchanged" as const
      if (Redacted.value(current.value.token) !== Redacted.value(credentials.accessToken)) return "renewed" as const
      if ((yield* Clock.currentTimeMillis) - current.value.obtainedAt < freshlyIssuedMs) {
        yield* markReconnectNeeded(teamId, error.message.replace(/\.$/, ""))
        return "recorded" as const
      }
      const renewal = yield* renew(teamId, environment)
      switch (renewal._tag) {
        case "Renewed":
          return "renewed" as const
        case "Disconnected":
          return "recorded" as const
        case "NotRenewed":
          if (renewal.passing) return "unchanged" as const
          yield* markReconnectNeeded(teamId, error.message.replace(/\.$/, ""))
          return "recorded" as const
      }
    })
  )
})

/**
 * The target for setup reads: the setup key when one is supplied (used once, never stored), else the
 * runtime credentials, which can serve when they carry the read permissions.
 *
 * @since 0.1.0
 */
export const setupTarget = Effect.fn("LeverAccess.setupTarget")(function*(
  teamId: Ids.TeamId,
  setupKey: Redacted.Redacted<string> | undefined
): Effect.fn.Return<LeverApi.LeverTarget, LeverNotConnected | TeamNotFound | StoreError, ConfigStore> {
  return setupKey === undefined ? yield* runtimeTarget(teamId) : yield* keyTarget(teamId, setupKey)
})

/**
 * The target for a key the admin just supplied (setup key, or a permanent key being checked before it is
 * stored), in the team's Lever environment.
 *
 * @since 0.1.0
 */
export const keyTarget = Effect.fn("LeverAccess.keyTarget")(function*(
  teamId: Ids.TeamId,
  key: Redacted.Redacted<string>
): Effect.fn.Return<LeverApi.LeverTarget, TeamNotFound | StoreError, ConfigStore> {
  const { settings } = yield* (yield* ConfigStore).get(teamId)
  return { teamId, baseUrl: LeverApi.baseUrlOf(settings.environment), credentials: LeverApi.apiKey(key) }
})
