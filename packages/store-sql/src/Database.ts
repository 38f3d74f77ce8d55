/**
 * Which database the stores run on: PostgreSQL through `@effect/sql-pg`, or embedded PGlite (in memory
 * or in a data directory) through this package's own small driver. Every layer here provides a
 * `SqlClient` whose database is already migrated to the latest schema, so the same store code and the
 * same migrations run on both.
 *
 * @since 0.1.0
 */
import * as PgClient from "@effect/sql-pg/PgClient"
import { Environment, EnvVariable } from "@fulcrum/core"
import { Effect, Layer, Option, type Redacted } from "effect"
import type { Migrator, SqlError } from "effect/sql"
import { SqlClient } from "effect/sql"
import { join } from "node:path"
import type * as DataDirLock from "./DataDirLock.ts"
import * as DatabaseUnavailable from "./DatabaseUnavailable.ts"
import * as Migrations from "./Migrations.ts"

/**
 * Why a database layer could not start: the database is unreachable or refused a statement, a
 * migration failed, or another process has the PGlite data directory open.
 *
 * @since 0.1.0
 */
export type StartupError = SqlError.SqlError | Migrator.MigrationError | DataDirLock.DataDirInUse

/**
 * Options of the PostgreSQL layer.
 *
 * @since 0.1.0
 */
export interface PgOptions {
  /** `postgres://user:password@host:port/database`; it stays `Redacted`, so it never reaches a log. */
  readonly url: Redacted.Redacted<string>
  /**
   * The PostgreSQL schema that holds Fulcrum's tables, created when missing. Absent: the connection's
   * own `search_path` (usually `public`). Lets an embedder keep Fulcrum apart from its own tables.
   */
  readonly schema?: string | undefined
  /** Pool size (default 10). */
  readonly maxConnections?: number | undefined
}

/**
 * Options of the embedded PGlite layer.
 *
 * @since 0.1.0
 */
export interface PgliteOptions {
  /**
   * Directory of the database files (created when missing); in memory when absent. One process per
   * directory: the layer holds a `DataDirLock` on it and fails with `DataDirInUse` while another has it.
   * A directory without a database is unpacked from the migrated, empty one this package ships (when it
   * has one for its schema) instead of being created by PGlite's initdb.
   */
  readonly dataDir?: string | undefined
  /** Skips the flush after each commit: faster, but a crash (not a clean exit) may lose the last commits. */
  readonly relaxedDurability?: boolean | undefined
  /**
   * A cache directory for a migrated template database: an in-memory database is loaded from the
   * package's shipped dump (or, without one, a dump made here), and a `dataDir` without a database, when
   * the package ships none for its schema, is copied from a template made here, instead of being created
   * by PGlite's initdb (most of a first start's time and memory). Made on first use, one per PGlite
   * version and schema. Absent: an in-memory database runs initdb.
   */
  readonly templateCache?: string | undefined
  /**
   * PostgreSQL's `shared_buffers` in MB (default 16, PostgreSQL's own is 128): PGlite touches all of it
   * as it opens, so it is resident memory from the first second.
   */
  readonly sharedBuffersMb?: number | undefined
}

const quoteIdentifier = (name: string): string => `"${name.replaceAll("\"", "\"\"")}"`

/** The client, provided only once `prepare` and the migrations have run on it. */
const migrated = <E>(
  client: Layer.Layer<SqlClient.SqlClient, E>,
  prepare: Effect.Effect<void, SqlError.SqlError, SqlClient.SqlClient> = Effect.void
) => Layer.effectDiscard(Effect.andThen(prepare, Migrations.run)).pipe(Layer.provideMerge(client))

/**
 * PostgreSQL, migrated at startup.
 *
 * @example
 * ```ts
 * import { Database } from "@fulcrum/store-sql"
 * import { Redacted } from "effect"
 * const Db = Database.layerPg({ url: Redacted.make(process.env.DATABASE_URL!), schema: "fulcrum" })
 * ```
 *
 * @since 0.1.0
 */
