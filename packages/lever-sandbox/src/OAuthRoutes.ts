/**
 * The OAuth endpoints, at the server root (Lever serves them from its auth host):
 * `GET /oauth/authorize` (auto-consent, 302 back to `redirect_uri` with `code` and `state`) and
 * `POST /oauth/token` (form-encoded or JSON; client credentials in the body or as HTTP Basic).
 *
 * @since 0.1.0
 */
import { Effect, Layer } from "effect"
import { HttpRouter, HttpServerRequest, HttpServerResponse } from "effect/http"
import { AuthorizeParams, OAuth, OAuthError, TokenParams } from "./OAuth.ts"
import * as Http from "./internal/http.ts"

const errorResponse = (error: OAuthError) =>
  HttpServerResponse.jsonUnsafe({ error: error.error, error_description: error.description }, {
    status: error.status,
    headers: { "cache-control": "no-store" }
  })

const invalidRequest = (description: string) => new OAuthError({ status: 400, error: "invalid_request", description })

const basicCredentials = (header: string | undefined) => {
  const match = header === undefined ? null : /^\s*basic\s+(\S+)\s*$/i.exec(header)
  if (match === null) return undefined
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8")
  const colon = decoded.indexOf(":")
  if (colon === -1) return undefined
  return {
    clientId: decodeURIComponent(decoded.slice(0, colon)),
    clientSecret: decodeURIComponent(decoded.slice(colon + 1))
  }
}

/**
 * Registers `/oauth/authorize` and `/oauth/token`.
 *
 * @since 0.1.0
 */
export const layer: Layer.Layer<never, never, HttpRouter.HttpRouter | OAuth> = HttpRouter.use((router) =>
  Effect.gen(function*() {
    const oauth = yield* OAuth

    yield* router.add(
      "GET",
      "/oauth/authorize",
      Effect.gen(function*() {
        const query = yield* HttpServerRequest.ParsedSearchParams
        const params = yield* Http.decode(AuthorizeParams, query, "authorization request").pipe(
          Effect.mapError((e) => invalidRequest(e.message))
        )
        const location = yield* oauth.authorize(params)
        return HttpServerResponse.redirect(location, { status: 302 })
      }).pipe(Effect.catch((error: OAuthError) => Effect.succeed(errorResponse(error))))
    )

    yield* router.add(
      "POST",
      "/oauth/token",
      Effect.gen(function*() {
        const request = yield* HttpServerRequest.HttpServerRequest
        const contentType = request.headers["content-type"] ?? ""
        const body: unknown = contentType.includes("application/json")
          ? yield* request.json.pipe(Effect.mapError(() => invalidRequest("The body must be valid JSON")))
          : Object.fromEntries(
            yield* request.urlParamsBody.pipe(Effect.mapError(() => invalidRequest("The body must be form-encoded")))
          )
        const params = yield* Http.decode(TokenParams, body, "token request").pipe(
          Effect.mapError((e) => invalidRequest(e.message))
        )
        const tokens = yield* oauth.token(params, basicCredentials(request.headers["authorization"]))
        return HttpServerResponse.jsonUnsafe(tokens, { headers: { "cache-control": "no-store" } })
      }).pipe(Effect.catch((error: OAuthError) => Effect.succeed(errorResponse(error))))
    )
  })
)
