/**
 * Why a process could not open its database at start, as one error every host reports the same way: the
 * database unreachable, its migration refused, or the PGlite data directory held by another process.
 * It carries exit code 2 (`ExitCode.DatabaseUnavailable` of `@fulcrum/node-process`: restart with
 * backoff), so `fulcrum-worker`, `fulcrum-http` and the quickstart exit alike.
 *
 * @since 0.1.0
 */
import { Cause, Effect, Layer, Predicate, Runtime, Schema } from "effect"
import * as DataDirLock from "./DataDirLock.ts"

/**
 * The database could not be reached, or refused the schema migration, at start, or another process has
 * the PGlite data directory (the message names its pid). `message` describes the failure without the
 * connection URL (it may hold a password). Exit code 2.
 *
 * @since 0.1.0
 */
export class DatabaseUnavailable extends Schema.TaggedError<DatabaseUnavailable>()("DatabaseUnavailable", {
  database: Schema.Literals(["postgres", "pglite"]),
  message: Schema.String
}) {
  // `ExitCode.DatabaseUnavailable`; the adapters do not depend on the process package.
  override readonly [Runtime.errorExitCode] = 2
}

/**
 * The driver's own words for why the database failed, with the causes under it ("Failed to connect:
 * connect ECONNREFUSED 127.0.0.1:5432"). Driver messages name hosts and users, never passwords.
 */
const reasonOf = (cause: Cause.Cause<unknown>): string => {
  const messages: Array<string> = []
  let current: unknown = Cause.squash(cause)
  for (let depth = 0; depth < 4 && Predicate.hasProperty(current, "message"); depth++) {
    const message = String(current.message)
    if (message.length > 0 && !messages.some((known) => known.includes(message))) messages.push(message)
    current = Predicate.hasProperty(current, "reason") && Predicate.hasProperty(current.reason, "cause")
      ? current.reason.cause
      : Predicate.hasProperty(current, "cause")
      ? current.cause
      : undefined
  }
  return messages.length > 0 ? messages.join(": ") : "no reason given"
}

/**
 * A database layer whose start-up failures are `DatabaseUnavailable`: the driver's reason, never the URL;
 * a data directory held by another process in its own words (which pid, what to do). A signal during
 * start-up stays an interruption, so it ends as the clean stop it is.
 *
 * @example
 * ```ts
 * import { Database, DatabaseUnavailable } from "@fulcrum/store-sql"
 * const client = DatabaseUnavailable.atStart(Database.layerPglite({ dataDir: "/var/lib/fulcrum/pgdata" }), {
 *   database: "pglite",
 *   where: "PGlite in /var/lib/fulcrum/pgdata"
 * })
 * ```
 *
 * @since 0.1.0
 */
export const atStart = <A, E, R>(
  layer: Layer.Layer<A, E, R>,
  options: { readonly database: "postgres" | "pglite"; readonly where: string }
): Layer.Layer<A, DatabaseUnavailable, R> =>
  Layer.catchCause(layer, (cause) => {
    if (Cause.hasInterruptsOnly(cause)) return Layer.effectContext(Effect.interrupt)
    const error = Cause.squash(cause)
    return Layer.effectContext<A, DatabaseUnavailable, never>(
      Effect.fail(
        new DatabaseUnavailable({
          database: options.database,
          message: error instanceof DataDirLock.DataDirInUse
            ? error.message
            : `${options.where} could not be opened or migrated: ${reasonOf(cause)}`
        })
      )
    )
  })
