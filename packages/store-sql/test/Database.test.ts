import { assert, describe, it } from "@effect/vitest"
import { PgClient } from "@effect/sql-pg"
import { ConfigStore } from "@fulcrum/core"
import { Ids } from "@fulcrum/domain"
import { ConfigProvider, Effect, Layer, Redacted, Schema } from "effect"
import { SqlClient } from "effect/sql"
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { ConfigStoreSql, Database, Migrations } from "../src/index.ts"
import * as PgliteTemplate from "../src/internal/PgliteTemplate.ts"
import { freshSchema, postgresSkipReason, postgresUrl, TestCipher } from "./support/TestDatabase.ts"
import { createdTeam } from "./support/Teams.ts"

const tables = [
  "candidate_timeline",
  "candidates",
  "fulcrum_migrations",
  "inbox_events",
  "inbox_pruned_keys",
  "inbox_team_turns",
  "periodic_tasks",
  "security_log",
  "step_journal",
  "team_secrets",
  "team_tokens",
  "teams"
]

const Names = Schema.Array(Schema.Struct({ name: Schema.String }))
const Applied = Schema.Array(Schema.Struct({ migration_id: Schema.Number, name: Schema.String }))

/** The tables of the current schema, and the migrations recorded as applied. */
const schemaState = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const names = yield* Schema.decodeUnknownEffect(Names)(
    yield* sql`
      SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = current_schema() ORDER BY table_name`
  )
  const applied = yield* Schema.decodeUnknownEffect(Applied)(
    yield* sql`SELECT migration_id, name FROM fulcrum_migrations ORDER BY migration_id`
  )
  return { tables: names.map((row) => row.name), applied }
})

/** Rows in every table but the migrations' own: a template must hold none. */
const dataRows = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  let total = 0
  for (const table of tables.filter((name) => name !== "fulcrum_migrations")) {
    const [row] = yield* sql<{ readonly n: number }>`SELECT count(*)::int AS n FROM ${sql(table)}`
    total += row?.n ?? 0
  }
  return total
})

const latest = Object.keys(Migrations.migrations).map((key) => {
  const [id, ...name] = key.split("_")
  return { migration_id: Number(id), name: name.join("_") }
})

const withEnv = <A, E, R>(env: Record<string, string>, layer: Layer.Layer<A, E, R>) =>
  layer.pipe(Layer.provide(ConfigProvider.layer(ConfigProvider.fromUnknown(env))))


