/**
 * Scratch PostgreSQL databases for one benchmark run: created with a unique name on the server named by
 * `BENCH_PG_URL` (default `postgres://postgres@127.0.0.1:5432/test`, which only serves as the admin
 * connection) and dropped when the scope closes, so runs never see each other's rows.
 */
import { PgClient } from "@effect/sql-pg"
import { Config, Effect, Layer, Option, Redacted } from "effect"
import { SqlClient } from "effect/sql"
import { existsSync } from "node:fs"

/** The admin connection URL; every scratch database lives on the same server. */
export const adminUrl = Config.String("BENCH_PG_URL").pipe(
  Config.withDefault("postgres://postgres@127.0.0.1:5432/test")
)

/** `adminUrl` with its database name replaced. */
export const urlFor = (admin: string, database: string): string => {
  const url = new URL(admin)
  url.pathname = `/${database}`
  return url.toString()
}

/** A one-connection client on the database at `url`, for the bench's own checks (never migrated). */
export const clientFor = (url: string, applicationName = "fulcrum-bench") =>
  PgClient.layer({ url: Redacted.make(url), maxConnections: 1, applicationName })

/** A one-connection client on the admin database (never migrated: it only creates and drops). */
export const admin = Layer.unwrap(Effect.map(adminUrl, (url) => clientFor(url, "fulcrum-bench-admin")))

/** The server's Unix socket directory (`BENCH_PG_SOCKET_DIR`, default `/var/run/postgresql`). */
export const socketDir = Config.String("BENCH_PG_SOCKET_DIR").pipe(Config.withDefault("/var/run/postgresql"))

/**
 * `url` reaching the same server through its Unix socket in `dir` (`?host=<dir>`, understood by both
 * `@effect/sql-pg` and `pg`), when the socket for the URL's port exists there.
 */
export const viaSocket = (url: string, dir: string): Option.Option<string> => {
  const parsed = new URL(url)
  if (!existsSync(`${dir}/.s.PGSQL.${parsed.port || "5432"}`)) return Option.none()
  parsed.searchParams.set("host", dir)
  return Option.some(parsed.toString())
}

/**
 * A fresh, empty database named `<prefix>_<pid>_<random>` for the lifetime of the scope; its URL (through
 * `socketDir` when given, see `viaSocket`). Dropping it ends any connection still open to it (a crashed
 * child worker, a pool not yet closed).
 */
export const scratch = (prefix: string, socket?: string) =>
  Effect.gen(function*() {
    const base = yield* adminUrl
    const name = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`
    const run = <A, E>(f: (sql: SqlClient.SqlClient) => Effect.Effect<A, E>) =>
      Effect.flatMap(SqlClient.SqlClient, f).pipe(Effect.provide(admin))
    yield* Effect.acquireRelease(
      run((sql) => sql.unsafe(`CREATE DATABASE "${name}"`)),
      () => run((sql) => sql.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).pipe(Effect.ignore)
    )
    const url = urlFor(base, name)
    return { name, url: socket === undefined ? url : Option.getOrElse(viaSocket(url, socket), () => url) }
  })
