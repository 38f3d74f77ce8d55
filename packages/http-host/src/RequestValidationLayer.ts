/**
 * A request that does not match the API definition gets a JSON 400 `InvalidRequest` listing every
 * failing path (`$.payload.name`, `$.query.limit`, ...), never the framework's empty 400.
 *
 * @since 0.1.0
 */
import { ApiErrors, RequestValidation } from "@fulcrum/api"
import { Effect, SchemaIssue } from "effect"
import { HttpApiMiddleware } from "effect/http-api"

const formatIssues = SchemaIssue.makeFormatterStandardSchemaV1()

const segment = (part: PropertyKey | { readonly key: PropertyKey }) =>
  String(typeof part === "object" ? part.key : part)

/** The `RequestValidation` middleware: schema errors become a JSON 400 listing every failing path. @since 0.1.0 */
export const layer = HttpApiMiddleware.layerSchemaErrorTransform(
  RequestValidation.RequestValidation,
  (error) => {
    const slot = error.kind.toLowerCase()
    const problems = formatIssues(error.cause.issue).issues.map((issue) => ({
      path: ["$", slot, ...(issue.path ?? []).map(segment)].join("."),
      message: issue.message
    }))
    return error.kind === "Body" || error.kind === "ResponseHeaders"
      // The response did not match the definition: our bug, not the caller's. Let it be a 500.
      ? Effect.die(error)
      : Effect.fail(new ApiErrors.InvalidRequest({ message: `Invalid request ${slot}`, problems }))
  }
)
