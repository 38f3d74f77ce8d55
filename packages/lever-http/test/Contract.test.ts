/**
 * The `LeverApi` contract kit of `@fulcrum/core`, run against this adapter talking real HTTP to the Lever
 * sandbox on 127.0.0.1 (the sandbox runs the same kit against its in-process face).
 */
import { NodeHttpClient } from "@effect/platform-node"
import { LeverApiContract } from "@fulcrum/core/testing"
import { LeverSandbox } from "@fulcrum/lever-sandbox"
import { ContractFixture } from "@fulcrum/lever-sandbox/testing"
import { Effect, Layer } from "effect"
import { LeverHttp } from "../src/index.ts"

LeverApiContract.suite("LeverHttp against the Lever sandbox", {
  layer: Layer.mergeAll(
    LeverHttp.layer().pipe(Layer.provide(NodeHttpClient.layerUndici)),
    ContractFixture.layer(LeverApiContract.LeverFixture, Effect.service(LeverSandbox.LeverSandbox))
  ).pipe(Layer.provide(LeverSandbox.layer()))
})
