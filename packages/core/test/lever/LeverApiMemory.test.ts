import { assert, describe, it } from "@effect/vitest"
import { Ids, WebhookEvent } from "@fulcrum/domain"
import { Effect, Layer, Redacted, Schema } from "effect"
import * as LeverSignature from "../../src/LeverSignature.ts"
import * as LeverApiMemory from "../../src/memory/LeverApiMemory.ts"
import { LeverApi } from "../../src/ports/LeverApi.ts"
import type { LeverError } from "../../src/ports/LeverApi.ts"
import * as LeverApiContract from "../../src/testing/LeverApiContract.ts"

/** The memory Lever as the contract kit sees it: the recruiter is the memory control handle. */
const MemoryFixture = Layer.effect(
  LeverApiContract.LeverFixture,
  Effect.gen(function*() {
    const control = yield* LeverApiMemory.Control
    return LeverApiContract.LeverFixture.of({
      target: (kind) => Effect.succeed(LeverApiMemory.target("kit-team", LeverApiMemory.credentials[kind])),
      stages: Effect.succeed(LeverApiMemory.defaultStages),
      archiveReasons: Effect.succeed(LeverApiMemory.defaultArchiveReasons),
      postings: Effect.succeed(LeverApiMemory.defaultPostings),
      createOpportunity: (opportunity) =>
        Effect.map(control.createOpportunity(opportunity), (created) => created.id),
      readNotes: control.notes
    })
  })
).pipe(Layer.provideMerge(LeverApiMemory.layer))

LeverApiContract.suite("LeverApiMemory satisfies the LeverApi contract", { layer: MemoryFixture })

const errorOf = <A, R>(effect: Effect.Effect<A, LeverError, R>) =>
  Effect.matchEffect(effect, {
    onFailure: Effect.succeed,
    onSuccess: () => Effect.die(new Error("expected a Lever error"))
  })

const permanent = LeverApiMemory.target("acme-team", LeverApiMemory.credentials.permanent)
const setup = LeverApiMemory.target("acme-team", LeverApiMemory.credentials.setup)

const decodeEnvelope = Schema.decodeUnknownSync(Schema.fromJsonString(WebhookEvent.Envelope))

