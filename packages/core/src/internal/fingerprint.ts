import { Effect, Redacted } from "effect"
import { sha256Hex } from "./sha256.ts"

/**
 * A short, non-reversible fingerprint of a secret so the UI can tell two keys apart without ever
 * showing one: the first 8 hex characters of its SHA-256.
 */
export const fingerprint = (secret: Redacted.Redacted<string>): Effect.Effect<string> =>
  Effect.map(sha256Hex(Redacted.value(secret)), (hex) => hex.slice(0, 8))
