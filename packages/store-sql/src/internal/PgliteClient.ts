/**
 * A small `SqlClient` over embedded PGlite, built with `effect/sql`'s `SqlClient.make` the way
 * `@effect/sql-pg` builds its own (see docs/adr/0002-embedded-pglite-driver.md for why we own it).
 *
 * PGlite is one PostgreSQL backend with one session, so the client shares that single connection
 * through a one-permit semaphore: a statement outside a transaction holds the permit for the
 * statement, a transaction (or a reserved connection) holds it until its scope closes. Without that,
 * a statement from another fiber would run inside someone else's open transaction.
 *
 * @internal
 */
import { PGlite } from "@electric-sql/pglite"
import type { PGliteOptions, Results } from "@electric-sql/pglite"
import * as PgClient from "@effect/sql-pg/PgClient"
import { Effect, Layer, Semaphore, Stream } from "effect"
import * as Reactivity from "effect/reactivity/Reactivity"
import { SqlClient, SqlError } from "effect/sql"
import type { Migrator, SqlConnection } from "effect/sql"
import * as DataDirLock from "../DataDirLock.ts"
import * as Migrations from "../Migrations.ts"
import * as PgliteTemplate from "./PgliteTemplate.ts"

/** Options of the embedded database. @internal */
export interface PgliteOptions {
  /** Directory of the database files; in memory when absent. */
  readonly dataDir?: string | undefined
  /** Skips fsync after each transaction: faster, may lose the last commits on a crash (not on a clean exit). */
  readonly relaxedDurability?: boolean | undefined
  /**
   * Where a new `dataDir` is copied from, or an in-memory database loaded from (`PgliteTemplate`),
   * instead of running PGlite's initdb.
   */
  readonly templateCache?: string | undefined
  /** PostgreSQL's `shared_buffers` in MB (default {@link defaultSharedBuffersMb}). */
  readonly sharedBuffersMb?: number | undefined
}

/**
 * PostgreSQL's 128 MB of shared buffers live in PGlite's WebAssembly memory and are all touched when it
 * starts: measured, 16 MB open with ≈ 100 MB less resident memory (≈ 300 MB → ≈ 205 MB) and ≈ 20% less
 * CPU. Fulcrum's embedded databases are small, and the operating system still caches their files.
 *
 * @internal
 */
export const defaultSharedBuffersMb = 16

type Rows = ReadonlyArray<Record<string, unknown>>
type TransformRows = (<A extends object>(rows: ReadonlyArray<A>) => ReadonlyArray<A>) | undefined

/**
 * Maps a PostgreSQL error (PGlite raises the server's `DatabaseError` with its SQLSTATE) to the
 * `SqlError` reason `effect/sql` callers match on, as `@effect/sql-pg` does for the wire client.
 */
const classify = (cause: unknown, operation: string): SqlError.SqlError => {
  const code = typeof cause === "object" && cause !== null && "code" in cause && typeof cause.code === "string"
    ? cause.code
    : undefined
  const message = cause instanceof Error ? cause.message : "PGlite failed"
  const props = { cause, message, operation }
  const constraint = typeof cause === "object" && cause !== null && "constraint" in cause &&
      typeof cause.constraint === "string"
    ? cause.constraint
    : "unknown"
  const reason = code === undefined
    ? new SqlError.UnknownError(props)
    : code.startsWith("08")
    ? new SqlError.ConnectionError(props)
    : code.startsWith("28")
    ? new SqlError.AuthenticationError(props)
    : code === "42501"
    ? new SqlError.AuthorizationError(props)
    : code.startsWith("42")
    ? new SqlError.SqlSyntaxError(props)
    : code === "23505"
    ? new SqlError.UniqueViolation({ ...props, constraint })
    : code.startsWith("23")
    ? new SqlError.ConstraintError(props)
    : code === "40P01"
    ? new SqlError.DeadlockError(props)
    : code === "40001"
    ? new SqlError.SerializationError(props)
    : code === "55P03"
    ? new SqlError.LockTimeoutError(props)
    : code === "57014"
    ? new SqlError.StatementTimeoutError(props)
    : new SqlError.UnknownError(props)
  return new SqlError.SqlError({ reason })
}

const makeConnection = (db: PGlite): SqlConnection.Connection => {
  const query = (operation: string, sql: string, params: ReadonlyArray<unknown>) =>
    Effect.tryPromise({
      try: () => db.query<Record<string, unknown>>(sql, params as Array<unknown>),
      catch: (cause) => classify(cause, operation)
    })
  const rows = (operation: string, sql: string, params: ReadonlyArray<unknown>, transform: TransformRows) =>
    Effect.map(query(operation, sql, params), (result): Rows => transform ? transform(result.rows) : result.rows)
  const values = (operation: string, sql: string, params: ReadonlyArray<unknown>) =>
    Effect.tryPromise({
      try: () => db.query<Array<unknown>>(sql, params as Array<unknown>, { rowMode: "array" }),
      catch: (cause) => classify(cause, operation)
    }).pipe(Effect.map((result): ReadonlyArray<ReadonlyArray<unknown>> => result.rows))
  return {
    execute: (sql, params, transform) => rows("execute", sql, params, transform),
    executeUnprepared: (sql, params, transform) => rows("executeUnprepared", sql, params, transform),
    executeRaw: (sql, params) => query("executeRaw", sql, params),
    executeValues: (sql, params) => values("executeValues", sql, params),
    executeValuesUnprepared: (sql, params) => values("executeValuesUnprepared", sql, params),
    // PGlite answers a query with all its rows at once; a stream of one chunk keeps the contract.
    executeStream: (sql, params, transform) => Stream.fromArrayEffect(rows("executeStream", sql, params, transform))
  }
}