describe("LeverApiMemory", () => {
  it.effect("seeds the default account with Lever's default stage ids and the reason chart", () =>
    Effect.gen(function*() {
      const lever = yield* LeverApi
      const stages = yield* lever.listStages(setup)
      assert.includeMembers(stages.map((s) => s.id), ["lead-new", "applicant-new", "offer"])
      assert.includeMembers(stages.map((s) => s.text), ["Technical Assessment", "Onsite Interview"])
      const reasons = yield* lever.listArchiveReasons(setup)
      assert.deepInclude(reasons, {
        id: LeverApiMemory.archiveReasonIds.hired,
        text: "Hired",
        status: "active",
        type: "hired"
      })
      assert.strictEqual(reasons.filter((r) => r.status === "inactive").length, 1)
      assert.strictEqual(reasons.length, 24)
    }).pipe(Effect.provide(LeverApiMemory.layer)))

  it.effect("reaches the account with OAuth tokens too, but never an API key sent as a bearer token", () =>
    Effect.gen(function*() {
      const lever = yield* LeverApi
      const viaOAuth = LeverApiMemory.target("acme-team", LeverApiMemory.credentials.oauth)
      assert.deepStrictEqual((yield* lever.checkPermissions(viaOAuth, { purpose: "permanent" })).missing, [])
      const keyAsBearer = LeverApiMemory.target("acme-team", {
        _tag: "OAuth",
        accessToken: LeverApiMemory.keys.permanent
      })
      assert.strictEqual((yield* errorOf(lever.listStages(keyAsBearer)))._tag, "LeverUnauthorized")
    }).pipe(Effect.provide(LeverApiMemory.layer)))

  it.effect("keeps accounts apart", () =>
    Effect.gen(function*() {
      const lever = yield* LeverApi
      const recruiter = yield* LeverApiMemory.Control
      yield* recruiter.seedAccount({
        id: "globex",
        stages: [{ id: Ids.StageId.make("globex-stage"), text: "Globex screen" }],
        tags: []
      })
      const globex = LeverApiMemory.target(
        "globex-team",
        yield* recruiter.createCredentials({
          account: "globex",
          permissions: LeverApiMemory.permissionSets.permanent
        })
      )
      assert.deepStrictEqual(yield* lever.listStages(globex), [
        { id: Ids.StageId.make("globex-stage"), text: "Globex screen" }
      ])
      const acme = yield* recruiter.createOpportunity({ name: "Acme candidate" })
      assert.strictEqual((yield* errorOf(lever.getOpportunity(globex, acme.id)))._tag, "LeverNotFound")
      const duplicate = yield* Effect.flip(recruiter.seedAccount({ id: "globex" }))
      assert.strictEqual(duplicate._tag, "LeverInvalidResponse")
    }).pipe(Effect.provide(LeverApiMemory.layer)))

  it.effect("fails the next calls with injected 429/503 faults, then recovers", () =>
    Effect.gen(function*() {
      const lever = yield* LeverApi
      const recruiter = yield* LeverApiMemory.Control
      const candidate = yield* recruiter.createOpportunity({ name: "Grace" })
      yield* recruiter.failNext({ times: 2, error: "RateLimited", method: "addNote" })
      yield* recruiter.failNext({ times: 1, error: "Unavailable" })
      // A fault named for addNote applies to addNote only; the untargeted one hits the first call of any method.
      assert.strictEqual((yield* errorOf(lever.listStages(permanent)))._tag, "LeverUnavailable")
      const first = yield* errorOf(lever.addNote(permanent, candidate.id, { value: "invite sent" }))
      assert.strictEqual(first._tag, "LeverRateLimited")
      assert.include(first._tag === "LeverRateLimited" ? first.endpoint : "", "/notes")
      assert.strictEqual(
        (yield* errorOf(lever.addNote(permanent, candidate.id, { value: "invite sent" })))._tag,
        "LeverRateLimited"
      )
      yield* lever.addNote(permanent, candidate.id, { value: "invite sent" })
      assert.strictEqual((yield* recruiter.notes(candidate.id)).length, 1)
      assert.strictEqual(yield* recruiter.calls("addNote"), 3)
      assert.strictEqual(yield* recruiter.calls("listStages"), 1)
      const counts = yield* recruiter.callCounts
      assert.strictEqual(counts.getOpportunity, 0)
      yield* recruiter.resetCalls
      assert.strictEqual(yield* recruiter.calls("addNote"), 0)
    }).pipe(Effect.provide(LeverApiMemory.layer)))

  it.effect("refuses notes Lever would refuse and keeps what Fulcrum posted", () =>
    Effect.gen(function*() {
      const lever = yield* LeverApi
      const recruiter = yield* LeverApiMemory.Control
      const candidate = yield* recruiter.createOpportunity({ name: "Linus" })
      assert.strictEqual(
        (yield* errorOf(lever.addNote(permanent, candidate.id, { value: "  " })))._tag,
        "LeverInvalidResponse"
      )
      assert.strictEqual(
        (yield* errorOf(lever.addNote(permanent, candidate.id, { value: "graded", score: 7 })))._tag,
        "LeverInvalidResponse"
      )
      yield* lever.addNote(permanent, candidate.id, { value: "graded", score: 4, secret: true })
      const [note] = yield* recruiter.notes(candidate.id)
      assert.strictEqual(note?.value, "graded")
      assert.strictEqual(note?.score, 4)
      assert.isTrue(note?.secret)
      assert.strictEqual(note?.createdAt, 0, "notes are stamped with the Effect clock")
    }).pipe(Effect.provide(LeverApiMemory.layer)))

  it.effect("refuses unknown webhook events and invalid URLs", () =>
    Effect.gen(function*() {
      const lever = yield* LeverApi
      const unknownEvent = yield* errorOf(
        lever.registerWebhook(setup, { event: "candidateMoved", url: "https://x.test" })
      )
      assert.strictEqual(unknownEvent._tag, "LeverInvalidResponse")
      const badUrl = yield* errorOf(lever.registerWebhook(setup, { event: "candidateStageChange", url: "not a url" }))
      assert.strictEqual(badUrl._tag, "LeverInvalidResponse")
      const forbidden = yield* errorOf(
        lever.registerWebhook(permanent, { event: "candidateStageChange", url: "https://x.test" })
      )
      assert.strictEqual(forbidden._tag, "LeverForbidden")
    }).pipe(Effect.provide(LeverApiMemory.layer)))

  it.effect("sends signed webhooks for the recruiter's moves, archives and deletions", () =>
    Effect.gen(function*() {
      const lever = yield* LeverApi
      const recruiter = yield* LeverApiMemory.Control
      const stageHook = yield* lever.registerWebhook(setup, {
        event: "candidateStageChange",
        url: "https://fulcrum.test/webhooks/lever/acme-team/stage-change"
      })
      const archiveHook = yield* lever.registerWebhook(setup, {
        event: "candidateArchiveChange",
        url: "https://fulcrum.test/webhooks/lever/acme-team/archive-change"
      })
      const candidate = yield* recruiter.createOpportunity({
        name: "Margaret",
        emails: ["margaret@example.com"],
        tags: ["Take-home"]
      })
      yield* recruiter.moveStage(candidate.id, LeverApiMemory.stageIds.technicalAssessment)
      yield* recruiter.moveStage(candidate.id, LeverApiMemory.stageIds.technicalAssessment)
      yield* recruiter.archive(candidate.id, LeverApiMemory.archiveReasonIds.withdrew)
      yield* recruiter.unarchive(candidate.id)
      yield* recruiter.deleteOpportunity(candidate.id)
      const deliveries = yield* recruiter.takeDeliveries
      assert.deepStrictEqual(deliveries.map((d) => d.event), [
        "candidateStageChange",
        "candidateArchiveChange",
        "candidateArchiveChange"
      ])
      assert.deepStrictEqual(yield* recruiter.takeDeliveries, [], "taking empties the queue")

      const [moved, archived, unarchived] = deliveries.map((d) => decodeEnvelope(d.body))
      assert.deepStrictEqual(moved?.data, {
        opportunityId: candidate.id,
        candidateId: candidate.id,
        contactId: candidate.contact,
        toStageId: LeverApiMemory.stageIds.technicalAssessment,
        fromStageId: LeverApiMemory.stageIds.applicantNew
      })
      assert.deepInclude(archived?.data as object, {
        fromArchived: null,
        toArchived: { reason: LeverApiMemory.archiveReasonIds.withdrew, archivedAt: 0 }
      })
      assert.deepInclude(unarchived?.data as object, { toArchived: null })

      const hooks = yield* recruiter.webhooks()
      const tokenOf = (id: string) => hooks.find((h) => h.id === id)!.signatureToken
      for (const [delivery, envelope] of deliveries.map((d, i) => [d, [moved, archived, unarchived][i]!] as const)) {
        const hook = delivery.event === "candidateStageChange" ? stageHook : archiveHook
        assert.strictEqual(delivery.url, hook.url)
        const expected = yield* LeverSignature.compute(tokenOf(hook.id), envelope.token, envelope.triggeredAt)
        assert.strictEqual(envelope.signature, expected)
        assert.match(envelope.token, /^[0-9a-f]{48}$/)
      }
      assert.strictEqual((yield* errorOf(lever.getOpportunity(permanent, candidate.id)))._tag, "LeverNotFound")
    }).pipe(Effect.provide(LeverApiMemory.layer)))

  it.effect("pings a webhook like Lever's Verify connection: signed, empty data", () =>
    Effect.gen(function*() {
      const lever = yield* LeverApi
      const recruiter = yield* LeverApiMemory.Control
      const hook = yield* lever.registerWebhook(setup, { event: "candidateStageChange", url: "https://f.test/h" })
      const delivery = yield* recruiter.ping(hook.id)
      const envelope = decodeEnvelope(delivery.body)
      assert.deepStrictEqual(envelope.data, {})
      assert.strictEqual(
        envelope.signature,
        yield* LeverSignature.compute(hook.signatureToken, envelope.token, envelope.triggeredAt)
      )
      assert.deepStrictEqual(yield* recruiter.takeDeliveries, [])
      assert.strictEqual((yield* Effect.flip(recruiter.ping("no-such-hook")))._tag, "LeverNotFound")
    }).pipe(Effect.provide(LeverApiMemory.layer)))

  it.effect("counts tags over the candidates the credentials may see", () =>
    Effect.gen(function*() {
      const lever = yield* LeverApi
      const recruiter = yield* LeverApiMemory.Control
      yield* recruiter.createOpportunity({ name: "A", tags: ["JS"] })
      yield* recruiter.createOpportunity({ name: "B", tags: ["JS"], confidential: true })
      const hidden = LeverApiMemory.target("acme-team", LeverApiMemory.credentials.setup)
      const tags = yield* lever.listTags(hidden)
      assert.deepInclude(tags, { text: "JS", count: 1 })
      assert.deepInclude(tags, { text: "Referral", count: 0 })
      const all = yield* recruiter.createCredentials({ permissions: ["tags:read:admin"], confidential: true })
      assert.deepInclude(yield* lever.listTags(LeverApiMemory.target("acme-team", all)), { text: "JS", count: 2 })
    }).pipe(Effect.provide(LeverApiMemory.layer)))

  it.effect("revokes issued credentials and validates the recruiter's own requests", () =>
    Effect.gen(function*() {
      const lever = yield* LeverApi
      const recruiter = yield* LeverApiMemory.Control
      const issued = yield* recruiter.createCredentials({ permissions: ["stages:read:admin"] })
      const target = LeverApiMemory.target("acme-team", issued)
      yield* lever.listStages(target)
      yield* recruiter.revokeCredentials(issued)
      assert.strictEqual((yield* errorOf(lever.listStages(target)))._tag, "LeverUnauthorized")
      assert.notInclude(
        JSON.stringify(yield* errorOf(lever.listStages(target))),
        Redacted.value(issued._tag === "ApiKey" ? issued.key : issued.accessToken)
      )
      const candidate = yield* recruiter.createOpportunity({ name: "Barbara" })
      assert.strictEqual(
        (yield* Effect.flip(recruiter.moveStage(candidate.id, Ids.StageId.make("nope"))))._tag,
        "LeverInvalidResponse"
      )
      assert.strictEqual(
        (yield* Effect.flip(recruiter.createOpportunity({ name: "X", account: "nowhere" })))._tag,
        "LeverNotFound"
      )
      assert.strictEqual(
        (yield* Effect.flip(recruiter.createOpportunity({ id: candidate.id, name: "Again" })))._tag,
        "LeverInvalidResponse"
      )
    }).pipe(Effect.provide(LeverApiMemory.layer)))

  it.effect("starts empty with layerEmpty", () =>
    Effect.gen(function*() {
      const lever = yield* LeverApi
      assert.strictEqual((yield* errorOf(lever.listStages(setup)))._tag, "LeverUnauthorized")
    }).pipe(Effect.provide(LeverApiMemory.layerEmpty)))
})
