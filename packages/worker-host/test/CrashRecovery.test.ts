/**
 * A worker process that dies never loses or duplicates work.
 *
 * - PostgreSQL: a worker child is killed with SIGKILL while the provider is creating the invite (the
 *   invite exists, the worker never heard back). A second worker takes the event over once the lease
 *   ends; the provider sees the same idempotency key again and creates nothing new, and the note that
 *   says "invite sent" is posted once.
 * - PGlite in a data directory (one process at a time): a worker is stopped half-way and started again
 *   on the same directory; it picks up where the first one stopped, and nothing is done twice.
 */
import { assert, describe, it, layer } from "@effect/vitest"
import { EventInbox } from "@fulcrum/core"
import { Effect, Layer, Option } from "effect"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as Harness from "./support/Harness.ts"
import { SchedulerStub } from "./support/SchedulerStub.ts"
import * as SchedulerStubs from "./support/SchedulerStub.ts"
import * as Teams from "./support/Teams.ts"
import { postgresUrl, skipReason, TestDatabase } from "./support/TestDatabase.ts"
import * as TestDatabases from "./support/TestDatabase.ts"
import * as WorkerChild from "./support/WorkerChild.ts"

describe.skipIf(postgresUrl === undefined)(`crash mid-invite on PostgreSQL${postgresUrl === undefined ? ` (skipped: ${skipReason})` : ""}`, () => {
  layer(Harness.layer(TestDatabases.layerPostgres(postgresUrl ?? "")), { timeout: 60_000, excludeTestServices: true })((it) => {
    it.effect("a worker killed while the invite is being created: one invite, one note, after the takeover", () =>
      Effect.gen(function*() {
        const database = yield* TestDatabase
        const stub = yield* SchedulerStub
        const team = yield* Teams.setupTeam("crash-team")
        const env = { ...Harness.childEnv(database, stub), WORKER_LEASE_MS: "1500", WORKER_CONCURRENCY: "2" }

        // The provider creates the invite and never answers: the worker is killed in that window.
        yield* stub.holdNext(1)
        const first = yield* WorkerChild.spawn({ entry: "test", workerId: "crash-first", env })
        const [opportunityId] = yield* Teams.pushCandidates(team, 1, "Ada")
        yield* stub.awaitCalls(1).pipe(Effect.timeout("20 seconds"))
        yield* first.kill("SIGKILL")

        const inbox = yield* EventInbox.EventInbox
        const eventsOf = Effect.map(
          inbox.list(team.teamId, { opportunityId: opportunityId! }),
          (page) => page.events
        )
        const held = (yield* eventsOf).filter((event) => event.status === "running")
        assert.strictEqual(held.length, 1, "the dead worker still holds the event under its lease")
        assert.strictEqual((yield* stub.keys)[0]?.created, 1, "the provider did create the invite before the kill")

        const second = yield* WorkerChild.spawn({ entry: "test", workerId: "crash-second", env })
        yield* Teams.eventually(
          Effect.flatMap(eventsOf, (events) =>
            events.every((event) => event.status === "done")
              ? Effect.void
              : Effect.fail(events.map((event) => event.status).join(", "))),
          "20 seconds"
        )

        const keys = yield* stub.keys
        assert.strictEqual(keys.length, 1, "one idempotency key")
        assert.isAtLeast(keys[0]!.calls, 2, "the second worker asked again with the same key")
        assert.strictEqual(keys[0]!.created, 1, "and the provider created nothing new")
        assert.strictEqual((yield* Teams.inviteNotes(team, opportunityId!)).length, 1, "one \"invite sent\" note")
        assert.strictEqual(yield* Teams.inviteState(team.teamId, opportunityId!), "invited")
        const taken = Option.getOrThrow(yield* inbox.get(team.teamId, held[0]!.eventId))
        assert.deepStrictEqual(
          [taken.attempts, taken.interruptions],
          [1, 1],
          "run once by each worker: the killed worker's run is an interruption, not a failed attempt"
        )

        yield* second.kill("SIGTERM")
        assert.deepStrictEqual(yield* second.ended, { code: 0, signal: null })
      }), 60_000)
  })
})

