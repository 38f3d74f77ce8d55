/**
 * The contract of the `LeverAuthorization` port: what every adapter of Lever's token endpoint must do,
 * checked against an auth server the fixture can approve consent pages on. An adapter package provides
 * its `LeverAuthorization` with an `AuthorizationFixture` and calls `suite`.
 *
 * The suite shares one layer across its tests and runs on the live clock.
 *
 * @example
 * ```ts
 * import { LeverAuthorizationContract } from "@fulcrum/core/testing"
 *
 * LeverAuthorizationContract.suite("LeverOAuthHttp against the Lever sandbox", {
 *   layer: Layer.mergeAll(LeverOAuthHttp.layerFetch(), SandboxAuthorizationFixture)
 * })
 * ```
 *
 * @since 0.1.0
 */
import { assert } from "@effect/vitest"
import type { Setup } from "@fulcrum/domain"
import { Context, Effect, Redacted } from "effect"
import type { Layer } from "effect"
import { offlineAccess } from "../LeverOAuthConfig.ts"
import { authorizeUrl, LeverAuthorization } from "../ports/LeverAuthorization.ts"
import type { OAuthClient, OAuthError, OAuthTokens } from "../ports/LeverAuthorization.ts"
import { describeShared, runId } from "./internal/kit.ts"

/**
 * The auth server under test, seen from outside the adapter: its environment, a registered client and
 * redirect URI, and the Super Admin's side.
 *
 * @since 0.1.0
 */
export class AuthorizationFixture extends Context.Service<AuthorizationFixture, {
  readonly environment: Setup.LeverEnvironment
  readonly client: OAuthClient
  readonly redirectUri: string
  /** Approves the consent page at `authorizeUrl` as a Super Admin; returns the `code` and `state` sent back. */
  readonly approve: (authorizeUrl: string) => Effect.Effect<{ readonly code: string; readonly state: string }, unknown>
  /** Makes a refresh token lapse (or revokes the grant it belongs to). */
  readonly revoke: (refreshToken: Redacted.Redacted<string>) => Effect.Effect<void, unknown>
}>()("@fulcrum/core/testing/AuthorizationFixture") {}

/** Options of `suite`. @since 0.1.0 */
export interface SuiteOptions<E> {
  readonly layer: Layer.Layer<LeverAuthorization | AuthorizationFixture, E>
  /** Per-test and layer-build timeout in milliseconds; default 30 000. */
  readonly timeout?: number
}

/** The scopes the kit asks for: two permissions and a refresh token. */
const scopes = ["stages:read:admin", "opportunities:read:admin", offlineAccess]

const failureOf = <A, R>(effect: Effect.Effect<A, OAuthError, R>): Effect.Effect<OAuthError, never, R> =>
  Effect.matchEffect(effect, {
    onFailure: Effect.succeed,
    onSuccess: () => Effect.die(new Error("expected an OAuth error, got tokens"))
  })

const assertTag = (error: OAuthError, tag: OAuthError["_tag"]) =>
  assert.strictEqual(error._tag, tag, `expected ${tag}, got ${error._tag}: ${error.message}`)

const secretsOf = (tokens: OAuthTokens): ReadonlyArray<string> =>
  [tokens.accessToken, ...(tokens.refreshToken === null ? [] : [tokens.refreshToken])].map(Redacted.value)

/**
 * Registers the contract tests of the `LeverAuthorization` port in a `describe` block named `name`.
 *
 * @since 0.1.0
 */
