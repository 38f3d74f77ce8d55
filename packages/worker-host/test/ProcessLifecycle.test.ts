/**
 * The real `fulcrum-worker` bin as a supervisor sees it: SIGTERM is a clean stop (exit 0) also before
 * the worker has started — while it waits for its database, while PGlite opens and migrates — and one
 * PGlite data directory serves one process: a second worker on it stops with exit code 2 and a message
 * naming the first one's pid, while the first keeps running; a lock left by a dead process does not
 * block. (SIGTERM once running, with events in flight, is in GracefulShutdown.test.ts.)
 */
import { assert, describe, it } from "@effect/vitest"
import { SecretCipher } from "@fulcrum/store-sql"
import { Effect, Redacted } from "effect"
import { spawnSync } from "node:child_process"
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { createServer, type Socket } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { eventually } from "./support/Eventually.ts"
import * as WorkerChild from "./support/WorkerChild.ts"

const key = Redacted.value(SecretCipher.generateKey())

/** A data directory for one test (the worker opens `<dir>/pgdata`), removed afterwards. */
const dataDir = Effect.acquireRelease(
  Effect.sync(() => mkdtempSync(join(tmpdir(), "fulcrum-worker-lifecycle-"))),
  (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
)

const lockFile = (dir: string) => join(dir, "pgdata", "fulcrum.lock")
const lockHolder = (dir: string): number => JSON.parse(readFileSync(lockFile(dir), "utf8")).pid

const pgliteEnv = (dir: string) => ({ FULCRUM_DATA_DIR: dir, FULCRUM_SECRET_KEY: key, FULCRUM_SCHEDULER: "memory" })

/** What a worker's JSON log lines say, for the messages a test looks for. */
const messages = (child: WorkerChild.WorkerChild) =>
  child.lines().map((line) => (typeof line === "string" ? line : line.message))

/**
 * A "database" that accepts connections and never answers, like a PostgreSQL behind a firewall that
 * drops packets: a worker connecting to it waits. `connected` succeeds once someone is waiting.
 */
const silentDatabase = Effect.acquireRelease(
  Effect.promise(() =>
    new Promise<{ readonly port: number; readonly sockets: Array<Socket>; readonly close: () => void }>((resolve) => {
      const sockets: Array<Socket> = []
      const server = createServer((socket) => void sockets.push(socket))
      server.listen(0, "127.0.0.1", () => {
        const address = server.address()
        resolve({
          port: typeof address === "object" && address !== null ? address.port : 0,
          sockets,
          close: () => {
            for (const socket of sockets) socket.destroy()
            server.close()
          }
        })
      })
    })
  ),
  (database) => Effect.sync(database.close)
)

describe("the fulcrum-worker process on a signal before it has started", () => {
  it.live("SIGTERM while it waits for PostgreSQL: exit 0, nothing reported as a failure", () =>
    Effect.gen(function*() {
      const database = yield* silentDatabase
      const worker = yield* WorkerChild.spawn({
        entry: "main",
        workerId: "waiting-for-db",
        env: {
          DATABASE_URL: `postgres://fulcrum:secret@127.0.0.1:${database.port}/fulcrum`,
          FULCRUM_SECRET_KEY: key,
          FULCRUM_SCHEDULER: "memory"
        }
      })
      yield* eventually(Effect.suspend(() => database.sockets.length > 0 ? Effect.void : Effect.fail("no connection yet")))
      yield* worker.kill("SIGTERM")
      assert.deepStrictEqual(yield* worker.ended, { code: 0, signal: null }, worker.transcript())
      assert.notInclude(messages(worker), "worker host started")
      assert.isFalse(worker.lines().some((line) => typeof line !== "string" && line.level === "ERROR"), worker.transcript())
    }).pipe(Effect.scoped, Effect.provide(WorkerChild.layer)), 60_000)

  it.live("SIGTERM while PGlite opens and migrates: exit 0, the lock is removed, and the directory opens again", () =>
    Effect.gen(function*() {
      const dir = yield* dataDir
      const first = yield* WorkerChild.spawn({ entry: "main", workerId: "stopped-opening", env: pgliteEnv(dir) })
      // The lock is taken just before PGlite opens the directory.
      yield* eventually(Effect.suspend(() => existsSync(lockFile(dir)) ? Effect.void : Effect.fail("no lock yet")), "60 seconds")
      yield* first.kill("SIGTERM")
      assert.deepStrictEqual(yield* first.ended, { code: 0, signal: null }, first.transcript())
      assert.notInclude(messages(first), "worker host started")
      assert.isFalse(existsSync(lockFile(dir)), "the stopped worker removed its lock")

      // Nothing was left half-done: the next worker opens the directory and starts.
      const second = yield* WorkerChild.spawn({ entry: "main", workerId: "after-stop", env: pgliteEnv(dir) })
      yield* second.awaitLog("worker host started", 90_000)
      yield* second.kill("SIGTERM")
      assert.deepStrictEqual(yield* second.ended, { code: 0, signal: null }, second.transcript())
    }).pipe(Effect.scoped, Effect.provide(WorkerChild.layer)), 180_000)
})

describe("one fulcrum-worker per PGlite data directory", () => {
  it.live("a stale lock does not block; a second worker exits 2 naming the first's pid while the first keeps running", () =>
    Effect.gen(function*() {
      const dir = yield* dataDir
      // A worker that was killed (SIGKILL, a crashed container) left its lock behind.
      const deadPid = spawnSync(process.execPath, ["-e", ""]).pid!
      mkdirSync(join(dir, "pgdata"), { recursive: true })
      writeFileSync(lockFile(dir), JSON.stringify({ pid: deadPid, since: "2026-12-01T09:00:00.000Z" }))

      const first = yield* WorkerChild.spawn({ entry: "main", workerId: "first", env: pgliteEnv(dir) })
      yield* first.awaitLog("worker host started", 90_000)
      const takeover = yield* first.awaitLine("the takeover warning", (line) =>
        typeof line !== "string" && line.message.includes(`took over the lock of pid ${deadPid}`) ? line : undefined)
      assert.strictEqual(takeover.level, "WARN")
      assert.strictEqual(lockHolder(dir), first.pid)

      const second = yield* WorkerChild.spawn({ entry: "main", workerId: "second", env: pgliteEnv(dir) })
      assert.deepStrictEqual(yield* second.ended, { code: 2, signal: null }, second.transcript())
      const refused = yield* second.awaitLog("worker stopped: the database is unavailable", 5_000)
      assert.strictEqual(
        refused.annotations["reason"],
        `Another Fulcrum process (pid ${first.pid}) is using the data directory ${join(dir, "pgdata")}; ` +
          "stop it, or set FULCRUM_DATA_DIR to another directory"
      )

      // The first worker did not notice: still running, still holding the directory.
      assert.notInclude(messages(first), "worker stopped")
      assert.strictEqual(lockHolder(dir), first.pid)
      yield* first.kill("SIGTERM")
      assert.deepStrictEqual(yield* first.ended, { code: 0, signal: null }, first.transcript())
      assert.isFalse(existsSync(lockFile(dir)))
    }).pipe(Effect.scoped, Effect.provide(WorkerChild.layer)), 180_000)
})
