import { assert, describe, layer } from "@effect/vitest"
import { Effect } from "effect"
import { LeverSandbox, Seed } from "../src/index.ts"
import { call } from "./support/http.ts"

const permanent = { key: LeverSandbox.PermanentApiKey }
const setup = { key: LeverSandbox.SetupApiKey }

describe("Lever API: postings and applications", () => {
  layer(LeverSandbox.layer(), { excludeTestServices: true })("postings", (it) => {
    it.effect("GET /postings lists the seeded postings, paginated, filtered by state; 403 without postings:read:admin", () =>
      Effect.gen(function*() {
        const { baseUrl, control } = yield* LeverSandbox.LeverSandbox
        const all = yield* call(`${baseUrl}/postings`, { auth: permanent })
        assert.strictEqual(all.status, 200)
        const ids = (all.body.data as ReadonlyArray<{ id: string }>).map((p) => p.id)
        assert.includeMembers(ids, Object.values(Seed.PostingIds))
        const backend = (all.body.data as ReadonlyArray<Record<string, any>>).find((p) => p.id === Seed.PostingIds.backend)
        assert.strictEqual(backend?.text, "Senior Backend Engineer")
        assert.strictEqual(backend?.state, "published")
        assert.strictEqual(backend?.categories.location, "Berlin")
        const closed = yield* call(`${baseUrl}/postings?state=closed`, { auth: permanent })
        assert.deepStrictEqual((closed.body.data as ReadonlyArray<{ id: string }>).map((p) => p.id), [Seed.PostingIds.dataAnalyst])
        for (let i = 0; i < 3; i++) yield* control.postings.add({ text: `Extra ${i}` })
        const first = yield* call(`${baseUrl}/postings?limit=4`, { auth: permanent })
        assert.strictEqual(first.body.data.length, 4)
        assert.isTrue(first.body.hasNext)
        const second = yield* call(`${baseUrl}/postings?limit=4&offset=${encodeURIComponent(first.body.next)}`, {
          auth: permanent
        })
        assert.strictEqual(second.body.data.length, 2)
        assert.isFalse(second.body.hasNext)
        const one = yield* call(`${baseUrl}/postings/${Seed.PostingIds.frontend}`, { auth: permanent })
        assert.strictEqual(one.body.data.text, "Frontend Engineer")
        assert.strictEqual((yield* call(`${baseUrl}/postings/nope`, { auth: permanent })).status, 404)
        const denied = yield* call(`${baseUrl}/postings`, { auth: setup })
        assert.strictEqual(denied.status, 403)
        assert.include(denied.body.message, "postings:read:admin")
      }))

    it.effect("?expand=applications names each application's posting (null for a sourced candidate)", () =>
      Effect.gen(function*() {
        const { baseUrl, control } = yield* LeverSandbox.LeverSandbox
        const plain = yield* call(`${baseUrl}/opportunities/${Seed.OpportunityIds.ada}`, { auth: permanent })
        assert.isString(plain.body.data.applications[0])
        const expanded = yield* call(`${baseUrl}/opportunities/${Seed.OpportunityIds.ada}?expand=applications`, {
          auth: permanent
        })
        const [application] = expanded.body.data.applications
        assert.strictEqual(application.posting, Seed.PostingIds.backend)
        assert.strictEqual(application.type, "posting")
        assert.strictEqual(application.opportunityId, Seed.OpportunityIds.ada)
        const sourced = yield* control.createOpportunity({ name: "Sourced" })
        const read = yield* call(`${baseUrl}/opportunities/${sourced.id}?expand=applications`, { auth: permanent })
        assert.isNull(read.body.data.applications[0].posting)
        const onPosting = yield* call(`${baseUrl}/opportunities?posting_id=${Seed.PostingIds.backend}`, { auth: permanent })
        assert.deepStrictEqual(
          (onPosting.body.data as ReadonlyArray<{ id: string }>).map((o) => o.id),
          [Seed.OpportunityIds.ada]
        )
      }))
  })
})
