/**
 * The errors the sandbox answers with, one tagged class per Lever error `code`. Each renders as Lever's
 * error body `{"code": "...", "message": "..."}` with its HTTP status.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { HttpServerResponse } from "effect/http"

/**
 * 404: the resource does not exist, or is confidential and the caller may not see it.
 *
 * @since 0.1.0
 */
export class ResourceNotFound extends Schema.TaggedError<ResourceNotFound>()("ResourceNotFound", {
  message: Schema.String
}) {}

/**
 * 401: no credentials, an unknown or revoked API key, or an unknown or expired OAuth access token.
 * `subject` names the revoked key or the expired token's grant when known (for the request log; it is not
 * part of the response body).
 *
 * @since 0.1.0
 */
export class UnauthorizedError extends Schema.TaggedError<UnauthorizedError>()("UnauthorizedError", {
  message: Schema.String,
  subject: Schema.optionalKey(Schema.Struct({ kind: Schema.Literals(["apiKey", "oauth"]), id: Schema.String }))
}) {}

/**
 * 403: the credentials are valid but lack a permission (named in `missing` and in the message).
 *
 * @since 0.1.0
 */
export class ForbiddenError extends Schema.TaggedError<ForbiddenError>()("ForbiddenError", {
  message: Schema.String,
  missing: Schema.optionalKey(Schema.String)
}) {}

/**
 * 405: the path exists but not with this method; `allow` lists the methods it has (the `Allow` header).
 *
 * @since 0.1.0
 */
export class MethodNotAllowed extends Schema.TaggedError<MethodNotAllowed>()("MethodNotAllowed", {
  message: Schema.String,
  allow: Schema.Array(Schema.String)
}) {}

/**
 * 400: a malformed body, an unknown referenced id, a bad `limit` or an unknown/garbled `offset`.
 *
 * @since 0.1.0
 */
export class BadRequestError extends Schema.TaggedError<BadRequestError>()("BadRequestError", {
  message: Schema.String
}) {}

/**
 * 429: over the per-key rate limit (or an injected fault).
 *
 * @since 0.1.0
 */
export class TooManyRequests extends Schema.TaggedError<TooManyRequests>()("TooManyRequests", {
  message: Schema.String,
  retryAfterSeconds: Schema.optionalKey(Schema.Int)
}) {}

/**
 * Any other answer, with Lever's body: what an injected fault answers with (any 4xx or 5xx, e.g. a 503
 * `ServiceUnavailable`), and the 500 of a handler defect. `retryAfterSeconds` sets `Retry-After`.
 *
 * @since 0.1.0
 */
export class StatusError extends Schema.TaggedError<StatusError>()("StatusError", {
  status: Schema.Int,
  code: Schema.String,
  message: Schema.String,
  retryAfterSeconds: Schema.optionalKey(Schema.Int)
}) {}

/**
 * Every error an API endpoint can answer with.
 *
 * @since 0.1.0
 */
export type LeverError =
  | ResourceNotFound
  | UnauthorizedError
  | ForbiddenError
  | MethodNotAllowed
  | BadRequestError
  | TooManyRequests
  | StatusError

/**
 * The HTTP status of an error.
 *
 * @since 0.1.0
 */
export const status = (error: LeverError): number => {
  switch (error._tag) {
    case "ResourceNotFound":
      return 404
    case "UnauthorizedError":
      return 401
    case "ForbiddenError":
      return 403
    case "MethodNotAllowed":
      return 405
    case "BadRequestError":
      return 400
    case "TooManyRequests":
      return 429
    case "StatusError":
      return error.status
  }
}

/**
 * The Lever error body `{code, message}`.
 *
 * @since 0.1.0
 */
export const body = (error: LeverError): { readonly code: string; readonly message: string } => ({
  code: error._tag === "StatusError" ? error.code : error._tag,
  message: error.message
})

const headers = (error: LeverError): Readonly<Record<string, string>> => {
  if (error._tag === "MethodNotAllowed") return { allow: error.allow.join(", ") }
  // Lever does not document Retry-After: it is only set when the error carries it.
  if ((error._tag === "TooManyRequests" || error._tag === "StatusError") && error.retryAfterSeconds !== undefined) {
    return { "retry-after": String(error.retryAfterSeconds) }
  }
  return {}
}

/**
 * Renders an error as Lever does, with the `Allow` header of a 405 and the `Retry-After` an error may
 * carry (the sandbox's `retryAfterHeader` setting, or an injected fault's own).
 *
 * @since 0.1.0
 */
export const toResponse = (error: LeverError): HttpServerResponse.HttpServerResponse =>
  HttpServerResponse.jsonUnsafe(body(error), { status: status(error), headers: headers(error) })

// Lever's codes where the sandbox has them; Lever documents only `ResourceNotFound`, the rest follow it.
const defaults: Readonly<Record<number, { readonly code: string; readonly message: string }>> = {
  400: { code: "BadRequestError", message: "Invalid request" },
  401: { code: "UnauthorizedError", message: "Invalid API key" },
  403: { code: "ForbiddenError", message: "Not allowed" },
  404: { code: "ResourceNotFound", message: "Resource not found" },
  405: { code: "MethodNotAllowed", message: "Method not allowed" },
  409: { code: "Conflict", message: "Conflict" },
  422: { code: "UnprocessableEntity", message: "Unprocessable entity" },
  429: { code: "TooManyRequests", message: "Rate limit exceeded, slow down" },
  500: { code: "InternalServerError", message: "Internal server error" },
  502: { code: "BadGateway", message: "Bad gateway" },
  503: { code: "ServiceUnavailable", message: "Lever is temporarily unavailable, try again later" },
  504: { code: "GatewayTimeout", message: "Gateway timeout" }
}

/**
 * The answer of an injected fault (or a defect's 500): `status` with Lever's body, the `code` and `message`
 * given or Lever's for that status, and `Retry-After` when `retryAfterSeconds` is given.
 *
 * @since 0.1.0
 */
export const fromStatus = (
  status: number,
  options: {
    readonly code?: string | undefined
    readonly message?: string | undefined
    readonly retryAfterSeconds?: number | undefined
  } = {}
): StatusError => {
  const fallback = defaults[status] ?? (status < 500
    ? { code: "ClientError", message: "Request failed" }
    : { code: "ServerError", message: "Server error" })
  return new StatusError({
    status,
    code: options.code ?? fallback.code,
    message: options.message ?? fallback.message,
    ...(options.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: options.retryAfterSeconds })
  })
}
