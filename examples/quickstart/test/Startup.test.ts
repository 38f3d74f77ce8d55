/**
 * The two things the example does before anything else: reading its configuration (a bad value names
 * the variable) and preparing the data dir (secrets made once, owner-only, reused on the next start).
 */
import { assert, describe, it } from "@effect/vitest"
import { ConfigProvider, Effect, Option, Redacted } from "effect"
import { mkdtempSync, rmSync, statSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as DataDir from "../src/DataDir.ts"
import * as QuickstartConfig from "../src/QuickstartConfig.ts"

const withEnv = (env: Record<string, string>) =>
  Effect.provideService(ConfigProvider.ConfigProvider, ConfigProvider.fromUnknown(env))

describe("QuickstartConfig.fromEnv", () => {
  it.effect("has the documented defaults", () =>
    Effect.gen(function*() {
      const config = yield* QuickstartConfig.fromEnv.pipe(withEnv({}))
      assert.strictEqual(config.port, 3000)
      assert.strictEqual(config.sandboxPort, 4010)
      assert.strictEqual(config.host, "127.0.0.1")
      assert.strictEqual(config.dataDir, "./.fulcrum")
      assert.isTrue(Option.isNone(config.publicBaseUrl))
      assert.strictEqual(config.logLevel, "Info")
      assert.strictEqual(config.logFormat, "pretty")
    }))

  it.effect("reads the environment, case-insensitive log levels included", () =>
    Effect.gen(function*() {
      const config = yield* QuickstartConfig.fromEnv.pipe(withEnv({
        PORT: "0",
        LEVER_SANDBOX_PORT: "4999",
        PUBLIC_BASE_URL: "https://fulcrum.example.com/",
        LOG_LEVEL: "debug",
        LOG_FORMAT: "json",
        FULCRUM_ADMIN_TOKEN: "  "
      }))
      assert.strictEqual(config.port, 0)
      assert.strictEqual(config.sandboxPort, 4999)
      assert.deepStrictEqual(config.publicBaseUrl, Option.some("https://fulcrum.example.com"))
      assert.strictEqual(config.logLevel, "Debug")
      assert.strictEqual(config.logFormat, "json")
      // Blank is unset: the example makes its own token.
      assert.isTrue(Option.isNone(config.adminToken))
    }))

  it.effect("names the variable when a value is unusable", () =>
    Effect.gen(function*() {
      const port = yield* Effect.flip(QuickstartConfig.fromEnv.pipe(withEnv({ PORT: "70000" })))
      assert.include(String(port), "PORT")
      const level = yield* Effect.flip(QuickstartConfig.fromEnv.pipe(withEnv({ LOG_LEVEL: "loud" })))
      assert.include(String(level.message), "LOG_LEVEL")
      const url = yield* Effect.flip(QuickstartConfig.fromEnv.pipe(withEnv({ PUBLIC_BASE_URL: "ftp://x" })))
      assert.include(String(url.message), "PUBLIC_BASE_URL")
    }))
})

describe("DataDir.prepare", () => {
  it.live("makes the secrets once, owner-only, and reuses them", () =>
    Effect.gen(function*() {
      const dir = yield* Effect.acquireRelease(
        Effect.sync(() => join(mkdtempSync(join(tmpdir(), "fulcrum-datadir-")), "nested")),
        (path) => Effect.sync(() => rmSync(join(path, ".."), { recursive: true, force: true }))
      )
      const first = yield* DataDir.prepare({ dataDir: dir, secretKey: Option.none(), adminToken: Option.none() })
      assert.strictEqual(first.secretKey.source, "generated")
      assert.strictEqual(first.adminToken.source, "generated")
      assert.strictEqual(Buffer.from(Redacted.value(first.secretKey.value), "base64").length, 32)
      assert.strictEqual(statSync(first.secretKey.file).mode & 0o777, 0o600)
      assert.strictEqual(statSync(first.adminToken.file).mode & 0o777, 0o600)
      assert.strictEqual(statSync(dir).mode & 0o777, 0o700)

      const second = yield* DataDir.prepare({ dataDir: dir, secretKey: Option.none(), adminToken: Option.none() })
      assert.strictEqual(second.secretKey.source, "file")
      assert.strictEqual(Redacted.value(second.secretKey.value), Redacted.value(first.secretKey.value))
      assert.strictEqual(Redacted.value(second.adminToken.value), Redacted.value(first.adminToken.value))

      const fromEnv = yield* DataDir.prepare({
        dataDir: dir,
        secretKey: Option.none(),
        adminToken: Option.some(Redacted.make("from-the-environment"))
      })
      assert.strictEqual(fromEnv.adminToken.source, "environment")
      assert.strictEqual(Redacted.value(fromEnv.adminToken.value), "from-the-environment")
    }))
})
