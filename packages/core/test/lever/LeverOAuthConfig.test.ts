import { assert, describe, it } from "@effect/vitest"
import { ConfigProvider, Effect, Layer, Redacted } from "effect"
import * as LeverOAuthConfig from "../../src/LeverOAuthConfig.ts"

const fromEnv = (env: Record<string, string>) =>
  Effect.flatMap(LeverOAuthConfig.LeverOAuthConfig, Effect.succeed).pipe(
    Effect.provide(
      LeverOAuthConfig.layerConfig.pipe(Layer.provide(ConfigProvider.layer(ConfigProvider.fromUnknown(env))))
    )
  )

describe("LeverOAuthConfig", () => {
  it.effect("nothing set: OAuth is off, and teams are pointed to the permanent key", () =>
    Effect.gen(function*() {
      const config = yield* fromEnv({ FULCRUM_LEVER_OAUTH_CLIENT_ID: " " })
      assert.isNull(LeverOAuthConfig.clientFor(config, { _tag: "Production" }))
      assert.include(LeverOAuthConfig.notConfiguredMessage({ _tag: "Production" }), "permanent API key")
    }))

  it.effect("a client for production and custom URLs, a separate one for Lever's sandbox, scopes as listed", () =>
    Effect.gen(function*() {
      const config = yield* fromEnv({
        FULCRUM_LEVER_OAUTH_CLIENT_ID: "partner",
        FULCRUM_LEVER_OAUTH_CLIENT_SECRET: "partner-secret",
        FULCRUM_LEVER_SANDBOX_OAUTH_CLIENT_ID: "partner-sandbox",
        FULCRUM_LEVER_SANDBOX_OAUTH_CLIENT_SECRET: "sandbox-secret",
        FULCRUM_LEVER_OAUTH_SCOPES: "opportunities:read:admin  notes:write:admin offline_access"
      })
      assert.strictEqual(LeverOAuthConfig.clientFor(config, { _tag: "Production" })?.clientId, "partner")
      const custom = LeverOAuthConfig.clientFor(config, { _tag: "Custom", baseUrl: "http://x/v1" })
      assert.strictEqual(custom?.clientId, "partner")
      const sandbox = LeverOAuthConfig.clientFor(config, { _tag: "Sandbox" })
      assert.strictEqual(sandbox?.clientId, "partner-sandbox")
      assert.strictEqual(Redacted.value(sandbox!.clientSecret), "sandbox-secret")
      assert.deepStrictEqual(config.scopes, ["opportunities:read:admin", "notes:write:admin", "offline_access"])
    }))

  it.effect("the default scopes cover runtime, tags, webhook registration and a refresh token", () =>
    Effect.gen(function*() {
      const config = yield* fromEnv({ FULCRUM_LEVER_OAUTH_CLIENT_ID: "p", FULCRUM_LEVER_OAUTH_CLIENT_SECRET: "s" })
      assert.strictEqual(LeverOAuthConfig.clientFor(config, { _tag: "Sandbox" })?.clientId, "p", "one client serves both")
      assert.includeMembers(
        [...config.scopes],
        ["opportunities:read:admin", "notes:write:admin", "webhooks:write:admin", "offline_access"]
      )
    }))

  it.effect("half a client fails naming the missing variable, never the secret", () =>
    Effect.gen(function*() {
      const noId = yield* Effect.flip(fromEnv({ FULCRUM_LEVER_OAUTH_CLIENT_SECRET: "top-secret" }))
      assert.strictEqual(noId.variable, "FULCRUM_LEVER_OAUTH_CLIENT_ID")
      assert.notInclude(noId.message, "top-secret")
      const noSecret = yield* Effect.flip(fromEnv({ FULCRUM_LEVER_SANDBOX_OAUTH_CLIENT_ID: "partner-sandbox" }))
      assert.strictEqual(noSecret.variable, "FULCRUM_LEVER_SANDBOX_OAUTH_CLIENT_SECRET")
    }))
})
