/**
 * A file-system failure around the embedded database (its lock, its template) as the `SqlError` the
 * store's callers already handle: a start-up that cannot touch its files fails like one that cannot reach
 * its database.
 *
 * @internal
 */
import { SqlError } from "effect/sql"

/**
 * `message` with the cause's own message appended, under `operation` (`lock`, `template`).
 *
 * @internal
 */
export const fileError = (operation: string) => (cause: unknown, message: string): SqlError.SqlError =>
  new SqlError.SqlError({
    reason: new SqlError.UnknownError({
      cause,
      message: `${message}: ${cause instanceof Error ? cause.message : String(cause)}`,
      operation
    })
  })
