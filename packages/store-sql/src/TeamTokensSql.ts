/**
 * `TeamTokens` on SQL: one row per live token, keyed by the token's id and holding only its hash
 * (`TeamTokenFormat`). Resolving a token reads the row by the id the token carries and compares the hash
 * in the process, in constant time; the last use is written by a conditional `UPDATE` that only moves it
 * forward by at least a minute, so concurrent requests with one token cost at most one write a minute.
 * Revoking deletes the row.
 *
 * @since 0.1.0
 */
import { TeamTokenFormat, TeamTokens } from "@fulcrum/core"
import { Ids } from "@fulcrum/domain"
import { Effect, Layer, Option, Schema } from "effect"
import type { Redacted } from "effect"
import { SqlClient, SqlSchema } from "effect/sql"
import { Int8 } from "./internal/Columns.ts"
import * as StoreFailure from "./internal/StoreFailure.ts"

const InfoRow = Schema.Struct({
  ...TeamTokens.TeamTokenInfo.fields,
  createdAt: Int8,
  lastUsedAt: Schema.NullOr(Int8)
})

const HashRow = Schema.Struct({ teamId: Ids.TeamId, tokenHash: Schema.String })

/**
 * Builds the store over the `SqlClient` in context.
 *
 * @since 0.1.0
 */
export const make: Effect.Effect<TeamTokens.TeamTokens["Service"], never, SqlClient.SqlClient> = Effect.gen(
  function*() {
    const sql = yield* SqlClient.SqlClient

    const findHash = SqlSchema.findOneOption({
      Request: TeamTokens.TeamTokenId,
      Result: HashRow,
      execute: (tokenId) =>
        sql`SELECT team_id AS "teamId", token_hash AS "tokenHash" FROM team_tokens WHERE token_id = ${tokenId}`
    })

    const findAll = SqlSchema.findAll({
      Request: Ids.TeamId,
      Result: InfoRow,
      execute: (teamId) =>
        sql`
          SELECT token_id AS "tokenId", team_id AS "teamId", label, created_at AS "createdAt",
            last_used_at AS "lastUsedAt"
          FROM team_tokens WHERE team_id = ${teamId}
          ORDER BY created_at DESC, token_id`
    })

    const issue = Effect.fn("TeamTokensSql.issue")(
      function*(input: {
        readonly teamId: Ids.TeamId
        readonly label: TeamTokens.TeamTokenLabel
        readonly createdAt: number
      }) {
        const { hash, token, tokenId } = yield* TeamTokenFormat.generate
        yield* sql`
          INSERT INTO team_tokens (token_id, team_id, label, token_hash, created_at)
          VALUES (${tokenId}, ${input.teamId}, ${input.label}, ${hash}, ${input.createdAt})`
        return {
          tokenId,
          teamId: input.teamId,
          label: input.label,
          createdAt: input.createdAt,
          lastUsedAt: null,
          token
        }
      },
      StoreFailure.mapErrors("TeamTokens.issue")
    )

    const resolve = Effect.fn("TeamTokensSql.resolve")(
      function*(token: Redacted.Redacted<string>, usedAt: number) {
        const tokenId = TeamTokenFormat.tokenIdOf(token)
        if (Option.isNone(tokenId)) return Option.none()
        const row = yield* findHash(tokenId.value)
        if (Option.isNone(row) || !(yield* TeamTokenFormat.matches(token, row.value.tokenHash))) return Option.none()
        yield* sql`
          UPDATE team_tokens SET last_used_at = ${usedAt}
          WHERE token_id = ${tokenId.value}
            AND (last_used_at IS NULL OR last_used_at <= ${usedAt - TeamTokens.lastUsedGranularityMillis})`
        return Option.some({ teamId: row.value.teamId, tokenId: tokenId.value })
      },
      StoreFailure.mapErrors("TeamTokens.resolve")
    )

    const list = Effect.fn("TeamTokensSql.list")(
      function*(teamId: Ids.TeamId) {
        return yield* findAll(teamId)
      },
      StoreFailure.mapErrors("TeamTokens.list")
    )

    const revoke = Effect.fn("TeamTokensSql.revoke")(
      function*(teamId: Ids.TeamId, tokenId: TeamTokens.TeamTokenId) {
        const removed = yield* sql`
          DELETE FROM team_tokens WHERE team_id = ${teamId} AND token_id = ${tokenId} RETURNING token_id`
        if (removed.length === 0) return yield* new TeamTokens.TeamTokenNotFound({ teamId, tokenId })
      },
      StoreFailure.mapErrors("TeamTokens.revoke")
    )

    return TeamTokens.TeamTokens.of({ issue, resolve, list, revoke })
  }
)

/**
 * The `TeamTokens` over the `SqlClient` in context.
 *
 * @since 0.1.0
 */
export const layer: Layer.Layer<TeamTokens.TeamTokens, never, SqlClient.SqlClient> = Layer.effect(
  TeamTokens.TeamTokens,
  make
)
