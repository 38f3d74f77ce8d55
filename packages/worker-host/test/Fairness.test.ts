/**
 * Per-team fairness: one team's backlog never holds up another team. Team A has 2,000 pending events;
 * team B's single candidate arrives while A's backlog drains, and is invited within a few seconds. Lever
 * and the provider are no-ops here, so what is measured is the worker and the queue. The latency is
 * printed; the bound is generous (a behaviour, not a benchmark).
 */
import { assert, describe, layer } from "@effect/vitest"
import { EventInbox, InterviewScheduler, InterviewSchedulerMemory, Policy, TeamSetup } from "@fulcrum/core"
import { Ids } from "@fulcrum/domain"
import { SecretCipher, Stores } from "@fulcrum/store-sql"
import { Effect, Layer, Redacted } from "effect"
import { WorkerHost } from "../src/index.ts"
import * as Harness from "./support/Harness.ts"
import * as NoopLever from "./support/NoopLever.ts"
import * as Teams from "./support/Teams.ts"
import * as TestDatabases from "./support/TestDatabase.ts"

const backlog = 2_000

const TestLayer = Layer.mergeAll(
  Stores.layer.pipe(Layer.provide(SecretCipher.layer({ current: Harness.secretKey }))),
  NoopLever.layer
).pipe(
  Layer.provideMerge(TestDatabases.layerAny),
  Layer.provideMerge(Layer.succeed(Policy.Policy, Harness.policy))
)

const setupTeam = Effect.fnUntraced(function*(name: string) {
  const teamId = Ids.TeamId.make(name)
  yield* TeamSetup.createTeam({ teamId, name, environment: { _tag: "Custom", baseUrl: "https://lever.noop.invalid/v1" } })
  yield* TeamSetup.submitPermanentKey(teamId, Redacted.make("noop-permanent-key"))
  yield* TeamSetup.readLeverStages(teamId)
  yield* TeamSetup.mapStages(teamId, {
    assessment: NoopLever.assessmentStage,
    onsite: Ids.StageId.make("onsite"),
    offer: Ids.StageId.make("offer")
  })
  yield* TeamSetup.addInterviewType(teamId, { name: "Backend", tag: Teams.interviewTag })
  yield* TeamSetup.toggleIntegration(teamId, true)
  return teamId
})

/** What the HTTP host stores for a verified stage change into the assessment stage. */
const stageChange = (teamId: Ids.TeamId, opportunityId: string): EventInbox.NewInboxEvent => ({
  teamId,
  dedupeKey: `token-${opportunityId}`,
  source: "lever",
  kind: "candidateStageChange",
  opportunityId,
  payload: {
    _tag: "StageChanged",
    opportunityId: Ids.OpportunityId.make(opportunityId),
    toStageId: NoopLever.assessmentStage,
    fromStageId: null
  },
  rawBody: null,
  receivedAt: Date.now(),
  status: "pending",
  note: null
})

describe("per-team fairness", () => {
  layer(TestLayer, { timeout: 60_000, excludeTestServices: true })((it) => {
    it.effect("a quiet team's candidate is invited within seconds while another team's 2,000-event backlog drains", () =>
      Effect.gen(function*() {
        const inbox = yield* EventInbox.EventInbox
        const busy = yield* setupTeam("busy-team")
        const quiet = yield* setupTeam("quiet-team")
        yield* Effect.forEach(Array.from({ length: backlog }, (_, i) => i), (i) =>
          inbox.accept(stageChange(busy, `busy-${i}`)), { concurrency: 16, discard: true })

        const { control, scheduler } = yield* InterviewSchedulerMemory.make()
        yield* Layer.build(
          WorkerHost.layerWorker({ workerId: "fair-worker", concurrency: 8, pollIntervalMs: 20 }).pipe(
            Layer.provide(Layer.succeed(InterviewScheduler.InterviewScheduler, scheduler))
          )
        )
        const invitesOf = (teamId: Ids.TeamId) =>
          Effect.map(control.invites, (invites) => invites.filter((invite) => invite.request.teamId === teamId).length)
        // The backlog is draining...
        yield* Teams.eventually(
          Effect.flatMap(invitesOf(busy), (n) => n >= 100 ? Effect.void : Effect.fail(`${n} invited`)),
          "30 seconds"
        )
        // ...when the quiet team's candidate arrives.
        const arrivedAt = Date.now()
        yield* inbox.accept(stageChange(quiet, "quiet-1"))
        yield* Teams.eventually(
          Effect.flatMap(invitesOf(quiet), (n) => n === 1 ? Effect.void : Effect.fail("not invited yet")),
          "20 seconds"
        )
        const latencyMs = Date.now() - arrivedAt
        const busyInvited = yield* invitesOf(busy)
        const busyPending = (yield* inbox.stats(busy)).pending
        console.log(
          `[fairness] the quiet team's candidate was invited ${latencyMs} ms after arriving, behind a backlog of ` +
            `${backlog} (${busyInvited} invited, ${busyPending} still pending at that moment)`
        )
        // The order proves the fairness, whatever the machine's speed (the latency above is for reading):
        // the quiet team's candidate was invited while the busy team's backlog still waited.
        assert.isAbove(busyPending, 0, "the busy team's backlog was still draining")
      }), 90_000)
  })
})
