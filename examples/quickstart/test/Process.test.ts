/**
 * The quickstart as the process `./dev.sh start` runs (`node src/main.ts`): SIGTERM once it is ready is
 * a graceful stop with exit code 0, and a second quickstart on the same data directory refuses to start
 * — exit code 2, one line naming the first one's pid and what to do — while the first keeps serving. A
 * bad setting exits 1 before anything is written; an unreachable database exits 2 (see `ExitCode`). (Two processes on one PGlite directory would corrupt it.)
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs"
import { tmpdir } from "node:os"
import { createServer } from "node:net"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import * as NodeChild from "../../../packages/worker-host/test/support/NodeChild.ts"

const main = fileURLToPath(new URL("../src/main.ts", import.meta.url))

const dataDir = Effect.acquireRelease(
  Effect.sync(() => mkdtempSync(join(tmpdir(), "fulcrum-quickstart-process-"))),
  (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
)

const start = (name: string, dir: string, ports: Record<string, string> = {}) =>
  NodeChild.spawn({
    name,
    script: main,
    env: { FULCRUM_DATA_DIR: dir, PORT: "0", LEVER_SANDBOX_PORT: "0", PROVIDER_SANDBOX_PORT: "0", LOG_FORMAT: "json", ...ports }
  })

/** Waits for the banner and returns the host's local URL from it. */
const ready = (quickstart: NodeChild.NodeChild) =>
  quickstart.awaitLine(
    "the banner's Fulcrum URL",
    (line) => typeof line === "string" ? /^Fulcrum\s+(http:\/\/\S+)/.exec(line)?.[1] : undefined,
    120_000
  )

/** A port nobody listens on right now. */
const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address()
      server.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0))
    })
  })

const health = (url: string) => Effect.promise(() => fetch(`${url}/healthz`).then((response) => response.status))

describe("the quickstart process", () => {
  it.live("a bad PORT, LOG_FORMAT or FULCRUM_SECRET_KEY exits 1 before anything is written; an unreachable database exits 2", () =>
    Effect.gen(function*() {
      const dir = yield* dataDir
      const data = join(dir, "data")
      const run = Effect.fnUntraced(function*(env: Record<string, string>) {
        const child = yield* NodeChild.spawn({
          name: "quickstart",
          script: main,
          env: { FULCRUM_DATA_DIR: data, PORT: "0", LEVER_SANDBOX_PORT: "0", PROVIDER_SANDBOX_PORT: "0", LOG_FORMAT: "json", ...env }
        })
        return { ended: yield* child.ended, transcript: child.transcript() }
      })
      for (const env of [{ PORT: "http" }, { LOG_FORMAT: "xml" }, { FULCRUM_SECRET_KEY: "short-SECRET" }]) {
        const { ended, transcript } = yield* run(env)
        assert.deepStrictEqual(ended, { code: 1, signal: null }, transcript)
        assert.include(transcript, Object.keys(env)[0]!)
        assert.notInclude(transcript, "short-SECRET")
        assert.isFalse(existsSync(data), "nothing written before the configuration was checked")
      }
      const port = yield* Effect.promise(() => freePort())
      const unreachable = yield* run({ DATABASE_URL: `postgres://fulcrum:db-SECRET@127.0.0.1:${port}/fulcrum` })
      assert.deepStrictEqual(unreachable.ended, { code: 2, signal: null }, unreachable.transcript)
      assert.include(unreachable.transcript, "ECONNREFUSED")
      assert.notInclude(unreachable.transcript, "db-SECRET")
    }).pipe(Effect.scoped, Effect.provide(NodeChild.layer)), 120_000)

  it.live("a second one on the same data directory exits 2 naming the first; the first stops on SIGTERM with 0", () =>
    Effect.gen(function*() {
      const dir = yield* dataDir
      const first = yield* start("first", dir)
      const url = yield* ready(first)
      assert.strictEqual(yield* health(url), 200)
      // A first start says why it takes longer.
      assert.isTrue(
        first.lines().some((line) =>
          typeof line !== "string" && line.message === "starting Fulcrum quickstart: first start, creating its database"
        ),
        first.transcript()
      )

      const second = yield* start("second", dir)
      const ended = yield* second.ended
      // ExitCode.DatabaseUnavailable: restarting later may help.
      assert.deepStrictEqual(ended, { code: 2, signal: null }, second.transcript())
      assert.isTrue(
        second.lines().some((line) =>
          typeof line !== "string" && line.level === "ERROR" &&
          line.message === `Fulcrum quickstart stopped: Another Fulcrum process (pid ${first.pid}) is using the ` +
              `data directory ${join(dir, "pgdata")}; stop it, or set FULCRUM_DATA_DIR to another directory`
        ),
        second.transcript()
      )

      // The first one never noticed.
      assert.strictEqual(yield* health(url), 200)
      yield* first.kill("SIGTERM")
      assert.deepStrictEqual(yield* first.ended, { code: 0, signal: null }, first.transcript())
      assert.isFalse(existsSync(join(dir, "pgdata", "fulcrum.lock")), "the lock goes with the process")
    }).pipe(Effect.scoped, Effect.provide(NodeChild.layer)), 240_000)

  it.live("a warm start keeps the demo team's webhook registrations: none registered again, both verified", () =>
    Effect.gen(function*() {
      const dir = yield* dataDir
      // The same ports both times, so the webhook URLs and the sandbox's URL stay what was registered.
      const ports = {
        PORT: String(yield* Effect.promise(freePort)),
        LEVER_SANDBOX_PORT: String(yield* Effect.promise(freePort)),
        PROVIDER_SANDBOX_PORT: String(yield* Effect.promise(freePort))
      }
      const messages = (child: NodeChild.NodeChild) =>
        child.lines().flatMap((line) => typeof line === "string" ? [] : [String(line.message)])
      const registered = (message: string) => message.startsWith("demo team: webhooks registered")

      const first = yield* start("first", dir, ports)
      yield* ready(first)
      assert.isTrue(messages(first).some(registered), first.transcript())
      yield* first.kill("SIGTERM")
      assert.deepStrictEqual(yield* first.ended, { code: 0, signal: null }, first.transcript())
      // The sandbox's webhooks hold their signing tokens: owner only, like the data dir's other secrets.
      assert.strictEqual(statSync(join(dir, "lever-sandbox-webhooks.json")).mode & 0o777, 0o600)

      const again = yield* start("again", dir, ports)
      yield* ready(again)
      assert.isFalse(messages(again).some(registered), again.transcript())
      assert.isFalse(messages(again).some((message) => message.includes("Verify connection ping did not reach")), again.transcript())
      yield* again.kill("SIGTERM")
      assert.deepStrictEqual(yield* again.ended, { code: 0, signal: null }, again.transcript())
    }).pipe(Effect.scoped, Effect.provide(NodeChild.layer)), 240_000)
})
