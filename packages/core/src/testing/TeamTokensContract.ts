/**
 * The contract test kit of the `TeamTokens` port. An adapter proves itself by running the suite against
 * its own layer:
 *
 * ```ts
 * import { TeamTokensContract } from "@fulcrum/core/testing"
 * TeamTokensContract.suite("TeamTokensSql (PGlite)", TeamTokensSql.layer.pipe(Layer.provide(PgliteTest)))
 * ```
 *
 * The layer is built once for the whole suite and shared by its tests. Every test works on teams with
 * fresh random ids and passes its own times, so the suite also passes against a database that already
 * holds data.
 *
 * @since 0.1.0
 */
import { assert } from "@effect/vitest"
import { Effect, Option, Redacted } from "effect"
import { Hex } from "effect/encoding"
import {
  type IssuedTeamToken,
  lastUsedGranularityMillis,
  TeamTokenId,
  TeamTokenLabel,
  TeamTokenNotFound,
  TeamTokens
} from "../ports/TeamTokens.ts"
import { type Suite, suiteOf, type SuiteOptions, teamIdFor } from "./internal/kit.ts"

/**
 * Tuning of a suite run: `timeout`, the milliseconds each test, and building or closing the layer, may take.
 *
 * @since 0.1.0
 */
export type { SuiteOptions }

const at = 1_767_225_600_000

const label = (text: string) => TeamTokenLabel.make(text)

const unknownTokenId = (): TeamTokenId =>
  TeamTokenId.make(Hex.encode(globalThis.crypto.getRandomValues(new Uint8Array(8))))

const secretOf = (issued: IssuedTeamToken): string => Redacted.value(issued.token).split("_")[2]!

/** The token with its last secret digit changed: same id, wrong secret. */
const tampered = (issued: IssuedTeamToken): Redacted.Redacted<string> => {
  const token = Redacted.value(issued.token)
  return Redacted.make(token.slice(0, -1) + (token.endsWith("0") ? "1" : "0"))
}

/**
 * Registers the `TeamTokens` contract as a `describe` block named `name`, run against `layer`.
 *
 * @since 0.1.0
 */
