import { Effect, Layer, Redacted } from "effect"
import * as LeverAuthorizationMemory from "../../src/memory/LeverAuthorizationMemory.ts"
import * as LeverAuthorizationContract from "../../src/testing/LeverAuthorizationContract.ts"

/** The memory auth server as the contract kit sees it: the Super Admin is its control handle. */
const MemoryFixture = Layer.effect(
  LeverAuthorizationContract.AuthorizationFixture,
  Effect.gen(function*() {
    const control = yield* LeverAuthorizationMemory.Control
    return LeverAuthorizationContract.AuthorizationFixture.of({
      environment: { _tag: "Custom", baseUrl: "https://lever.memory.invalid/v1" },
      client: LeverAuthorizationMemory.client,
      redirectUri: "https://fulcrum.example/oauth/lever/callback",
      approve: (url) =>
        Effect.map(control.approve(url), (approval) => ({ code: Redacted.value(approval.code), state: approval.state })),
      revoke: control.revokeRefreshToken
    })
  })
).pipe(Layer.provideMerge(LeverAuthorizationMemory.layer()))

LeverAuthorizationContract.suite("LeverAuthorizationMemory satisfies the LeverAuthorization contract", {
  layer: MemoryFixture
})
