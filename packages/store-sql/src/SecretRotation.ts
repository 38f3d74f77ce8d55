/**
 * Re-seals every stored team secret under the `SecretCipher`'s current key, so that an old key can be
 * retired. The procedure:
 *
 * 1. Set the new key as `FULCRUM_SECRET_KEY` and move the old one to `FULCRUM_SECRET_KEY_PREVIOUS`.
 * 2. Run `rotate` (e.g. at startup, or from an operator command); it reports what it re-sealed.
 * 3. Once a run reports nothing left under an old key, drop that key from `FULCRUM_SECRET_KEY_PREVIOUS`.
 *
 * Each row is replaced only if it still holds the value that was read (same key id and nonce), so a
 * secret written concurrently under the current key is never overwritten with an older value.
 *
 * @since 0.1.0
 */
import { StoreError } from "@fulcrum/core"
import { Effect, Schema } from "effect"
import { SqlClient, SqlSchema } from "effect/sql"
import { SealedRow, toSealed } from "./internal/SecretRows.ts"
import * as StoreFailure from "./internal/StoreFailure.ts"
import { SecretCipher } from "./SecretCipher.ts"

/**
 * A secret that could not be re-sealed, and why (no secret value in it).
 *
 * @since 0.1.0
 */
export interface Unrotated {
  readonly teamId: string
  readonly name: string
  readonly keyId: string
  readonly reason: string
}

/**
 * What a rotation did.
 *
 * @since 0.1.0
 */
export interface RotationReport {
  /** Secrets re-sealed under the current key. */
  readonly rotated: number
  /** Secrets still under an older key: their key is not configured, or they do not authenticate. */
  readonly failed: ReadonlyArray<Unrotated>
}

const batchSize = 100

const StaleRow = Schema.Struct({ team_id: Schema.String, name: Schema.String, ...SealedRow.fields })

/**
 * Re-seals, in batches, every secret not sealed with the current key.
 *
 * @example
 * ```ts
 * import { SecretRotation } from "@fulcrum/store-sql"
 * const report = yield* SecretRotation.rotate // { rotated: 12, failed: [] }
 * ```
 *
 * @since 0.1.0
 */
export const rotate: Effect.Effect<RotationReport, StoreError.StoreError, SqlClient.SqlClient | SecretCipher> = Effect
  .gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const cipher = yield* SecretCipher
    const stale = SqlSchema.findAll({
      Request: Schema.Struct({ teamId: Schema.String, name: Schema.String }),
      Result: StaleRow,
      // Keyset pages by (team, name): rows that fail stay behind the cursor instead of coming back.
      execute: ({ name, teamId }) =>
        sql`
          SELECT team_id, name, key_id, nonce, ciphertext, auth_tag FROM team_secrets
          WHERE key_id <> ${cipher.currentKeyId} AND (team_id, name) > (${teamId}, ${name})
          ORDER BY team_id, name
          LIMIT ${batchSize}`
    })
    let rotated = 0
    const failed: Array<Unrotated> = []
    let after = { teamId: "", name: "" }
    while (true) {
      const rows = yield* stale(after)
      for (const row of rows) {
        const context = { teamId: row.team_id, name: row.name }
        const opened = yield* Effect.result(cipher.open(toSealed(row), context))
        if (opened._tag === "Failure") {
          failed.push({ ...context, keyId: row.key_id, reason: opened.failure.message })
          continue
        }
        const sealed = yield* cipher.seal(opened.success, context)
        const replaced = yield* sql`
          UPDATE team_secrets
          SET key_id = ${sealed.keyId}, nonce = ${sealed.nonce}::bytea, ciphertext = ${sealed.ciphertext}::bytea,
              auth_tag = ${sealed.authTag}::bytea
          WHERE team_id = ${row.team_id} AND name = ${row.name} AND key_id = ${row.key_id}
            AND nonce = ${row.nonce}::bytea
          RETURNING name`
        rotated += replaced.length
      }
      const last = rows[rows.length - 1]
      if (last === undefined || rows.length < batchSize) break
      after = { teamId: last.team_id, name: last.name }
    }
    if (rotated > 0 || failed.length > 0) {
      yield* Effect.logInfo(`store-sql: re-sealed ${rotated} secrets under key "${cipher.currentKeyId}"`).pipe(
        Effect.annotateLogs({ failed: failed.length })
      )
    }
    return { rotated, failed }
  })
  .pipe(StoreFailure.mapErrors("SecretRotation.rotate"), Effect.withSpan("SecretRotation.rotate"))
