/**
 * `fulcrum-http` as a process, the way an operator meets it: a bad setting stops it at start with a
 * message naming the variable (never its value) and exit code 1 before anything is written, a database
 * that cannot be opened (unreachable, or the data directory held by another process) with exit code 2, `LOG_LEVEL` decides what it logs, and SIGTERM stops it
 * cleanly with exit code 0, as `fulcrum-worker` and the quickstart do; with `FULCRUM_PROVIDER_SECRET` it
 * takes the provider's signed webhooks (on the webhook fast path, which must hold that secret too). Runs on embedded PGlite in a
 * temporary data directory, so it needs no PostgreSQL.
 */
import { assert, describe, it } from "@effect/vitest"
import { FulcrumClient } from "@fulcrum/api"
import { StandardWebhooks } from "@fulcrum/core"
import { SecretCipher } from "@fulcrum/store-sql"
import { Effect, Layer, Redacted } from "effect"
import { FetchHttpClient } from "effect/http"
import { mkdirSync, readdirSync, writeFileSync } from "node:fs"
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
    }).pipe(Effect.scoped, Effect.provide(Processes.layer)), 60_000)

  it.live("exits 1 on a bad PORT or FULCRUM_SECRET_KEY before writing anything, 2 when the database cannot be opened", () =>
    Effect.gen(function*() {
      const dir = yield* dataDir
      const port = yield* Processes.freePort
      const startWith = Effect.fnUntraced(function*(env: Record<string, string>) {
        const child = yield* spawnHost(dir, port, env)
        return { ended: yield* child.ended, transcript: child.transcript() }
      })
      for (const env of [{ PORT: "http" }, { PORT: "70000" }, { FULCRUM_SECRET_KEY: "short-SECRET" }]) {
        const { ended, transcript } = yield* startWith(env)
        assert.deepStrictEqual(ended, { code: 1, signal: null }, transcript)
        assert.include(transcript, Object.keys(env)[0]!)
        assert.notInclude(transcript, "short-SECRET")
        assert.deepStrictEqual(readdirSync(dir), [], "nothing written before the configuration was checked")
      }
      // Nobody listens on a port just freed: the database is unreachable.
      const unreachable = yield* startWith({ DATABASE_URL: `postgres://fulcrum:db-SECRET@127.0.0.1:${port}/fulcrum` })
      assert.deepStrictEqual(unreachable.ended, { code: 2, signal: null }, unreachable.transcript)
      assert.include(unreachable.transcript, "ECONNREFUSED")
      assert.notInclude(unreachable.transcript, "db-SECRET")
      // The data directory's lock names a live process (this one): another Fulcrum has it.
      mkdirSync(join(dir, "pgdata"))
      writeFileSync(join(dir, "pgdata", "fulcrum.lock"), JSON.stringify({ pid: process.pid, since: new Date().toISOString() }))
      const inUse = yield* startWith({})
      assert.deepStrictEqual(inUse.ended, { code: 2, signal: null }, inUse.transcript)
      assert.include(inUse.transcript, `Another Fulcrum process (pid ${process.pid}) is using the data directory`)
    }).pipe(Effect.scoped, Effect.provide(Processes.layer)), 60_000)

  it.live("logs only from LOG_LEVEL up", () =>
    Effect.gen(function*() {
      const dir = yield* dataDir
      const port = yield* Processes.freePort
      const child = yield* spawnHost(dir, port, { LOG_LEVEL: "warn" })
      yield* Processes.awaitHealthy(`http://127.0.0.1:${port}`, child)
      const output = child.transcript()
      assert.notMatch(output, /\bINFO\b|"level":"INFO"/, `LOG_LEVEL=warn, yet it logged:\n${output}`)
      assert.notInclude(output, adminToken)
    }).pipe(Effect.scoped, Effect.provide(Layer.merge(Processes.layer, FetchHttpClient.layer))), 120_000)

  it.live("with FULCRUM_PROVIDER_SECRET, a signed provider webhook is accepted, its repeat acknowledged, a forged one refused", () =>
    Effect.gen(function*() {
      const dir = yield* dataDir
      const port = yield* Processes.freePort
      const secret = StandardWebhooks.generateSecret()
      const url = `http://127.0.0.1:${port}`
      const child = yield* spawnHost(dir, port, {
        FULCRUM_PROVIDER_SECRET: Redacted.value(secret),
        FULCRUM_ALLOW_CUSTOM_LEVER_URL: "true"
      })
      yield* Processes.awaitHealthy(url, child)
      const client = yield* FulcrumClient.make({ baseUrl: url, token: Redacted.make(adminToken) })
      const created = yield* client.teams.create({
        payload: { name: "Provider Process", lever: { environment: "custom", baseUrl: "http://127.0.0.1:9" } }
      })
      const body = JSON.stringify({
        type: "interview.started",
        timestamp: new Date().toISOString(),
        data: { interviewId: "iv_process" }
      })
      const deliver = (key: Redacted.Redacted<string>) =>
        Effect.flatMap(
          StandardWebhooks.sign(key, { id: "msg_process", timestampSeconds: Date.now() / 1000, body }),
          (headers) =>
            Effect.promise(async () => {
              const response = await fetch(`${url}/webhooks/provider/${created.body.settings.teamId}`, {
                method: "POST",
                headers: { ...headers, "content-type": "application/json" },
                body
              })
              return { status: response.status, body: await response.json() as { readonly status?: string; readonly code?: string } }
            })
        )
      const accepted = yield* deliver(secret)
      assert.strictEqual(accepted.status, 202, JSON.stringify(accepted.body))
      assert.strictEqual(accepted.body.status, "accepted")
      const repeated = yield* deliver(secret)
      assert.strictEqual(repeated.status, 200, JSON.stringify(repeated.body))
      assert.strictEqual(repeated.body.status, "duplicate")
      const forged = yield* deliver(StandardWebhooks.generateSecret())
      assert.strictEqual(forged.status, 401, JSON.stringify(forged.body))
      assert.notInclude(child.transcript(), Redacted.value(secret))
    }).pipe(Effect.scoped, Effect.provide(Layer.merge(Processes.layer, FetchHttpClient.layer))), 120_000)

  it.live("stops on SIGTERM with exit code 0", () =>
    Effect.gen(function*() {
      const dir = yield* dataDir
      const port = yield* Processes.freePort
      const child = yield* spawnHost(dir, port, {})
      yield* Processes.awaitHealthy(`http://127.0.0.1:${port}`, child)
      yield* child.kill("SIGTERM")
      assert.deepStrictEqual(yield* child.ended, { code: 0, signal: null }, child.transcript())
    }).pipe(Effect.scoped, Effect.provide(Layer.merge(Processes.layer, FetchHttpClient.layer))), 120_000)
})
