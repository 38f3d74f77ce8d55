/**
 * Compares the ways of reaching a database through `effect/sql` on one workload: a JSONB insert plus a
 * select of the row back, sequentially, inside transactions, and from 8 fibers at once. One path per
 * process, so each RSS figure is its own. Prints one JSON line.
 *
 *   node packages/store-sql/test/bench/driver.ts <path> [operations=2000]
 *
 * Paths measured by docs/adr/0002-embedded-pglite-driver.md:
 * - `own`: this package's PGlite driver, in memory; `own-dir`: the same on a data directory.
 * - `pg`: PostgreSQL through `@effect/sql-pg` (needs DATABASE_URL).
 * - `patched`: `@effect/sql-pglite` 4.0.0-beta.93 with its `effect/unstable/` imports rewritten and
 *   `driver: "pglite"` added; `socket`: `@electric-sql/pglite-socket` 0.2.17 served in-process to
 *   `@effect/sql-pg`. Neither is a dependency: unpack them (patched) into a `node_modules` this script
 *   resolves, e.g. packages/store-sql/test/bench/node_modules (ignored by git), to rerun those rows.
 */
import { PgClient } from "@effect/sql-pg"
import { Effect, Layer, Redacted } from "effect"
import { SqlClient } from "effect/sql"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as PgliteClient from "../../src/internal/PgliteClient.ts"

const path = process.argv[2] ?? "own"
const operations = Number(process.argv[3] ?? 2000)
const rss = () => Math.round(process.memoryUsage().rss / 1e6)
const rssBefore = rss()
const started = performance.now()

/** An optional package, imported by a name the type checker does not resolve. */
const optional = (name: string): Promise<any> => import(name)

let layer: Layer.Layer<SqlClient.SqlClient, unknown>
let cleanup = async () => {}
switch (path) {
  case "own":
    layer = PgliteClient.layer({})
    break
  case "own-dir": {
    const dir = mkdtempSync(join(tmpdir(), "fulcrum-bench-"))
    layer = PgliteClient.layer({ dataDir: dir })
    cleanup = async () => rmSync(dir, { recursive: true, force: true })
    break
  }
  case "patched":
    layer = (await optional("@effect/sql-pglite")).PgliteClient.layer({})
    break
  case "socket": {
    const { PGlite } = await import("@electric-sql/pglite")
    const { PGLiteSocketServer } = await optional("@electric-sql/pglite-socket")
    const db = await PGlite.create()
    const server = new PGLiteSocketServer({ db, port: 0, host: "127.0.0.1" })
    await server.start()
    const port = Number(server.server?.address()?.port ?? server.port)
    layer = PgClient.layer({ host: "127.0.0.1", port, username: "postgres", database: "postgres", maxConnections: 1 })
    cleanup = async () => {
      await server.stop()
      await db.close()
    }
    break
  }
  case "pg": {
    const url = process.env["DATABASE_URL"]
    if (!url) throw new Error("the pg path needs DATABASE_URL")
    layer = PgClient.layer({ url: Redacted.make(url), maxConnections: 4 })
    break
  }
  default:
    throw new Error(`unknown path ${path}`)
}

const table = `bench_driver_${process.pid}`
const program = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`CREATE TABLE ${sql(table)} (id bigint PRIMARY KEY, team text NOT NULL, body jsonb NOT NULL)`
  const bootMs = Math.round(performance.now() - started)
  const rssBooted = rss()
  const operation = (i: number) =>
    Effect.gen(function*() {
      yield* sql`INSERT INTO ${sql(table)} (id, team, body) VALUES (${i}, ${`t${i % 7}`}, ${JSON.stringify({ i })}::jsonb)`
      const rows = yield* sql`SELECT id, body FROM ${sql(table)} WHERE id = ${i}`
      if (rows.length !== 1) return yield* Effect.die(new Error(`row ${i} is missing`))
    })
  const perSecond = (count: number, since: number) => Math.round(count / ((performance.now() - since) / 1000))
  const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i)
  yield* Effect.forEach(range(-100, 50), operation, { discard: true })
  let since = performance.now()
  yield* Effect.forEach(range(0, operations), operation, { discard: true })
  const sequential = perSecond(operations, since)
  since = performance.now()
  yield* Effect.forEach(range(operations, operations / 2), (i) => sql.withTransaction(operation(i)), { discard: true })
  const transactions = perSecond(operations / 2, since)
  since = performance.now()
  yield* Effect.forEach(range(2 * operations, operations), operation, { discard: true, concurrency: 8 })
  const concurrent = perSecond(operations, since)
  yield* sql`DROP TABLE ${sql(table)}`
  console.log(JSON.stringify({
    path,
    bootMs,
    rssBeforeMB: rssBefore,
    rssBootedMB: rssBooted,
    rssAfterMB: rss(),
    sequentialOpsPerSec: sequential,
    transactionOpsPerSec: transactions,
    concurrent8OpsPerSec: concurrent
  }))
})

await Effect.runPromise(program.pipe(Effect.provide(layer as Layer.Layer<SqlClient.SqlClient>), Effect.scoped))
await cleanup()
