import { assert, describe, layer } from "@effect/vitest"
import { Effect } from "effect"
import { LeverSandbox, Permission, Seed } from "../src/index.ts"
import { call } from "./support/http.ts"

const setup = { key: LeverSandbox.SetupApiKey }
const permanent = { key: LeverSandbox.PermanentApiKey }
const confidential = { key: LeverSandbox.ConfidentialApiKey }
const admin = { key: LeverSandbox.AdminApiKey }

// The sandbox needs the real clock (rate limits, retries, latency): build it without test services.
const live = { excludeTestServices: true } as const

describe("Lever API", () => {
  layer(LeverSandbox.layer(), live)("auth", (it) => {
    it.effect("401 without credentials, with an unknown key, or with a revoked key", () =>
      Effect.gen(function*() {
        const { baseUrl, control } = yield* LeverSandbox.LeverSandbox
        const none = yield* call(`${baseUrl}/stages`)
        assert.strictEqual(none.status, 401)
        assert.strictEqual(none.body.code, "UnauthorizedError")
        assert.isString(none.body.message)
        assert.strictEqual((yield* call(`${baseUrl}/stages`, { auth: { key: "not-a-key" } })).status, 401)
        // The key as the password (empty username) is not Lever's scheme.
        const swapped = yield* call(`${baseUrl}/stages`, {
          headers: { authorization: `Basic ${Buffer.from(`:${LeverSandbox.SetupApiKey}`).toString("base64")}` }
        })
        assert.strictEqual(swapped.status, 401)

        const key = yield* control.keys.create({ name: "temp", permissions: ["stages:read:admin"] })
        assert.strictEqual((yield* call(`${baseUrl}/stages`, { auth: { key: key.key } })).status, 200)
        yield* control.keys.revoke(key.id)
        assert.strictEqual((yield* call(`${baseUrl}/stages`, { auth: { key: key.key } })).status, 401)
      }))

    it.effect("403 names the missing permission", () =>
      Effect.gen(function*() {
        const { baseUrl } = yield* LeverSandbox.LeverSandbox
        const denied = yield* call(`${baseUrl}/opportunities/${Seed.OpportunityIds.ada}`, { auth: setup })
        assert.strictEqual(denied.status, 403)
        assert.strictEqual(denied.body.code, "ForbiddenError")
        assert.include(denied.body.message, "opportunities:read:admin")
        const tags = yield* call(`${baseUrl}/tags`, { auth: permanent })
        assert.strictEqual(tags.status, 403)
        assert.include(tags.body.message, "tags:read:admin")
        const write = yield* call(`${baseUrl}/opportunities/${Seed.OpportunityIds.ada}/stage`, {
          method: "PUT",
          auth: setup,
          body: { stage: Seed.StageIds.offer }
        })
        assert.strictEqual(write.status, 403)
        assert.include(write.body.message, "opportunities:write:admin")
      }))

    it.effect("addTags and removeTags need opportunities:write:admin, as in Lever (there is no tags write)", () =>
      Effect.gen(function*() {
        const { baseUrl, control } = yield* LeverSandbox.LeverSandbox
        const tagsOnly = yield* control.keys.create({ permissions: ["opportunities:read:admin", "tags:write:admin"] })
        const writer = yield* control.keys.create({ permissions: ["opportunities:write:admin"] })
        for (const action of ["addTags", "removeTags"]) {
          const url = `${baseUrl}/opportunities/${Seed.OpportunityIds.ada}/${action}`
          const denied = yield* call(url, { method: "POST", auth: { key: tagsOnly.key }, body: { tags: ["Senior"] } })
          assert.strictEqual(denied.status, 403, action)
          assert.strictEqual(denied.body.code, "ForbiddenError")
          assert.include(denied.body.message, "opportunities:write:admin")
          assert.notInclude(denied.body.message, "tags:write:admin")
          const allowed = yield* call(url, { method: "POST", auth: { key: writer.key }, body: { tags: ["Senior"] } })
          assert.strictEqual(allowed.status, 200, action)
        }
        assert.include(Permission.permanent, "opportunities:write:admin")
      }))

    it.effect("a wrong method on a known path is a 405 with Lever's error body and an Allow header", () =>
      Effect.gen(function*() {
        const { baseUrl } = yield* LeverSandbox.LeverSandbox
        const ada = `${baseUrl}/opportunities/${Seed.OpportunityIds.ada}`
        for (
          const [method, url, allow] of [
            ["PATCH", `${baseUrl}/stages`, "GET"],
            ["DELETE", ada, "GET"],
            ["POST", `${ada}/stage`, "PUT"],
            ["GET", `${ada}/addTags`, "POST"],
            ["PUT", `${ada}/notes`, "GET, POST"],
            ["PATCH", `${baseUrl}/webhooks/some-id`, "DELETE, GET, PUT"]
          ] as const
        ) {
          const answer = yield* call(url, { method, auth: admin, ...(method === "GET" ? {} : { body: {} }) })
          assert.strictEqual(answer.status, 405, `${method} ${url}`)
          assert.deepStrictEqual(Object.keys(answer.body).sort(), ["code", "message"])
          assert.strictEqual(answer.body.code, "MethodNotAllowed")
          assert.include(answer.body.message, method)
          assert.strictEqual(answer.headers.get("allow"), allow)
        }
        const unknown = yield* call(`${baseUrl}/candidates`, { method: "PATCH", auth: admin, body: {} })
        assert.strictEqual(unknown.status, 404)
      }))

    it.effect("unknown endpoints and ids are Lever-style 404s", () =>
      Effect.gen(function*() {
        const { baseUrl } = yield* LeverSandbox.LeverSandbox
        const unknown = yield* call(`${baseUrl}/candidates`, { auth: admin })
        assert.strictEqual(unknown.status, 404)
        assert.strictEqual(unknown.body.code, "ResourceNotFound")
        const stage = yield* call(`${baseUrl}/stages/nope`, { auth: setup })
        assert.strictEqual(stage.status, 404)
        assert.strictEqual(stage.body.code, "ResourceNotFound")
      }))
  })

  layer(LeverSandbox.layer(), live)("reads", (it) => {
    it.effect("stages, archive reasons (with ?type) and tags", () =>
      Effect.gen(function*() {
        const { baseUrl } = yield* LeverSandbox.LeverSandbox
        const stages = yield* call(`${baseUrl}/stages`, { auth: setup })
        assert.strictEqual(stages.status, 200)
        assert.strictEqual(stages.body.hasNext, false)
        assert.isUndefined(stages.body.next)
        const ids = stages.body.data.map((s: { id: string }) => s.id)
        for (const id of ["lead-new", "lead-reached-out", "applicant-new", "offer", Seed.StageIds.technicalAssessment]) {
          assert.include(ids, id)
        }
        const one = yield* call(`${baseUrl}/stages/${Seed.StageIds.onsiteInterview}`, { auth: setup })
        assert.deepStrictEqual(one.body, { data: { id: Seed.StageIds.onsiteInterview, text: "Onsite Interview" } })

        const reasons = yield* call(`${baseUrl}/archive_reasons`, { auth: setup })
        const texts = reasons.body.data.map((r: { text: string }) => r.text)
        for (const text of ["Not a fit", "Plagiarism", "Withdrew", "Offer declined", "Distance", "Hired"]) {
          assert.include(texts, text)
        }
        assert.isTrue(reasons.body.data.some((r: { status: string }) => r.status === "inactive"))
        const hired = yield* call(`${baseUrl}/archive_reasons?type=hired`, { auth: setup })
        assert.deepStrictEqual(hired.body.data, [
          { id: Seed.ArchiveReasonIds.hired, text: "Hired", status: "active", type: "hired" }
        ])
        const nonHired = yield* call(`${baseUrl}/archive_reasons?type=non-hired`, { auth: setup })
        assert.strictEqual(nonHired.body.data.length, reasons.body.data.length - 1)
        assert.strictEqual((yield* call(`${baseUrl}/archive_reasons?type=fired`, { auth: setup })).status, 400)

        const tags = yield* call(`${baseUrl}/tags`, { auth: setup })
        assert.deepInclude(tags.body.data, { text: "Backend Assessment", count: 1 })
      }))

    it.effect("an opportunity, with ?expand=stage", () =>
      Effect.gen(function*() {
        const { baseUrl } = yield* LeverSandbox.LeverSandbox
        const plain = yield* call(`${baseUrl}/opportunities/${Seed.OpportunityIds.ada}`, { auth: permanent })
        assert.strictEqual(plain.status, 200)
        const o = plain.body.data
        assert.strictEqual(o.stage, Seed.StageIds.newApplicant)
        assert.strictEqual(o.archived, null)
        assert.strictEqual(o.confidentiality, "non-confidential")
        assert.deepStrictEqual(o.emails, ["ada@example.com"])
        assert.deepStrictEqual(o.tags, ["Backend Assessment"])
        assert.isString(o.contact)
        assert.isNumber(o.createdAt)
        assert.isNumber(o.updatedAt)
        assert.isNumber(o.lastInteractionAt)
        assert.isArray(o.stageChanges)
        assert.isArray(o.applications)
        assert.isString(o.urls.show)
        const expanded = yield* call(`${baseUrl}/opportunities/${Seed.OpportunityIds.ada}?expand=stage`, {
          auth: permanent
        })
        assert.deepStrictEqual(expanded.body.data.stage, { id: Seed.StageIds.newApplicant, text: "New applicant" })
        const archived = yield* call(`${baseUrl}/opportunities/${Seed.OpportunityIds.alan}`, { auth: permanent })
        assert.strictEqual(archived.body.data.archived.reason, Seed.ArchiveReasonIds.withdrew)
        assert.deepStrictEqual(archived.body.data.emails, [])
      }))

    it.effect("the legacy top-level archivedAt/archiveReason mirror archived; dataProtection is Lever's object or null", () =>
      Effect.gen(function*() {
        const { baseUrl } = yield* LeverSandbox.LeverSandbox
        const alan = (yield* call(`${baseUrl}/opportunities/${Seed.OpportunityIds.alan}`, { auth: permanent })).body.data
        assert.isNumber(alan.archived.archivedAt)
        assert.strictEqual(alan.archivedAt, alan.archived.archivedAt)
        assert.strictEqual(alan.archiveReason, Seed.ArchiveReasonIds.withdrew)
        assert.isNull(alan.dataProtection)
        const ada = (yield* call(`${baseUrl}/opportunities/${Seed.OpportunityIds.ada}`, { auth: permanent })).body.data
        assert.isNull(ada.archived)
        assert.isNull(ada.archivedAt)
        assert.isNull(ada.archiveReason)
        assert.deepStrictEqual(Object.keys(ada.dataProtection).sort(), ["contact", "store"])
        for (const consent of [ada.dataProtection.store, ada.dataProtection.contact]) {
          assert.deepStrictEqual(Object.keys(consent).sort(), ["allowed", "expiresAt"])
          assert.isBoolean(consent.allowed)
          assert.isTrue(consent.expiresAt === null || typeof consent.expiresAt === "number")
        }

        const created = yield* call(`${baseUrl}/opportunities`, {
          method: "POST",
          auth: admin,
          body: {
            name: "Consent",
            dataProtection: { store: { allowed: true, expiresAt: 1_900_000_000_000 }, contact: { allowed: false, expiresAt: null } }
          }
        })
        assert.strictEqual(created.status, 201)
        assert.deepStrictEqual(created.body.data.dataProtection, {
          store: { allowed: true, expiresAt: 1_900_000_000_000 },
          contact: { allowed: false, expiresAt: null }
        })
        const id: string = created.body.data.id
        const archivedNow = yield* call(`${baseUrl}/opportunities/${id}/archived`, {
          method: "PUT",
          auth: admin,
          body: { reason: Seed.ArchiveReasonIds.notAFit }
        })
        assert.strictEqual(archivedNow.body.data.archiveReason, Seed.ArchiveReasonIds.notAFit)
        assert.strictEqual(archivedNow.body.data.archivedAt, archivedNow.body.data.archived.archivedAt)
        const listed = yield* call(`${baseUrl}/opportunities`, { auth: admin })
        const same = listed.body.data.find((o: { id: string }) => o.id === id)
        assert.strictEqual(same.archiveReason, Seed.ArchiveReasonIds.notAFit)
        const plain = yield* call(`${baseUrl}/opportunities`, { method: "POST", auth: admin, body: { name: "No policy" } })
        assert.isNull(plain.body.data.dataProtection)
      }))

    it.effect("confidential candidates are hidden from keys without confidential access", () =>
      Effect.gen(function*() {
        const { baseUrl } = yield* LeverSandbox.LeverSandbox
        const hidden = yield* call(`${baseUrl}/opportunities/${Seed.OpportunityIds.grace}`, { auth: permanent })
        assert.strictEqual(hidden.status, 404)
        assert.strictEqual(hidden.body.code, "ResourceNotFound")
        const notes = yield* call(`${baseUrl}/opportunities/${Seed.OpportunityIds.grace}/notes`, {
          method: "POST",
          auth: permanent,
          body: { value: "x" }
        })
        assert.strictEqual(notes.status, 404)
        const seen = yield* call(`${baseUrl}/opportunities/${Seed.OpportunityIds.grace}`, { auth: confidential })
        assert.strictEqual(seen.status, 200)
        assert.strictEqual(seen.body.data.confidentiality, "confidential")

        const list = yield* call(`${baseUrl}/opportunities`, { auth: admin })
        assert.include(list.body.data.map((o: { id: string }) => o.id), Seed.OpportunityIds.grace)
        const key = yield* (yield* LeverSandbox.LeverSandbox).control.keys.create({
          permissions: ["opportunities:read:admin", "tags:read:admin"]
        })
        const filtered = yield* call(`${baseUrl}/opportunities`, { auth: { key: key.key } })
        assert.notInclude(filtered.body.data.map((o: { id: string }) => o.id), Seed.OpportunityIds.grace)
        const tags = yield* call(`${baseUrl}/tags`, { auth: { key: key.key } })
        // Grace's tags are in use only on a confidential candidate: not revealed.
        const texts = tags.body.data.map((t: { text: string }) => t.text)
        assert.notInclude(texts, "Frontend Assessment")
        assert.notInclude(texts, "Senior")
      }))
  })

  layer(LeverSandbox.layer(), live)("tags", (it) => {
    it.effect("GET /tags lists the tags in use on at least one candidate, sorted, with their counts", () =>
      Effect.gen(function*() {
        const { baseUrl, control } = yield* LeverSandbox.LeverSandbox
        const tags = () => Effect.map(call(`${baseUrl}/tags`, { auth: admin }), (answer) => answer.body.data)
        assert.deepStrictEqual(yield* tags(), [
          { text: "Backend Assessment", count: 1 },
          { text: "Frontend Assessment", count: 1 },
          { text: "Referral", count: 1 },
          { text: "Senior", count: 1 }
        ])
        const linus = yield* control.createOpportunity({ name: "Linus", tags: ["zeta", "alpha", "Backend Assessment"] })
        const after = yield* tags()
        const texts = after.map((t: { text: string }) => t.text)
        assert.deepStrictEqual(texts, ["alpha", "Backend Assessment", "Frontend Assessment", "Referral", "Senior", "zeta"])
        assert.deepInclude(after, { text: "Backend Assessment", count: 2 })
        assert.deepInclude(after, { text: "alpha", count: 1 })
        yield* control.removeTags(linus.id, ["alpha"])
        assert.notInclude((yield* tags()).map((t: { text: string }) => t.text), "alpha")
        yield* control.deleteOpportunity(linus.id)
        assert.notInclude((yield* tags()).map((t: { text: string }) => t.text), "zeta")
      }))
  })

  layer(LeverSandbox.layer(), live)("opportunity filters", (it) => {
    const ids = (answer: { readonly body: { readonly data: ReadonlyArray<{ readonly id: string }> } }) =>
      answer.body.data.map((o) => o.id).sort()

    it.effect("tag, stage_id, archived and email filter GET /opportunities; repeated values are OR, params AND", () =>
      Effect.gen(function*() {
        const { baseUrl, control } = yield* LeverSandbox.LeverSandbox
        const list = (query: string) => call(`${baseUrl}/opportunities?${query}`, { auth: admin })
        const screen = Seed.StageIds.technicalAssessment
        const onsite = Seed.StageIds.onsiteInterview
        const a = yield* control.createOpportunity({ name: "A", emails: ["A.One@Example.com"], tags: ["f:js", "f,comma"], stage: screen })
        const b = yield* control.createOpportunity({ name: "B", emails: ["b@example.com"], tags: ["f:go"], stage: onsite })
        const c = yield* control.createOpportunity({ name: "C", emails: [], tags: ["f:js"], stage: onsite })
        yield* control.archive(c.id, Seed.ArchiveReasonIds.withdrew)

        assert.deepStrictEqual(ids(yield* list("tag=f:js")), [a.id, c.id].sort())
        assert.deepStrictEqual(ids(yield* list("tag=f:js&tag=f:go")), [a.id, b.id, c.id].sort())
        assert.deepStrictEqual(ids(yield* list("tag=F:JS")), [], "tags are case-sensitive")
        assert.deepStrictEqual(ids(yield* list(`tag=${encodeURIComponent("f,comma")}`)), [a.id], "a comma is part of a tag")
        assert.deepStrictEqual(ids(yield* list(`stage_id=${onsite}&tag=f:js`)), [c.id])
        assert.deepStrictEqual(ids(yield* list(`stage_id=${onsite}&stage_id=${screen}&tag=f:js`)), [a.id, c.id].sort())
        assert.deepStrictEqual(ids(yield* list("tag=f:js&archived=true")), [c.id])
        assert.deepStrictEqual(ids(yield* list("tag=f:js&archived=false")), [a.id])
        assert.deepStrictEqual(ids(yield* list(`email=${encodeURIComponent("a.one@example.COM")}`)), [a.id])
        assert.deepStrictEqual(ids(yield* list("email=b@example.com&email=nobody@example.com")), [b.id])
        const archived = (yield* list("archived=true")).body.data
        assert.isTrue(archived.every((o: { archived: unknown }) => o.archived !== null))
        assert.include(archived.map((o: { id: string }) => o.id), Seed.OpportunityIds.alan)
        const viaControl = yield* control.listOpportunities({ tags: ["f:js"], archived: false })
        assert.deepStrictEqual(viaControl.map((o) => o.id), [a.id])
        for (const bad of ["archived=yes", "archived=true&archived=false"]) {
          const answer = yield* list(bad)
          assert.strictEqual(answer.status, 400, bad)
          assert.strictEqual(answer.body.code, "BadRequestError")
        }
      }))

    it.effect("filtered lists paginate, and a filtered list's token is refused on another filter", () =>
      Effect.gen(function*() {
        const { baseUrl, control } = yield* LeverSandbox.LeverSandbox
        yield* control.reset()
        const created = yield* Effect.forEach(["p1", "p2", "p3"], (name) => control.createOpportunity({ name, tags: ["f:paged"] }))
        yield* control.createOpportunity({ name: "other", tags: ["f:other"] })
        const seen: Array<string> = []
        let next: string | undefined
        for (;;) {
          const offset = next === undefined ? "" : `&offset=${encodeURIComponent(next)}`
          const page = yield* call(`${baseUrl}/opportunities?tag=f:paged&limit=2${offset}`, { auth: admin })
          assert.strictEqual(page.status, 200)
          seen.push(...page.body.data.map((o: { id: string }) => o.id))
          if (!page.body.hasNext) break
          next = page.body.next
        }
        assert.deepStrictEqual(seen, created.map((o) => o.id))
        const first = yield* call(`${baseUrl}/opportunities?tag=f:paged&limit=2`, { auth: admin })
        const foreign = yield* call(
          `${baseUrl}/opportunities?tag=f:other&limit=2&offset=${encodeURIComponent(first.body.next)}`,
          { auth: admin }
        )
        assert.strictEqual(foreign.status, 400)
      }))
  })

  layer(LeverSandbox.layer({ extraStages: 250, extraArchiveReasons: 1_000 }), live)("pagination", (it) => {
    const walk = (baseUrl: string, path: string, limit: number) =>
      Effect.gen(function*() {
        const items: Array<{ id: string }> = []
        let next: string | undefined
        let pages = 0
        for (;;) {
          const sep = path.includes("?") ? "&" : "?"
          // A raw token goes into the URL percent-encoded, like any query value.
          const url = `${baseUrl}${path}${sep}limit=${limit}${next === undefined ? "" : `&offset=${encodeURIComponent(next)}`}`
          const page = yield* call(url, { auth: setup })
          assert.strictEqual(page.status, 200, JSON.stringify(page.body))
          items.push(...page.body.data)
          pages++
          if (!page.body.hasNext) break
          next = page.body.next
          assert.match(next!, /^[A-Za-z0-9+/]+=*$/)
        }
        return { items, pages }
      })

    it.effect("walks 260 stages and 1,024 archive reasons, next tokens percent-encoded in the URL", () =>
      Effect.gen(function*() {
        const { baseUrl, control } = yield* LeverSandbox.LeverSandbox
        const stages = yield* walk(baseUrl, "/stages", 100)
        assert.strictEqual(stages.pages, 3)
        assert.strictEqual(stages.items.length, 260)
        assert.strictEqual(new Set(stages.items.map((s) => s.id)).size, 260)
        yield* control.reset() // refill the key's rate-limit bucket

        const reasons = yield* walk(baseUrl, "/archive_reasons", 100)
        assert.strictEqual(reasons.pages, 11)
        assert.strictEqual(reasons.items.length, 1_024)
        yield* control.reset()
        const nonHired = yield* walk(baseUrl, "/archive_reasons?type=non-hired", 100)
        assert.strictEqual(nonHired.items.length, 1_023)
      }))

    it.effect("limit bounds and bad offsets answer 400", () =>
      Effect.gen(function*() {
        const { baseUrl, control } = yield* LeverSandbox.LeverSandbox
        yield* control.reset()
        for (const limit of ["0", "101", "-5", "abc"]) {
          const answer = yield* call(`${baseUrl}/stages?limit=${limit}`, { auth: setup })
          assert.strictEqual(answer.status, 400, limit)
          assert.strictEqual(answer.body.code, "BadRequestError")
        }
        assert.strictEqual((yield* call(`${baseUrl}/stages?limit=1`, { auth: setup })).body.data.length, 1)
        assert.strictEqual((yield* call(`${baseUrl}/stages`, { auth: setup })).body.data.length, 100)

        const first = yield* call(`${baseUrl}/stages?limit=10`, { auth: setup })
        const next: string = first.body.next
        const twice = yield* call(`${baseUrl}/stages?limit=10&offset=${encodeURIComponent(encodeURIComponent(next))}`, {
          auth: setup
        })
        assert.strictEqual(twice.status, 400)
        const garbled = yield* call(`${baseUrl}/stages?limit=10&offset=${encodeURIComponent(next.slice(0, -6))}`, {
          auth: setup
        })
        assert.strictEqual(garbled.status, 400)
        const otherList = yield* call(`${baseUrl}/archive_reasons?limit=10&offset=${encodeURIComponent(next)}`, {
          auth: setup
        })
        assert.strictEqual(otherList.status, 400)
        const numeric = yield* call(`${baseUrl}/stages?offset=10`, { auth: setup })
        assert.strictEqual(numeric.status, 400)
        const ok = yield* call(`${baseUrl}/stages?limit=10&offset=${encodeURIComponent(next)}`, { auth: setup })
        assert.strictEqual(ok.status, 200)
        const all = yield* call(`${baseUrl}/stages?limit=20`, { auth: setup })
        assert.deepStrictEqual(ok.body.data, all.body.data.slice(10, 20))
      }))

    it.effect("a raw token must be percent-encoded: sent as is, its + reads as a space and it is a 400", () =>
      Effect.gen(function*() {
        const { baseUrl, control } = yield* LeverSandbox.LeverSandbox
        yield* control.reset()
        const next: string = (yield* call(`${baseUrl}/stages?limit=10`, { auth: setup })).body.next
        assert.include(next, "+")
        assert.include(next, "/")
        assert.match(next, /=$/)
        const unencoded = yield* call(`${baseUrl}/stages?limit=10&offset=${next}`, { auth: setup })
        assert.strictEqual(unencoded.status, 400)
        assert.strictEqual(unencoded.body.code, "BadRequestError")
        const encoded = yield* call(`${baseUrl}/stages?limit=10&offset=${encodeURIComponent(next)}`, { auth: setup })
        assert.strictEqual(encoded.status, 200)
      }))

    it.effect("nextTokens: \"percent-encoded\" hands out tokens to pass back verbatim", () =>
      Effect.gen(function*() {
        const { baseUrl, control } = yield* LeverSandbox.LeverSandbox
        yield* control.reset()
        yield* control.settings.update({ nextTokens: "percent-encoded" })
        const next: string = (yield* call(`${baseUrl}/stages?limit=10`, { auth: setup })).body.next
        assert.include(next, "%2B")
        assert.include(next, "%2F")
        assert.match(next, /%3D$/)
        const verbatim = yield* call(`${baseUrl}/stages?limit=10&offset=${next}`, { auth: setup })
        assert.strictEqual(verbatim.status, 200)
        const reencoded = yield* call(`${baseUrl}/stages?limit=10&offset=${encodeURIComponent(next)}`, { auth: setup })
        assert.strictEqual(reencoded.status, 400)
        yield* control.reset()
        assert.notInclude((yield* call(`${baseUrl}/stages?limit=10`, { auth: setup })).body.next, "%")
      }))
  })

  layer(LeverSandbox.layer(), live)("writes", (it) => {
    it.effect("notes: documented {noteId} by default, the full note when configured", () =>
      Effect.gen(function*() {
        const { baseUrl, control } = yield* LeverSandbox.LeverSandbox
        const url = `${baseUrl}/opportunities/${Seed.OpportunityIds.ada}/notes`
        const created = yield* call(url, { method: "POST", auth: permanent, body: { value: "Invite sent", secret: false } })
        assert.strictEqual(created.status, 201)
        assert.deepStrictEqual(Object.keys(created.body.data), ["noteId"])

        yield* control.settings.update({ noteResponse: "full" })
        const full = yield* call(url, {
          method: "POST",
          auth: permanent,
          body: { value: "Graded: 87%", score: 4, notifyFollowers: false, createdAt: Date.now() - 1_000 }
        })
        assert.strictEqual(full.status, 201)
        assert.strictEqual(full.body.data.text, "Note")
        assert.strictEqual(full.body.data.fields[0].value, "Graded: 87%")
        assert.strictEqual(full.body.data.fields[0].score, 4)
        assert.isString(full.body.data.id)
        yield* control.settings.update({ noteResponse: "noteId" })

        const notes = yield* control.listNotes(Seed.OpportunityIds.ada)
        assert.deepStrictEqual(notes.map((n) => n.text), ["Invite sent", "Graded: 87%"])
        assert.strictEqual(notes[0]!.id, created.body.data.noteId)
        const listed = yield* call(url, { auth: permanent })
        assert.strictEqual(listed.body.data.length, 2)

        for (
          const bad of [{}, { value: "" }, { value: "x", score: 5 }, { value: 3 }, { value: "x", createdAt: Date.now() + 60_000 }]
        ) {
          const answer = yield* call(url, { method: "POST", auth: permanent, body: bad })
          assert.strictEqual(answer.status, 400, JSON.stringify(bad))
          assert.strictEqual(answer.body.code, "BadRequestError")
        }
        const notJson = yield* call(url, { method: "POST", auth: permanent, body: "{oops" })
        assert.strictEqual(notJson.status, 400)
        assert.strictEqual((yield* control.listNotes(Seed.OpportunityIds.ada)).length, 2)

        const deleted = yield* call(`${url}/${created.body.data.noteId}`, { method: "DELETE", auth: permanent })
        assert.strictEqual(deleted.status, 204)
        const manual = yield* control.addNote(Seed.OpportunityIds.ada, { value: "Written in Lever" })
        const refused = yield* call(`${url}/${manual.id}`, { method: "DELETE", auth: permanent })
        assert.strictEqual(refused.status, 403)
      }))

    it.effect("notes have Lever's shape: form title, one note field with the text, score, author, stage and time", () =>
      Effect.gen(function*() {
        const { baseUrl, control } = yield* LeverSandbox.LeverSandbox
        const id = (yield* control.createOpportunity({ name: "Noted", stage: Seed.StageIds.technicalAssessment })).id
        const url = `${baseUrl}/opportunities/${id}/notes`
        yield* call(url, { method: "POST", auth: permanent, body: { value: "Invite sent" } })
        const at = Date.now() - 60_000
        yield* call(url, { method: "POST", auth: permanent, body: { value: "Graded", score: 3, createdAt: at } })
        const listed = (yield* call(url, { auth: permanent })).body.data
        assert.strictEqual(listed.length, 2)
        for (const note of listed) {
          assert.deepStrictEqual(
            Object.keys(note).sort(),
            ["completedAt", "createdAt", "deletedAt", "fields", "id", "secret", "text", "user"]
          )
          assert.strictEqual(note.text, "Note")
          assert.strictEqual(note.secret, false)
          assert.isNull(note.deletedAt)
          assert.isNumber(note.completedAt)
          assert.strictEqual(note.completedAt, note.createdAt)
          assert.strictEqual(note.fields.length, 1)
          const [field] = note.fields
          assert.deepStrictEqual(
            Object.keys(field).sort(),
            ["createdAt", "score", "stage", "text", "type", "user", "value"]
          )
          assert.strictEqual(field.type, "note")
          assert.strictEqual(field.text, "Comment")
          assert.strictEqual(field.user, note.user)
          assert.strictEqual(field.stage, Seed.StageIds.technicalAssessment)
          assert.strictEqual(field.createdAt, note.createdAt)
        }
        assert.deepStrictEqual(listed.map((n: { fields: Array<{ value: string }> }) => n.fields[0]!.value), ["Invite sent", "Graded"])
        assert.isNull(listed[0].fields[0].score)
        assert.strictEqual(listed[1].fields[0].score, 3)
        assert.strictEqual(listed[1].createdAt, at)
        const one = yield* call(`${url}/${listed[1].id}`, { auth: permanent })
        assert.deepStrictEqual(one.body.data, listed[1])

        // The control handle reads a note as a recruiter does: `text` is its body, `title` the form title.
        const seen = yield* control.listNotes(id)
        assert.deepStrictEqual(seen.map((n) => [n.title, n.text]), [["Note", "Invite sent"], ["Note", "Graded"]])
        assert.deepStrictEqual(seen[1]!.fields, listed[1].fields)
      }))

    it.effect("addTags / removeTags are exact and case-sensitive", () =>
      Effect.gen(function*() {
        const { baseUrl } = yield* LeverSandbox.LeverSandbox
        const url = `${baseUrl}/opportunities/${Seed.OpportunityIds.ada}`
        const added = yield* call(`${url}/addTags`, {
          method: "POST",
          auth: permanent,
          body: { tags: ["fulcrum: invited", "Backend Assessment", "backend assessment"] }
        })
        assert.strictEqual(added.status, 200)
        assert.deepStrictEqual(added.body.data.tags, ["Backend Assessment", "fulcrum: invited", "backend assessment"])
        const removed = yield* call(`${url}/removeTags`, {
          method: "POST",
          auth: permanent,
          body: { tags: ["backend assessment", "not there"] }
        })
        assert.deepStrictEqual(removed.body.data.tags, ["Backend Assessment", "fulcrum: invited"])
        const tags = yield* call(`${baseUrl}/tags`, { auth: admin })
        assert.deepInclude(tags.body.data, { text: "fulcrum: invited", count: 1 })
        const bad = yield* call(`${url}/addTags`, { method: "POST", auth: permanent, body: { tags: "x" } })
        assert.strictEqual(bad.status, 400)
      }))

    it.effect("create, move, archive and unarchive over HTTP", () =>
      Effect.gen(function*() {
        const { baseUrl } = yield* LeverSandbox.LeverSandbox
        const created = yield* call(`${baseUrl}/opportunities`, {
          method: "POST",
          auth: admin,
          body: { name: "Linus", emails: ["linus@example.com"], tags: ["Backend Assessment"], stage: "lead-new" }
        })
        assert.strictEqual(created.status, 201)
        const id: string = created.body.data.id
        const moved = yield* call(`${baseUrl}/opportunities/${id}/stage`, {
          method: "PUT",
          auth: admin,
          body: { stage: Seed.StageIds.technicalAssessment }
        })
        assert.strictEqual(moved.body.data.stage, Seed.StageIds.technicalAssessment)
        assert.strictEqual(moved.body.data.stageChanges.length, 2)
        const unknownStage = yield* call(`${baseUrl}/opportunities/${id}/stage`, {
          method: "PUT",
          auth: admin,
          body: { stage: "nope" }
        })
        assert.strictEqual(unknownStage.status, 400)
        const archived = yield* call(`${baseUrl}/opportunities/${id}/archived`, {
          method: "PUT",
          auth: admin,
          body: { reason: Seed.ArchiveReasonIds.notAFit, cleanInterviews: false }
        })
        assert.strictEqual(archived.body.data.archived.reason, Seed.ArchiveReasonIds.notAFit)
        assert.isNumber(archived.body.data.archived.archivedAt)
        const inactive = yield* call(`${baseUrl}/opportunities/${id}/archived`, {
          method: "PUT",
          auth: admin,
          body: { reason: Seed.ArchiveReasonIds.noShowInactive }
        })
        assert.strictEqual(inactive.status, 400)
        const unarchived = yield* call(`${baseUrl}/opportunities/${id}/archived`, {
          method: "PUT",
          auth: admin,
          body: { reason: null }
        })
        assert.strictEqual(unarchived.body.data.archived, null)
        const secret = yield* call(`${baseUrl}/opportunities`, {
          method: "POST",
          auth: { key: (yield* (yield* LeverSandbox.LeverSandbox).control.keys.create({ permissions: ["opportunities:write:admin"] })).key },
          body: { name: "Secret", confidential: true }
        })
        assert.strictEqual(secret.status, 403)
      }))

    it.effect("webhook registration returns a fresh signature token per webhook", () =>
      Effect.gen(function*() {
        const { baseUrl } = yield* LeverSandbox.LeverSandbox
        const a = yield* call(`${baseUrl}/webhooks`, {
          method: "POST",
          auth: setup,
          body: { url: "https://example.com/stage", event: "candidateStageChange", configuration: { conditions: {} } }
        })
        assert.strictEqual(a.status, 201)
        const b = yield* call(`${baseUrl}/webhooks`, {
          method: "POST",
          auth: setup,
          body: { url: "https://example.com/archive", event: "candidateArchiveChange" }
        })
        const tokenA: string = a.body.data.configuration.signatureToken
        const tokenB: string = b.body.data.configuration.signatureToken
        assert.match(tokenA, /^[0-9a-f]{48}$/)
        assert.notStrictEqual(tokenA, tokenB)
        const list = yield* call(`${baseUrl}/webhooks`, { auth: setup })
        assert.strictEqual(list.body.data.length, 2)
        const updated = yield* call(`${baseUrl}/webhooks/${a.body.data.id}`, {
          method: "PUT",
          auth: setup,
          body: { url: "https://example.com/stage2" }
        })
        assert.strictEqual(updated.body.data.url, "https://example.com/stage2")
        assert.strictEqual(updated.body.data.configuration.signatureToken, tokenA)
        assert.strictEqual((yield* call(`${baseUrl}/webhooks/${a.body.data.id}`, { method: "DELETE", auth: setup })).status, 204)
        const badEvent = yield* call(`${baseUrl}/webhooks`, {
          method: "POST",
          auth: setup,
          body: { url: "https://example.com", event: "somethingElse" }
        })
        assert.strictEqual(badEvent.status, 400)
        const forbidden = yield* call(`${baseUrl}/webhooks`, { auth: permanent })
        assert.strictEqual(forbidden.status, 403)
      }))
  })
})
