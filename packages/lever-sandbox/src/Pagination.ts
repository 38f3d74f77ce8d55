/**
 * Lever-style pagination: `limit` (1–100, default 100) and an opaque `offset` that must be the previous
 * page's `next`.
 *
 * `next` tokens are base64 and always contain `+`, `/` and `=`. By default they are handed out raw, so a
 * client must percent-encode the token when it puts it in the query string: sent as is, its `+` reads as a
 * space and the token is refused. With the `nextTokens: "percent-encoded"` setting they are handed out
 * already encoded (`%2B%2F%2B%2F...%3D%3D`) and must go back verbatim; encoding them again (`%` becomes
 * `%25`) makes them unreadable. Either way the server reads the offset after the URL's one decoding, and an
 * unknown, garbled or foreign offset is a 400.
 *
 * @since 0.1.0
 */
import { createHash } from "node:crypto"
import { Effect, Schema } from "effect"
import { BadRequestError } from "./LeverError.ts"

/**
 * How `next` tokens are handed out: `"raw"` base64 (the client percent-encodes it in the URL) or
 * `"percent-encoded"` (the client passes it back verbatim).
 *
 * @since 0.1.0
 */
export const TokenEncoding = Schema.Literals(["raw", "percent-encoded"])

/** The type {@link TokenEncoding} decodes to. @since 0.1.0 */
export type TokenEncoding = typeof TokenEncoding.Type

/**
 * A list page: `{data, hasNext, next?}`. `next` is absent on the last page.
 *
 * @since 0.1.0
 */
export interface Page<A> {
  readonly data: ReadonlyArray<A>
  readonly hasNext: boolean
  readonly next?: string
}

/**
 * The largest and default page size.
 *
 * @since 0.1.0
 */
export const MaxLimit = 100

// Three fixed leading bytes whose base64 is "+/+/", so every token contains both characters that break
// when a client decodes or re-encodes it.
const prefix = Buffer.from([0xfb, 0xff, 0xbf])

const checksum = (list: string, offset: number): string =>
  createHash("sha256").update(`${list}\u0000${offset}`).digest("base64").slice(0, 8)

/**
 * The `next` token for the page starting at `offset` of the list named `list` (a list's name includes its
 * filters, e.g. `archive_reasons?type=hired`, so a token cannot be replayed on another list).
 *
 * @since 0.1.0
 */
export const encodeCursor = (list: string, offset: number, encoding: TokenEncoding = "raw"): string => {
  let json = JSON.stringify([offset, checksum(list, offset)])
  // Make the byte length ≡ 1 (mod 3) so the base64 always ends with "==".
  while ((prefix.length + Buffer.byteLength(json)) % 3 !== 1) json += " "
  const base64 = Buffer.concat([prefix, Buffer.from(json)]).toString("base64")
  return encoding === "raw" ? base64 : encodeURIComponent(base64)
}

/**
 * Reads an `offset` query value (already percent-decoded once by the HTTP server) back into a position.
 *
 * @since 0.1.0
 */
export const decodeCursor = (list: string, offset: string): Effect.Effect<number, BadRequestError> => {
  const invalid = Effect.fail(
    new BadRequestError({ message: `Invalid offset "${offset}": pass the previous response's "next" value verbatim` })
  )
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(offset) || offset.length % 4 !== 0) return invalid
  const bytes = Buffer.from(offset, "base64")
  if (bytes.length <= prefix.length || !bytes.subarray(0, prefix.length).equals(prefix)) return invalid
  try {
    const parsed: unknown = JSON.parse(bytes.subarray(prefix.length).toString("utf8"))
    if (
      Array.isArray(parsed) && parsed.length === 2 && Number.isSafeInteger(parsed[0]) && parsed[0] >= 0 &&
      parsed[1] === checksum(list, parsed[0])
    ) {
      return Effect.succeed(parsed[0] as number)
    }
  } catch {
    // falls through to the 400
  }
  return invalid
}

/**
 * Validates a raw `limit` query value: an integer from 1 to 100; absent means 100.
 *
 * @since 0.1.0
 */
export const parseLimit = (raw: string | undefined): Effect.Effect<number, BadRequestError> => {
  if (raw === undefined) return Effect.succeed(MaxLimit)
  const n = /^\d{1,6}$/.test(raw) ? Number(raw) : NaN
  return Number.isInteger(n) && n >= 1 && n <= MaxLimit
    ? Effect.succeed(n)
    : Effect.fail(new BadRequestError({ message: `Invalid limit "${raw}": must be an integer between 1 and ${MaxLimit}` }))
}

/**
 * Cuts one page out of `items`.
 *
 * @since 0.1.0
 */
export const paginate = <A>(
  items: ReadonlyArray<A>,
  options: {
    readonly list: string
    readonly limit: string | undefined
    readonly offset: string | undefined
    readonly tokens?: TokenEncoding | undefined
  }
): Effect.Effect<Page<A>, BadRequestError> =>
  Effect.gen(function*() {
    const limit = yield* parseLimit(options.limit)
    const start = options.offset === undefined || options.offset === ""
      ? 0
      : yield* decodeCursor(options.list, options.offset)
    const end = start + limit
    const data = items.slice(start, end)
    return end < items.length
      ? { data, hasNext: true, next: encodeCursor(options.list, end, options.tokens) }
      : { data, hasNext: false }
  })
