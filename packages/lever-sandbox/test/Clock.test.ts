import { assert, describe, it } from "@effect/vitest"
import { Clock, Effect } from "effect"
import { LeverSandbox, Seed } from "../src/index.ts"
import { call } from "./support/http.ts"
import { receiver } from "./support/receiver.ts"

describe("clock", () => {
  it.effect("under it.effect (TestClock) the sandbox still runs on the real clock", () =>
    Effect.gen(function*() {
      const testNow = yield* Clock.currentTimeMillis
      const { control, baseUrl } = yield* LeverSandbox.LeverSandbox
      const r = yield* receiver(() => 200)
      yield* control.webhooks.register({ url: r.url, event: "candidateArchiveChange" })
      const archived = yield* control.archive(Seed.OpportunityIds.ada, Seed.ArchiveReasonIds.timing)
      assert.isTrue(archived.archived!.archivedAt > testNow + 1_000_000)
      assert.isTrue(yield* control.awaitDeliveries("5 seconds"))
      assert.strictEqual(r.received.length, 1)
      assert.isTrue(r.received[0]!.body.triggeredAt > 1_600_000_000_000)
      const read = yield* call(`${baseUrl}/opportunities/${Seed.OpportunityIds.ada}`, {
        auth: { key: LeverSandbox.PermanentApiKey }
      })
      assert.strictEqual(read.body.data.archived.reason, Seed.ArchiveReasonIds.timing)
    }).pipe(Effect.provide(LeverSandbox.layer())))

  it.effect("clock: \"inherit\" uses the TestClock", () =>
    Effect.gen(function*() {
      const { control } = yield* LeverSandbox.LeverSandbox
      const created = yield* control.createOpportunity({ name: "Frozen" })
      assert.strictEqual(created.createdAt, yield* Clock.currentTimeMillis)
    }).pipe(Effect.provide(LeverSandbox.layer({ clock: "inherit" }))))
})
