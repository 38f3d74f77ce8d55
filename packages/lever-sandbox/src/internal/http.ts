import { Effect, Schema } from "effect"
import { HttpServerRequest, HttpServerResponse } from "effect/http"
import { BadRequestError } from "../LeverError.ts"
import type { Page } from "../Pagination.ts"

/** Query parameters as the router parses them. */
export type Query = Readonly<Record<string, string | ReadonlyArray<string> | undefined>>

/** `{"data": value}` with `status` (200 by default). */
export const data = (value: unknown, status = 200): HttpServerResponse.HttpServerResponse =>
  HttpServerResponse.jsonUnsafe({ data: value }, { status })

/** A list page envelope `{data, hasNext, next?}`. */
export const page = <A>(p: Page<A>): HttpServerResponse.HttpServerResponse => HttpServerResponse.jsonUnsafe(p)

/** A plain JSON body. */
export const json = (value: unknown, status = 200): HttpServerResponse.HttpServerResponse =>
  HttpServerResponse.jsonUnsafe(value, { status })

/** 204. */
export const noContent: HttpServerResponse.HttpServerResponse = HttpServerResponse.empty({ status: 204 })

/** The first value of a query parameter. */
export const first = (query: Query, name: string): string | undefined => {
  const value = query[name]
  return typeof value === "string" ? value : value?.[0]
}

/** Every value of a repeated query parameter, as given (`tag=a&tag=b`); empty values are left out. */
export const values = (query: Query, name: string): ReadonlyArray<string> => {
  const value = query[name]
  const list = value === undefined ? [] : typeof value === "string" ? [value] : value
  return list.filter((v) => v.length > 0)
}

/** Every value of a query parameter, comma-separated values split (`expand=stage&expand=owner` or `expand=stage,owner`). */
export const all = (query: Query, name: string): ReadonlyArray<string> => {
  const value = query[name]
  const list = value === undefined ? [] : typeof value === "string" ? [value] : value
  return list.flatMap((v) => v.split(",")).map((v) => v.trim()).filter((v) => v.length > 0)
}

/** The request path without its query string. */
export const pathOf = (url: string): string => {
  const q = url.indexOf("?")
  return q === -1 ? url : url.slice(0, q)
}

/** The raw query string (without `?`). */
export const queryOf = (url: string): string => {
  const q = url.indexOf("?")
  return q === -1 ? "" : url.slice(q + 1)
}

/** Reads the JSON body and decodes it with `schema`; anything wrong is a Lever-style 400. */
export const decodeJsonBody = <A, I>(
  request: HttpServerRequest.HttpServerRequest,
  schema: Schema.Codec<A, I>
): Effect.Effect<A, BadRequestError> =>
  request.json.pipe(
    Effect.mapError(() => new BadRequestError({ message: "The request body must be valid JSON" })),
    Effect.flatMap((body) =>
      Schema.decodeUnknownEffect(schema)(body, { errors: "all", onExcessProperty: "ignore" }).pipe(
        Effect.mapError((error) => new BadRequestError({ message: `Invalid request body: ${error.message}` }))
      )
    )
  )

/** Decodes a value (e.g. the query) with `schema`; anything wrong is a Lever-style 400. */
export const decode = <A, I>(schema: Schema.Codec<A, I>, value: unknown, what: string): Effect.Effect<A, BadRequestError> =>
  Schema.decodeUnknownEffect(schema)(value, { errors: "all", onExcessProperty: "ignore" }).pipe(
    Effect.mapError((error) => new BadRequestError({ message: `Invalid ${what}: ${error.message}` }))
  )
