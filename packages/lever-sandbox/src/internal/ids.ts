import { createHash, randomUUID } from "node:crypto"

/** A random UUID (v4). */
export const uuid = (): string => randomUUID()

/** A stable UUID-shaped id derived from a name (SHA-1, v5 layout), so generated seed data is reproducible. */
export const stableUuid = (name: string): string => {
  const hex = createHash("sha1").update(`fulcrum-lever-sandbox:${name}`).digest("hex")
  const variant = ((parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16).padStart(2, "0")
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(18, 20)}-${
    hex.slice(20, 32)
  }`
}
