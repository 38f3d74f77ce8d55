/**
 * The `LeverApi` contract kit of `@fulcrum/core` against the in-process face: the same account model that
 * `@fulcrum/lever-http`'s contract run reaches over HTTP.
 */
import { LeverApiContract } from "@fulcrum/core/testing"
import { Effect, Layer } from "effect"
import { Control, InProcess } from "../src/index.ts"
import { ContractFixture } from "../src/testing/index.ts"

LeverApiContract.suite("the sandbox in-process satisfies the LeverApi contract", {
  layer: ContractFixture.layer(
    LeverApiContract.LeverFixture,
    Effect.map(Effect.service(Control.ControlHandle), (control) => ({ baseUrl: InProcess.baseUrl, control }))
  ).pipe(Layer.provideMerge(InProcess.layer({ clock: "live" })))
})
