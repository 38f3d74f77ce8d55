/**
 * Lenient decoding of Lever's answers, each shape served by a stub: the variants real accounts send are
 * read, unknown fields are ignored, and what cannot be read names the field.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import { keyTarget, opportunityId, withLever } from "./support/Harness.ts"
import * as StubLever from "./support/StubLever.ts"

const key = "sk-decoding-test"
const oppId = opportunityId("opp-7")

const readOpportunity = (data: unknown) =>
  Effect.gen(function*() {
    const stub = yield* StubLever.start(() => ({ status: 200, json: { data } }))
    return yield* withLever({}, (lever) => lever.getOpportunity(keyTarget(stub.baseUrl, key), oppId))
  })

describe("opportunities", () => {
  it.live("reads the documented shape and ignores unknown fields", () =>
    Effect.gen(function*() {
      const read = yield* readOpportunity({
        id: "opp-7",
        name: "Grace Hopper",
        contact: "c-7",
        emails: ["grace@example.com", "gh@example.org"],
        tags: ["Backend", "backend"],
        stage: "lead-new",
        archived: null,
        confidentiality: "non-confidential",
        urls: { list: "https://hire.lever.co/candidates", show: "https://hire.lever.co/candidates/opp-7" },
        someFutureField: { nested: true },
        applications: ["app-1"]
      })
      assert.deepStrictEqual(read, {
        id: oppId,
        name: "Grace Hopper",
        contact: "c-7",
        emails: ["grace@example.com", "gh@example.org"],
        tags: ["Backend", "backend"],
        stageId: "lead-new",
        archived: null,
        confidential: false,
        url: "https://hire.lever.co/candidates/opp-7"
      } as unknown as typeof read)
    }))

  it.live("an expanded stage {id, text} gives its id", () =>
    Effect.gen(function*() {
      const read = yield* readOpportunity({ id: "opp-7", name: "G", stage: { id: "offer", text: "Offer" } })
      assert.strictEqual(read.stageId, "offer")
    }))

  it.live("missing or null emails and tags are empty lists; confidentiality becomes a boolean", () =>
    Effect.gen(function*() {
      const a = yield* readOpportunity({ id: "opp-7", name: "G", confidentiality: "confidential" })
      const b = yield* readOpportunity({ id: "opp-7", name: "G", emails: null, tags: null, stage: null })
      assert.deepStrictEqual([a.emails, a.tags, a.confidential, a.stageId], [[], [], true, null])
      assert.deepStrictEqual([b.emails, b.tags, b.confidential, b.stageId], [[], [], false, null])
    }))

  it.live("the archive status comes from `archived`, or from the legacy top-level fields", () =>
    Effect.gen(function*() {
      const current = yield* readOpportunity({
        id: "opp-7",
        name: "G",
        archived: { reason: "reason-1", archivedAt: 1_700_000_000_000 }
      })
      const legacy = yield* readOpportunity({
        id: "opp-7",
        name: "G",
        archivedAt: 1_600_000_000_000,
        archiveReason: "reason-legacy"
      })
      const active = yield* readOpportunity({ id: "opp-7", name: "G", archived: null, archivedAt: null })
      assert.deepStrictEqual([current.archived?.reason, current.archived?.archivedAt], ["reason-1", 1_700_000_000_000])
      assert.deepStrictEqual(
        [legacy.archived?.reason, legacy.archived?.archivedAt],
        ["reason-legacy", 1_600_000_000_000]
      )
      assert.isNull(active.archived)
    }))

  it.live("a missing id is LeverInvalidResponse naming data.id", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(readOpportunity({ name: "G" }))
      assert.strictEqual(error._tag, "LeverInvalidResponse")
      assert.include(error.message, "data.id")
      assert.include(error.message, "GET /opportunities/:id")
    }))
})

describe("notes", () => {
  it.live("POST accepts the documented {data: {noteId}} and the full note object", () =>
    Effect.gen(function*() {
      const shapes = [
        { data: { noteId: "n-1" } },
        { data: { id: "n-2", text: "Notes", fields: [{ type: "note", text: "Notes", value: "hi" }], createdAt: 1 } },
        { noteId: "n-3" }
      ]
      const stub = yield* StubLever.start((_, i) => ({ status: 201, json: shapes[i] }))
      const ids = yield* withLever({}, (lever) =>
        Effect.forEach(shapes, () => lever.addNote(keyTarget(stub.baseUrl, key), oppId, { value: "hi" })))
      assert.deepStrictEqual(ids.map((r) => r.noteId), ["n-1", "n-2", "n-3"])
    }))

  it.live("listNotes reads the text from fields (or value) and leaves out deleted notes", () =>
    Effect.gen(function*() {
      const stub = yield* StubLever.start(() =>
        StubLever.page([
          {
            id: "n-1",
            text: "Notes",
            fields: [{ type: "note", text: "Notes", value: "first\n[fulcrum:abc]" }],
            createdAt: 5
          },
          { id: "n-2", value: "top-level value" },
          { id: "n-3", fields: [{ value: "gone" }], deletedAt: 9 }
        ])
      )
      const notes = yield* withLever({}, (lever) => lever.listNotes(keyTarget(stub.baseUrl, key), oppId))
      assert.deepStrictEqual(notes, [
        { id: "n-1", value: "first\n[fulcrum:abc]", createdAt: 5 },
        { id: "n-2", value: "top-level value" }
      ])
      assert.strictEqual(stub.received[0]?.url, "/v1/opportunities/opp-7/notes?limit=100")
    }))
})

describe("catalog", () => {
  it.live("archive reasons: unknown status/type never fail the list", () =>
    Effect.gen(function*() {
      const stub = yield* StubLever.start(() =>
        StubLever.page([
          { id: "r1", text: "Hired", status: "active", type: "hired" },
          { id: "r2", text: "Old", status: "inactive", type: "non-hired" },
          { id: "r3", text: "Odd", status: "archived", type: "something-new" },
          { id: "r4", text: "Bare" }
        ])
      )
      const reasons = yield* withLever({}, (lever) => lever.listArchiveReasons(keyTarget(stub.baseUrl, key)))
      assert.deepStrictEqual(reasons.map((r) => [r.id, r.status, r.type]), [
        ["r1", "active", "hired"],
        ["r2", "inactive", "non-hired"],
        ["r3", "active", "non-hired"],
        ["r4", "active", "non-hired"]
      ])
    }))

  it.live("a stage without an id is LeverInvalidResponse naming its index", () =>
    Effect.gen(function*() {
      const stub = yield* StubLever.start(() => StubLever.page([{ id: "a", text: "A" }, { text: "B" }]))
      const error = yield* withLever({}, (lever) => Effect.flip(lever.listStages(keyTarget(stub.baseUrl, key))))
      assert.strictEqual(error._tag, "LeverInvalidResponse")
      assert.include(error.message, "data[1].id")
    }))
})

const webhookInput = { event: "candidateStageChange", url: "https://x.example/hook" }

describe("webhooks", () => {
  it.live("registerWebhook posts {url, event} and returns the signature token Redacted", () =>
    Effect.gen(function*() {
      const stub = yield* StubLever.start(() => ({
        status: 201,
        json: {
          data: {
            id: "wh-1",
            event: "candidateStageChange",
            url: "https://x.example/hook",
            configuration: { signatureToken: "tok-secret", conditions: null },
            createdAt: 1
          }
        }
      }))
      const hook = yield* withLever({}, (lever) =>
        lever.registerWebhook(keyTarget(stub.baseUrl, key), webhookInput))
      assert.deepStrictEqual(JSON.parse(stub.received[0]!.body), {
        url: "https://x.example/hook",
        event: "candidateStageChange"
      })
      assert.strictEqual(Redacted.value(hook.signatureToken), "tok-secret")
      assert.notInclude(JSON.stringify(hook), "tok-secret")
    }))

  it.live("a registration answer without a signature token is LeverInvalidResponse", () =>
    Effect.gen(function*() {
      const stub = yield* StubLever.start(() => ({
        status: 201,
        json: { data: { id: "wh-1", event: "candidateStageChange", url: "https://x.example/hook" } }
      }))
      const error = yield* withLever({}, (lever) =>
        Effect.flip(lever.registerWebhook(keyTarget(stub.baseUrl, key), webhookInput)))
      assert.strictEqual(error._tag, "LeverInvalidResponse")
      assert.include(error.message, "data.configuration")
    }))
})

describe("postings and applications", () => {
  it.live("the posting comes from the expanded applications; a sourced candidate has none", () =>
    Effect.gen(function*() {
      const stub = yield* StubLever.start((request) => ({
        status: 200,
        json: {
          data: {
            id: "opp-7",
            name: "G",
            applications: request.url.includes("expand=applications")
              ? [{ id: "app-1", type: "posting", posting: "post-1", someFutureField: 1 }]
              : ["app-1"]
          }
        }
      }))
      const read = yield* withLever({}, (lever) => lever.getOpportunity(keyTarget(stub.baseUrl, key), oppId))
      assert.deepStrictEqual(read.posting, { id: "post-1", title: null } as typeof read.posting)
      assert.include(stub.received[0]?.url, "expand=applications")
      const sourced = yield* readOpportunity({ id: "opp-7", name: "G", applications: [{ id: "app-2", type: "user", posting: null }] })
      assert.isNull(sourced.posting)
      const none = yield* readOpportunity({ id: "opp-7", name: "G", applications: [] })
      assert.isNull(none.posting)
    }))

  it.live("postings are read leniently: missing categories or state, unknown fields", () =>
    Effect.gen(function*() {
      const stub = yield* StubLever.start(() => ({
        status: 200,
        json: {
          data: [
            {
              id: "post-1",
              text: "Backend Engineer",
              state: "published",
              categories: { team: "Platform", location: "Berlin", commitment: null, level: "Senior", allLocations: ["Berlin"] },
              distributionChannels: ["public"],
              createdAt: 1
            },
            { id: "post-2", text: "Old role", categories: null }
          ],
          hasNext: false
        }
      }))
      const postings = yield* withLever({}, (lever) => lever.listPostings(keyTarget(stub.baseUrl, key)))
      assert.deepStrictEqual(postings.map((p) => ({ ...p })), [
        { id: "post-1", text: "Backend Engineer", state: "published", team: "Platform", department: null, location: "Berlin", commitment: null },
        { id: "post-2", text: "Old role", state: "unknown", team: null, department: null, location: null, commitment: null }
      ] as Array<(typeof postings)[number]>)
    }))
})
