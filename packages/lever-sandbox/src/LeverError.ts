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
 * 503: Lever is unavailable (an injected fault).
 *
 * @since 0.1.0
 */
export class ServiceUnavailable extends Schema.TaggedError<ServiceUnavailable>()("ServiceUnavailable", {
  message: Schema.String
}) {}

/**
 * Any other status produced by an injected fault (500, 502, 504).
 *
 * @since 0.1.0
 */
export class ServerError extends Schema.TaggedError<ServerError>()("ServerError", {
  status: Schema.Int,
  code: Schema.String,
  message: Schema.String
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
  | ServiceUnavailable
  | ServerError

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
    case "ServiceUnavailable":
      return 503
    case "ServerError":
      return error.status
  }
}

/**
 * The Lever error body `{code, message}`.
 *
 * @since 0.1.0
 */
export const body = (error: LeverError): { readonly code: string; readonly message: string } => ({
  code: error._tag === "ServerError" ? error.code : error._tag,
  message: error.message
})

const headers = (error: LeverError): Readonly<Record<string, string>> => {
  if (error._tag === "MethodNotAllowed") return { allow: error.allow.join(", ") }
  // Lever does not document Retry-After: it is only set when the error carries it.
  if (error._tag === "TooManyRequests" && error.retryAfterSeconds !== undefined) {
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

/**
 * Builds the error an injected fault answers with.
 *
 * @since 0.1.0
 */
export const fromStatus = (status: number, retryAfterSeconds?: number): LeverError => {
  switch (status) {
    case 429:
      return new TooManyRequests({
        message: "Rate limit exceeded, slow down",
        ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds })
      })
    case 503:
      return new ServiceUnavailable({ message: "Lever is temporarily unavailable, try again later" })
    case 502:
      return new ServerError({ status, code: "BadGateway", message: "Bad gateway" })
    case 504:
      return new ServerError({ status, code: "GatewayTimeout", message: "Gateway timeout" })
    default:
      return new ServerError({ status, code: "InternalServerError", message: "Internal server error" })
  }
}
