/**
 * Bad input never reaches a store: a NUL or another control character in a webhook's ids or event name,
 * in a team id, an event id or an admin's text is refused where it enters (a 400 or 404 at the host),
 * not discovered by PostgreSQL, which refuses a NUL in any text with an error the host would answer
 * as a 503 that Lever retries forever.
 *
 * The stores here are the in-memory ones behind a guard that behaves like PostgreSQL: any call with a
 * control character in a string argument fails with `StoreError` (and is recorded), so a test that ends
 * in the expected rejection, with no such call recorded, shows the value stopped before the store.
 */
import { assert, describe, it } from "@effect/vitest"
import { Ids, Text } from "@fulcrum/domain"
import type { Lever } from "@fulcrum/domain"
import { Context, Effect, Exit, Layer, Redacted, Schema } from "effect"
import * as LeverSignature from "../../src/LeverSignature.ts"
import * as CandidateStoreMemory from "../../src/memory/CandidateStoreMemory.ts"
import * as ConfigStoreMemory from "../../src/memory/ConfigStoreMemory.ts"
import * as EventInboxMemory from "../../src/memory/EventInboxMemory.ts"
import * as SecurityLogMemory from "../../src/memory/SecurityLogMemory.ts"
import * as SignatureVerifierMemory from "../../src/memory/SignatureVerifierMemory.ts"
import * as StepJournalMemory from "../../src/memory/StepJournalMemory.ts"
import { CandidateStore } from "../../src/ports/CandidateStore.ts"
import { ConfigStore } from "../../src/ports/ConfigStore.ts"
import { EventInbox } from "../../src/ports/EventInbox.ts"
import { SecurityLog } from "../../src/ports/SecurityLog.ts"
import { StoreError } from "../../src/ports/StoreError.ts"
import { defaultSetup } from "../../src/testing/SignatureVerifierContract.ts"
import * as Events from "../../src/usecases/Events.ts"
import * as ReceiveWebhook from "../../src/usecases/ReceiveWebhook.ts"
import * as Results from "../../src/usecases/Results.ts"
import * as TeamSetup from "../../src/usecases/TeamSetup.ts"

/** Store calls that carried a control character, as `Port.method`. */
class Reached extends Context.Service<Reached, Array<string>>()("test/Reached") {}

const carriesControlCharacter = (value: unknown, seen = new Set<unknown>()): boolean => {
  if (typeof value === "string") return !Text.isSafeLine(value)
  if (typeof value !== "object" || value === null || seen.has(value)) return false
  seen.add(value)
  return Object.values(value).some((field) => carriesControlCharacter(field, seen))
}

/** `service` with every method failing like PostgreSQL on a control character, and the call recorded. */
const guarded = <S extends object>(port: string, service: S, reached: Array<string>): S =>
  Object.fromEntries(
    Object.entries(service).map(([method, value]) => [
      method,
      typeof value !== "function" ? value : (...args: Array<unknown>) => {
        if (!carriesControlCharacter(args)) return value(...args)
        reached.push(`${port}.${method}`)
        return Effect.fail(new StoreError({ operation: `${port}.${method}`, message: "SQLSTATE 22021" }))
      }
    ])
  ) as S

const guard = <I, S extends object>(tag: Context.Service<I, S>, memory: Layer.Layer<I>) =>
  Layer.effect(tag, Effect.gen(function*() {
    return guarded(tag.key, yield* tag, yield* Reached)
  })).pipe(Layer.provide(memory))

// One candidate store, read by the inbox's `acceptForInterview` too (layers are shared by reference).
const Candidates = CandidateStoreMemory.layer.pipe(Layer.provide(StepJournalMemory.layer))

const Stores = Layer.mergeAll(
  guard(ConfigStore, ConfigStoreMemory.layer),
  guard(CandidateStore, Candidates),
  guard(EventInbox, EventInboxMemory.layer.pipe(Layer.provide(Layer.merge(Candidates, StepJournalMemory.layer)))),
  SecurityLogMemory.layer
).pipe(Layer.provideMerge(Layer.sync(Reached, () => [])))

const teamId = Ids.TeamId.make("acme")
const signingTokens = {
  stageChange: Redacted.make("acme-stage-change-token"),
  archiveChange: Redacted.make("acme-archive-change-token"),
  candidateDeleted: Redacted.make("acme-candidate-deleted-token")
}
const now = 1_750_000_000_000

const TestLayer = SignatureVerifierMemory.layer.pipe(
  Layer.provideMerge(Stores),
  Layer.tap((context) => defaultSetup({ teamId, signingTokens }).pipe(Effect.provide(context), Effect.orDie))
)

/** A webhook signed with the team's real signing token: only its content is wrong. */
const receive = (
  webhook: Lever.WebhookKind,
  body: { readonly event: string; readonly data: unknown; readonly token?: string },
  team: string = teamId
) =>
  Effect.gen(function*() {
    const signed = yield* LeverSignature.sign(signingTokens[webhook], { ...body, triggeredAt: now })
    return yield* ReceiveWebhook.receiveWebhook(
      { teamId: team as Ids.TeamId, webhook, rawBody: JSON.stringify(signed), receivedAt: now },
      { remoteAddress: "203.0.113.5" }
    ).pipe(Effect.exit)
  })

const rejectionOf = (exit: Exit.Exit<unknown, { readonly _tag: string }>): string =>
  Exit.isFailure(exit) && exit.cause.reasons[0]?._tag === "Fail" ? exit.cause.reasons[0].error._tag : "no rejection"