/**
 * PostgreSQL answers `COMMIT` of a transaction aborted by an earlier error with `ROLLBACK` and no
 * error. Treat it as the failure it is, as `@effect/sql-pg` does, so a swallowed statement error
 * inside a transaction never looks like a successful commit.
 */
const commit = (conn: SqlConnection.Connection): Effect.Effect<void, SqlError.SqlError> =>
  Effect.flatMap(conn.executeRaw("COMMIT", []), (result) =>
    (result as Results).command === "ROLLBACK"
      ? Effect.fail(
        new SqlError.SqlError({
          reason: new SqlError.UnknownError({
            cause: new Error("COMMIT rolled back an aborted transaction"),
            message: "PGlite: COMMIT rolled back an aborted transaction",
            operation: "commit"
          })
        })
      )
      : Effect.void)

/**
 * Opens PGlite (in memory, or in `dataDir` under its `DataDirLock`) for the lifetime of the scope and
 * builds a `SqlClient` over it. Statements compile with `@effect/sql-pg`'s compiler, so both databases receive the same
 * SQL text.
 *
 * @internal
 */
export const make = Effect.fnUntraced(function*(options: PgliteOptions) {
  // Taken first and released last (scopes close in reverse): the files are never open without it.
  if (options.dataDir !== undefined) {
    yield* DataDirLock.acquire(options.dataDir)
    yield* PgliteTemplate.seed(options.dataDir, options.templateCache, makeTemplate)
  }
  const loadDataDir = options.dataDir === undefined && options.templateCache !== undefined
    ? yield* PgliteTemplate.dump(options.templateCache, makeDump)
    : undefined
  return yield* clientOf(yield* open({ ...options, loadDataDir }), options)
})

/** PGlite opened for the lifetime of the scope. */
const open = (options: PgliteOptions & { readonly loadDataDir?: Blob | undefined }) => {
  const pgliteOptions: PGliteOptions = {
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    ...(options.loadDataDir === undefined ? {} : { loadDataDir: options.loadDataDir }),
    ...(options.relaxedDurability === undefined ? {} : { relaxedDurability: options.relaxedDurability }),
    startParams: [...PGlite.defaultStartParams, "-c", `shared_buffers=${options.sharedBuffersMb ?? defaultSharedBuffersMb}MB`]
  }
  return Effect.acquireRelease(
    Effect.tryPromise({
      try: async () => {
        const db = new PGlite(pgliteOptions)
        await db.waitReady
        return db
      },
      catch: (cause) => classify(cause, "connect")
    }),
    (db) => Effect.tryPromise(() => db.close()).pipe(Effect.ignore)
  )
}

/** The `SqlClient` over an open PGlite. */
const clientOf = (db: PGlite, options: PgliteOptions) => Effect.gen(function*() {
  const connection = makeConnection(db)
  const semaphore = yield* Semaphore.make(1)
  const lease = Effect.as(semaphore.takeScoped(1), connection)
  return yield* SqlClient.make({
    driver: "pglite",
    acquirer: lease,
    transactionAcquirer: lease,
    borrower: (f) => semaphore.withPermit(f(connection)),
    compiler: PgClient.makeCompiler(),
    commit,
    releaseSavepoint: (name) => `RELEASE SAVEPOINT ${name}`,
    spanAttributes: [["db.system.name", "postgresql"], ["db.namespace", options.dataDir ?? "memory"]]
  })
})

/**
 * A migrated, empty in-memory database made by initdb, dumped (uncompressed tar): what an in-memory
 * database is loaded from, and what the package ships (`scripts/template.ts`).
 *
 * @internal
 */
export const makeDump = (): Effect.Effect<Blob, SqlError.SqlError | Migrator.MigrationError> =>
  Effect.gen(function*() {
    const db = yield* open({})
    yield* Effect.provideService(Migrations.run, SqlClient.SqlClient, yield* clientOf(db, {}))
    return yield* Effect.tryPromise({ try: () => db.dumpDataDir("none"), catch: (cause) => classify(cause, "dump") })
  }).pipe(Effect.scoped, Effect.provide(Reactivity.layer))

/** A migrated database in `dir`, closed when done: what a new data directory is copied from. */
const makeTemplate = (dir: string): Effect.Effect<void, SqlError.SqlError | DataDirLock.DataDirInUse | Migrator.MigrationError> =>
  Effect.flatMap(make({ dataDir: dir, relaxedDurability: true }), (client) =>
    Effect.provideService(Migrations.run, SqlClient.SqlClient, client)).pipe(
      Effect.scoped,
      Effect.provide(Reactivity.layer),
      Effect.asVoid
    )

/**
 * The embedded database as a `SqlClient` layer.
 *
 * @internal
 */
export const layer = (
  options: PgliteOptions
): Layer.Layer<SqlClient.SqlClient, SqlError.SqlError | DataDirLock.DataDirInUse | Migrator.MigrationError> =>
  Layer.effect(SqlClient.SqlClient, make(options)).pipe(Layer.provide(Reactivity.layer))