export const suite: Suite<TeamTokens> = suiteOf((it, timeout) => {
  it.effect("issues a flc_ token that resolves to its team and id", () =>
    Effect.gen(function*() {
      const tokens = yield* TeamTokens
      const teamId = teamIdFor("issue")
      const issued = yield* tokens.issue({ teamId, label: label("CI"), createdAt: at })
      assert.match(Redacted.value(issued.token), new RegExp(`^flc_${issued.tokenId}_[0-9a-f]{64}$`))
      const { token: _, ...metadata } = issued
      assert.deepStrictEqual(metadata, {
        tokenId: issued.tokenId,
        teamId,
        label: label("CI"),
        createdAt: at,
        lastUsedAt: null
      })
      assert.deepStrictEqual(
        yield* tokens.resolve(issued.token, at + 1),
        Option.some({ teamId, tokenId: issued.tokenId })
      )
    }), timeout)

  it.effect("keeps the issued token out of what prints or serialises", () =>
    Effect.gen(function*() {
      const tokens = yield* TeamTokens
      const issued = yield* tokens.issue({ teamId: teamIdFor("print"), label: label("laptop"), createdAt: at })
      const secret = secretOf(issued)
      for (const shown of [String(issued.token), JSON.stringify(issued), String(issued)]) {
        assert.notInclude(shown, secret)
      }
    }), timeout)

  it.effect("issues a different token every time", () =>
    Effect.gen(function*() {
      const tokens = yield* TeamTokens
      const teamId = teamIdFor("distinct")
      const first = yield* tokens.issue({ teamId, label: label("same"), createdAt: at })
      const second = yield* tokens.issue({ teamId, label: label("same"), createdAt: at })
      assert.notStrictEqual(first.tokenId, second.tokenId)
      assert.notStrictEqual(secretOf(first), secretOf(second))
      assert.deepStrictEqual(yield* tokens.resolve(first.token, at), Option.some({ teamId, tokenId: first.tokenId }))
      assert.deepStrictEqual(yield* tokens.resolve(second.token, at), Option.some({ teamId, tokenId: second.tokenId }))
    }), timeout)

  it.effect("lists a team's tokens newest first, without the token or its hash", () =>
    Effect.gen(function*() {
      const tokens = yield* TeamTokens
      const teamId = teamIdFor("list")
      const old = yield* tokens.issue({ teamId, label: label("old"), createdAt: at })
      const newest = yield* tokens.issue({ teamId, label: label("newest"), createdAt: at + 2 })
      const middle = yield* tokens.issue({ teamId, label: label("middle"), createdAt: at + 1 })
      const listed = yield* tokens.list(teamId)
      assert.deepStrictEqual(listed, [
        { tokenId: newest.tokenId, teamId, label: label("newest"), createdAt: at + 2, lastUsedAt: null },
        { tokenId: middle.tokenId, teamId, label: label("middle"), createdAt: at + 1, lastUsedAt: null },
        { tokenId: old.tokenId, teamId, label: label("old"), createdAt: at, lastUsedAt: null }
      ])
      const serialised = JSON.stringify(listed)
      for (const issued of [old, newest, middle]) assert.notInclude(serialised, secretOf(issued))
    }), timeout)

  it.effect("keeps teams apart", () =>
    Effect.gen(function*() {
      const tokens = yield* TeamTokens
      const a = teamIdFor("team-a")
      const b = teamIdFor("team-b")
      const forA = yield* tokens.issue({ teamId: a, label: label("a"), createdAt: at })
      const forB = yield* tokens.issue({ teamId: b, label: label("b"), createdAt: at })
      assert.deepStrictEqual((yield* tokens.list(a)).map((t) => t.tokenId), [forA.tokenId])
      assert.deepStrictEqual((yield* tokens.list(b)).map((t) => t.tokenId), [forB.tokenId])
      assert.deepStrictEqual(yield* tokens.list(teamIdFor("nobody")), [])
      assert.deepStrictEqual(yield* tokens.resolve(forB.token, at), Option.some({ teamId: b, tokenId: forB.tokenId }))
    }), timeout)

  it.effect("resolves nothing but the issued token, and a refused one is not recorded as a use", () =>
    Effect.gen(function*() {
      const tokens = yield* TeamTokens
      const teamId = teamIdFor("refuse")
      const issued = yield* tokens.issue({ teamId, label: label("real"), createdAt: at })
      const other = yield* tokens.issue({ teamId, label: label("other"), createdAt: at })
      const token = Redacted.value(issued.token)
      const refused = [
        tampered(issued),
        // The other token's secret under this token's id.
        Redacted.make(`flc_${issued.tokenId}_${secretOf(other)}`),
        Redacted.make(`flc_${unknownTokenId()}_${secretOf(issued)}`),
        Redacted.make(""),
        Redacted.make("flc_"),
        Redacted.make(`${token} `),
        Redacted.make(`Bearer ${token}`),
        Redacted.make(token.toUpperCase()),
        Redacted.make(token.slice("flc_".length)),
        Redacted.make(token.slice(0, -1))
      ]
      for (const candidate of refused) {
        assert.deepStrictEqual(yield* tokens.resolve(candidate, at + 1), Option.none())
      }
      assert.deepStrictEqual(
        (yield* tokens.list(teamId)).map((t) => t.lastUsedAt),
        [null, null]
      )
    }), timeout)

  it.effect("records the last use, at most once a minute, never moving back", () =>
    Effect.gen(function*() {
      const tokens = yield* TeamTokens
      const teamId = teamIdFor("last-used")
      const issued = yield* tokens.issue({ teamId, label: label("busy"), createdAt: at })
      const lastUsed = Effect.map(tokens.list(teamId), (listed) => listed[0]?.lastUsedAt)
      const first = at + 1_000
      yield* tokens.resolve(issued.token, first)
      assert.strictEqual(yield* lastUsed, first)
      yield* tokens.resolve(issued.token, first + lastUsedGranularityMillis - 1)
      assert.strictEqual(yield* lastUsed, first)
      yield* tokens.resolve(issued.token, first + lastUsedGranularityMillis)
      assert.strictEqual(yield* lastUsed, first + lastUsedGranularityMillis)
      yield* tokens.resolve(issued.token, first)
      assert.strictEqual(yield* lastUsed, first + lastUsedGranularityMillis)
    }), timeout)

  it.effect("stops a revoked token at once and leaves the team's other tokens working", () =>
    Effect.gen(function*() {
      const tokens = yield* TeamTokens
      const teamId = teamIdFor("revoke")
      const revoked = yield* tokens.issue({ teamId, label: label("leaked"), createdAt: at })
      const kept = yield* tokens.issue({ teamId, label: label("kept"), createdAt: at + 1 })
      yield* tokens.resolve(revoked.token, at + 2)
      yield* tokens.revoke(teamId, revoked.tokenId)
      assert.deepStrictEqual(yield* tokens.resolve(revoked.token, at + 3), Option.none())
      assert.deepStrictEqual((yield* tokens.list(teamId)).map((t) => t.tokenId), [kept.tokenId])
      assert.deepStrictEqual(yield* tokens.resolve(kept.token, at + 3), Option.some({ teamId, tokenId: kept.tokenId }))
    }), timeout)

  it.effect("refuses to revoke a token the team does not have, and changes nothing", () =>
    Effect.gen(function*() {
      const tokens = yield* TeamTokens
      const owner = teamIdFor("owner")
      const intruder = teamIdFor("intruder")
      const issued = yield* tokens.issue({ teamId: owner, label: label("owned"), createdAt: at })
      const unknown = unknownTokenId()

      assert.deepStrictEqual(
        yield* Effect.flip(tokens.revoke(intruder, issued.tokenId)),
        new TeamTokenNotFound({ teamId: intruder, tokenId: issued.tokenId })
      )
      assert.deepStrictEqual(
        yield* Effect.flip(tokens.revoke(owner, unknown)),
        new TeamTokenNotFound({ teamId: owner, tokenId: unknown })
      )
      assert.deepStrictEqual(
        yield* tokens.resolve(issued.token, at),
        Option.some({ teamId: owner, tokenId: issued.tokenId })
      )
      assert.deepStrictEqual((yield* tokens.list(owner)).map((t) => t.tokenId), [issued.tokenId])

      yield* tokens.revoke(owner, issued.tokenId)
      assert.deepStrictEqual(
        yield* Effect.flip(tokens.revoke(owner, issued.tokenId)),
        new TeamTokenNotFound({ teamId: owner, tokenId: issued.tokenId })
      )
    }), timeout)
})
