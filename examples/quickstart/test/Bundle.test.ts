/**
 * The bundle `./dev.sh start` runs (`dist/main.js`, `src/Bundle.ts`): built from the sources when they
 * changed, it starts to the banner and serves what needs files found next to the sources (PGlite's
 * WebAssembly and template, the settings page, the API docs' lazily loaded chunk), and stops on SIGTERM
 * with 0. A second `--if-stale` build with nothing changed does nothing.
 */
import { assert, describe, it } from "@effect/vitest"
import { SettingsAssets } from "@fulcrum/settings-ui"
import { Effect } from "effect"
import { existsSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as NodeChild from "../../../packages/worker-host/test/support/NodeChild.ts"
import * as Bundle from "../src/Bundle.ts"

const dataDir = Effect.acquireRelease(
  Effect.sync(() => mkdtempSync(join(tmpdir(), "fulcrum-quickstart-bundle-"))),
  (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
)

const status = (url: string) => Effect.promise(() => fetch(url).then((response) => response.status))

describe("the quickstart's bundle", () => {
  it.live("is built when stale, starts to its banner, serves, and stops on SIGTERM with 0", () =>
    Effect.gen(function*() {
      yield* Effect.promise(() => Bundle.bundle({ ifStale: true }))
      assert.isTrue(Bundle.isFresh())
      assert.isFalse(yield* Effect.promise(() => Bundle.bundle({ ifStale: true })), "nothing changed, nothing built")

      const dir = yield* dataDir
      const quickstart = yield* NodeChild.spawn({
        name: "bundle",
        script: Bundle.entry,
        env: { FULCRUM_DATA_DIR: dir, PORT: "0", LEVER_SANDBOX_PORT: "0", PROVIDER_SANDBOX_PORT: "0", LOG_FORMAT: "json" }
      })
      const url = yield* quickstart.awaitLine(
        "the banner's Fulcrum URL",
        (line) => typeof line === "string" ? /^Fulcrum\s+(http:\/\/\S+)/.exec(line)?.[1] : undefined,
        120_000
      )
      assert.strictEqual(yield* status(`${url}/healthz`), 200, quickstart.transcript())
      assert.strictEqual(yield* status(`${url}/docs`), 200, quickstart.transcript())
      // The page's files are found next to settings-ui's sources, not the bundle (503 when not built).
      assert.strictEqual(
        yield* status(`${url}/`),
        existsSync(join(SettingsAssets.distDir, "index.html")) ? 200 : 503,
        quickstart.transcript()
      )
      yield* quickstart.kill("SIGTERM")
      assert.deepStrictEqual(yield* quickstart.ended, { code: 0, signal: null }, quickstart.transcript())
    }).pipe(Effect.scoped, Effect.provide(NodeChild.layer)), 240_000)
})