describe("restart on a PGlite data directory", () => {
  it.live("a worker stopped half-way and started again finishes the rest, each candidate once", () =>
    Effect.gen(function*() {
      const dir = yield* Effect.acquireRelease(
        Effect.promise(() => mkdtemp(join(tmpdir(), "fulcrum-worker-pglite-"))),
        (dir) => Effect.promise(() => rm(dir, { recursive: true, force: true }))
      )
      // What the worker opens for FULCRUM_DATA_DIR (see WorkerConfig).
      const pgdata = join(dir, "pgdata")
      const sandbox = yield* Teams.startSandbox
      const onDisk = () => Harness.layer(TestDatabases.layerPgliteDir(pgdata))

      // 1. The host's side, while nobody else has the directory open: setup and six accepted webhooks.
      const { opportunities, pending, teamId } = yield* Effect.gen(function*() {
        const team = yield* Teams.setupTeam("pglite-team", sandbox)
        const opportunities = yield* Teams.pushCandidates(team, 6, "Grace")
        yield* Teams.awaitAccepted(team.teamId, 6)
        yield* Effect.promise(() => sandbox.control.awaitDeliveries())
        const { pending } = yield* (yield* EventInbox.EventInbox).stats(team.teamId)
        return { opportunities, pending, teamId: team.teamId }
      }).pipe(Effect.provide(onDisk()), Effect.scoped)
      const team: Teams.Team = { teamId, sandbox }

      yield* Effect.gen(function*() {
        const stub = yield* SchedulerStub
        const env = {
          ...Harness.childEnv({ kind: "pglite", childUrl: "", schema: "public" }, stub),
          DATABASE_URL: "",
          FULCRUM_DATA_DIR: dir,
          WORKER_CONCURRENCY: "1",
          WORKER_SHUTDOWN_GRACE_MS: "5000"
        }
        // Slow invites, so the first worker is stopped with work left.
        yield* stub.setDelay(300)

        // 2. The first worker does some of it and is stopped.
        const first = yield* WorkerChild.spawn({ entry: "test", workerId: "pglite-first", env })
        yield* stub.awaitCalls(2).pipe(Effect.timeout("30 seconds"))
        yield* first.kill("SIGTERM")
        assert.deepStrictEqual(yield* first.ended, { code: 0, signal: null })
        const afterFirst = (yield* stub.keys).length
        assert.isBelow(afterFirst, 6, "work was left when the first worker stopped")

        // 3. A second worker on the same directory does the rest.
        const second = yield* WorkerChild.spawn({ entry: "test", workerId: "pglite-second", env })
        // Every event reads its candidate from Lever once: when Lever has seen as many reads as there were
        // events, the last one is in flight, and the shutdown grace lets it finish.
        yield* Teams.eventually(
          Effect.flatMap(
            sandbox.controlEffect.requests.count({ method: "GET", path: /^\/v1\/opportunities\/[^/]+$/ }),
            (reads) => reads >= pending ? Effect.void : Effect.fail(`${reads} of ${pending} events read`)
          ),
          "30 seconds"
        )
        yield* second.kill("SIGTERM")
        assert.deepStrictEqual(yield* second.ended, { code: 0, signal: null })
        const keys = yield* stub.keys
        assert.deepStrictEqual(keys.map((k) => k.created), [1, 1, 1, 1, 1, 1], "one invite per candidate")
        // The test process keeps off the directory while a worker has it.
      }).pipe(Effect.provide(Layer.merge(SchedulerStubs.layer, WorkerChild.layer)), Effect.scoped)

      // 4. Back on the host's side: everything done, every candidate invited and noted once.
      yield* Effect.gen(function*() {
        const stats = yield* (yield* EventInbox.EventInbox).stats(teamId)
        assert.strictEqual(stats.running + stats.pending + stats.dead, 0, JSON.stringify(stats))
        for (const opportunityId of opportunities) {
          assert.strictEqual(yield* Teams.inviteState(teamId, opportunityId), "invited")
          assert.strictEqual((yield* Teams.inviteNotes(team, opportunityId)).length, 1)
        }
      }).pipe(Effect.provide(onDisk()), Effect.scoped)
    }).pipe(Effect.scoped), 240_000)
})
