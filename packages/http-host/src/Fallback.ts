/**
 * What the API definition does not answer by itself: a JSON 404 for unknown paths, a 405 with `Allow`
 * for a known path with the wrong method, a 413 for an oversized body before anything reads it, a
 * request id on every response, and a JSON 500 that reveals nothing when a handler has a bug.
 *
 * @since 0.1.0
 */
import { ApiErrors, FulcrumApi } from "@fulcrum/api"
import { ByteSize, Cause, Context, Effect, Function, Layer, References } from "effect"
import type { Types } from "effect"
import { HttpEffect, HttpRouter, HttpServerError, HttpServerRequest, HttpServerResponse } from "effect/http"
import { OpenApi } from "effect/http-api"
import { HostOptions } from "./HostOptions.ts"
import { defectAnswer } from "./internal/internalError.ts"
import { isBodyTooLarge, payloadTooLarge } from "./internal/request.ts"
import { requestIdOf } from "./internal/requestId.ts"

const json = (status: number, body: unknown, headers?: Record<string, string>) =>
  HttpServerResponse.jsonUnsafe(body, { status, ...(headers === undefined ? {} : { headers }) })

/**
 * Every path the host serves, as a pattern, with its methods. Derived from the OpenAPI document on the
 * first request that needs it (a 405), not at import: building the document is a noticeable part of a
 * host's start.
 */
const knownRoutes = Function.memoize((
  api: typeof FulcrumApi.FulcrumApi
): ReadonlyArray<{ readonly pattern: RegExp; readonly methods: ReadonlyArray<string> }> => [
  ...Object.entries(OpenApi.fromApi(api).paths).map(([path, item]) => ({
    pattern: new RegExp(`^${path.replace(/\{[^}]+\}/g, "[^/]+")}$`),
    methods: Object.keys(item)
      .filter((key) => ["get", "put", "post", "delete", "patch"].includes(key))
      .map((method) => method.toUpperCase())
  })),
  { pattern: /^\/openapi\.json$/, methods: ["GET"] },
  { pattern: /^\/provider-openapi\.json$/, methods: ["GET"] },
  { pattern: /^\/docs$/, methods: ["GET"] }
])

const decodable = (path: string) => {
  try {
    decodeURIComponent(path)
    return true
  } catch {
    return false
  }
}

/** The router refuses a path parameter over 100 characters; no id (and no part of a route) is that long. */
const maxSegmentLength = 100

/**
 * The JSON answer to a request no route takes: 405 when the path exists with other methods, else 404
 * (also for a segment too long to be an id: the route exists, but nothing at that id can).
 */
const unrouted = Effect.map(HttpServerRequest.HttpServerRequest, (request) => {
  const path = request.url.split("?")[0] ?? "/"
  if (path.split("/").some((segment) => segment.length > maxSegmentLength)) {
    return json(404, new ApiErrors.NotFound({
      message: `No route ${request.method} ${path.slice(0, 200)}…: a path segment is longer than ` +
        `${maxSegmentLength} characters, and no id is that long`
    }))
  }
  // A path the router could not decode (`%E0%A4%A`) is no route at all, whatever it looks like.
  const allowed = !decodable(path) ? [] : knownRoutes(FulcrumApi.FulcrumApi).filter((route) => route.pattern.test(path)).flatMap((route) => route.methods)
  if (allowed.length > 0) {
    return json(405, {
      _tag: "MethodNotAllowed",
      message: `${request.method} is not allowed on ${path}; use ${allowed.join(" or ")}`
    }, { allow: allowed.join(", ") })
  }
  return json(404, new ApiErrors.NotFound({ message: `No route ${request.method} ${path}` }))
})

/** Whether the router found no route (including paths it cannot decode and over-long parameters). */
const isUnrouted = (cause: Cause.Cause<Types.unhandled>) =>
  cause.reasons.some((reason) =>
    reason._tag === "Fail" && HttpServerError.isHttpServerError(reason.error) &&
    reason.error.reason._tag === "RouteNotFound"
  )

const unsupportedMediaType = () =>
  json(415, {
    _tag: "UnsupportedMediaType",
    message: "Send the body as JSON with the header content-type: application/json"
  })

/**
 * What the host answers instead of what `app` ended with: JSON for a 415, a 404/405 for no route, a 413
 * for a body cut off at the limit, a JSON 500 (logged) for any other defect; other failures go on.
 */
const answered = (
  app: Effect.Effect<HttpServerResponse.HttpServerResponse, Types.unhandled>,
  requestId: string,
  tooLarge: () => HttpServerResponse.HttpServerResponse
) =>
  Effect.matchCauseEffect(app, {
    onSuccess: (response) => Effect.succeed(response.status === 415 ? unsupportedMediaType() : response),
    onFailure: (cause) => {
      if (isUnrouted(cause)) return unrouted
      const defect = cause.reasons.find(Cause.isDieReason)
      if (defect === undefined) return Effect.failCause(cause)
      // The framework reads JSON bodies with `orDie`: one cut off at the limit arrives as a defect.
      return isBodyTooLarge(defect.defect) ? Effect.sync(tooLarge) : defectAnswer(defect.defect, requestId)
    }
  })

// Every request runs through here, so its work is one fiber read, one context update (the body limit and
// the log annotation together) and one match of the outcome: each `Effect.gen`, `provide…`, `map` and
// `catch…` of its own cost a measurable share of a webhook ack's CPU.
const middleware = (maxBodyBytes: number) => {
  const tooLargeError = payloadTooLarge(maxBodyBytes)
  const tooLarge = () => json(413, tooLargeError)
  // A body without a declared length is cut off while it is read.
  const maxBodySize = ByteSize.bytes(maxBodyBytes)
  return (app: Effect.Effect<HttpServerResponse.HttpServerResponse, Types.unhandled>) =>
    Effect.withFiber<HttpServerResponse.HttpServerResponse, Types.unhandled, HttpServerRequest.HttpServerRequest>((fiber) => {
      const request = Context.getUnsafe(fiber.context, HttpServerRequest.HttpServerRequest)
      const requestId = requestIdOf(request.headers["x-request-id"])
      HttpEffect.appendPreResponseHandlerUnsafe(fiber.context, (_request, response) =>
        Effect.succeed(HttpServerResponse.setHeader(response, "x-request-id", requestId)))
      if (Number(request.headers["content-length"] ?? "0") > maxBodyBytes) return Effect.succeed(tooLarge())
      return Effect.updateContext(answered(app, requestId, tooLarge), (context) =>
        Context.add(
          Context.add(context, HttpServerRequest.MaxBodySize, maxBodySize),
          References.CurrentLogAnnotations,
          { ...Context.get(context, References.CurrentLogAnnotations), requestId }
        ))
    })
}

/**
 * Registers the fallback route and the host-wide middleware.
 *
 * @since 0.1.0
 */
export const layer: Layer.Layer<never, never, HttpRouter.HttpRouter | HostOptions> = HttpRouter.use(
  Effect.fnUntraced(function*(router) {
    yield* router.add("*", "/*", unrouted)
    const { maxBodyBytes } = yield* HostOptions
    yield* router.addGlobalMiddleware(middleware(maxBodyBytes))
  })
)
