/**
 * The team token itself: `flc_<tokenId>_<secret>`, with a 16-hex-digit id and a 64-hex-digit secret (256
 * random bits). The id lets a store find the token's row without searching by secret; the `flc_` prefix
 * makes a leaked token easy to spot by secret scanners and `grep`. Every `TeamTokens` adapter generates,
 * reads and checks tokens with this module, so all of them accept exactly the same tokens.
 *
 * Stores keep the SHA-256 of the whole token, not a bcrypt/scrypt/argon2 hash. Slow hashes exist for
 * passwords, which people choose and which can be guessed from a dictionary; a stolen table of their fast
 * hashes falls to guessing. These tokens are 256 random bits: nobody can enumerate them, whatever the
 * hash costs, so a fast hash is as safe as a slow one here, and it keeps every authenticated request cheap.
 *
 * @example
 * ```ts
 * import { TeamTokenFormat } from "@fulcrum/core"
 * import { Effect } from "effect"
 *
 * const program = Effect.gen(function*() {
 *   const { tokenId, token, hash } = yield* TeamTokenFormat.generate
 *   // store tokenId and hash; show token once
 *   const ok = yield* TeamTokenFormat.matches(token, hash) // true
 * })
 * ```
 *
 * @since 0.1.0
 */
import { Effect, Option, Redacted, Result } from "effect"
import { Mac, SecureRandom } from "effect/crypto"
import { Hex } from "effect/encoding"
import { sha256Bytes, sha256Hex } from "./internal/sha256.ts"
import { TeamTokenId } from "./ports/TeamTokens.ts"

/**
 * What every team token starts with.
 *
 * @since 0.1.0
 */
export const prefix = "flc_"

const shape = /^flc_([0-9a-f]{16})_[0-9a-f]{64}$/

/**
 * A new token, its id, and the hash to store. Draws from the platform's cryptographic random source, never
 * from Effect's `Random` (which tests may seed).
 *
 * @since 0.1.0
 */
export const generate: Effect.Effect<{
  readonly tokenId: TeamTokenId
  readonly token: Redacted.Redacted<string>
  readonly hash: string
}> = Effect.gen(function*() {
  const tokenId = TeamTokenId.make(Hex.encode(SecureRandom.randomBytesUnsafe(8)))
  const token = Redacted.make(`${prefix}${tokenId}_${Hex.encode(SecureRandom.randomBytesUnsafe(32))}`)
  return { tokenId, token, hash: yield* hash(token) }
})

/**
 * The id of a well-formed token, `None` for any other string. Says nothing about whether the token is
 * live: only {@link matches} against the stored hash does.
 *
 * @since 0.1.0
 */
export const tokenIdOf = (token: Redacted.Redacted<string>): Option.Option<TeamTokenId> => {
  const match = shape.exec(Redacted.value(token))
  return match === null ? Option.none() : Option.some(TeamTokenId.make(match[1]!))
}

/**
 * The hash a store keeps: the lowercase hex SHA-256 of the whole token.
 *
 * @since 0.1.0
 */
export const hash = (token: Redacted.Redacted<string>): Effect.Effect<string> => sha256Hex(Redacted.value(token))

/**
 * Whether `token` is the one `storedHash` was made from. The digests are compared in constant time, so
 * the time taken says nothing about how much of a guess was right.
 *
 * @since 0.1.0
 */
export const matches = (token: Redacted.Redacted<string>, storedHash: string): Effect.Effect<boolean> =>
  Effect.map(sha256Bytes(Redacted.value(token)), (digest) =>
    Result.match(Hex.decode(storedHash), {
      onFailure: () => false,
      onSuccess: (stored) => Mac.timingSafeEqual(digest, stored)
    }))
