/**
 * The `TeamTokens` port: admin tokens scoped to one team. The operator (who holds `FULCRUM_ADMIN_TOKEN`)
 * issues one for a team; it is shown once, kept only as a hash, and lets its holder reach that team's admin
 * API and nothing else. `TeamTokenFormat` defines the token itself; `AdminAccess` turns a bearer token into
 * who is calling.
 *
 * @since 0.1.0
 */
import { Ids } from "@fulcrum/domain"
import { Context, Schema } from "effect"
import type { Effect, Option, Redacted } from "effect"
import type { StoreError } from "./StoreError.ts"

/**
 * The public half of a team token: 16 lowercase hex digits, the part of the token between `flc_` and the
 * secret. It names the token in lists and revocations, and lets a store find a token's row without
 * searching by secret.
 *
 * @since 0.1.0
 */
export const TeamTokenId = Schema.String.pipe(
  Schema.check(Schema.isPattern(/^[0-9a-f]{16}$/)),
  Schema.brand("TeamTokenId")
)
/** The type {@link TeamTokenId} decodes to. @since 0.1.0 */
export type TeamTokenId = typeof TeamTokenId.Type

/**
 * What the operator calls a token ("CI", "Ana's laptop"), so that a list of tokens says which one to
 * revoke: 1 to 100 characters, without leading or trailing spaces.
 *
 * @since 0.1.0
 */
export const TeamTokenLabel = Schema.String.pipe(
  Schema.check(Schema.isMinLength(1), Schema.isMaxLength(100), Schema.isTrimmed()),
  Schema.brand("TeamTokenLabel")
)
/** The type {@link TeamTokenLabel} decodes to. @since 0.1.0 */
export type TeamTokenLabel = typeof TeamTokenLabel.Type

/**
 * A token as lists show it: never the token or its hash. `lastUsedAt` (epoch milliseconds) is `null`
 * until the token is first used, and is kept to the minute (see {@link lastUsedGranularityMillis}).
 *
 * @since 0.1.0
 */
export const TeamTokenInfo = Schema.Struct({
  tokenId: TeamTokenId,
  teamId: Ids.TeamId,
  label: TeamTokenLabel,
  createdAt: Schema.Number,
  lastUsedAt: Schema.NullOr(Schema.Number)
})
/** The type {@link TeamTokenInfo} decodes to. @since 0.1.0 */
export type TeamTokenInfo = typeof TeamTokenInfo.Type

/**
 * A token just issued: its metadata and the token itself, the only time it is ever available. It stays
 * `Redacted` so that logging or serialising the result by mistake does not show it.
 *
 * @since 0.1.0
 */
export const IssuedTeamToken = Schema.Struct({
  ...TeamTokenInfo.fields,
  token: Schema.Redacted(Schema.String)
})
/** The type {@link IssuedTeamToken} decodes to. @since 0.1.0 */
export type IssuedTeamToken = typeof IssuedTeamToken.Type

/**
 * Whose a presented token is: the team it reaches and which of the team's tokens it was.
 *
 * @since 0.1.0
 */
export const TeamTokenOwner = Schema.Struct({
  teamId: Ids.TeamId,
  tokenId: TeamTokenId
})
/** The type {@link TeamTokenOwner} decodes to. @since 0.1.0 */
export type TeamTokenOwner = typeof TeamTokenOwner.Type

/**
 * The team has no token with that id (never had one, or it was revoked). Also the answer for another
 * team's token, so a team cannot learn which token ids exist elsewhere.
 *
 * @since 0.1.0
 */
export class TeamTokenNotFound extends Schema.TaggedError<TeamTokenNotFound>()("TeamTokenNotFound", {
  teamId: Schema.String,
  tokenId: Schema.String
}) {}

/**
 * How stale `lastUsedAt` may be: a use is written only when the stored one is at least this old, so a
 * busy token costs one write a minute instead of one per request.
 *
 * @since 0.1.0
 */
export const lastUsedGranularityMillis = 60_000

/**
 * The team tokens, each kept as the SHA-256 of the token (see `TeamTokenFormat`).
 *
 * What an adapter must guarantee (`TeamTokensContract` in `@fulcrum/core/testing` checks each point):
 * - `issue` returns a fresh `TeamTokenFormat` token, different every time, and stores only its hash and
 *   metadata;
 * - `resolve` gives the token's team and id for exactly the issued token, compared by hash in constant
 *   time, and `None` for anything else: a wrong secret, an unknown or revoked id, a malformed string;
 * - `resolve` sets `lastUsedAt` to `usedAt` when it is `null` or at least {@link lastUsedGranularityMillis}
 *   older, and leaves it otherwise (it never moves back);
 * - `list` gives one team's tokens, newest first (ties by id), metadata only;
 * - `revoke` removes the token for good; a token the team does not have, its own revoked one or another
 *   team's, fails with `TeamTokenNotFound` and changes nothing.
 *
 * Stores do not check that the team exists: `AdminAccess.issueTeamToken` does, against the `ConfigStore`.
 *
 * Adapters: `TeamTokensMemory` (in this package), `TeamTokensSql` in `@fulcrum/store-sql`.
 *
 * @since 0.1.0
 */
export class TeamTokens extends Context.Service<TeamTokens, {
  /** Creates a token for the team; the result is the only place the token ever appears. */
  readonly issue: (input: {
    readonly teamId: Ids.TeamId
    readonly label: TeamTokenLabel
    readonly createdAt: number
  }) => Effect.Effect<IssuedTeamToken, StoreError>
  /** Whose `token` is, if it is a live team token; records the use at `usedAt` (to the minute). */
  readonly resolve: (
    token: Redacted.Redacted<string>,
    usedAt: number
  ) => Effect.Effect<Option.Option<TeamTokenOwner>, StoreError>
  /** The team's live tokens, newest first. */
  readonly list: (teamId: Ids.TeamId) => Effect.Effect<ReadonlyArray<TeamTokenInfo>, StoreError>
  /** Revokes one of the team's tokens: it stops working at once. */
  readonly revoke: (teamId: Ids.TeamId, tokenId: TeamTokenId) => Effect.Effect<void, TeamTokenNotFound | StoreError>
}>()("@fulcrum/core/TeamTokens") {}
