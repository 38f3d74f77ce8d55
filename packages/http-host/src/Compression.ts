/**
 * Response compression, for any route of a host (the API, `/docs`, a settings page's static assets):
 * brotli or gzip, as the client's `Accept-Encoding` prefers, for compressible bodies of at least
 * `minBytes`. Tiny bodies (a webhook's acknowledgement), streams, bodies already encoded and media
 * that is compressed by nature (images, archives) pass untouched; so do the webhook paths, which must
 * stay cheap. The result for a body served again and again (the memoized `/docs` page) is kept, so
 * it is compressed once.
 *
 * ```
 * handler ─▶ response ─▶ compressible, ≥ minBytes, client accepts br/gzip? ─▶ compressed + Vary
 * ```
 *
 * @since 0.1.0
 */
import { Effect, Layer } from "effect"
import { HttpBody, HttpRouter, HttpServerRequest, HttpServerResponse } from "effect/http"
import { promisify } from "node:util"
import * as zlib from "node:zlib"

/** Tuning of the compression (each field says what it changes). @since 0.1.0 */
export interface Options {
  /** The smallest body compressed, in bytes. Default 1,024: below it the headers cost more than they save. */
  readonly minBytes?: number | undefined
  /** Path prefixes never compressed. Default `["/webhooks/"]`: Lever's acks are tiny and must stay cheap. */
  readonly skipPathPrefixes?: ReadonlyArray<string> | undefined
}

/** The default smallest body compressed. @since 0.1.0 */
export const defaultMinBytes = 1_024

/** The encodings Fulcrum answers with, best first. @since 0.1.0 */
export type Encoding = "br" | "gzip"

const compressible = /^(text\/|application\/(json|javascript|xml|x-ndjson)|image\/svg\+xml|application\/[\w.+-]*\+(json|xml))/i

/**
 * The encoding to answer with for an `Accept-Encoding` header: brotli when accepted, else gzip, else
 * none (`identity`). `q=0` refuses an encoding; `*` stands for any not named.
 *
 * @example
 * ```ts
 * Compression.negotiate("gzip, deflate, br") // "br"
 * Compression.negotiate("br;q=0, gzip")      // "gzip"
 * Compression.negotiate(undefined)           // undefined
 * ```
 *
 * @since 0.1.0
 */
export const negotiate = (acceptEncoding: string | undefined): Encoding | undefined => {
  if (acceptEncoding === undefined || acceptEncoding.trim() === "") return undefined
  const weights = new Map<string, number>()
  for (const part of acceptEncoding.split(",")) {
    const [name = "", ...params] = part.trim().toLowerCase().split(";")
    const q = params.map((param) => param.trim()).find((param) => param.startsWith("q="))
    const weight = q === undefined ? 1 : Number(q.slice(2))
    weights.set(name.trim(), Number.isFinite(weight) ? weight : 0)
  }
  const weightOf = (encoding: Encoding) => weights.get(encoding) ?? weights.get("*") ?? 0
  if (weightOf("br") > 0 && weightOf("br") >= weightOf("gzip")) return "br"
  if (weightOf("gzip") > 0) return "gzip"
  return undefined
}

const brotli = promisify(zlib.brotliCompress)
const gzip = promisify(zlib.gzip)

const encode = (encoding: Encoding, bytes: Uint8Array): Promise<Uint8Array> =>
  encoding === "br"
    // Quality 5: most of brotli's gain at a fraction of its default (11) cost, for answers made per request.
    ? brotli(bytes, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: 5,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length
      }
    })
    : gzip(bytes, { level: 6 })

// A memoized body (the same object on every answer) is compressed once per encoding.
const compressedBodies = new WeakMap<HttpBody.HttpBody, Map<Encoding, Promise<Uint8Array>>>()

const compressedBody = (body: HttpBody.Uint8Array, encoding: Encoding): Promise<Uint8Array> => {
  let byEncoding = compressedBodies.get(body)
  if (byEncoding === undefined) {
    byEncoding = new Map()
    compressedBodies.set(body, byEncoding)
  }
  let compressed = byEncoding.get(encoding)
  if (compressed === undefined) {
    compressed = encode(encoding, body.body)
    byEncoding.set(encoding, compressed)
  }
  return compressed
}

const varyOn = (response: HttpServerResponse.HttpServerResponse) => {
  const vary = response.headers["vary"]
  return vary === undefined
    ? HttpServerResponse.setHeader(response, "vary", "Accept-Encoding")
    : /accept-encoding/i.test(vary)
    ? response
    : HttpServerResponse.setHeader(response, "vary", `${vary}, Accept-Encoding`)
}

/**
 * The response compressed for this request, or the response as it is when compression does not apply.
 *
 * @since 0.1.0
 */
export const compress = (
  request: HttpServerRequest.HttpServerRequest,
  response: HttpServerResponse.HttpServerResponse,
  options: Options = {}
): Effect.Effect<HttpServerResponse.HttpServerResponse> => {
  const body = response.body
  if (
    body._tag !== "Uint8Array" || request.method === "HEAD" || response.status < 200 ||
    response.status === 204 || response.status === 206 || response.status === 304 ||
    body.contentLength < (options.minBytes ?? defaultMinBytes) ||
    response.headers["content-encoding"] !== undefined ||
    !compressible.test(body.contentType)
  ) return Effect.succeed(response)
  const path = request.url.split("?")[0] ?? "/"
  if ((options.skipPathPrefixes ?? ["/webhooks/"]).some((prefix) => path.startsWith(prefix))) {
    return Effect.succeed(response)
  }
  const varied = varyOn(response)
  const encoding = negotiate(request.headers["accept-encoding"])
  if (encoding === undefined) return Effect.succeed(varied)
  return Effect.map(Effect.promise(() => compressedBody(body, encoding)), (compressed) =>
    HttpServerResponse.setHeader(
      HttpServerResponse.setBody(varied, HttpBody.uint8Array(compressed, body.contentType)),
      "content-encoding",
      encoding
    ))
}

/**
 * The compression as a router middleware: `(app) => app` with its responses compressed.
 *
 * @since 0.1.0
 */
export const middleware = (options: Options = {}) =>
<E, R>(
  app: Effect.Effect<HttpServerResponse.HttpServerResponse, E, R>
): Effect.Effect<HttpServerResponse.HttpServerResponse, E, R | HttpServerRequest.HttpServerRequest> =>
  Effect.gen(function*() {
    const response = yield* app
    return yield* compress(yield* HttpServerRequest.HttpServerRequest, response, options)
  })

/**
 * Compresses every response of the router it is provided to (a global middleware).
 *
 * @example
 * ```ts
 * // Beside HttpHost.layerRoutes, or any routes of your own on the same router:
 * const Routes = Layer.mergeAll(HttpHost.layerRoutes, Compression.layer({ minBytes: 2_048 }))
 * ```
 *
 * @since 0.1.0
 */
export const layer = (options: Options = {}): Layer.Layer<never, never, HttpRouter.HttpRouter> =>
  HttpRouter.use((router) => router.addGlobalMiddleware(middleware(options)))