export const suite = <E>(name: string, options: SuiteOptions<E>): void => {
  const run = runId()
  const timeout = options.timeout ?? 30_000

  /** Approves a fresh consent page; returns the code and the state the kit sent. */
  const approved = Effect.gen(function*() {
    const fixture = yield* AuthorizationFixture
    const state = `kit-${run}-${crypto.randomUUID()}`
    const url = authorizeUrl(fixture.environment, {
      clientId: fixture.client.clientId,
      redirectUri: fixture.redirectUri,
      scopes,
      state
    })
    const answer = yield* fixture.approve(url)
    assert.strictEqual(answer.state, state, "the state comes back unchanged")
    return Redacted.make(answer.code)
  })

  const exchange = (code: Redacted.Redacted<string>, redirectUri?: string) =>
    Effect.gen(function*() {
      const fixture = yield* AuthorizationFixture
      return yield* (yield* LeverAuthorization).exchangeCode({
        environment: fixture.environment,
        client: fixture.client,
        code,
        redirectUri: redirectUri ?? fixture.redirectUri
      })
    })

  const refresh = (refreshToken: Redacted.Redacted<string>) =>
    Effect.gen(function*() {
      const fixture = yield* AuthorizationFixture
      return yield* (yield* LeverAuthorization).refresh({
        environment: fixture.environment,
        client: fixture.client,
        refreshToken
      })
    })

  const connected = Effect.flatMap(approved, (code) => exchange(code))

  const refreshTokenOf = (tokens: OAuthTokens): Redacted.Redacted<string> => {
    assert.isNotNull(tokens.refreshToken, "offline_access was asked for: Lever issues a refresh token")
    return tokens.refreshToken!
  }

  describeShared(name, options.layer, timeout, (it) => {
    const test = (title: string, body: () => Effect.Effect<void, unknown, LeverAuthorization | AuthorizationFixture>) =>
      it.effect(title, body, timeout)

    test("an approved code yields an access token, a refresh token, a lifetime and the granted scopes", () =>
      Effect.gen(function*() {
        const tokens = yield* connected
        assert.isAbove(Redacted.value(tokens.accessToken).length, 0)
        refreshTokenOf(tokens)
        assert.isAbove(tokens.expiresInSeconds, 0)
        for (const scope of ["stages:read:admin", "opportunities:read:admin"]) assert.include(tokens.scopes, scope)
        for (const secret of secretsOf(tokens)) assert.notInclude(JSON.stringify(tokens), secret)
      }))

    test("a code works once; an unknown or reused code, or another redirect URI, is OAuthGrantInvalid", () =>
      Effect.gen(function*() {
        const code = yield* approved
        yield* exchange(code)
        assertTag(yield* failureOf(exchange(code)), "OAuthGrantInvalid")
        const unknown = `kit-unknown-code-${run}`
        const error = yield* failureOf(exchange(Redacted.make(unknown)))
        assertTag(error, "OAuthGrantInvalid")
        assert.notInclude(error.message, unknown)
        const other = yield* approved
        const redirected = yield* failureOf(exchange(other, "https://elsewhere.example/callback"))
        assertTag(redirected, "OAuthGrantInvalid")
      }))

    test("a refresh yields a new access token, and the latest refresh token works for the next one", () =>
      Effect.gen(function*() {
        const first = yield* connected
        const second = yield* refresh(refreshTokenOf(first))
        assert.notStrictEqual(Redacted.value(second.accessToken), Redacted.value(first.accessToken))
        const latest = second.refreshToken ?? first.refreshToken!
        const third = yield* refresh(latest)
        assert.notStrictEqual(Redacted.value(third.accessToken), Redacted.value(second.accessToken))
      }))

    test("a revoked refresh token is OAuthGrantInvalid, without the token in the error", () =>
      Effect.gen(function*() {
        const tokens = yield* connected
        const refreshToken = refreshTokenOf(tokens)
        yield* (yield* AuthorizationFixture).revoke(refreshToken)
        const error = yield* failureOf(refresh(refreshToken))
        assertTag(error, "OAuthGrantInvalid")
        assert.notInclude(JSON.stringify(error), Redacted.value(refreshToken))
        assert.notInclude(error.message, Redacted.value(refreshToken))
      }))

    test("a wrong client secret is OAuthClientRejected, without the secret in the error", () =>
      Effect.gen(function*() {
        const fixture = yield* AuthorizationFixture
        const code = yield* approved
        const secret = `kit-wrong-secret-${run}`
        const error = yield* failureOf((yield* LeverAuthorization).exchangeCode({
          environment: fixture.environment,
          client: { clientId: fixture.client.clientId, clientSecret: Redacted.make(secret) },
          code,
          redirectUri: fixture.redirectUri
        }))
        assertTag(error, "OAuthClientRejected")
        assert.notInclude(JSON.stringify(error), secret)
        assert.notInclude(error.message, secret)
      }))
  })
}
