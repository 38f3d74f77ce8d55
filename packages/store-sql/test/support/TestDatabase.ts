/**
 * Databases for the tests: one per test file, built the first time a suite asks for it and closed after
 * the file, so every suite of a file shares one PGlite boot (about a second and 500 MB) or one pool.
 * PostgreSQL tests run in a schema of their own, dropped afterwards, so concurrent runs never meet.
 */
import { fileURLToPath } from "node:url"
import { Context, Effect, Exit, Layer, Redacted, Scope } from "effect"
import { SqlClient } from "effect/sql"
import { afterAll } from "vitest"
import { Database, SecretCipher } from "../../src/index.ts"

/** `DATABASE_URL` when set (and not blank): the PostgreSQL variants run only then. */
export const postgresUrl: string | undefined = process.env["DATABASE_URL"]?.trim() || undefined

/** Why the PostgreSQL variants are skipped, for their suite names. */
export const postgresSkipReason = "skipped: DATABASE_URL is not set (./dev.sh test sets it when PostgreSQL answers)"

/** A fixed test key (32 bytes, base64): nothing real is ever sealed with it. */
export const testKey = Redacted.make(Buffer.from("fulcrum-store-sql-test-key-32byt").toString("base64"))

/** The cipher of the tests. */
export const TestCipher = SecretCipher.layer({ current: testKey })

/** Builds `layer` once, on first use, in a scope closed after the test file. */
export const shared = <A, E>(layer: Layer.Layer<A, E>): Layer.Layer<A> => {
  const scope = Effect.runSync(Scope.make())
  let built: Promise<Context.Context<A>> | undefined
  afterAll(() => Effect.runPromise(Scope.close(scope, Exit.void)), 60_000)
  return Layer.effectContext(Effect.promise(() => (built ??= Effect.runPromise(Layer.buildWithScope(layer, scope)))))
}

/** A fresh schema name for one PostgreSQL test file. */
export const freshSchema = (): string => `fulcrum_test_${crypto.randomUUID().replaceAll("-", "").slice(0, 20)}`

/** PostgreSQL in `schema` (created and migrated by the layer), dropped when the layer closes. */
export const postgresIn = (url: string, schema: string): Layer.Layer<SqlClient.SqlClient, Database.StartupError> =>
  Layer.effectDiscard(
    Effect.gen(function*() {
      const sql = yield* SqlClient.SqlClient
      yield* Effect.addFinalizer(() => Effect.ignore(sql`DROP SCHEMA IF EXISTS ${sql(schema)} CASCADE`))
    })
  ).pipe(Layer.provideMerge(Database.layerPg({ url: Redacted.make(url), schema, maxConnections: 8 })))

/**
 * The PGlite template cache of the test run (the repository's `node_modules/.cache`): a database in memory
 * is loaded from a migrated dump instead of running initdb, ≈ 7 CPU-seconds less each.
 */
export const templateCache = fileURLToPath(new URL("../../../../node_modules/.cache/fulcrum-pglite", import.meta.url))

/** One PGlite in memory for the whole test file. */
export const sharedPglite = (): Layer.Layer<SqlClient.SqlClient> => shared(Database.layerPglite({ templateCache }))

/** One PostgreSQL schema (and pool) for the whole test file. */
export const sharedPostgres = (url: string): Layer.Layer<SqlClient.SqlClient> => shared(postgresIn(url, freshSchema()))
