/**
 * The `LeverAuthorization` contract kit of `@fulcrum/core`, run against `LeverOAuthHttp` talking real HTTP
 * to the Lever sandbox's `/oauth/authorize` and `/oauth/token` on 127.0.0.1.
 */
import { NodeHttpClient } from "@effect/platform-node"
import { LeverAuthorizationContract } from "@fulcrum/core/testing"
import { LeverSandbox } from "@fulcrum/lever-sandbox"
import { Layer } from "effect"
import { LeverOAuthHttp } from "../src/index.ts"
import * as SandboxAuthorization from "./support/SandboxAuthorization.ts"

LeverAuthorizationContract.suite("LeverOAuthHttp against the Lever sandbox", {
  layer: Layer.mergeAll(
    LeverOAuthHttp.layer().pipe(Layer.provide(NodeHttpClient.layerUndici)),
    SandboxAuthorization.layer
  ).pipe(Layer.provide(LeverSandbox.layer()))
})
