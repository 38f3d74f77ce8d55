import { assert, describe, layer } from "@effect/vitest"
import { Effect, Schedule } from "effect"
import { LeverSandbox, Seed } from "../src/index.ts"
import { call } from "./support/http.ts"

const live = { excludeTestServices: true } as const
const redirectUri = "http://127.0.0.1:9/callback"

const form = (params: Record<string, string>) => ({
  method: "POST",
  body: new URLSearchParams(params).toString(),
  headers: { "content-type": "application/x-www-form-urlencoded" }
})

const authorize = (url: string, params: Record<string, string>) =>
  Effect.map(
    call(`${url}/oauth/authorize?${new URLSearchParams(params).toString()}`, { redirect: "manual" }),
    (answer) => ({ ...answer, location: answer.headers.get("location") === null ? undefined : new URL(answer.headers.get("location")!) })
  )

const connect = (url: string, scope: string) =>
  Effect.gen(function*() {
    const redirected = yield* authorize(url, {
      client_id: Seed.OAuthClientId,
      redirect_uri: redirectUri,
      response_type: "code",
      state: "csrf-123",
      scope,
      audience: Seed.OAuthAudience
    })
    assert.strictEqual(redirected.status, 302)
    assert.strictEqual(redirected.location!.origin + redirected.location!.pathname, redirectUri)
    assert.strictEqual(redirected.location!.searchParams.get("state"), "csrf-123")
    const code = redirected.location!.searchParams.get("code")!
    const token = yield* call(`${url}/oauth/token`, {
      ...form({
        grant_type: "authorization_code",
        code,
        client_id: Seed.OAuthClientId,
        client_secret: Seed.OAuthClientSecret,
        redirect_uri: redirectUri
      })
    })
    return { code, token }
  })

