/**
 * Caching of the reference documents (`/docs`, 3 MB with its viewer, and `/openapi.json`): a weak ETag
 * (the same bytes compress to br or gzip) and `Cache-Control`, and a 304 without a body when the
 * browser already has them. Both are memoized by the framework, so each ETag is computed once.
 */
import { Effect } from "effect"
import { type HttpBody, HttpServerRequest, HttpServerResponse } from "effect/http"
import { createHash } from "node:crypto"

const cachedPaths: ReadonlySet<string> = new Set(["/docs", "/openapi.json"])

/** Ten minutes: a new version's documents reach a browser soon after an upgrade; meanwhile it revalidates cheaply. */
export const cacheControl = "public, max-age=600"

const etags = new WeakMap<HttpBody.HttpBody, string>()

const etagOf = (body: HttpBody.Uint8Array): string => {
  let etag = etags.get(body)
  if (etag === undefined) {
    etag = `W/"${createHash("sha256").update(body.body).digest("base64url").slice(0, 32)}"`
    etags.set(body, etag)
  }
  return etag
}

const opaque = (tag: string) => tag.trim().replace(/^W\//, "")

/** `If-None-Match` names this ETag (weak comparison, as RFC 9110 asks for GET), or is `*`. */
const matches = (ifNoneMatch: string | undefined, etag: string) =>
  ifNoneMatch !== undefined &&
  ifNoneMatch.split(",").some((tag) => tag.trim() === "*" || opaque(tag) === opaque(etag))

/** The router middleware: ETag, Cache-Control and 304 on the reference documents, nothing elsewhere. */
export const middleware = <E, R>(
  app: Effect.Effect<HttpServerResponse.HttpServerResponse, E, R>
): Effect.Effect<HttpServerResponse.HttpServerResponse, E, R | HttpServerRequest.HttpServerRequest> =>
  Effect.gen(function*() {
    const response = yield* app
    const request = yield* HttpServerRequest.HttpServerRequest
    const body = response.body
    if (
      (request.method !== "GET" && request.method !== "HEAD") || response.status !== 200 ||
      body._tag !== "Uint8Array" || !cachedPaths.has(request.url.split("?")[0] ?? "/")
    ) return response
    const headers = { etag: etagOf(body), "cache-control": cacheControl }
    return matches(request.headers["if-none-match"], headers.etag)
      ? HttpServerResponse.empty({ status: 304, headers })
      : HttpServerResponse.setHeaders(response, headers)
  })
