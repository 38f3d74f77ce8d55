/**
 * The Super Admin's side of the Lever sandbox's OAuth: approving a consent page (the sandbox consents at
 * once and redirects back with `code` and `state`), the seeded partner client, and the contract kit's
 * `AuthorizationFixture` over a running sandbox.
 */
import { LeverAuthorization } from "@fulcrum/core"
import { LeverAuthorizationContract } from "@fulcrum/core/testing"
import { LeverSandbox } from "@fulcrum/lever-sandbox"
import { Effect, Layer, Redacted } from "effect"

/** The partner client the sandbox registers. */
export const client: LeverAuthorization.OAuthClient = {
  clientId: LeverSandbox.OAuthClientId,
  clientSecret: Redacted.make(LeverSandbox.OAuthClientSecret)
}

/** Where Lever sends the admin back. Nothing listens there: the test reads the redirect itself. */
export const redirectUri = "http://127.0.0.1:9/oauth/lever/callback"

/** Opens Lever's consent page as the admin's browser and returns the query Lever redirects back with. */
export const approve = (authorizeUrl: string) =>
  Effect.gen(function*() {
    const response = yield* Effect.promise(() => fetch(authorizeUrl, { redirect: "manual" }))
    const location = response.headers.get("location")
    if (response.status !== 302 || location === null) {
      const text = yield* Effect.promise(() => response.text())
      return yield* Effect.die(new Error(`the consent page answered ${response.status}: ${text}`))
    }
    const params = new URL(location).searchParams
    const code = params.get("code")
    if (code === null) return yield* Effect.die(new Error(`Lever refused the authorize request: ${location}`))
    return { code, state: params.get("state") ?? "" }
  })

/** The contract kit's fixture over the `LeverSandbox` in context. */
export const layer: Layer.Layer<LeverAuthorizationContract.AuthorizationFixture, never, LeverSandbox.LeverSandbox> =
  Layer.effect(
    LeverAuthorizationContract.AuthorizationFixture,
    Effect.gen(function*() {
      const sandbox = yield* LeverSandbox.LeverSandbox
      return LeverAuthorizationContract.AuthorizationFixture.of({
        environment: { _tag: "Custom", baseUrl: sandbox.baseUrl },
        client,
        redirectUri,
        approve,
        revoke: (refreshToken) => sandbox.control.oauth.revokeRefreshToken(Redacted.value(refreshToken))
      })
    })
  )