describe("OAuth", () => {
  layer(LeverSandbox.layer(), live)("partner flow", (it) => {
    it.effect("authorization code → bearer token whose scopes are the permissions", () =>
      Effect.gen(function*() {
        const { url, baseUrl } = yield* LeverSandbox.LeverSandbox
        const { code, token } = yield* connect(url, "opportunities:read:admin notes:write:admin offline_access")
        assert.strictEqual(token.status, 200)
        assert.strictEqual(token.body.token_type, "Bearer")
        assert.strictEqual(token.body.expires_in, 3600)
        assert.strictEqual(token.body.scope, "opportunities:read:admin notes:write:admin offline_access")
        assert.isString(token.body.refresh_token)
        assert.strictEqual(token.headers.get("cache-control"), "no-store")

        const bearer = { bearer: token.body.access_token as string }
        assert.strictEqual((yield* call(`${baseUrl}/opportunities/${Seed.OpportunityIds.ada}`, { auth: bearer })).status, 200)
        const denied = yield* call(`${baseUrl}/stages`, { auth: bearer })
        assert.strictEqual(denied.status, 403)
        assert.include(denied.body.message, "stages:read:admin")
        assert.strictEqual((yield* call(`${baseUrl}/stages`, { auth: { bearer: "nope" } })).status, 401)

        // A code is single-use.
        const reused = yield* call(`${url}/oauth/token`, {
          ...form({
            grant_type: "authorization_code",
            code,
            client_id: Seed.OAuthClientId,
            client_secret: Seed.OAuthClientSecret,
            redirect_uri: redirectUri
          })
        })
        assert.strictEqual(reused.status, 400)
        assert.strictEqual(reused.body.error, "invalid_grant")
      }))

    it.effect("refresh rotates the refresh token; expired access tokens answer 401", () =>
      Effect.gen(function*() {
        const { url, baseUrl, control } = yield* LeverSandbox.LeverSandbox
        const { token } = yield* connect(url, "stages:read:admin offline_access")
        const first = token.body
        yield* control.oauth.expireAccessTokens()
        const expired = yield* call(`${baseUrl}/stages`, { auth: { bearer: first.access_token } })
        assert.strictEqual(expired.status, 401)
        assert.include(expired.body.message, "expired")

        // JSON body and HTTP Basic client credentials are accepted too.
        const refreshed = yield* call(`${url}/oauth/token`, {
          method: "POST",
          body: { grant_type: "refresh_token", refresh_token: first.refresh_token },
          headers: {
            authorization: `Basic ${Buffer.from(`${Seed.OAuthClientId}:${Seed.OAuthClientSecret}`).toString("base64")}`
          }
        })
        assert.strictEqual(refreshed.status, 200)
        assert.notStrictEqual(refreshed.body.refresh_token, first.refresh_token)
        assert.strictEqual((yield* call(`${baseUrl}/stages`, { auth: { bearer: refreshed.body.access_token } })).status, 200)

        const replayed = yield* call(`${url}/oauth/token`, {
          ...form({
            grant_type: "refresh_token",
            refresh_token: first.refresh_token,
            client_id: Seed.OAuthClientId,
            client_secret: Seed.OAuthClientSecret
          })
        })
        assert.strictEqual(replayed.status, 400)
        assert.strictEqual(replayed.body.error, "invalid_grant")

        // The same grant shares one rate-limit bucket and one request-log identity.
        const grants = yield* control.oauth.grants()
        const grant = grants.find((g) => g.scopes.includes("stages:read:admin"))!
        assert.isAtLeast(yield* control.requests.count({ principal: `oauth:${grant.id}` }), 2)
      }))

    it.effect("a revoked refresh token means reconnect needed", () =>
      Effect.gen(function*() {
        const { url, baseUrl, control } = yield* LeverSandbox.LeverSandbox
        const { token } = yield* connect(url, "stages:read:admin offline_access")
        yield* control.oauth.revokeRefreshToken(token.body.refresh_token)
        const refused = yield* call(`${url}/oauth/token`, {
          ...form({
            grant_type: "refresh_token",
            refresh_token: token.body.refresh_token,
            client_id: Seed.OAuthClientId,
            client_secret: Seed.OAuthClientSecret
          })
        })
        assert.strictEqual(refused.status, 400)
        assert.strictEqual(refused.body.error, "invalid_grant")
        // The access token still works until it expires ...
        assert.strictEqual((yield* call(`${baseUrl}/stages`, { auth: { bearer: token.body.access_token } })).status, 200)
        // ... unless the whole grant is revoked (the app was disconnected in Lever).
        const other = yield* control.oauth.connect({ scopes: ["stages:read:admin", "offline_access"] })
        const grant = (yield* control.oauth.grants()).at(-1)!
        yield* control.oauth.revokeGrant(grant.id)
        assert.strictEqual((yield* call(`${baseUrl}/stages`, { auth: { bearer: other.access_token } })).status, 401)
      }))

    it.effect("without offline_access there is no refresh token", () =>
      Effect.gen(function*() {
        const { url } = yield* LeverSandbox.LeverSandbox
        const { token } = yield* connect(url, "stages:read:admin")
        assert.strictEqual(token.status, 200)
        assert.isUndefined(token.body.refresh_token)
      }))

    it.effect("authorize errors: unknown client, missing audience, bad scope, wrong secret", () =>
      Effect.gen(function*() {
        const { url } = yield* LeverSandbox.LeverSandbox
        const base = {
          client_id: Seed.OAuthClientId,
          redirect_uri: redirectUri,
          response_type: "code",
          state: "s",
          scope: "stages:read:admin",
          audience: Seed.OAuthAudience
        }
        const unknownClient = yield* authorize(url, { ...base, client_id: "who" })
        assert.strictEqual(unknownClient.status, 400)
        assert.strictEqual(unknownClient.body.error, "invalid_client")

        const { audience: _, ...withoutAudience } = base
        const noAudience = yield* authorize(url, withoutAudience)
        assert.strictEqual(noAudience.status, 302)
        assert.strictEqual(noAudience.location!.searchParams.get("error"), "invalid_request")
        assert.strictEqual(noAudience.location!.searchParams.get("state"), "s")
        assert.isNull(noAudience.location!.searchParams.get("code"))

        const badScope = yield* authorize(url, { ...base, scope: "stages:read:admin everything:admin" })
        assert.strictEqual(badScope.location!.searchParams.get("error"), "invalid_scope")
        const badType = yield* authorize(url, { ...base, response_type: "token" })
        assert.strictEqual(badType.location!.searchParams.get("error"), "unsupported_response_type")

        const ok = yield* authorize(url, base)
        const wrongSecret = yield* call(`${url}/oauth/token`, {
          ...form({
            grant_type: "authorization_code",
            code: ok.location!.searchParams.get("code")!,
            client_id: Seed.OAuthClientId,
            client_secret: "wrong",
            redirect_uri: redirectUri
          })
        })
        assert.strictEqual(wrongSecret.status, 401)
        assert.strictEqual(wrongSecret.body.error, "invalid_client")
        const wrongRedirect = yield* call(`${url}/oauth/token`, {
          ...form({
            grant_type: "authorization_code",
            code: ok.location!.searchParams.get("code")!,
            client_id: Seed.OAuthClientId,
            client_secret: Seed.OAuthClientSecret,
            redirect_uri: "http://127.0.0.1:9/other"
          })
        })
        assert.strictEqual(wrongRedirect.body.error, "invalid_grant")
        const unsupported = yield* call(`${url}/oauth/token`, {
          ...form({ grant_type: "password", client_id: Seed.OAuthClientId, client_secret: Seed.OAuthClientSecret })
        })
        assert.strictEqual(unsupported.body.error, "unsupported_grant_type")
      }))
  })

  layer(LeverSandbox.layer({ oauth: { accessTokenTtlSeconds: 2 } }), live)("token lifetime", (it) => {
    it.effect("access tokens expire after the configured TTL", () =>
      Effect.gen(function*() {
        const { baseUrl, control } = yield* LeverSandbox.LeverSandbox
        const beforeIssue = Date.now()
        const tokens = yield* control.oauth.connect({ scopes: ["stages:read:admin"] })
        assert.strictEqual(tokens.expires_in, 2)
        const stages = call(`${baseUrl}/stages`, { auth: { bearer: tokens.access_token } })
        const fresh = yield* stages
        // Only a call answered within the TTL can show the token working (a busy machine may be slower).
        if (Date.now() - beforeIssue < 2_000) assert.strictEqual(fresh.status, 200)
        // Waits for the expiry instead of sleeping past it; a token that never expires times out.
        yield* stages.pipe(
          Effect.flatMap((response) => response.status === 401 ? Effect.void : Effect.fail(response.status)),
          Effect.retry(Schedule.spaced("100 millis")),
          Effect.timeout("10 seconds")
        )
      }))
  })
})
