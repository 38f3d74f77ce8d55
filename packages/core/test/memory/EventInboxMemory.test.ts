import { assert, describe, it } from "@effect/vitest"
import { Ids } from "@fulcrum/domain"
import { Effect, Layer } from "effect"
import { EventInbox } from "../../src/ports/EventInbox.ts"
import * as CandidateStoreMemory from "../../src/memory/CandidateStoreMemory.ts"
import * as EventInboxMemory from "../../src/memory/EventInboxMemory.ts"
import * as StepJournalMemory from "../../src/memory/StepJournalMemory.ts"
import * as EventInboxContract from "../../src/testing/EventInboxContract.ts"

const Inbox = EventInboxMemory.layer.pipe(
  Layer.provideMerge(CandidateStoreMemory.layer),
  Layer.provideMerge(StepJournalMemory.layer)
)

EventInboxContract.suite("EventInboxMemory", Inbox)

describe("EventInboxMemory", () => {
  it.effect("answers a cursor it did not issue with an empty last page instead of restarting the list", () =>
    Effect.gen(function*() {
      const inbox = yield* EventInbox
      const page = yield* inbox.list(Ids.TeamId.make("acme"), { cursor: "not-a-cursor" })
      assert.deepStrictEqual(page, { events: [], next: null })
    }).pipe(Effect.provide(Inbox)))
})
