/**
 * Turns what went wrong into the port's typed errors: one per HTTP status family, carrying the endpoint,
 * the permission a 403 is about, and Lever's own `code`/`message` for diagnostics. Every text that came
 * from outside is scrubbed of the secret before it is put into an error.
 */
import { LeverApi } from "@fulcrum/core"
import { Schema, SchemaIssue } from "effect"
import { scrub } from "./Credential.ts"
import { describe, type Endpoint } from "./Endpoint.ts"

/** Lever's error body `{code, message}`; any other shape (or none) is tolerated. */
const ErrorBody = Schema.Struct({
  code: Schema.optional(Schema.Unknown),
  message: Schema.optional(Schema.Unknown)
})

const maxDiagnosticLength = 300

/**
 * Lever's `code` and `message` as one short suffix (` — ResourceNotFound: Opportunity not found`), or
 * `""`. Unknown codes are kept as text, never interpreted: Lever documents only a few.
 */
export const diagnostics = (body: unknown, credentials: LeverApi.LeverCredentials): string => {
  const decoded = Schema.decodeUnknownOption(ErrorBody)(body)
  if (decoded._tag === "None") return ""
  const code = typeof decoded.value.code === "string" ? decoded.value.code : undefined
  const message = typeof decoded.value.message === "string" ? decoded.value.message : undefined
  const text = [code, message].filter((part) => part !== undefined && part.length > 0).join(": ")
  if (text.length === 0) return ""
  const clipped = text.length > maxDiagnosticLength ? `${text.slice(0, maxDiagnosticLength)}…` : text
  return ` — Lever said ${JSON.stringify(scrub(clipped, credentials))}`
}

/** The typed error for a non-2xx answer that is not retried (or no longer retried). */
export const fromStatus = (
  status: number,
  endpoint: Endpoint,
  body: unknown,
  credentials: LeverApi.LeverCredentials
): LeverApi.LeverError => {
  const name = describe(endpoint)
  const said = diagnostics(body, credentials)
  if (status === 401) {
    return new LeverApi.LeverUnauthorized({
      message: `Lever rejected the ${kindOf(credentials)} (401 on ${name}): it is wrong, revoked or expired${said}`
    })
  }
  if (status === 403) {
    return new LeverApi.LeverForbidden({
      endpoint: name,
      permission: endpoint.permission,
      message:
        `Lever refused ${name} (403): the ${kindOf(credentials)} lacks the ${endpoint.permission} permission${said}`
    })
  }
  if (status === 404) {
    return new LeverApi.LeverNotFound({
      endpoint: name,
      message: `Lever found nothing at ${name} (404): it does not exist or is confidential and hidden from this ${
        kindOf(credentials)
      }${said}`
    })
  }
  if (status === 429) {
    return new LeverApi.LeverRateLimited({ endpoint: name, message: `Lever rate-limited ${name} (429)${said}` })
  }
  if (status >= 500 || status === 408) {
    return new LeverApi.LeverUnavailable({ endpoint: name, message: `Lever answered ${status} to ${name}${said}` })
  }
  return new LeverApi.LeverInvalidResponse({
    endpoint: name,
    message: `Lever refused ${name} as invalid (${status})${said}`
  })
}

const kindOf = (credentials: LeverApi.LeverCredentials): string =>
  credentials._tag === "ApiKey" ? "API key" : "OAuth access token"

/** `data[3].emails[0]`: where in Lever's JSON a decoding problem is. */
const formatPath = (path: ReadonlyArray<PropertyKey>): string =>
  path.reduce<string>(
    (acc, key) => typeof key === "number" ? `${acc}[${key}]` : acc.length === 0 ? String(key) : `${acc}.${String(key)}`,
    ""
  ) || "(root)"

const formatter = SchemaIssue.makeFormatterStandardSchemaV1()

/**
 * A response Fulcrum cannot read. The message names the fields (at most three) and what was expected,
 * never the values, which may be personal data.
 */
export const undecodable = (endpoint: Endpoint, issue: SchemaIssue.Issue): LeverApi.LeverInvalidResponse => {
  const issues = formatter(issue).issues
  const listed = issues.slice(0, 3).map((i) => {
    const path = (i.path ?? []).map((segment) => typeof segment === "object" ? segment.key : segment)
    return `${formatPath(path)}: ${i.message}`
  })
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : ""
  return new LeverApi.LeverInvalidResponse({
    endpoint: describe(endpoint),
    message: `Lever's answer to ${describe(endpoint)} could not be read: ${listed.join("; ")}${more}`
  })
}

/** A response that is not JSON at all. */
export const notJson = (endpoint: Endpoint, status: number): LeverApi.LeverInvalidResponse =>
  new LeverApi.LeverInvalidResponse({
    endpoint: describe(endpoint),
    message: `Lever's answer to ${describe(endpoint)} (${status}) is not JSON`
  })