export const layerPg = (options: PgOptions): Layer.Layer<SqlClient.SqlClient, StartupError> => {
  const client = PgClient.layer({
    url: options.url,
    applicationName: "fulcrum",
    ...(options.maxConnections === undefined ? {} : { maxConnections: options.maxConnections }),
    startupParameters: {
      // The stores run short statements; when a large backlog lifts the planner's cost estimate of a claim
      // past `jit_above_cost`, JIT compilation adds 50 ms to over a second to a statement that runs in 10.
      jit: "off",
      // Every pooled connection starts in the schema, so unqualified table names resolve there.
      ...(options.schema === undefined ? {} : { search_path: quoteIdentifier(options.schema) })
    }
  })
  const schema = options.schema
  return migrated(
    client,
    schema === undefined
      ? undefined
      : Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        // Two processes starting at once can both pass IF NOT EXISTS and collide on the catalog's
        // unique index; the loser only needs the schema to exist.
        yield* sql`CREATE SCHEMA IF NOT EXISTS ${sql(schema)}`.pipe(
          Effect.catchTag("SqlError", (error) =>
            Effect.flatMap(
              sql`SELECT 1 FROM pg_namespace WHERE nspname = ${schema}`,
              (found) => (found.length > 0 ? Effect.void : Effect.fail(error))
            ))
        )
      })
  )
}

/**
 * Embedded PGlite, in memory or in `dataDir`, migrated at startup. PGlite is one in-process backend:
 * statements are serialised through its single connection, and a transaction holds it until it ends.
 * A `dataDir` is locked for the layer's lifetime (`DataDirLock`): a second process on it fails with
 * `DataDirInUse` instead of corrupting it.
 *
 * @example
 * ```ts
 * import { Database } from "@fulcrum/store-sql"
 * const InMemory = Database.layerPglite()
 * const OnDisk = Database.layerPglite({ dataDir: ".fulcrum/pgdata" })
 * ```
 *
 * @since 0.1.0
 */
export const layerPglite = (options: PgliteOptions = {}): Layer.Layer<SqlClient.SqlClient, StartupError> =>
  migrated(
    // PGlite (its WebAssembly PostgreSQL) is loaded only when a PGlite database is opened: a host on
    // PostgreSQL never loads it.
    Layer.unwrap(Effect.map(Effect.promise(() => import("./internal/PgliteClient.ts")), (client) => client.layer(options)))
  )

/**
 * The environment's choice: PostgreSQL when `DATABASE_URL` is set (and not blank), otherwise PGlite in
 * `FULCRUM_DATA_DIR/pgdata` when `FULCRUM_DATA_DIR` is set, otherwise PGlite in memory (and a warning
 * that nothing survives the process). Start-up failures are `DatabaseUnavailable` (exit code 2), naming
 * the database but never the URL.
 *
 * @since 0.1.0
 */
export const layerFromEnv: Layer.Layer<
  SqlClient.SqlClient,
  DatabaseUnavailable.DatabaseUnavailable | EnvVariable.InvalidConfig
> = Layer.unwrap(
  Effect.gen(function*() {
    const url = yield* EnvVariable.optional(Environment.databaseUrl).read
    if (Option.isSome(url)) {
      yield* Effect.logInfo("store-sql: PostgreSQL from DATABASE_URL")
      return DatabaseUnavailable.atStart(layerPg({ url: url.value }), {
        database: "postgres",
        where: "PostgreSQL (DATABASE_URL)"
      })
    }
    const dataDir = yield* EnvVariable.optional(Environment.dataDir).read
    if (Option.isSome(dataDir)) {
      const dir = join(dataDir.value, "pgdata")
      yield* Effect.logInfo(`store-sql: embedded PGlite in ${dir}`)
      return DatabaseUnavailable.atStart(layerPglite({ dataDir: dir }), { database: "pglite", where: `PGlite in ${dir}` })
    }
    yield* Effect.logWarning(
      "store-sql: embedded PGlite in memory (neither DATABASE_URL nor FULCRUM_DATA_DIR is set); nothing survives the process"
    )
    return DatabaseUnavailable.atStart(layerPglite(), { database: "pglite", where: "PGlite in memory" })
  })
)
