/**
 * The core `SignatureVerifier` contract kit against this adapter over the memory stores: with the default
 * window, with a custom one, and configured from `WEBHOOK_TOLERANCE_SECONDS`.
 */
import { MemoryStores } from "@fulcrum/core"
import { SignatureVerifierContract } from "@fulcrum/core/testing"
import { ConfigProvider, Layer } from "effect"
import { SignatureVerifierLever } from "../src/index.ts"

SignatureVerifierContract.suite(
  "SignatureVerifierLever (default window)",
  SignatureVerifierLever.layer().pipe(Layer.provideMerge(MemoryStores.layer))
)

SignatureVerifierContract.suite(
  "SignatureVerifierLever (30 s past, 5 s future)",
  SignatureVerifierLever.layer({ pastToleranceSeconds: 30, futureToleranceSeconds: 5 }).pipe(
    Layer.provideMerge(MemoryStores.layer)
  ),
  { pastToleranceSeconds: 30, futureToleranceSeconds: 5 }
)

SignatureVerifierContract.suite(
  "SignatureVerifierLever.layerConfig (WEBHOOK_TOLERANCE_SECONDS=120)",
  SignatureVerifierLever.layerConfig.pipe(
    Layer.provideMerge(MemoryStores.layer),
    Layer.provide(ConfigProvider.layer(ConfigProvider.fromUnknown({ WEBHOOK_TOLERANCE_SECONDS: "120" })))
  ),
  { pastToleranceSeconds: 120 }
)
