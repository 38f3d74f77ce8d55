/**
 * What the in-process face adds to the contract kit: faults answer the port's typed errors at once (no
 * adapter retries in between), every call lands in the request log like an HTTP request, webhooks reach
 * the in-process receiver signed, seeded runs hand out the same ids, and `LeverAuthorizationMemory`'s
 * tokens open the API until the app is disconnected.
 */
import { assert, describe, it } from "@effect/vitest"
import { LeverApi, LeverAuthorizationMemory } from "@fulcrum/core"
import { Ids } from "@fulcrum/domain"
import { Effect, Random, Redacted } from "effect"
import { Control, InProcess, LeverSandbox, Signature } from "../src/index.ts"

const permanent = InProcess.target("acme", LeverApi.apiKey(Redacted.make(LeverSandbox.PermanentApiKey)))
const setup = InProcess.target("acme", LeverApi.apiKey(Redacted.make(LeverSandbox.SetupApiKey)))
const ada = Ids.OpportunityId.make(LeverSandbox.OpportunityIds.ada)

describe("the sandbox in-process", () => {
  it.effect("answers injected 429 and 503 as the port's typed errors, then recovers", () =>
    Effect.gen(function*() {
      const lever = yield* LeverApi.LeverApi
      const control = yield* Control.ControlHandle
      yield* control.faults.failNext(1, 429)
      yield* control.faults.failNext(1, 503)
      const limited = yield* Effect.flip(lever.listStages(permanent))
      const down = yield* Effect.flip(lever.listStages(permanent))
      assert.deepStrictEqual([limited._tag, down._tag], ["LeverRateLimited", "LeverUnavailable"])
      assert.isAtLeast((yield* lever.listStages(permanent)).length, 2)
    }).pipe(Effect.provide(InProcess.layer())))

  it.effect("logs every call as the HTTP request it stands for, with its status", () =>
    Effect.gen(function*() {
      const lever = yield* LeverApi.LeverApi
      const control = yield* Control.ControlHandle
      yield* lever.addNote(permanent, ada, { value: "Invited" })
      yield* Effect.flip(lever.listTags(permanent))
      const entries = yield* control.requests.list()
      assert.deepStrictEqual(entries.map((e) => [e.method, e.path, e.status, e.principalId]), [
        ["POST", `/v1/opportunities/${ada}/notes`, 201, LeverSandbox.ApiKeyIds.permanent],
        ["GET", "/v1/tags", 403, LeverSandbox.ApiKeyIds.permanent]
      ])
    }).pipe(Effect.provide(InProcess.layer())))

  it.effect("delivers webhooks to the in-process receiver, signed with the registered token", () =>
    Effect.gen(function*() {
      const lever = yield* LeverApi.LeverApi
      const control = yield* Control.ControlHandle
      const hook = yield* lever.registerWebhook(setup, { event: "candidateStageChange", url: "https://fulcrum.example/h" })
      yield* control.moveToStage(ada, LeverSandbox.StageIds.technicalAssessment)
      assert.isTrue(yield* control.awaitDeliveries())
      const [delivery] = yield* control.deliveries({ kind: "event" })
      assert.strictEqual(delivery?.status, "delivered")
      assert.strictEqual(delivery?.body.data["opportunityId"], ada)
      const { signature, token, triggeredAt } = delivery!.body
      assert.strictEqual(signature, Signature.sign(Redacted.value(hook.signatureToken), token, triggeredAt))
    }).pipe(Effect.provide(InProcess.layer())))

  it.effect("hands out the same ids with the same Random seed", () =>
    Effect.gen(function*() {
      const ids = Effect.gen(function*() {
        const lever = yield* LeverApi.LeverApi
        const control = yield* Control.ControlHandle
        const created = yield* control.createOpportunity({ name: "Grace" })
        const note = yield* lever.addNote(permanent, Ids.OpportunityId.make(created.id), { value: "Hello" })
        return [created.id, created.contact, note.noteId]
      }).pipe(Effect.provide(InProcess.layer()))
      const first = yield* Random.withSeed(ids, "seed")
      assert.deepStrictEqual(yield* Random.withSeed(ids, "seed"), first)
      assert.notDeepEqual(yield* Random.withSeed(ids, "other"), first)
    }))

  it.effect("opens the API to LeverAuthorizationMemory's tokens until the app is disconnected", () =>
    Effect.gen(function*() {
      const lever = yield* LeverApi.LeverApi
      const issuer = yield* LeverAuthorizationMemory.Issuer
      const token = yield* issuer.issue(["stages:read:admin"])
      const oauth = InProcess.target("acme", LeverApi.oauth(token))
      assert.isAtLeast((yield* lever.listStages(oauth)).length, 2)
      const forbidden = yield* Effect.flip(lever.listNotes(oauth, ada))
      assert.strictEqual(forbidden._tag, "LeverForbidden")
      yield* issuer.revoke(token)
      assert.strictEqual((yield* Effect.flip(lever.listStages(oauth)))._tag, "LeverUnauthorized")
    }).pipe(Effect.provide(InProcess.layer())))
})