describe("Database on PGlite", () => {
  it.live("without DATABASE_URL or FULCRUM_DATA_DIR: PGlite in memory, migrated from fresh to latest, once", () =>
    Effect.gen(function*() {
      const state = yield* schemaState
      assert.deepStrictEqual(state.tables, tables)
      assert.deepStrictEqual(state.applied, latest)
      const sql = yield* SqlClient.SqlClient
      const version = yield* sql<{ readonly v: string }>`SELECT version() AS v`
      assert.include(version[0]?.v, "PGlite")
      // Running the migrations again applies nothing and changes nothing.
      assert.deepStrictEqual(yield* Migrations.run, [])
      assert.deepStrictEqual(yield* schemaState, state)
    }).pipe(Effect.provide(withEnv({}, Database.layerFromEnv))), 120_000)

  it.live("the interview lookup's GIN index has no pending list (fastupdate off): a lookup never reads the saves since the last vacuum", () =>
    Effect.gen(function*() {
      const sql = yield* SqlClient.SqlClient
      const rows = yield* sql<{ readonly options: ReadonlyArray<string> | null }>`
        SELECT reloptions AS options FROM pg_class WHERE relname = 'candidates_by_interview'`
      assert.deepStrictEqual(rows.map((row) => row.options), [["fastupdate=off"]])
    }).pipe(Effect.provide(withEnv({}, Database.layerFromEnv))), 120_000)

  it.live("keeps its data in FULCRUM_DATA_DIR across restarts, and reopening applies no migration", () =>
    Effect.gen(function*() {
      const dir = mkdtempSync(join(tmpdir(), "fulcrum-store-sql-"))
      const dataDir = join(dir, "nested", "data")
      const teamId = Ids.TeamId.make(`restart-${crypto.randomUUID()}`)
      const stores = (database: Layer.Layer<SqlClient.SqlClient, unknown>) =>
        ConfigStoreSql.layer.pipe(Layer.provideMerge(Layer.merge(database, TestCipher)))
      try {
        yield* Effect.gen(function*() {
          const store = yield* ConfigStore.ConfigStore
          yield* store.create(createdTeam(teamId))
          yield* store.putSecret(teamId, "permanentKey", Redacted.make("kept across restarts"))
        }).pipe(Effect.provide(stores(withEnv({ FULCRUM_DATA_DIR: dataDir }, Database.layerFromEnv))))
        // The environment's data directory holds the database in its `pgdata` subdirectory.
        assert.deepStrictEqual(readdirSync(dataDir), ["pgdata"])

        yield* Effect.gen(function*() {
          const store = yield* ConfigStore.ConfigStore
          assert.deepStrictEqual(yield* store.get(teamId), { settings: createdTeam(teamId), version: 1 })
          const secret = yield* store.getSecret(teamId, "permanentKey")
          assert.strictEqual(secret._tag === "Some" && Redacted.value(secret.value), "kept across restarts")
          assert.deepStrictEqual(yield* Migrations.run, [])
          assert.deepStrictEqual((yield* schemaState).applied, latest)
        }).pipe(Effect.provide(stores(Database.layerPglite({ dataDir: join(dataDir, "pgdata") }))))
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    }), 180_000)

  it.live("a new data directory is unpacked from the shipped template, else copied from the cache's, made once; one with a database is left alone", () =>
    Effect.gen(function*() {
      const dir = mkdtempSync(join(tmpdir(), "fulcrum-store-sql-template-"))
      const templateCache = join(dir, "cache")
      const teamId = Ids.TeamId.make(`template-${crypto.randomUUID()}`)
      const open = (dataDir: string) =>
        ConfigStoreSql.layer.pipe(Layer.provideMerge(Layer.merge(Database.layerPglite({ dataDir, templateCache }), TestCipher)))
      try {
        // The first: unpacked from the shipped template, or the template is made, then copied; migrated and writable.
        yield* Effect.gen(function*() {
          assert.deepStrictEqual(yield* Migrations.run, [])
          assert.deepStrictEqual(yield* schemaState, { tables, applied: latest })
          assert.strictEqual(yield* dataRows, 0)
          yield* (yield* ConfigStore.ConfigStore).create(createdTeam(teamId))
        }).pipe(Effect.provide(open(join(dir, "first"))))
        // The package's shipped dump when it has one (./dev.sh and packing make it): no cache is used.
        const shipped = existsSync(PgliteTemplate.shippedPath())
        const cached = () => (existsSync(templateCache) ? readdirSync(templateCache) : [])
        const [template] = cached()
        if (shipped) assert.strictEqual(template, undefined)
        else assert.match(template ?? "", /^pglite-[\w.]+-\d{4}_\w+$/)
        // Nothing of a data directory's own leaks into the template or into the next copy.
        yield* Effect.gen(function*() {
          assert.deepStrictEqual(yield* Migrations.run, [])
          const missing = yield* Effect.flip((yield* ConfigStore.ConfigStore).get(teamId))
          assert.strictEqual(missing._tag, "TeamNotFound")
        }).pipe(Effect.provide(open(join(dir, "second"))))
        assert.deepStrictEqual(cached(), shipped ? [] : [template])
        // Reopened: its own data, not a fresh copy.
        yield* Effect.gen(function*() {
          assert.strictEqual((yield* (yield* ConfigStore.ConfigStore).get(teamId)).version, 1)
        }).pipe(Effect.provide(open(join(dir, "first"))))
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    }), 300_000)

  it.live("an in-memory database is loaded from the template's dump, made once: migrated, empty, its own", () =>
    Effect.gen(function*() {
      const templateCache = mkdtempSync(join(tmpdir(), "fulcrum-store-sql-dump-"))
      const teamId = Ids.TeamId.make(`dump-${crypto.randomUUID()}`)
      const inMemory = ConfigStoreSql.layer.pipe(Layer.provideMerge(Layer.merge(Database.layerPglite({ templateCache }), TestCipher)))
      try {
        yield* Effect.gen(function*() {
          assert.deepStrictEqual(yield* Migrations.run, [])
          assert.deepStrictEqual(yield* schemaState, { tables, applied: latest })
          assert.strictEqual(yield* dataRows, 0)
          yield* (yield* ConfigStore.ConfigStore).create(createdTeam(teamId))
        }).pipe(Effect.provide(inMemory))
        // The package's shipped dump when it has one (./dev.sh and packing make it), else one made here.
        const shipped = existsSync(PgliteTemplate.shippedPath())
        const [dump] = readdirSync(templateCache)
        if (shipped) assert.strictEqual(dump, undefined)
        else assert.match(dump ?? "", /^pglite-[\w.]+-\d{4}_\w+\.tar$/)
        // The second is loaded from the same file and holds nothing of the first's.
        yield* Effect.gen(function*() {
          assert.deepStrictEqual(yield* Migrations.run, [])
          const missing = yield* Effect.flip((yield* ConfigStore.ConfigStore).get(teamId))
          assert.strictEqual(missing._tag, "TeamNotFound")
        }).pipe(Effect.provide(inMemory))
        assert.deepStrictEqual(readdirSync(templateCache), shipped ? [] : [dump])
      } finally {
        rmSync(templateCache, { recursive: true, force: true })
      }
    }), 300_000)
})

/** A pool on `url` whose connections start in `schema`, without running any migration. */
const rawPool = (url: string, schema: string) =>
  PgClient.layer({ url: Redacted.make(url), startupParameters: { search_path: schema }, maxConnections: 2 })

const dropSchema = (url: string, schema: string) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    yield* sql`DROP SCHEMA IF EXISTS ${sql(schema)} CASCADE`
  }).pipe(Effect.provide(rawPool(url, "public")), Effect.ignore)

