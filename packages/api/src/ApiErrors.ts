/**
 * Every error the API answers with. Each is JSON `{ "_tag": ..., "message": ..., ... }` with its HTTP
 * status, so a client (or a person with curl) can tell what went wrong and whether retrying helps:
 * 4xx means "change the request", 502/503 mean "try again later".
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * The HTTP status of each error, by tag: the one table the error classes below, `statusOf`, the host
 * and the Promise façade read.
 *
 * @since 0.1.0
 */
export const statusCodes = {
  InvalidRequest: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  PayloadTooLarge: 413,
  Unprocessable: 422,
  LeverUnavailable: 502,
  ProviderUnavailable: 502,
  ServiceUnavailable: 503
} as const

/** One problem found in a request: where (a JSON path such as `$.payload.stages.assessment`) and what. @since 0.1.0 */
export const Problem = Schema.Struct({ path: Schema.String, message: Schema.String })
/** The type {@link Problem} decodes to. @since 0.1.0 */
export type Problem = typeof Problem.Type

/** The request is not what the endpoint takes; `problems` lists every failing path. @since 0.1.0 */
export class InvalidRequest extends Schema.TaggedError<InvalidRequest>()("InvalidRequest", {
  message: Schema.String,
  problems: Schema.Array(Problem)
}, { httpApiStatus: statusCodes.InvalidRequest }) {}

/** A webhook whose signature, timestamp or token does not check out. @since 0.1.0 */
export class Unauthorized extends Schema.TaggedError<Unauthorized>()("Unauthorized", {
  message: Schema.String
}, { httpApiStatus: statusCodes.Unauthorized }) {}

/** The caller is authenticated but may not do this (a team token asking for an operator action). @since 0.1.0 */
export class Forbidden extends Schema.TaggedError<Forbidden>()("Forbidden", {
  message: Schema.String
}, { httpApiStatus: statusCodes.Forbidden }) {}

/** No such team, candidate, event, interview, interview type or token (or not visible to the caller). @since 0.1.0 */
export class NotFound extends Schema.TaggedError<NotFound>()("NotFound", {
  message: Schema.String
}, { httpApiStatus: statusCodes.NotFound }) {}

/** The body is larger than the host accepts. @since 0.1.0 */
export class PayloadTooLarge extends Schema.TaggedError<PayloadTooLarge>()("PayloadTooLarge", {
  message: Schema.String,
  limitBytes: Schema.Number
}, { httpApiStatus: statusCodes.PayloadTooLarge }) {}

/**
 * The request is well formed but the team's setup refuses it: an unknown or duplicate stage in a
 * mapping, an offer status for a reason Lever does not have, a Lever key without a needed permission.
 * `reason` is a stable code; `message` says what to change.
 *
 * @since 0.1.0
 */
export class Unprocessable extends Schema.TaggedError<Unprocessable>()("Unprocessable", {
  reason: Schema.String,
  message: Schema.String,
  missingPermissions: Schema.optionalKey(Schema.Array(Schema.String)),
  /** The values that would have been accepted (an unknown offer status or archive reason). */
  accepted: Schema.optionalKey(Schema.Array(Schema.String))
}, { httpApiStatus: statusCodes.Unprocessable }) {}

/** Lever did not answer as it should (down, rate-limited or malformed); retry later. @since 0.1.0 */
export class LeverUnavailable extends Schema.TaggedError<LeverUnavailable>()("LeverUnavailable", {
  message: Schema.String
}, { httpApiStatus: statusCodes.LeverUnavailable }) {}

/**
 * The assessment provider did not answer as it should (down, slow, malformed) or refused the request;
 * retry later. `reason` is `Unreachable` or `Refused` (the provider's own message follows).
 *
 * @since 0.2.0
 */
export class ProviderUnavailable extends Schema.TaggedError<ProviderUnavailable>()("ProviderUnavailable", {
  reason: Schema.Literals(["Unreachable", "Refused"]),
  message: Schema.String
}, { httpApiStatus: statusCodes.ProviderUnavailable }) {}

/** Fulcrum's store is unavailable right now; retry later (Lever retries webhooks by itself). @since 0.1.0 */
export class ServiceUnavailable extends Schema.TaggedError<ServiceUnavailable>()("ServiceUnavailable", {
  message: Schema.String
}, { httpApiStatus: statusCodes.ServiceUnavailable }) {}

/** Every error the API answers with. @since 0.1.0 */
export type ApiError =
  | InvalidRequest
  | Unauthorized
  | Forbidden
  | NotFound
  | PayloadTooLarge
  | Unprocessable
  | LeverUnavailable
  | ProviderUnavailable
  | ServiceUnavailable

/**
 * The HTTP status an API error is answered with (400 … 503): 4xx means "change the request", 502/503
 * "retry later". An embedder serving the routes itself answers with this status and the error as JSON.
 *
 * @since 0.1.0
 */
export const statusOf = (error: ApiError): (typeof statusCodes)[ApiError["_tag"]] => statusCodes[error._tag]
