/**
 * `fulcrum-http`'s assessment provider settings: `FULCRUM_PROVIDER_URL` (optional) needs an http(s) URL
 * and `FULCRUM_PROVIDER_SECRET` beside it; a bad one names its variable, never the secret.
 */
import { assert, describe, it } from "@effect/vitest"
import { ConfigProvider, Effect } from "effect"
import { HostConfig } from "../src/index.ts"

const secret = "whsec_cHJvdmlkZXItc2VjcmV0LVNFQ1JFVC0wMTIzNDU2Nzg5"
const base = { FULCRUM_ADMIN_TOKEN: "admin-token-0123456789abcdef" }
const read = (env: Record<string, string>) =>
  HostConfig.fromEnv.pipe(Effect.provideService(ConfigProvider.ConfigProvider, ConfigProvider.fromUnknown(env)))

describe("HostConfig: the assessment provider", () => {
  it.effect("takes the provider's URL with its secret, normalised; neither is fine too", () =>
    Effect.gen(function*() {
      const both = yield* read({ ...base, FULCRUM_PROVIDER_URL: " https://provider.example/ ", FULCRUM_PROVIDER_SECRET: secret })
      assert.strictEqual(both.providerUrl, "https://provider.example")
      assert.isUndefined((yield* read(base)).providerUrl)
    }))

  it.effect("a URL that is not http(s), or a URL without the secret, names the variable", () =>
    Effect.gen(function*() {
      const notHttp = yield* Effect.flip(read({ ...base, FULCRUM_PROVIDER_URL: "ftp://provider.example", FULCRUM_PROVIDER_SECRET: secret }))
      assert.strictEqual(notHttp.variable, "FULCRUM_PROVIDER_URL")
      assert.notInclude(notHttp.message, secret)
      const alone = yield* Effect.flip(read({ ...base, FULCRUM_PROVIDER_URL: "https://provider.example" }))
      assert.strictEqual(alone.variable, "FULCRUM_PROVIDER_SECRET")
    }))
})