const noStoreReached = Effect.gen(function*() {
  assert.deepStrictEqual(yield* Reached, [], "a store was called with a control character")
  const { events } = yield* (yield* EventInbox).list(teamId, {})
  assert.deepStrictEqual(events, [], "nothing was accepted into the inbox")
})

const stageChange = (data: Record<string, unknown>) => ({
  event: "candidateStageChange",
  data: { opportunityId: "opp-1", toStageId: "assess", ...data }
})

describe("Bad input never reaches a store", () => {
  it.effect("a well-formed, signed stage change still gets in (the guard lets clean calls through)", () =>
    Effect.gen(function*() {
      const exit = yield* receive("stageChange", stageChange({}))
      assert.isTrue(Exit.isSuccess(exit), String(exit))
      assert.deepStrictEqual(yield* Reached, [])
    }).pipe(Effect.provide(TestLayer)))

  it.effect("a signed webhook with a control character in an id of its data is MalformedWebhook", () =>
    Effect.gen(function*() {
      const cases: ReadonlyArray<readonly [Lever.WebhookKind, { readonly event: string; readonly data: unknown }]> = [
        ["stageChange", stageChange({ opportunityId: "opp\u0000" })],
        ["stageChange", stageChange({ toStageId: "assess\u0000" })],
        ["stageChange", stageChange({ fromStageId: "screen\u001f" })],
        ["archiveChange", {
          event: "candidateArchiveChange",
          data: { opportunityId: "opp-1", toArchived: { archivedAt: now, reason: "hired\u0000" } }
        }],
        ["candidateDeleted", { event: "candidateDeleted", data: { candidateId: "\u0000" } }]
      ]
      for (const [webhook, body] of cases) {
        assert.strictEqual(rejectionOf(yield* receive(webhook, body)), "MalformedWebhook", JSON.stringify(body.data))
      }
      yield* noStoreReached
    }).pipe(Effect.provide(TestLayer)))

  it.effect("a signed webhook with a control character in its event name or delivery token is MalformedWebhook", () =>
    Effect.gen(function*() {
      const badEvent = yield* receive("stageChange", { ...stageChange({}), event: "candidateStageChange\u0000" })
      assert.strictEqual(rejectionOf(badEvent), "MalformedWebhook")
      const badToken = yield* receive("stageChange", { ...stageChange({}), token: `${LeverSignature.randomToken()}\u0000` })
      assert.strictEqual(rejectionOf(badToken), "MalformedWebhook")
      yield* noStoreReached
    }).pipe(Effect.provide(TestLayer)))

  it.effect("a team id with a NUL is UnknownTeam before any store is asked, and the security log shows it escaped", () =>
    Effect.gen(function*() {
      const exit = yield* receive("stageChange", stageChange({}), "ac\u0000me")
      assert.strictEqual(rejectionOf(exit), "UnknownTeam")
      yield* noStoreReached
      const [logged] = yield* (yield* SecurityLog).list({})
      assert.strictEqual(logged?.kind, "UnknownTeam")
      assert.strictEqual(logged?.detail, "stageChange webhook rejected: no team ac\\u0000me")
      assert.strictEqual(logged?.remoteAddress, "203.0.113.5")
    }).pipe(Effect.provide(TestLayer)))

  it.effect("an event id with a control character is EventNotFound, and an opportunity filter with one lists nothing", () =>
    Effect.gen(function*() {
      const replayed = yield* Events.replayEvent(teamId, "evt_1\u0000").pipe(Effect.exit)
      assert.strictEqual(rejectionOf(replayed), "EventNotFound")
      assert.deepStrictEqual(yield* Events.listEvents(teamId, { opportunityId: "opp\u0000" }), { events: [], next: null })
      yield* noStoreReached
    }).pipe(Effect.provide(TestLayer)))

  it.effect("a team or interview type named with a control character is refused by the setup rules", () =>
    Effect.gen(function*() {
      const created = yield* TeamSetup.createTeam({
        teamId: Ids.TeamId.make("nul-team"),
        name: "Ac\u0000me",
        environment: { _tag: "Sandbox" }
      }).pipe(Effect.exit)
      assert.strictEqual(rejectionOf(created), "SetupRejected")
      for (const input of [{ name: "Senior\u0000", tag: "senior" }, { name: "Senior", tag: "sen\u0000ior" }]) {
        const added = yield* TeamSetup.addInterviewType(teamId, input).pipe(Effect.exit)
        assert.strictEqual(rejectionOf(added), "SetupRejected", JSON.stringify(input))
      }
      const progressTags = yield* TeamSetup.configureProgressTags(teamId, { enabled: true, prefix: "Ac\u0000me" })
        .pipe(Effect.exit)
      assert.strictEqual(rejectionOf(progressTags), "SetupRejected")
      assert.deepStrictEqual(yield* Reached, [])
    }).pipe(Effect.provide(TestLayer)))
})

describe("Results.GradedResult", () => {
  const decode = Schema.decodeUnknownExit(Results.GradedResult)
  const result = { score: 87, summary: "Strong on algorithms.", reportUrl: "https://provider.example/r/1" }

  it("takes a summary on several lines, with tabs", () => {
    assert.isTrue(Exit.isSuccess(decode({ ...result, summary: "Algorithms:\t92\nTesting:\t71\r\n" })))
  })

  it("refuses a NUL or another control character in the summary or the report URL", () => {
    for (const bad of [{ summary: "Strong\u0000" }, { summary: "\u001b[31mred" }, { reportUrl: "https://provider.example/\u0000" }]) {
      assert.isTrue(Exit.isFailure(decode({ ...result, ...bad })), JSON.stringify(bad))
    }
  })
})
