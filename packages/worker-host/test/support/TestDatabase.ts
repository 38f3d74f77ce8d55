/**
 * A database of its own for each test run: a fresh PostgreSQL schema in the `DATABASE_URL` database
 * (migrated, dropped at the end), or in-memory PGlite when a test can run on either. Worker child
 * processes reach the same schema through `childUrl`, which carries the schema as the connection's
 * `search_path` (the URL's `options` parameter), so they need no setting of their own.
 */
import { fileURLToPath } from "node:url"
import { Database } from "@fulcrum/store-sql"
import { Context, Effect, Layer, Redacted } from "effect"
import { SqlClient } from "effect/sql"

/** The PostgreSQL the multi-process tests share with their worker children, when there is one. */
export const postgresUrl: string | undefined = process.env["DATABASE_URL"]?.trim() || undefined

/** Why a PostgreSQL-only test is skipped. */
export const skipReason = "DATABASE_URL is not set: several processes need a shared PostgreSQL"

/** Where the run's data lives, as a child process must be told. */
export class TestDatabase extends Context.Service<TestDatabase, {
  readonly kind: "postgres" | "pglite"
  /** `DATABASE_URL` for a worker child (PostgreSQL only). */
  readonly childUrl: string
  readonly schema: string
}>()("worker-host/test/TestDatabase") {}

const withSearchPath = (url: string, schema: string): string =>
  `${url}${url.includes("?") ? "&" : "?"}options=${encodeURIComponent(`-c search_path=${schema}`)}`

/** A fresh, migrated schema in the shared PostgreSQL, dropped when the layer closes. */
export const layerPostgres = (url: string): Layer.Layer<SqlClient.SqlClient | TestDatabase, unknown> => {
  const schema = `wh_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
  const client = Database.layerPg({ url: Redacted.make(url), schema, maxConnections: 20 })
  const info = Layer.effect(
    TestDatabase,
    Effect.gen(function*() {
      const sql = yield* SqlClient.SqlClient
      yield* Effect.addFinalizer(() => sql`DROP SCHEMA IF EXISTS ${sql(schema)} CASCADE`.pipe(Effect.ignore))
      return TestDatabase.of({ kind: "postgres", childUrl: withSearchPath(url, schema), schema })
    })
  )
  return info.pipe(Layer.provideMerge(client))
}

/**
 * The PGlite template cache of the test run (the repository's `node_modules/.cache`): a new database is
 * copied or loaded from a migrated template instead of running initdb, ≈ 7 CPU-seconds less each.
 */
const templateCache = fileURLToPath(new URL("../../../../node_modules/.cache/fulcrum-pglite", import.meta.url))

/** In-memory PGlite for tests that run in one process. */
export const layerPglite: Layer.Layer<SqlClient.SqlClient | TestDatabase, unknown> = Layer.succeed(
  TestDatabase,
  TestDatabase.of({ kind: "pglite", childUrl: "", schema: "public" })
).pipe(Layer.provideMerge(Database.layerPglite({ templateCache })))

/** PGlite in `dataDir`, held only while the layer is alive (PGlite is one process per directory). */
export const layerPgliteDir = (dataDir: string): Layer.Layer<SqlClient.SqlClient | TestDatabase, unknown> =>
  Layer.succeed(TestDatabase, TestDatabase.of({ kind: "pglite", childUrl: "", schema: "public" })).pipe(
    Layer.provideMerge(Database.layerPglite({ dataDir, templateCache }))
  )

/** PostgreSQL when `DATABASE_URL` is set, else in-memory PGlite. */
export const layerAny: Layer.Layer<SqlClient.SqlClient | TestDatabase, unknown> = postgresUrl === undefined
  ? layerPglite
  : layerPostgres(postgresUrl)
