/**
 * The `LeverApi` contract kit of `@fulcrum/core`, run against this adapter talking real HTTP to the Lever
 * sandbox on 127.0.0.1.
 */
import { NodeHttpClient } from "@effect/platform-node"
import { LeverApiContract } from "@fulcrum/core/testing"
import { LeverSandbox } from "@fulcrum/lever-sandbox"
import { Layer } from "effect"
import { LeverHttp } from "../src/index.ts"
import * as SandboxFixture from "./support/SandboxFixture.ts"

LeverApiContract.suite("LeverHttp against the Lever sandbox", {
  layer: Layer.mergeAll(
    LeverHttp.layer().pipe(Layer.provide(NodeHttpClient.layerUndici)),
    SandboxFixture.layer
  ).pipe(Layer.provide(LeverSandbox.layer()))
})