if (postgresUrl === undefined) {
  describe.skip(`Database on PostgreSQL (${postgresSkipReason})`, () => {
    it("migrates a fresh schema once, also when processes start together", () => {})
  })
} else {
  const url = postgresUrl
  describe("Database on PostgreSQL", () => {
    it.live("migrates a fresh schema to latest; a second run applies nothing", () => {
      const schema = freshSchema()
      return Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        yield* sql`CREATE SCHEMA ${sql(schema)}`
        assert.deepStrictEqual(yield* Migrations.run, latest.map((m) => [m.migration_id, m.name] as const))
        const state = yield* schemaState
        assert.deepStrictEqual(state.tables, tables)
        assert.deepStrictEqual(state.applied, latest)
        assert.deepStrictEqual(yield* Migrations.run, [])
        assert.deepStrictEqual(yield* schemaState, state)
      }).pipe(Effect.provide(rawPool(url, schema)), Effect.ensuring(dropSchema(url, schema)))
    }, 60_000)

    it.live("applies each migration once when several processes start on a fresh schema together", () => {
      const schema = freshSchema()
      const start = Layer.build(Database.layerPg({ url: Redacted.make(url), schema, maxConnections: 2 }))
      return Effect.gen(function*() {
        // Four pools stand for four processes: all start, all see the latest schema, none fails.
        const clients = yield* Effect.all([start, start, start, start], { concurrency: "unbounded" })
        for (const client of clients) {
          const state = yield* schemaState.pipe(Effect.provideContext(client))
          assert.deepStrictEqual(state.tables, tables)
          assert.deepStrictEqual(state.applied, latest)
        }
      }).pipe(Effect.scoped, Effect.ensuring(dropSchema(url, schema)))
    }, 60_000)

    it.live("with DATABASE_URL: PostgreSQL, in the schema the URL's search_path names", () => {
      const schema = freshSchema()
      const target = new URL(url)
      target.searchParams.set("options", `-c search_path=${schema}`)
      return Effect.gen(function*() {
        yield* Effect.gen(function*() {
          const sql = yield* SqlClient.SqlClient
          yield* sql`CREATE SCHEMA ${sql(schema)}`
        }).pipe(Effect.provide(rawPool(url, "public")))
        yield* Effect.gen(function*() {
          const sql = yield* SqlClient.SqlClient
          const version = yield* sql<{ readonly v: string }>`SELECT version() AS v`
          assert.notInclude(version[0]?.v, "PGlite")
          const current = yield* sql<{ readonly s: string }>`SELECT current_schema() AS s`
          assert.strictEqual(current[0]?.s, schema)
          assert.deepStrictEqual((yield* schemaState).applied, latest)
        }).pipe(
          Effect.provide(
            withEnv({ DATABASE_URL: target.toString(), FULCRUM_DATA_DIR: "/nonexistent" }, Database.layerFromEnv)
          )
        )
      }).pipe(Effect.ensuring(dropSchema(url, schema)))
    }, 60_000)
  })
}
