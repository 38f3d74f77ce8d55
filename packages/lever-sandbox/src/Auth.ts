/**
 * Authentication and authorization of API calls: HTTP Basic with the API key as the username (password
 * empty), or `Authorization: Bearer <OAuth access token>`. A principal's permissions are its key's
 * checkboxes or its grant's scopes.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import type { Account } from "./Account.ts"
import { ForbiddenError, UnauthorizedError } from "./LeverError.ts"
import type { OAuth } from "./OAuth.ts"
import type { Permission } from "./Permission.ts"
import type { Principal } from "./Principal.ts"

/**
 * The credentials found in an `Authorization` header.
 *
 * @since 0.1.0
 */
export type Credentials =
  | { readonly _tag: "ApiKey"; readonly key: string }
  | { readonly _tag: "Bearer"; readonly token: string }

/**
 * Parses an `Authorization` header. For Basic auth the username is the key; the password is ignored
 * (Lever's is empty).
 *
 * @since 0.1.0
 */
export const parseAuthorization = (header: string | undefined): Credentials | undefined => {
  if (header === undefined) return undefined
  const match = /^\s*(\S+)\s+(\S+)\s*$/.exec(header)
  if (match === null) return undefined
  const scheme = match[1]!.toLowerCase()
  const value = match[2]!
  if (scheme === "bearer") return { _tag: "Bearer", token: value }
  if (scheme !== "basic") return undefined
  const decoded = Buffer.from(value, "base64").toString("utf8")
  const colon = decoded.indexOf(":")
  const key = colon === -1 ? decoded : decoded.slice(0, colon)
  return key.length === 0 ? undefined : { _tag: "ApiKey", key }
}

/**
 * Resolves an `Authorization` header to a principal, or a 401.
 *
 * @since 0.1.0
 */
export const authenticate = (
  account: Account["Service"],
  oauth: OAuth["Service"],
  header: string | undefined
): Effect.Effect<Principal, UnauthorizedError> =>
  Effect.gen(function*() {
    const credentials = parseAuthorization(header)
    if (credentials === undefined) {
      return yield* new UnauthorizedError({
        message: "Missing or malformed Authorization header: use Basic auth with the API key as username, or a Bearer token"
      })
    }
    if (credentials._tag === "Bearer") return yield* oauth.authenticate(credentials.token)
    const key = yield* account.findApiKey(credentials.key)
    if (key === undefined) return yield* new UnauthorizedError({ message: "Invalid API key" })
    if (key.revoked) {
      return yield* new UnauthorizedError({
        message: "This API key has been revoked",
        subject: { kind: "apiKey", id: key.id }
      })
    }
    const principal: Principal = {
      kind: "apiKey",
      id: key.id,
      name: key.name,
      permissions: new Set(key.permissions),
      confidential: key.confidential
    }
    return principal
  })

/**
 * Succeeds when the principal holds one of `anyOf`; otherwise a 403 naming the (first) missing permission.
 *
 * @since 0.1.0
 */
export const authorize = (
  principal: Principal,
  anyOf: ReadonlyArray<Permission>
): Effect.Effect<void, ForbiddenError> => {
  if (anyOf.length === 0 || anyOf.some((p) => principal.permissions.has(p))) return Effect.void
  const missing = anyOf[0]!
  const what = principal.kind === "apiKey" ? "This API key" : "This access token"
  return Effect.fail(
    new ForbiddenError({ message: `${what} is missing the permission ${missing}`, missing })
  )
}
