/**
 * An in-memory `TeamTokens`. Like the persistent adapter it keeps only each token's hash, so the tests
 * that run against it exercise the same checks.
 *
 * @since 0.1.0
 */
import type { Ids } from "@fulcrum/domain"
import { Effect, HashMap, Layer, Option, Redacted, Ref } from "effect"
import {
  lastUsedGranularityMillis,
  type TeamTokenId,
  type TeamTokenInfo,
  type TeamTokenLabel,
  TeamTokenNotFound,
  TeamTokens
} from "../ports/TeamTokens.ts"
import * as TeamTokenFormat from "../TeamTokenFormat.ts"

interface Row extends TeamTokenInfo {
  readonly hash: string
}

const info = ({ hash: _, ...rest }: Row): TeamTokenInfo => rest

/**
 * Builds an empty in-memory `TeamTokens`. Each call gives a store of its own.
 *
 * @since 0.1.0
 */
export const make: Effect.Effect<TeamTokens["Service"]> = Effect.gen(function*() {
  const rows = yield* Ref.make(HashMap.empty<TeamTokenId, Row>())

  const issue = Effect.fn("TeamTokensMemory.issue")(function*(input: {
    readonly teamId: Ids.TeamId
    readonly label: TeamTokenLabel
    readonly createdAt: number
  }) {
    const { hash, token, tokenId } = yield* TeamTokenFormat.generate
    const row: Row = {
      tokenId,
      teamId: input.teamId,
      label: input.label,
      createdAt: input.createdAt,
      lastUsedAt: null,
      hash
    }
    yield* Ref.update(rows, HashMap.set(tokenId, row))
    return { ...info(row), token }
  })

  const resolve = Effect.fn("TeamTokensMemory.resolve")(function*(token: Redacted.Redacted<string>, usedAt: number) {
    const tokenId = TeamTokenFormat.tokenIdOf(token)
    if (Option.isNone(tokenId)) return Option.none()
    const row = HashMap.get(yield* Ref.get(rows), tokenId.value)
    if (Option.isNone(row) || !(yield* TeamTokenFormat.matches(token, row.value.hash))) return Option.none()
    yield* Ref.update(rows, (all) =>
      HashMap.modify(all, tokenId.value, (current) =>
        current.lastUsedAt === null || usedAt - current.lastUsedAt >= lastUsedGranularityMillis
          ? { ...current, lastUsedAt: usedAt }
          : current))
    return Option.some({ teamId: row.value.teamId, tokenId: tokenId.value })
  })

  const list = Effect.fn("TeamTokensMemory.list")(function*(teamId: Ids.TeamId) {
    const all = yield* Ref.get(rows)
    return Array.from(HashMap.values(all))
      .filter((row) => row.teamId === teamId)
      .sort((a, b) => b.createdAt - a.createdAt || (a.tokenId < b.tokenId ? -1 : a.tokenId > b.tokenId ? 1 : 0))
      .map(info)
  })

  const revoke = Effect.fn("TeamTokensMemory.revoke")(function*(teamId: Ids.TeamId, tokenId: TeamTokenId) {
    const removed = yield* Ref.modify(rows, (all) => {
      const row = HashMap.get(all, tokenId)
      return Option.isSome(row) && row.value.teamId === teamId
        ? [true, HashMap.remove(all, tokenId)] as const
        : [false, all] as const
    })
    if (!removed) return yield* new TeamTokenNotFound({ teamId, tokenId })
  })

  return TeamTokens.of({ issue, resolve, list, revoke })
})

/**
 * A `TeamTokens` kept in memory, empty when the layer is built.
 *
 * @since 0.1.0
 */
export const layer: Layer.Layer<TeamTokens> = Layer.effect(TeamTokens, make)
