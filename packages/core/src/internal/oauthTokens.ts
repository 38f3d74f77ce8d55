import type { Ids } from "@fulcrum/domain"
import { Effect, Option, Redacted, Schema } from "effect"
import { ConfigStore } from "../ports/ConfigStore.ts"
import type { OAuthTokens } from "../ports/LeverAuthorization.ts"

/**
 * A team's OAuth access token with its expiry. Both live in one secret, so a crash can never leave a
 * new token beside an old expiry (or the reverse).
 */
export interface AccessToken {
  readonly token: Redacted.Redacted<string>
  /** Epoch milliseconds, like `obtainedAt` (when Lever issued it). */
  readonly expiresAt: number
  readonly obtainedAt: number
}

const StoredAccess = Schema.fromJsonString(Schema.Struct({
  accessToken: Schema.String,
  expiresAt: Schema.Number,
  obtainedAt: Schema.Number
}))
const encodeAccess = Schema.encodeSync(StoredAccess)
const decodeAccess = Schema.decodeUnknownOption(StoredAccess)

/** The stored access token; `None` when there is none, or it cannot be read (treated as missing). */
export const readAccess = (teamId: Ids.TeamId) =>
  Effect.map(
    Effect.flatMap(ConfigStore, (store) => store.getSecret(teamId, "oauth:accessToken")),
    (secret) =>
      Option.map(
        Option.flatMap(secret, (value) => decodeAccess(Redacted.value(value))),
        (stored): AccessToken => ({
          token: Redacted.make(stored.accessToken),
          expiresAt: stored.expiresAt,
          obtainedAt: stored.obtainedAt
        })
      )
  )

/** The stored refresh token, if Lever issued one. */
export const readRefresh = (teamId: Ids.TeamId) =>
  Effect.flatMap(ConfigStore, (store) => store.getSecret(teamId, "oauth:refreshToken"))

/**
 * Stores tokens from Lever's token endpoint, `now` being when they were received. The refresh token goes
 * first: Lever rotates refresh tokens, so the new one must be safe before anything else (a crash right
 * after leaves a valid refresh token beside the older access token, which simply refreshes again). When
 * Lever sends no refresh token, `withoutRefreshToken` says whether the stored one stays (a refresh that
 * does not rotate) or goes (a new grant: the old one belongs to a connection that no longer exists).
 */
export const storeTokens = Effect.fnUntraced(function*(
  teamId: Ids.TeamId,
  tokens: OAuthTokens,
  now: number,
  withoutRefreshToken: "keep" | "delete"
) {
  const store = yield* ConfigStore
  if (tokens.refreshToken !== null) yield* store.putSecret(teamId, "oauth:refreshToken", tokens.refreshToken)
  else if (withoutRefreshToken === "delete") yield* store.deleteSecret(teamId, "oauth:refreshToken")
  const access: AccessToken = {
    token: tokens.accessToken,
    expiresAt: now + tokens.expiresInSeconds * 1000,
    obtainedAt: now
  }
  const { token, ...times } = access
  yield* store.putSecret(
    teamId,
    "oauth:accessToken",
    Redacted.make(encodeAccess({ accessToken: Redacted.value(token), ...times }))
  )
  return access
})
