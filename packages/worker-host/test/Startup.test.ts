/**
 * Starting a worker: the configuration an operator writes is checked before anything connects, a
 * mistake names the variable and never echoes a secret, and the process exit code tells a supervisor
 * what went wrong (1: fix the configuration; 2: the database is not reachable yet).
 */
import { assert, describe, it } from "@effect/vitest"
import { InterviewSchedulerMemory } from "@fulcrum/core"
import { SecretCipher } from "@fulcrum/store-sql"
import { ConfigProvider, Effect, Layer, Logger, Option, Redacted } from "effect"
import { hostname } from "node:os"
import { SchedulerChoice, WorkerConfig, WorkerHost } from "../src/index.ts"
import * as WorkerChild from "./support/WorkerChild.ts"

const key = Redacted.value(SecretCipher.generateKey())
const secret = "hunter2"

const load = (env: Record<string, string>) =>
  WorkerConfig.load.pipe(Effect.provideService(ConfigProvider.ConfigProvider, ConfigProvider.fromEnv({ env })))

const failure = (env: Record<string, string>) =>
  Effect.flip(load(env)).pipe(Effect.map((error) => ({ variable: error.variable, message: error.message })))

describe("WorkerConfig", () => {
  it.effect("fills in the documented defaults", () =>
    Effect.gen(function*() {
      const config = yield* load({ FULCRUM_DATA_DIR: "/var/lib/fulcrum", FULCRUM_SECRET_KEY: key })
      assert.deepStrictEqual(config.database, { _tag: "Pglite", dataDir: "/var/lib/fulcrum/pgdata" })
      assert.deepStrictEqual(config.worker, {
        workerId: `${hostname()}-${process.pid}`,
        concurrency: 8,
        leaseMs: 10_000,
        shutdownGraceMs: 10_000,
        pollIntervalMs: 100
      })
      assert.deepStrictEqual(config.policy, {
        allowCustomLeverUrl: false,
        maxAttempts: 8,
        maxInterruptions: 50,
        baseRetryDelayMs: 2_000,
        maxRetryDelayMs: 300_000
      })
      assert.deepStrictEqual(config.scheduler, Option.none())
      assert.strictEqual(config.logLevel, "Info")
    }))

  it.effect("reads every setting, and prefers PostgreSQL when both databases are given", () =>
    Effect.gen(function*() {
      const config = yield* load({
        DATABASE_URL: `postgres://fulcrum:${secret}@db.internal:5432/fulcrum`,
        FULCRUM_DATA_DIR: "/ignored",
        FULCRUM_SECRET_KEY: key,
        WORKER_ID: "worker-7",
        WORKER_CONCURRENCY: "16",
        WORKER_LEASE_MS: "5000",
        WORKER_SHUTDOWN_GRACE_MS: "0",
        WORKER_MAX_ATTEMPTS: "3",
        WORKER_MAX_INTERRUPTIONS: "20",
        WORKER_RETRY_BASE_DELAY_MS: "50",
        WORKER_RETRY_MAX_DELAY_MS: "1000",
        FULCRUM_ALLOW_CUSTOM_LEVER_URL: "true",
        FULCRUM_SCHEDULER: "memory",
        LOG_LEVEL: "debug"
      })
      assert.strictEqual(config.database._tag, "Postgres")
      assert.strictEqual(String(config.database._tag === "Postgres" ? config.database.url : ""), "<redacted>")
      assert.deepStrictEqual(
        [config.worker.workerId, config.worker.concurrency, config.worker.leaseMs, config.worker.shutdownGraceMs],
        ["worker-7", 16, 5_000, 0]
      )
      assert.deepStrictEqual(config.policy, {
        allowCustomLeverUrl: true,
        maxAttempts: 3,
        maxInterruptions: 20,
        baseRetryDelayMs: 50,
        maxRetryDelayMs: 1_000
      })
      assert.deepStrictEqual(config.scheduler, Option.some("memory"))
      assert.strictEqual(config.logLevel, "Debug")
    }))

  it.effect("names the variable that is wrong, and never repeats a secret", () =>
    Effect.gen(function*() {
      const base = { DATABASE_URL: "postgres://localhost/fulcrum", FULCRUM_SECRET_KEY: key }
      const cases: ReadonlyArray<readonly [Record<string, string>, string]> = [
        [{ FULCRUM_SECRET_KEY: key }, "DATABASE_URL"],
        [{ ...base, DATABASE_URL: `mysql://root:${secret}@localhost/fulcrum` }, "DATABASE_URL"],
        [{ DATABASE_URL: "postgres://localhost/fulcrum" }, "FULCRUM_SECRET_KEY"],
        [{ ...base, FULCRUM_SECRET_KEY: `${secret}-is-not-a-key` }, "FULCRUM_SECRET_KEY"],
        [{ ...base, FULCRUM_SECRET_KEY_PREVIOUS: `${key},${secret}` }, "FULCRUM_SECRET_KEY_PREVIOUS"],
        [{ ...base, WORKER_CONCURRENCY: "0" }, "WORKER_CONCURRENCY"],
        [{ ...base, WORKER_CONCURRENCY: "eight" }, "WORKER_CONCURRENCY"],
        [{ ...base, WORKER_LEASE_MS: "100" }, "WORKER_LEASE_MS"],
        [{ ...base, WORKER_SHUTDOWN_GRACE_MS: "-1" }, "WORKER_SHUTDOWN_GRACE_MS"],
        [{ ...base, WORKER_RETRY_BASE_DELAY_MS: "5000", WORKER_RETRY_MAX_DELAY_MS: "1000" }, "WORKER_RETRY_MAX_DELAY_MS"],
        [{ ...base, FULCRUM_ALLOW_CUSTOM_LEVER_URL: "maybe" }, "FULCRUM_ALLOW_CUSTOM_LEVER_URL"],
        [{ ...base, FULCRUM_SCHEDULER: "http" }, "FULCRUM_SCHEDULER"],
        [{ ...base, LOG_LEVEL: "loud" }, "LOG_LEVEL"]
      ]
      for (const [env, variable] of cases) {
        const error = yield* failure(env)
        assert.strictEqual(error.variable, variable, JSON.stringify(error))
        assert.include(error.message, variable)
        assert.notInclude(error.message, secret)
        assert.notInclude(error.message, key)
      }
    }))
})

