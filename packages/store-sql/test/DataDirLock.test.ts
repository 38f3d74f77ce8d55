/**
 * One process per PGlite data directory: the PGlite layer holds a lock file while it is open, refuses a
 * directory another running process (or another layer of this one) holds, takes over a lock whose
 * process is gone, and removes its lock when it closes. The multi-process versions (two real hosts on
 * one directory) are in worker-host's and the quickstart's tests.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Logger, References } from "effect"
import { SqlClient } from "effect/sql"
import { spawn, spawnSync } from "node:child_process"
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Database, DataDirLock } from "../src/index.ts"
import { templateCache } from "./support/TestDatabase.ts"

/** A fresh directory for one test, removed afterwards. */
const tempDir = Effect.acquireRelease(
  Effect.sync(() => join(mkdtempSync(join(tmpdir(), "fulcrum-lock-")), "pgdata")),
  (dir) => Effect.sync(() => rmSync(join(dir, ".."), { recursive: true, force: true }))
)

const lockOf = (dir: string) => join(dir, DataDirLock.fileName)
const holderOf = (dir: string): { readonly pid: number; readonly since: string } =>
  JSON.parse(readFileSync(lockOf(dir), "utf8"))

/** The pid of a process that has ended: a lock naming it was left by a crash. */
const deadPid = (): number => spawnSync(process.execPath, ["-e", ""]).pid!

/** A running process other than this one, ended with the scope. */
const otherProcess = Effect.acquireRelease(
  Effect.sync(() => spawn(process.execPath, ["-e", "setTimeout(() => {}, 120000)"], { stdio: "ignore" })),
  (child) => Effect.sync(() => child.kill("SIGKILL"))
).pipe(Effect.map((child) => child.pid!))

const warningsOf = <A, E>(effect: Effect.Effect<A, E>) =>
  Effect.gen(function*() {
    const warnings: Array<{ message: string; annotations: Record<string, unknown> }> = []
    const capture = Logger.make(({ fiber, logLevel, message }) => {
      if (logLevel !== "Warn") return
      warnings.push({
        message: Array.isArray(message) ? message.join(" ") : String(message),
        annotations: { ...fiber.getRef(References.CurrentLogAnnotations) }
      })
    })
    const result = yield* effect.pipe(Effect.provide(Logger.layer([capture])))
    return { result, warnings }
  })

describe("DataDirLock", () => {
  it.live("the PGlite layer holds the lock while open, refuses a second layer, and removes it on close", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const open = Layer.build(Database.layerPglite({ dataDir: dir, templateCache }))

      yield* Effect.scoped(Effect.gen(function*() {
        const first = yield* open
        assert.strictEqual(holderOf(dir).pid, process.pid)

        // A second layer on the directory in this process would corrupt it just the same.
        const error = yield* Effect.flip(Effect.scoped(open))
        assert.strictEqual(error._tag, "DataDirInUse")
        assert.include(error.message, `This process (pid ${process.pid}) already has the data directory ${dir}`)

        // The first is unaffected: its lock and its database are still there.
        assert.strictEqual(holderOf(dir).pid, process.pid)
        const rows = yield* Effect.flatMap(SqlClient.SqlClient, (sql) => sql`SELECT 1 AS one`).pipe(
          Effect.provideContext(first)
        )
        assert.deepStrictEqual(rows, [{ one: 1 }])
      }))

      assert.isFalse(existsSync(lockOf(dir)), "the lock goes with the layer")
      // And the directory opens again.
      yield* Effect.scoped(open)
    }), 120_000)

  it.live("refuses a directory another running process holds, naming its pid and what to do", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const pid = yield* otherProcess
      mkdirSync(dir, { recursive: true })
      const lock = JSON.stringify({ pid, since: "2026-12-01T09:00:00.000Z" })
      writeFileSync(lockOf(dir), lock)

      const error = yield* Effect.flip(Effect.scoped(DataDirLock.acquire(dir)))
      assert.strictEqual(error._tag, "DataDirInUse")
      assert.strictEqual(
        error.message,
        `Another Fulcrum process (pid ${pid}) is using the data directory ${dir}; ` +
          "stop it, or set FULCRUM_DATA_DIR to another directory"
      )
      assert.strictEqual(readFileSync(lockOf(dir), "utf8"), lock, "the holder's lock is left alone")
    }))

  it.live("takes over a lock left by a process that no longer runs, with a warning", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const stale = deadPid()
      mkdirSync(dir, { recursive: true })
      writeFileSync(lockOf(dir), JSON.stringify({ pid: stale, since: "2026-12-01T09:00:00.000Z" }))

      const { warnings } = yield* warningsOf(Effect.scoped(Effect.gen(function*() {
        yield* DataDirLock.acquire(dir)
        assert.strictEqual(holderOf(dir).pid, process.pid)
      })))
      assert.strictEqual(warnings.length, 1)
      assert.include(warnings[0]!.message, `took over the lock of pid ${stale}, which no longer runs`)
      assert.strictEqual(warnings[0]!.annotations["lockFile"], lockOf(dir))
      assert.isFalse(existsSync(lockOf(dir)))
    }))

  it.live("takes over a lock with this process's pid that this process does not hold (a restarted container)", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      mkdirSync(dir, { recursive: true })
      writeFileSync(lockOf(dir), JSON.stringify({ pid: process.pid, since: "2026-12-01T09:00:00.000Z" }))
      const { warnings } = yield* warningsOf(Effect.scoped(Effect.gen(function*() {
        yield* DataDirLock.acquire(dir)
        assert.notStrictEqual(holderOf(dir).since, "2026-12-01T09:00:00.000Z")
      })))
      assert.include(warnings[0]?.message, `a lock left by an earlier process with this one's pid (${process.pid})`)
    }))
})
