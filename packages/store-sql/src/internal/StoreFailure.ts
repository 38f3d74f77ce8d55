/**
 * Turns SQL and schema failures into the ports' `StoreError`, named by the operation that failed.
 *
 * A message never carries a parameter value: PostgreSQL quotes the offending input in data errors
 * ("invalid input syntax for type bigint: ...") and schema issues quote the value that failed, and
 * either could be a secret. So the message keeps only what locates the fault: the reason, the
 * SQLSTATE, the constraint, and the server's text for the error classes that name objects rather
 * than values (syntax, undefined table or column, connection and authentication failures).
 *
 * @internal
 */
import { StoreError } from "@fulcrum/core"
import { Effect, Predicate } from "effect"
import type { Schema } from "effect"
import type { SqlError } from "effect/sql"

const property = (value: unknown, key: string): string | undefined =>
  Predicate.hasProperty(value, key) && typeof value[key] === "string" ? value[key] : undefined

const sqlMessage = (error: SqlError.SqlError): string => {
  const reason = error.reason
  const cause = reason.cause
  const code = property(cause, "code")
  const parts: Array<string> = [reason._tag]
  // PostgreSQL's five-character SQLSTATE, or a socket error code (ECONNREFUSED) from the driver.
  if (code !== undefined) parts.push(/^[0-9A-Z]{5}$/.test(code) ? `SQLSTATE ${code}` : code)
  if (reason._tag === "UniqueViolation") parts.push(`constraint ${reason.constraint}`)
  else {
    const constraint = property(cause, "constraint")
    if (constraint !== undefined) parts.push(`constraint ${constraint}`)
  }
  const namesObjectsOnly = reason._tag === "SqlSyntaxError" || reason._tag === "ConnectionError" ||
    reason._tag === "AuthenticationError" || reason._tag === "AuthorizationError"
  const text = property(cause, "message") ?? reason.message
  return namesObjectsOnly && text !== undefined ? `${parts.join(", ")}: ${text}` : parts.join(", ")
}

/**
 * A `StoreError` for `operation` from a SQL failure.
 *
 * @internal
 */
export const fromSql = (operation: string, error: SqlError.SqlError): StoreError.StoreError =>
  new StoreError.StoreError({ operation, message: sqlMessage(error) })

/**
 * A `StoreError` for `operation` from a value or row that did not match its schema.
 *
 * @internal
 */
export const fromSchema = (operation: string, _error: Schema.SchemaError): StoreError.StoreError =>
  new StoreError.StoreError({
    operation,
    message: "a stored row or a value to store does not match its schema"
  })

/**
 * Maps the SQL and schema failures of an effect to `StoreError`s named `operation`, keeping every
 * other (domain) failure as it is.
 *
 * @internal
 */
export const mapErrors = (operation: string) =>
<A, E, R>(
  self: Effect.Effect<A, E, R>
): Effect.Effect<A, Exclude<E, SqlError.SqlError | Schema.SchemaError> | StoreError.StoreError, R> =>
  Effect.catchIf(
    self,
    (error): error is Extract<E, SqlError.SqlError | Schema.SchemaError> =>
      Predicate.isTagged(error, "SqlError") || Predicate.isTagged(error, "SchemaError"),
    (error) =>
      Effect.fail(
        Predicate.isTagged(error, "SqlError")
          ? fromSql(operation, error as SqlError.SqlError)
          : fromSchema(operation, error as Schema.SchemaError)
      )
  ) as Effect.Effect<A, Exclude<E, SqlError.SqlError | Schema.SchemaError> | StoreError.StoreError, R>
