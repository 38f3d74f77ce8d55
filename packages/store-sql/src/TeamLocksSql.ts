/**
 * `TeamLocks` on SQL: a PostgreSQL transaction-scoped advisory lock (`pg_advisory_xact_lock`) on the
 * key's hash, taken at the start of a transaction that spans the locked effect, so every process on the
 * database waits for it and it is released when the transaction ends, even if the process dies. The
 * effect's own statements run in that transaction (their writes commit with it).
 *
 * @since 0.2.0
 */
import { TeamLocks } from "@fulcrum/core"
import { Effect, Layer } from "effect"
import { SqlClient, SqlError } from "effect/sql"
import * as StoreFailure from "./internal/StoreFailure.ts"

/** Keeps Fulcrum's advisory locks apart from an embedder's (the first argument of the two-key form). */
const lockSpace = 0x46554c4b

/**
 * Builds the locks over the `SqlClient` in context.
 *
 * @since 0.2.0
 */
export const make: Effect.Effect<TeamLocks.TeamLocks["Service"], never, SqlClient.SqlClient> = Effect.map(
  SqlClient.SqlClient,
  (sql) =>
    TeamLocks.TeamLocks.of({
      withLock: (key, effect) =>
        sql.withTransaction(
          Effect.andThen(
            sql`SELECT pg_advisory_xact_lock(${lockSpace}, hashtext(${key}))`.pipe(
              Effect.mapError((error) => StoreFailure.fromSql("TeamLocks.withLock", error))
            ),
            effect
          )
        ).pipe(
          // Only the transaction's own SqlError (begin, commit) becomes a StoreError; the effect's errors pass.
          Effect.mapError((error) =>
            SqlError.isSqlError(error) ? StoreFailure.fromSql("TeamLocks.withLock", error) : error
          )
        )
    })
)

/**
 * The `TeamLocks` over the `SqlClient` in context.
 *
 * @since 0.2.0
 */
export const layer: Layer.Layer<TeamLocks.TeamLocks, never, SqlClient.SqlClient> = Layer.effect(
  TeamLocks.TeamLocks,
  make
)
