import { Effect, Random } from "effect"
import { createHash } from "node:crypto"

/**
 * A random version 4 UUID, the shape of Lever's ids, drawn from Effect's `Random`: a test that provides a
 * seeded one (`Random.withSeed`) gets the same ids on every run. Secrets use `randomToken` instead.
 */
export const uuid: Effect.Effect<string> = Effect.map(
  Effect.forEach(Array.from({ length: 8 }), () => Random.nextIntBetween(0, 0xffff), { concurrency: 1 }),
  (groups) => {
    // The version (4) and variant (10xx) bits of RFC 9562.
    groups[3] = (groups[3]! & 0x0fff) | 0x4000
    groups[4] = (groups[4]! & 0x3fff) | 0x8000
    const hex = groups.map((group) => group.toString(16).padStart(4, "0"))
    return `${hex[0]}${hex[1]}-${hex[2]}-${hex[3]}-${hex[4]}-${hex[5]}${hex[6]}${hex[7]}`
  }
)

/** A stable UUID-shaped id derived from a name (SHA-1, v5 layout), so generated seed data is reproducible. */
export const stableUuid = (name: string): string => {
  const hex = createHash("sha1").update(`fulcrum-lever-sandbox:${name}`).digest("hex")
  const variant = ((parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16).padStart(2, "0")
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(18, 20)}-${
    hex.slice(20, 32)
  }`
}
