/**
 * One line per failing field, `path: message`, for the messages of `MalformedWebhook` and
 * `InvalidTolerance`.
 *
 * Effect's default messages say what was expected ("Expected number", "Missing key") and include the
 * offending value only for schemas that opt in with `reportInput`, which none of ours do: a rejected
 * webhook's token or signature never ends up in an error message this way.
 *
 * @internal
 */
import { SchemaIssue } from "effect"

const formatter = SchemaIssue.makeFormatterStandardSchemaV1()

/** @internal */
export const describeIssue = (issue: SchemaIssue.Issue): string =>
  formatter(issue).issues
    .map(({ message, path }) =>
      path === undefined || path.length === 0
        ? message
        : `${path.map((segment) => String(typeof segment === "object" ? segment.key : segment)).join(".")}: ${message}`
    )
    .join("; ")
