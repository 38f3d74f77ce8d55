/**
 * `LeverOAuthHttp` against a scripted stub: the token request on the wire, what is retried (only what
 * Lever refused before doing anything) and how Lever's OAuth errors map, without a secret in any error.
 */
import { NodeHttpClient } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { LeverAuthorization } from "@fulcrum/core"
import { Effect, Layer, Redacted } from "effect"
import { LeverOAuthHttp } from "../src/index.ts"
import { fastRetry } from "./support/Harness.ts"
import * as StubLever from "./support/StubLever.ts"

const client: LeverAuthorization.OAuthClient = { clientId: "partner-app", clientSecret: Redacted.make("cs-9f2c41") }
const refreshToken = Redacted.make("rt-7d1e5a")
const tokens = {
  access_token: "at-1",
  refresh_token: "rt-2",
  token_type: "Bearer",
  expires_in: 3600,
  scope: "stages:read:admin offline_access"
}

const refreshAt = (stub: StubLever.Stub) =>
  LeverAuthorization.LeverAuthorization.use((authorization) =>
    authorization.refresh({ environment: { _tag: "Custom", baseUrl: stub.baseUrl }, client, refreshToken })
  ).pipe(Effect.provide(LeverOAuthHttp.layer({ retry: fastRetry }).pipe(Layer.provide(NodeHttpClient.layerUndici))))

const secrets = [Redacted.value(client.clientSecret), Redacted.value(refreshToken)]

describe("LeverOAuthHttp", () => {
  it("talks to Lever's production and sandbox auth hosts, and to a custom URL's root", () => {
    const production = LeverAuthorization.endpointsOf({ _tag: "Production" })
    assert.strictEqual(production.tokenUrl, "https://auth.lever.co/oauth/token")
    assert.strictEqual(
      LeverAuthorization.endpointsOf({ _tag: "Sandbox" }).tokenUrl,
      "https://sandbox-lever.auth0.com/oauth/token"
    )
    assert.deepStrictEqual(LeverAuthorization.endpointsOf({ _tag: "Custom", baseUrl: "http://127.0.0.1:4000/v1/" }), {
      authorizeUrl: "http://127.0.0.1:4000/oauth/authorize",
      tokenUrl: "http://127.0.0.1:4000/oauth/token",
      audience: "http://127.0.0.1:4000/v1/"
    })
  })

  it.live("a refresh is a form POST to /oauth/token with the client credentials; tokens come back redacted", () =>
    Effect.gen(function*() {
      const stub = yield* StubLever.start(() => ({ status: 200, json: tokens }))
      const renewed = yield* refreshAt(stub)
      const [request] = stub.received
      assert.strictEqual(request?.method, "POST")
      assert.strictEqual(request?.url, "/oauth/token")
      assert.strictEqual(request?.headers["content-type"], "application/x-www-form-urlencoded")
      assert.deepStrictEqual(Object.fromEntries(new URLSearchParams(request?.body)), {
        grant_type: "refresh_token",
        refresh_token: "rt-7d1e5a",
        client_id: "partner-app",
        client_secret: "cs-9f2c41"
      })
      assert.strictEqual(Redacted.value(renewed.accessToken), "at-1")
      assert.strictEqual(renewed.refreshToken === null ? null : Redacted.value(renewed.refreshToken), "rt-2")
      assert.strictEqual(renewed.expiresInSeconds, 3600)
      assert.deepStrictEqual(renewed.scopes, ["stages:read:admin", "offline_access"])
      assert.notInclude(JSON.stringify(renewed), "at-1")
    }))

  it.live("429 and 503 are retried, honouring Retry-After", () =>
    Effect.gen(function*() {
      const stub = yield* StubLever.start((_, i) =>
        i === 0
          ? { status: 429, headers: { "retry-after": "0" } }
          : i === 1
          ? { status: 503 }
          : { status: 200, json: tokens }
      )
      const renewed = yield* refreshAt(stub)
      assert.strictEqual(Redacted.value(renewed.accessToken), "at-1")
      assert.lengthOf(stub.received, 3)
    }))

  it.live("a 500 or a dropped connection is not repeated: Lever may have rotated the refresh token already", () =>
    Effect.gen(function*() {
      for (const answer of [{ status: 500 }, "reset"] as const) {
        const stub = yield* StubLever.start(() => answer)
        const error = yield* Effect.flip(refreshAt(stub))
        assert.strictEqual(error._tag, "OAuthUnavailable")
        assert.lengthOf(stub.received, 1)
      }
    }))

  it.live("invalid_grant is OAuthGrantInvalid, any other refusal OAuthClientRejected, neither carries a secret", () =>
    Effect.gen(function*() {
      const echo = `Unknown refresh token ${Redacted.value(refreshToken)} for ${Redacted.value(client.clientSecret)}`
      const answer = (error: string) => () => ({
        status: error === "invalid_grant" ? 403 : 401,
        json: { error, error_description: echo }
      })
      const revoked = yield* StubLever.start(answer("invalid_grant"))
      const grant = yield* Effect.flip(refreshAt(revoked))
      assert.strictEqual(grant._tag, "OAuthGrantInvalid")
      const wrongClient = yield* StubLever.start(answer("invalid_client"))
      const rejected = yield* Effect.flip(refreshAt(wrongClient))
      assert.strictEqual(rejected._tag, "OAuthClientRejected")
      if (rejected._tag === "OAuthClientRejected") assert.strictEqual(rejected.error, "invalid_client")
      for (const error of [grant, rejected]) {
        for (const secret of secrets) assert.notInclude(JSON.stringify({ ...error, message: error.message }), secret)
      }
      assert.lengthOf(revoked.received, 1, "a refusal is never retried")
    }))
})
