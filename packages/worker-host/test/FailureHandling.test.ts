/**
 * Failures a user sees handled, with the worker running in-process (`WorkerHost.layerWorker`, the layer
 * a host embeds) on the run's database (PostgreSQL when `DATABASE_URL` is set, else PGlite):
 *
 * - Lever answering 503 past the retry budget: the event is dead, listed as dead, and once Lever is back
 *   one replay sends the invite and the note, once.
 * - Lever delivering the same signed webhook 50 times at once: one inbox event, one unit of work, one
 *   invite.
 */
import { assert, describe, layer } from "@effect/vitest"
import { Events, InterviewScheduler, InterviewSchedulerMemory, Policy, ReceiveWebhook, Worker } from "@fulcrum/core"
import { LeverHttp } from "@fulcrum/lever-http"
import { Effect, Layer } from "effect"
import { WorkerHost } from "../src/index.ts"
import * as Harness from "./support/Harness.ts"
import * as Teams from "./support/Teams.ts"
import * as TestDatabases from "./support/TestDatabase.ts"

/** The in-memory provider, and a Layer of its scheduler for the worker. */
const provider = Effect.map(InterviewSchedulerMemory.make(), ({ control, scheduler }) => ({
  control,
  Scheduler: Layer.succeed(InterviewScheduler.InterviewScheduler, scheduler)
}))

describe("failure handling", () => {
  layer(Harness.layer(TestDatabases.layerAny), { timeout: 60_000, excludeTestServices: true })((it) => {
    it.effect("Lever down past the retry budget: dead, listed, and one replay invites and notes once", () =>
      Effect.gen(function*() {
        const team = yield* Teams.setupTeam("dead-letter-team")
        const control = team.sandbox.controlEffect
        const { control: invites, Scheduler } = yield* provider
        const [opportunityId] = yield* Teams.pushCandidates(team, 1, "Edsger")
        yield* Teams.awaitAccepted(team.teamId, 1)

        yield* control.faults.failFor("1 minute", 503)
        // A small budget (3 runs, 50 ms apart and doubling), and no retries inside the Lever client, so
        // the worker's own budget is what runs out.
        yield* Layer.build(
          WorkerHost.layerWorker({ workerId: "dead-letter-worker", pollIntervalMs: 20 }).pipe(
            Layer.provide(Layer.mergeAll(Scheduler, LeverHttp.layerFetch({ rateLimit: false, retry: { maxRetries: 0 } }))),
            Layer.provide(
              Layer.succeed(Policy.Policy, { ...Harness.policy, maxAttempts: 3, baseRetryDelayMs: 50, maxRetryDelayMs: 200 })
            )
          )
        )
        const dead = yield* Teams.eventually(
          Effect.flatMap(Events.listEvents(team.teamId, { status: "dead" }), ({ events }) =>
            events.length === 1 ? Effect.succeed(events[0]!) : Effect.fail("not dead yet")),
          "20 seconds"
        )
        assert.strictEqual(dead.opportunityId, opportunityId)
        assert.strictEqual(dead.attempts, 3, "run exactly as often as the budget allows")
        assert.match(dead.lastError ?? "", /Unavailable|503/)
        assert.strictEqual((yield* invites.invites).length, 0, "nothing was sent while Lever was down")
        assert.strictEqual((yield* Teams.inviteNotes(team, opportunityId!)).length, 0)

        yield* control.faults.reset()
        const replayed = yield* Events.replayEvent(team.teamId, dead.eventId)
        assert.strictEqual(replayed.status, "pending")
        yield* Teams.eventually(
          Effect.flatMap(Events.listEvents(team.teamId, { opportunityId: opportunityId! }), ({ events }) =>
            events[0]?.status === "done" ? Effect.void : Effect.fail(`event is ${events[0]?.status}`)),
          "20 seconds"
        )
        assert.strictEqual((yield* invites.invites).length, 1, "one invite")
        assert.strictEqual((yield* Teams.inviteNotes(team, opportunityId!)).length, 1, "one note")
        assert.strictEqual(yield* Teams.inviteState(team.teamId, opportunityId!), "sent")
        assert.strictEqual((yield* Events.listEvents(team.teamId, { status: "dead" })).events.length, 0)
      }), 60_000)

    it.effect("the same signed webhook 50 times at once: one inbox event, one unit of work, one invite", () =>
      Effect.gen(function*() {
        const team = yield* Teams.setupTeam("storm-team")
        const control = team.sandbox.controlEffect
        const { control: invites, Scheduler } = yield* provider
        // Lever "sends" the webhook but it never arrives: the test delivers its signed body itself.
        yield* control.faults.dropWebhooks(1)
        const [opportunityId] = yield* Teams.pushCandidates(team, 1, "Barbara")
        const delivery = yield* Teams.eventually(
          Effect.flatMap(control.deliveries({ opportunityId: opportunityId!, status: "dropped" }), (found) =>
            found.length === 1 ? Effect.succeed(found[0]!) : Effect.fail("not sent yet"))
        )
        const rawBody = JSON.stringify(delivery.body)

        const outcomes = yield* Effect.forEach(
          Array.from({ length: 50 }),
          () => ReceiveWebhook.receiveWebhook({ teamId: team.teamId, webhook: "stageChange", rawBody, receivedAt: Date.now() }),
          { concurrency: "unbounded" }
        )
        const tags = outcomes.map((outcome) => outcome._tag)
        assert.strictEqual(tags.filter((tag) => tag === "Accepted").length, 1, tags.join(","))
        assert.strictEqual(tags.filter((tag) => tag === "Duplicate").length, 49)
        assert.strictEqual(new Set(outcomes.map((outcome) => outcome.eventId)).size, 1, "all name the one event")
        const { events } = yield* Events.listEvents(team.teamId, { opportunityId: opportunityId! })
        assert.strictEqual(events.length, 1, "one inbox event")

        const processed = yield* Worker.drain({ workerId: "storm-worker" }).pipe(Effect.provide(Scheduler))
        assert.strictEqual(processed, 1, "one unit of work")
        assert.strictEqual((yield* invites.invites).length, 1, "one invite")
        assert.strictEqual((yield* invites.calls).sendInvite, 1, "asked once")
        assert.strictEqual((yield* Teams.inviteNotes(team, opportunityId!)).length, 1)
      }), 60_000)
  })
})
