/**
 * Declares that any request which does not match the definition (body, query or path) is answered
 * with a JSON 400 `InvalidRequest` listing every failing path, instead of the framework's empty 400.
 * The host provides the implementation.
 *
 * @since 0.1.0
 */
import { HttpApiMiddleware } from "effect/http-api"
import { InvalidRequest } from "./ApiErrors.ts"

/** The middleware that answers a request not matching the definition with a JSON 400. @since 0.1.0 */
export class RequestValidation extends HttpApiMiddleware.Service<RequestValidation>()(
  "@fulcrum/api/RequestValidation",
  { error: InvalidRequest }
) {}
