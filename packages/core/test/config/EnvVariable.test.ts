/**
 * One definition per variable: blank is unset, a bad value is `InvalidConfig` in one message shape that
 * never repeats a secret, and the docs table says which process reads what with which default.
 */
import { assert, describe, it } from "@effect/vitest"
import { ConfigProvider, Effect, Option, Redacted, Runtime } from "effect"
import { Environment, EnvVariable } from "../../src/index.ts"

const withEnv = (env: Record<string, string>) =>
  Effect.provideService(ConfigProvider.ConfigProvider, ConfigProvider.fromEnv({ env }))

describe("EnvVariable", () => {
  it.effect("blank counts as unset; values are trimmed", () =>
    Effect.gen(function*() {
      const port = EnvVariable.withDefault(Environment.port, 3000)
      assert.strictEqual(yield* port.read.pipe(withEnv({ PORT: "  " })), 3000)
      assert.strictEqual(yield* port.read.pipe(withEnv({ PORT: " 0 " })), 0)
      const token = yield* EnvVariable.optional(Environment.adminToken).read.pipe(withEnv({ FULCRUM_ADMIN_TOKEN: "" }))
      assert.isTrue(Option.isNone(token))
    }))

  it.effect("a bad or missing value is InvalidConfig (exit code 1), `NAME: expected …`, never echoing a secret", () =>
    Effect.gen(function*() {
      const port = yield* Effect.flip(EnvVariable.withDefault(Environment.port, 3000).read.pipe(withEnv({ PORT: "http" })))
      assert.deepStrictEqual([port.variable, port.message], ["PORT", "PORT: expected a port number (0-65535; 0 picks a free one)"])
      assert.strictEqual(Runtime.getErrorExitCode(port), 1)
      const secret = yield* Effect.flip(
        EnvVariable.required(Environment.providerSecret).read.pipe(withEnv({ FULCRUM_PROVIDER_SECRET: "hunter2-SECRET" }))
      )
      assert.strictEqual(secret.variable, "FULCRUM_PROVIDER_SECRET")
      assert.notInclude(secret.message, "hunter2")
      const missing = yield* Effect.flip(EnvVariable.required(Environment.secretKey).read.pipe(withEnv({})))
      assert.match(missing.message, /^FULCRUM_SECRET_KEY is required: expected /)
    }))

  it.effect("reads booleans, choices and log levels case-insensitively, secrets as Redacted", () =>
    Effect.gen(function*() {
      const env = withEnv({ B: "YES", C: "Json", LOG_LEVEL: "warning", S: "s3cret" })
      assert.isTrue(yield* EnvVariable.withDefault(EnvVariable.boolean("B", ""), false).read.pipe(env))
      assert.strictEqual(yield* EnvVariable.withDefault(EnvVariable.literals("C", "", ["pretty", "json"]), "pretty").read.pipe(env), "json")
      assert.strictEqual(yield* EnvVariable.withDefault(Environment.logLevel, "Info").read.pipe(env), "Warn")
      const secret = yield* EnvVariable.required(EnvVariable.secret("S", "", "a secret")).read.pipe(env)
      assert.strictEqual(String(secret), "<redacted>")
      assert.strictEqual(Redacted.value(secret), "s3cret")
      const unknown = yield* Effect.flip(EnvVariable.withDefault(EnvVariable.boolean("B", ""), false).read.pipe(withEnv({ B: "constructor" })))
      assert.strictEqual(unknown.variable, "B")
    }))

  it("the docs table lists each variable once, its readers, and a default per process when they differ", () => {
    const table = EnvVariable.table([
      { process: "a", variables: [EnvVariable.withDefault(Environment.host, "0.0.0.0"), EnvVariable.withDefault(Environment.port, 3000)] },
      { process: "b", variables: [EnvVariable.withDefault(Environment.host, "127.0.0.1"), EnvVariable.withDefault(Environment.port, 3000)] }
    ]).split("\n")
    assert.strictEqual(table.length, 4)
    assert.match(table[2]!, /^\| `HOST` \| `0\.0\.0\.0` \(a\); `127\.0\.0\.1` \(b\) \| .* \| a, b \|$/)
    assert.match(table[3]!, /^\| `PORT` \| `3000` \| .* \| a, b \|$/)
  })
})
