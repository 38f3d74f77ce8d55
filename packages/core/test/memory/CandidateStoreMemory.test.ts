import { assert, describe, it } from "@effect/vitest"
import { Ids } from "@fulcrum/domain"
import { Effect, Layer } from "effect"
import { CandidateStore } from "../../src/ports/CandidateStore.ts"
import * as CandidateStoreMemory from "../../src/memory/CandidateStoreMemory.ts"
import * as CandidateStoreContract from "../../src/testing/CandidateStoreContract.ts"
import * as StepJournalMemory from "../../src/memory/StepJournalMemory.ts"

const Store = CandidateStoreMemory.layer.pipe(Layer.provideMerge(StepJournalMemory.layer))

CandidateStoreContract.suite("CandidateStoreMemory", Store)

describe("CandidateStoreMemory", () => {
  it.effect("answers a cursor it did not issue with an empty last page instead of restarting the list", () =>
    Effect.gen(function*() {
      const store = yield* CandidateStore
      const page = yield* store.list(Ids.TeamId.make("acme"), { cursor: "not-a-cursor" })
      assert.deepStrictEqual(page, { candidates: [], next: null })
    }).pipe(Effect.provide(Store)))
})
