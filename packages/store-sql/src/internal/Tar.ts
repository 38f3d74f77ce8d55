/**
 * Reads a tar archive (ustar, as PGlite's `dumpDataDir` writes it) into its entries: what the shipped
 * PGlite template is unpacked from into a new data directory without opening PGlite for it. Only what a
 * data directory holds is accepted (regular files and directories, paths inside the archive); anything
 * else is an error, so the caller falls back to PGlite's own way of making a database.
 *
 * @internal
 */

/** One file or directory of the archive, its path relative to the archive's root. @internal */
export interface Entry {
  readonly path: string
  readonly type: "file" | "directory"
  /** Permission bits (`0o600`, `0o750`). */
  readonly mode: number
  /** The file's contents (empty for a directory), a view into the archive's bytes. */
  readonly data: Uint8Array
}

const block = 512
const decoder = new TextDecoder()

/** A NUL-terminated field of the header. */
const text = (header: Uint8Array, offset: number, length: number) => {
  const field = header.subarray(offset, offset + length)
  const end = field.indexOf(0)
  return decoder.decode(end === -1 ? field : field.subarray(0, end))
}

/** An octal number field of the header. */
const octal = (header: Uint8Array, offset: number, length: number) => {
  const value = text(header, offset, length).trim()
  if (!/^[0-7]*$/.test(value)) throw new Error(`tar: bad number "${value}"`)
  return value === "" ? 0 : Number.parseInt(value, 8)
}

/** The header's checksum: the sum of its bytes, the checksum field counted as spaces. */
const checksum = (header: Uint8Array) => {
  let sum = 0
  for (let i = 0; i < block; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i]!
  return sum
}

/**
 * The entries of `archive`, in order; throws on a malformed archive, an entry of another kind (link,
 * device) or a path that leaves the archive's root.
 *
 * @internal
 */
export const entries = (archive: Uint8Array): Array<Entry> => {
  const result: Array<Entry> = []
  let offset = 0
  while (offset + block <= archive.length) {
    const header = archive.subarray(offset, offset + block)
    if (header.every((byte) => byte === 0)) break
    if (octal(header, 148, 8) !== checksum(header)) throw new Error(`tar: bad header checksum at byte ${offset}`)
    const name = text(header, 0, 100)
    const prefix = text(header, 257, 6) === "ustar" ? text(header, 345, 155) : ""
    const path = (prefix === "" ? name : `${prefix}/${name}`).split("/").filter((part) => part !== "" && part !== ".")
    if (path.includes("..")) throw new Error(`tar: ${path.join("/")} leaves the archive`)
    const size = octal(header, 124, 12)
    const flag = String.fromCharCode(header[156]!)
    const type = flag === "0" || flag === "\0" ? "file" : flag === "5" ? "directory" : undefined
    if (type === undefined) throw new Error(`tar: ${path.join("/")} is neither a file nor a directory (type ${flag})`)
    offset += block
    if (offset + size > archive.length) throw new Error(`tar: ${path.join("/")} is cut short`)
    if (path.length > 0) {
      result.push({ path: path.join("/"), type, mode: octal(header, 100, 8) & 0o777, data: archive.subarray(offset, offset + size) })
    }
    offset += Math.ceil(size / block) * block
  }
  return result
}
