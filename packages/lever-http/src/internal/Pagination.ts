/**
 * Lever's list endpoints: `limit` and an opaque `offset` token, answered with `{data, hasNext, next}`.
 * Every list is followed to its end.
 */
import { LeverApi } from "@fulcrum/core"
import { Effect, Schema } from "effect"
import { describe, type Endpoint } from "./Endpoint.ts"
import { decode } from "./Decode.ts"
import type { Transport } from "./Transport.ts"

/** Lever's largest page. */
export const pageSize = 100

// RFC 3986 "unreserved": the only characters every server reads back as themselves in a query value.
const unreserved = /^[A-Za-z0-9\-._~]$/
const escape = /^%[0-9A-Fa-f]{2}$/
const utf8 = new TextEncoder()

const percentEncode = (text: string): string =>
  Array.from(utf8.encode(text), (byte) => `%${byte.toString(16).toUpperCase().padStart(2, "0")}`).join("")

/**
 * The `offset` query value for a `next` token. Tokens are opaque and often raw base64: sent literally, `+`
 * would be read as a space and `/`, `=` are not safe in every parser, so Lever would get another token.
 * Every character outside RFC 3986's unreserved set is therefore percent-encoded (as UTF-8 bytes). A
 * valid `%XX` escape already in the token is kept as is: some tokens arrive percent-encoded, and encoding
 * them again (`%2B` → `%252B`) would change them just the same.
 */
export const offsetValue = (next: string): string =>
  next.replace(
    /%[0-9A-Fa-f]{2}|./gsu,
    (part) => escape.test(part) || unreserved.test(part) ? part : percentEncode(part)
  )

/** The query string of one page. */
export const pageQuery = (offset: string | undefined, extra: string | undefined): string =>
  [`limit=${pageSize}`, extra, offset === undefined ? undefined : `offset=${offsetValue(offset)}`]
    .filter((part): part is string => part !== undefined && part.length > 0)
    .join("&")

/** Every item of a list, following `next` until `hasNext` is false. */
export const listAll = <A>(
  transport: Transport,
  target: LeverApi.LeverTarget,
  request: { readonly endpoint: Endpoint; readonly path: string; readonly query?: string | undefined },
  item: Schema.Decoder<A>
): Effect.Effect<ReadonlyArray<A>, LeverApi.LeverError> => {
  const page = Schema.Struct({
    data: Schema.Array(item),
    hasNext: Schema.optional(Schema.NullOr(Schema.Boolean)),
    next: Schema.optional(Schema.NullOr(Schema.String))
  })
  const readPage = decode(page, request.endpoint)
  return Effect.gen(function*() {
    const items: Array<A> = []
    const seen = new Set<string>()
    let offset: string | undefined
    let attempts = 0
    let pages = 0
    while (true) {
      const response = yield* transport.send(target, {
        endpoint: request.endpoint,
        path: request.path,
        query: pageQuery(offset, request.query)
      })
      attempts += response.attempts
      pages++
      const { data, hasNext, next } = yield* readPage(response.body)
      items.push(...data)
      if (hasNext !== true) break
      // Stopping here would silently return part of the list; looping would never end.
      if (next === undefined || next === null || next.length === 0 || seen.has(next)) {
        return yield* new LeverApi.LeverInvalidResponse({
          endpoint: describe(request.endpoint),
          message: `Lever's answer to ${describe(request.endpoint)} has hasNext: true but ${
            next === undefined || next === null || next.length === 0 ? "no next token" : "a next token it sent before"
          } (page ${pages})`
        })
      }
      seen.add(next)
      offset = next
    }
    yield* Effect.annotateCurrentSpan({ "lever.pages": pages, "lever.attempts": attempts })
    return items
  })
}
