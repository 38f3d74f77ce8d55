/**
 * A PostgreSQL database of its own for one test run: created with a random name on the server of
 * `DATABASE_URL`, handed to child processes as a URL, and dropped (connections and all) when the
 * scope closes. The processes under test migrate it themselves, as they do in production.
 */
import { PgClient } from "@effect/sql-pg"
import { Context, Effect, Layer, Redacted } from "effect"
import { SqlClient } from "effect/sql"

/** The PostgreSQL server the process tests use, when there is one. */
export const serverUrl: string | undefined = process.env["DATABASE_URL"]?.trim() || undefined

/** Why the PostgreSQL process tests are skipped. */
export const skipReason = "DATABASE_URL is not set: fulcrum-http and fulcrum-worker share a PostgreSQL database"

/** `url` pointing at database `name` on the same server. */
const withDatabase = (url: string, name: string) => {
  const parsed = new URL(url)
  parsed.pathname = `/${name}`
  return parsed.toString()
}

/** Creates a fresh database and returns its URL; it is dropped when the scope closes. */
export const fresh = (url: string) =>
  Effect.gen(function*() {
    const name = `fulcrum_http_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
    const admin = yield* Layer.build(PgClient.layer({ url: Redacted.make(url), maxConnections: 1 }))
    const sql = Context.get(admin, SqlClient.SqlClient)
    yield* Effect.acquireRelease(
      sql`CREATE DATABASE ${sql(name)}`,
      () => sql`DROP DATABASE IF EXISTS ${sql(name)} WITH (FORCE)`.pipe(Effect.ignore)
    )
    return withDatabase(url, name)
  }).pipe(Effect.orDie)
