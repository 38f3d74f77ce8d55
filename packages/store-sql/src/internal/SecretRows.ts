/**
 * The `team_secrets` row as both `ConfigStoreSql` and `SecretRotation` read it.
 *
 * @internal
 */
import { Schema } from "effect"
import type { Sealed } from "../SecretCipher.ts"

/**
 * A sealed secret as selected: `SELECT key_id, nonce, ciphertext, auth_tag`.
 *
 * @internal
 */
export const SealedRow = Schema.Struct({
  key_id: Schema.String,
  nonce: Schema.Uint8Array,
  ciphertext: Schema.Uint8Array,
  auth_tag: Schema.Uint8Array
})

/** @internal */
export type SealedRow = typeof SealedRow.Type

/**
 * The cipher's view of a row.
 *
 * @internal
 */
export const toSealed = (row: SealedRow): Sealed => ({
  keyId: row.key_id,
  nonce: row.nonce,
  ciphertext: row.ciphertext,
  authTag: row.auth_tag
})
