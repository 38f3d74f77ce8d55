import { Effect } from "effect"
import { Hex } from "effect/encoding"

/** The SHA-256 of a string's UTF-8 bytes, through Web Crypto (core imports no Node module). */
export const sha256Bytes = (text: string): Effect.Effect<Uint8Array> =>
  Effect.map(
    Effect.promise(() => globalThis.crypto.subtle.digest("SHA-256", new TextEncoder().encode(text))),
    (hash) => new Uint8Array(hash)
  )

/** The hex SHA-256 of a string. */
export const sha256Hex = (text: string): Effect.Effect<string> => Effect.map(sha256Bytes(text), Hex.encode)
