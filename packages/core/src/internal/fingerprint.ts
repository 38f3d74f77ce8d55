import { Effect, Redacted } from "effect"

/**
 * A short, non-reversible fingerprint of a secret so the UI can tell two keys apart without ever
 * showing one: the first 8 hex characters of its SHA-256.
 */
export const fingerprint = (secret: Redacted.Redacted<string>): Effect.Effect<string> =>
  Effect.promise(() => globalThis.crypto.subtle.digest("SHA-256", new TextEncoder().encode(Redacted.value(secret))))
    .pipe(Effect.map((digest) =>
      Array.from(new Uint8Array(digest).slice(0, 4), (b) => b.toString(16).padStart(2, "0")).join("")
    ))
