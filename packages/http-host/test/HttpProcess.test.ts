/**
 * `fulcrum-http` as a process, the way an operator meets it: a bad setting stops it at start with a
 * message naming the variable (never its value), `LOG_LEVEL` decides what it logs, and SIGTERM stops it
 * cleanly with exit code 0, as `fulcrum-worker` and the quickstart do. Runs on embedded PGlite in a
 * temporary data directory, so it needs no PostgreSQL.
 */
import { assert, describe, it } from "@effect/vitest"
import { SecretCipher } from "@fulcrum/store-sql"
import { Effect, Layer, Redacted } from "effect"
import { FetchHttpClient } from "effect/http"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as NodeChild from "../../worker-host/test/support/NodeChild.ts"
import * as Processes from "./support/Processes.ts"

const adminToken = "http-process-admin-token-SECRET-4b8d2f6a"

const dataDir = Effect.acquireRelease(
  Effect.promise(() => mkdtemp(join(tmpdir(), "fulcrum-http-test-"))),
  (dir) => Effect.promise(() => rm(dir, { recursive: true, force: true }))
)

/** `fulcrum-http` on PGlite in `dir`, with `env` on top of a working configuration. */
const spawnHost = (dir: string, port: number, env: Record<string, string>) =>
  NodeChild.spawn({
    name: "fulcrum-http",
    script: Processes.scripts.http,
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      FULCRUM_DATA_DIR: dir,
      FULCRUM_SECRET_KEY: Redacted.value(SecretCipher.generateKey()),
      FULCRUM_ADMIN_TOKEN: adminToken,
      ...env
    }
  })

describe("fulcrum-http as a process", () => {
  it.live("a missing or too short admin token stops it at start, naming the variable and not the value", () =>
    Effect.gen(function*() {
      const dir = yield* dataDir
      const port = yield* Processes.freePort
      for (const token of ["", "short-SECRET"]) {
        const child = yield* spawnHost(dir, port, { FULCRUM_ADMIN_TOKEN: token })
        const ended = yield* child.ended
        assert.notStrictEqual(ended.code, 0, child.transcript())
        assert.include(child.transcript(), "FULCRUM_ADMIN_TOKEN")
        if (token !== "") assert.notInclude(child.transcript(), token)
      }
    }).pipe(Effect.scoped, Effect.provide(Processes.layer)), 30_000)

  it.live("logs only from LOG_LEVEL up", () =>
    Effect.gen(function*() {
      const dir = yield* dataDir
      const port = yield* Processes.freePort
      const child = yield* spawnHost(dir, port, { LOG_LEVEL: "warn" })
      yield* Processes.awaitHealthy(`http://127.0.0.1:${port}`, child)
      const output = child.transcript()
      assert.notMatch(output, /\bINFO\b|"level":"INFO"/, `LOG_LEVEL=warn, yet it logged:\n${output}`)
      assert.notInclude(output, adminToken)
    }).pipe(Effect.scoped, Effect.provide(Layer.merge(Processes.layer, FetchHttpClient.layer))), 30_000)

  it.live("stops on SIGTERM with exit code 0", () =>
    Effect.gen(function*() {
      const dir = yield* dataDir
      const port = yield* Processes.freePort
      const child = yield* spawnHost(dir, port, {})
      yield* Processes.awaitHealthy(`http://127.0.0.1:${port}`, child)
      yield* child.kill("SIGTERM")
      assert.deepStrictEqual(yield* child.ended, { code: 0, signal: null }, child.transcript())
    }).pipe(Effect.scoped, Effect.provide(Layer.merge(Processes.layer, FetchHttpClient.layer))), 30_000)
})