describe("the scheduler of fulcrum-worker", () => {
  const env = { DATABASE_URL: `postgres://fulcrum:${secret}@127.0.0.1:1/fulcrum`, FULCRUM_SECRET_KEY: key }
  const start = <E>(worker: Layer.Layer<never, E>, variables: Record<string, string>) =>
    Effect.flip(Layer.build(worker)).pipe(
      Effect.scoped,
      Effect.provideService(ConfigProvider.ConfigProvider, ConfigProvider.fromEnv({ env: variables }))
    )

  it.live("has no default: without FULCRUM_SCHEDULER the bin's composition stops, naming it and what it takes", () =>
    Effect.gen(function*() {
      const error = yield* start(WorkerHost.layerFromEnv(), env)
      assert.strictEqual(error._tag, "InvalidConfig")
      assert.strictEqual(error._tag === "InvalidConfig" ? error.variable : "", "FULCRUM_SCHEDULER")
      assert.include(error.message, "FULCRUM_SCHEDULER is required")
      assert.include(error.message, "\"memory\"")
      assert.notInclude(error.message, secret)
    }))

  it.live("is not asked of a host that passes its own scheduler Layer", () =>
    Effect.gen(function*() {
      // The configuration passes; the start then stops at the (unreachable) database.
      const error = yield* start(WorkerHost.layerFromEnv({ scheduler: InterviewSchedulerMemory.layer }), env)
      assert.strictEqual(error._tag, "DatabaseUnavailable")
    }))

  it.effect("memory, when asked for by name, warns at start that no candidate receives an invite", () =>
    Effect.gen(function*() {
      const warnings: Array<string> = []
      const capture = Logger.make(({ logLevel, message }) => {
        if (logLevel === "Warn") warnings.push(Array.isArray(message) ? message.join(" ") : String(message))
      })
      yield* Layer.build(SchedulerChoice.layer("memory")).pipe(Effect.scoped, Effect.provide(Logger.layer([capture])))
      assert.strictEqual(warnings.length, 1)
      assert.include(warnings[0], "FULCRUM_SCHEDULER=memory")
      assert.include(warnings[0], "no candidate receives one")
    }))
})

describe("the fulcrum-worker process at start", () => {
  it.live("exits 1 on invalid configuration or no FULCRUM_SCHEDULER, 2 when the database is unreachable, without echoing secrets", () =>
    Effect.gen(function*() {
      const run = (workerId: string, env: Record<string, string>) =>
        Effect.gen(function*() {
          const child = yield* WorkerChild.spawn({ entry: "main", workerId, env })
          const ended = yield* child.ended
          return { ended, output: child.lines().map((line) => typeof line === "string" ? line : JSON.stringify(line)) }
        })
      const unreachableUrl = `postgres://fulcrum:${secret}@127.0.0.1:1/fulcrum`
      const [invalid, noScheduler, unreachable] = yield* Effect.all([
        run("bad-config", {
          DATABASE_URL: unreachableUrl,
          FULCRUM_SECRET_KEY: `${secret}-is-not-a-key`,
          FULCRUM_SCHEDULER: "memory"
        }),
        run("no-scheduler", { DATABASE_URL: unreachableUrl, FULCRUM_SECRET_KEY: key }),
        run("no-database", { DATABASE_URL: unreachableUrl, FULCRUM_SECRET_KEY: key, FULCRUM_SCHEDULER: "memory" })
      ], { concurrency: 3 })

      const configLine = (output: ReadonlyArray<string>) =>
        JSON.parse(output.find((line) => line.includes("invalid configuration"))!)
      assert.deepStrictEqual(invalid.ended, { code: 1, signal: null })
      assert.strictEqual(configLine(invalid.output).annotations.variable, "FULCRUM_SECRET_KEY")
      assert.strictEqual(configLine(invalid.output).level, "ERROR")
      assert.deepStrictEqual(noScheduler.ended, { code: 1, signal: null })
      assert.strictEqual(configLine(noScheduler.output).annotations.variable, "FULCRUM_SCHEDULER")

      assert.deepStrictEqual(unreachable.ended, { code: 2, signal: null })
      const databaseLine = JSON.parse(unreachable.output.find((line) => line.includes("database is unavailable"))!)
      assert.match(databaseLine.annotations.reason, /PostgreSQL \(DATABASE_URL\) could not be opened/)

      for (const output of [invalid.output, noScheduler.output, unreachable.output]) {
        const text = output.join("\n")
        assert.notInclude(text, secret)
        assert.notInclude(text, key)
      }
    }).pipe(Effect.scoped, Effect.provide(WorkerChild.layer)), 30_000)
})
