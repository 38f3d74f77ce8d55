/**
 * The exit codes of `fulcrum`, and how a failed command maps to one. Scripts branch on them:
 *
 * | code | meaning |
 * | --- | --- |
 * | 0 | done |
 * | 1 | usage: an unknown command or flag, a missing value, no URL or token configured |
 * | 2 | refused by the API: it answered with an error (400, 401, 403, 404, 413, 422, 502, 503) |
 * | 3 | unreachable: no answer from the host (connection refused, DNS, TLS, timeout) |
 *
 * @since 0.1.0
 */
import { Cause, Predicate, Schema } from "effect"
import { CliError } from "effect/cli"

/** The command did what was asked. @since 0.1.0 */
export const Ok = 0
/** The command line was wrong, or the connection is not configured. @since 0.1.0 */
export const Usage = 1
/** The API answered with an error. @since 0.1.0 */
export const Refused = 2
/** The host did not answer. @since 0.1.0 */
export const Unreachable = 3

/**
 * A command line the CLI cannot run (a missing `--team`, no `FULCRUM_URL`), found after parsing.
 * Exit code 1.
 *
 * @since 0.1.0
 */
export class UsageError extends Schema.TaggedError<UsageError>()("UsageError", { message: Schema.String }) {}

/**
 * Some of a batch failed (replaying every dead event): the rest was done, and each failure was printed.
 * Exit code 2.
 *
 * @since 0.1.0
 */
export class PartialFailure extends Schema.TaggedError<PartialFailure>()("PartialFailure", {
  message: Schema.String
}) {}

/** The API's error tags (`ApiErrors`): an answer, so the host is reachable and refused. */
const apiErrorTags = new Set([
  "InvalidRequest",
  "Unauthorized",
  "Forbidden",
  "NotFound",
  "PayloadTooLarge",
  "Unprocessable",
  "LeverUnavailable",
  "ProviderUnavailable",
  "ServiceUnavailable"
])

/** What the user is told, and the exit code. @since 0.1.0 */
export interface Failure {
  readonly code: number
  readonly message: string
  /** The API's error body (`--json` prints it), when there was one. */
  readonly body?: unknown
}

const tagOf = (error: unknown): string | undefined =>
  Predicate.hasProperty(error, "_tag") && typeof error._tag === "string" ? error._tag : undefined

const messageOf = (error: unknown): string =>
  Predicate.hasProperty(error, "message") && typeof error.message === "string" ? error.message : String(error)

/** The lines that say what is wrong in an API error body (problems, missing permissions). */
const details = (error: object): Array<string> => {
  const lines: Array<string> = []
  if (Predicate.hasProperty(error, "problems") && Array.isArray(error.problems)) {
    for (const problem of error.problems as ReadonlyArray<{ path?: unknown; message?: unknown }>) {
      lines.push(`  ${String(problem.path ?? "")}: ${String(problem.message ?? "")}`)
    }
  }
  if (Predicate.hasProperty(error, "missingPermissions") && Array.isArray(error.missingPermissions)) {
    lines.push(`  missing permissions: ${error.missingPermissions.join(", ")}`)
  }
  return lines
}

/**
 * Classifies how a command ended. Interruption (Ctrl-C) and a quit prompt are usage (1): nothing was
 * refused and the host may well be up.
 *
 * @since 0.1.0
 */
export const classify = (cause: Cause.Cause<unknown>): Failure => {
  if (Cause.hasInterruptsOnly(cause)) return { code: Usage, message: "interrupted" }
  const error = Cause.squash(cause)
  const tag = tagOf(error)
  if (CliError.isCliError(error) || tag === "UsageError" || tag === "QuitError") {
    return { code: Usage, message: messageOf(error) }
  }
  if (tag === "PartialFailure") return { code: Refused, message: messageOf(error) }
  if (tag !== undefined && apiErrorTags.has(tag) && Predicate.isObject(error)) {
    return {
      code: Refused,
      message: [`${tag}: ${messageOf(error)}`, ...details(error)].join("\n"),
      body: { ...error, _tag: tag, message: messageOf(error) }
    }
  }
  if (tag === "HttpClientError" && Predicate.hasProperty(error, "reason") && Predicate.isObject(error.reason)) {
    const reason = tagOf(error.reason)
    if (reason === "TransportError" || reason === "InvalidUrlError") {
      return { code: reason === "InvalidUrlError" ? Usage : Unreachable, message: `cannot reach Fulcrum: ${messageOf(error)}` }
    }
    // An answer the contract does not describe (a proxy's error page, another service on the port).
    return { code: Refused, message: `unexpected answer: ${messageOf(error)}` }
  }
  if (tag === "SchemaError") return { code: Refused, message: `unexpected answer: ${messageOf(error)}` }
  return { code: Unreachable, message: `unexpected failure: ${messageOf(error)}` }
}
