/**
 * The errors the façade's async functions reject with: one class per answer of the HTTP API, each with
 * the status `fulcrum-http` answers with, so an embedder can `instanceof`-check or pass `status` on.
 *
 * | class | status | meaning |
 * | --- | --- | --- |
 * | `InvalidRequestError` | 400 | the input is not what the call takes |
 * | `UnauthorizedError` | 401 | a signature or token does not check out |
 * | `ForbiddenError` | 403 | the caller may not do this |
 * | `NotFoundError` | 404 | no such team, candidate, interview, event or token |
 * | `PayloadTooLargeError` | 413 | the body is larger than accepted |
 * | `UnprocessableError` | 422 | the team's setup refuses it (`reason` is a stable code) |
 * | `LeverUnavailableError` | 502 | Lever did not answer as it should; retry later |
 * | `ProviderUnavailableError` | 502 | the assessment provider did not answer as it should, or refused; retry later |
 * | `ServiceUnavailableError` | 503 | the store is unavailable; retry later |
 *
 * @since 0.1.0
 */
import { ApiErrors } from "@fulcrum/api"

/** The base class of every error the façade rejects with. @since 0.1.0 */
export class FulcrumError extends Error {
  /** The HTTP status the API answers this error with. */
  readonly status: number
  /** The API error's tag, e.g. `NotFound` (stable; `name` is the class name). */
  readonly tag: ApiErrors.ApiError["_tag"]
  /** Extra fields of the API error (e.g. `reason`, `problems`, `missingPermissions`). */
  readonly details: Readonly<Record<string, unknown>>

  constructor(error: ApiErrors.ApiError) {
    super(error.message)
    this.status = ApiErrors.statusOf(error)
    this.tag = error._tag
    const { message: _message, ...details } = { ...error } as Record<string, unknown>
    delete details["_tag"]
    this.details = details
  }
}

/** 400: the input is not what the call takes. @since 0.1.0 */
export class InvalidRequestError extends FulcrumError {
  override readonly name = "InvalidRequestError"
}
/** 401: a signature or token does not check out. @since 0.1.0 */
export class UnauthorizedError extends FulcrumError {
  override readonly name = "UnauthorizedError"
}
/** 403: the caller may not do this. @since 0.1.0 */
export class ForbiddenError extends FulcrumError {
  override readonly name = "ForbiddenError"
}
/** 404: no such team, candidate, interview, event or token. @since 0.1.0 */
export class NotFoundError extends FulcrumError {
  override readonly name = "NotFoundError"
}
/** 413: the body is larger than accepted. @since 0.1.0 */
export class PayloadTooLargeError extends FulcrumError {
  override readonly name = "PayloadTooLargeError"
}
/** 422: the team's setup refuses it; `details.reason` is a stable code, the message says what to change. @since 0.1.0 */
export class UnprocessableError extends FulcrumError {
  override readonly name = "UnprocessableError"
}
/** 502: Lever did not answer as it should (down, rate-limited, malformed); retry later. @since 0.1.0 */
export class LeverUnavailableError extends FulcrumError {
  override readonly name = "LeverUnavailableError"
}
/** 502: the assessment provider did not answer as it should (down, slow, malformed) or refused; `details.reason` says which. @since 0.2.0 */
export class ProviderUnavailableError extends FulcrumError {
  override readonly name = "ProviderUnavailableError"
}
/** 503: Fulcrum's store is unavailable right now; retry later. @since 0.1.0 */
export class ServiceUnavailableError extends FulcrumError {
  override readonly name = "ServiceUnavailableError"
}

const classes = {
  InvalidRequest: InvalidRequestError,
  Unauthorized: UnauthorizedError,
  Forbidden: ForbiddenError,
  NotFound: NotFoundError,
  PayloadTooLarge: PayloadTooLargeError,
  Unprocessable: UnprocessableError,
  LeverUnavailable: LeverUnavailableError,
  ProviderUnavailable: ProviderUnavailableError,
  ServiceUnavailable: ServiceUnavailableError
} satisfies Record<ApiErrors.ApiError["_tag"], typeof FulcrumError>

/** The façade's error for an API error (the class of its tag). @since 0.1.0 */
export const fromApiError = (error: ApiErrors.ApiError): FulcrumError => new classes[error._tag](error)
