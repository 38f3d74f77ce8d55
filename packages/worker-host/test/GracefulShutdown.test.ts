/**
 * Graceful shutdown of the real `fulcrum-worker` bin (`node src/main.ts`): on SIGTERM it stops claiming,
 * lets in-flight events finish within `WORKER_SHUTDOWN_GRACE_MS`, hands back what is still running, and
 * exits 0 within the deadline. Either way nothing is left `running` under its lease, so another worker
 * takes the rest at once instead of waiting for leases to run out.
 */
import { assert, describe, layer } from "@effect/vitest"
import { ConnectionHealth, EventInbox, PeriodicTasks } from "@fulcrum/core"
import { Effect } from "effect"
import { SqlClient } from "effect/sql"
import * as Harness from "./support/Harness.ts"
import { SchedulerStub } from "./support/SchedulerStub.ts"
import * as Teams from "./support/Teams.ts"
import { postgresUrl, skipReason, TestDatabase } from "./support/TestDatabase.ts"
import * as TestDatabases from "./support/TestDatabase.ts"
import * as WorkerChild from "./support/WorkerChild.ts"

interface Leased {
  readonly status: string
  readonly lease_owner: string | null
}

describe.skipIf(postgresUrl === undefined)(`graceful shutdown${postgresUrl === undefined ? ` (skipped: ${skipReason})` : ""}`, () => {
  layer(Harness.layer(TestDatabases.layerPostgres(postgresUrl ?? "")), { timeout: 60_000, excludeTestServices: true })((it) => {
    it.effect("SIGTERM with events in flight: they finish or are handed back, and the process exits 0 in time", () =>
      Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        const database = yield* TestDatabase
        const stub = yield* SchedulerStub
        const inbox = yield* EventInbox.EventInbox
        const team = yield* Teams.setupTeam("shutdown-team")
        // The worker's scheduled health check calls Lever too and would take the latency meant for the events
        // (seen under load in CI): the test claims this hour's check itself.
        yield* (yield* PeriodicTasks.PeriodicTasks).claimDue({
          task: ConnectionHealth.task,
          keys: [team.teamId],
          intervalMs: 60 * 60 * 1000,
          limit: 1
        })
        const control = team.sandbox.controlEffect
        // The real bin has no default scheduler; `memory` suits a test about shutting down.
        const env = {
          ...Harness.childEnv(database, stub),
          FULCRUM_SCHEDULER: "memory",
          WORKER_CONCURRENCY: "3",
          WORKER_LEASE_MS: "30000"
        }
        const running = (workerId: string) =>
          sql<Leased>`SELECT status, lease_owner FROM inbox_events WHERE lease_owner = ${workerId}`
        const awaitRunning = (workerId: string, count: number) =>
          Teams.eventually(
            Effect.flatMap(running(workerId), (rows) =>
              rows.length === count ? Effect.void : Effect.fail(`${rows.length} running`)),
            "30 seconds"
          )
        const stop = Effect.fnUntraced(function*(worker: WorkerChild.WorkerChild) {
          const sentAt = Date.now()
          yield* worker.kill("SIGTERM")
          const ended = yield* worker.ended
          return { ended, tookMs: Date.now() - sentAt, stopped: yield* worker.awaitLog("worker stopped", 1_000) }
        })

        // 1. In-flight events that can finish within the grace period finish.
        const first = yield* Teams.pushCandidates(team, 5, "Frances")
        yield* Teams.awaitAccepted(team.teamId, 5)
        yield* control.faults.latency("1500 millis", 3)
        const finishing = yield* WorkerChild.spawn({
          entry: "main",
          workerId: "shutdown-finish",
          env: { ...env, WORKER_SHUTDOWN_GRACE_MS: "6000" }
        })
        yield* awaitRunning("shutdown-finish", 3)
        const finished = yield* stop(finishing)
        console.log(`[graceful shutdown] 3 in flight, grace 6000 ms: finished them and exited in ${finished.tookMs} ms`)
        assert.deepStrictEqual(finished.ended, { code: 0, signal: null })
        assert.isBelow(finished.tookMs, 6_000 + 4_000, "within the grace period (and process teardown)")
        assert.strictEqual(finished.stopped.annotations["handedBack"], 0, "nothing needed handing back")
        assert.deepStrictEqual(yield* running("shutdown-finish"), [], "nothing left running under its lease")
        const firstStatuses = yield* Effect.forEach(first, (opportunityId) =>
          Effect.map(inbox.list(team.teamId, { opportunityId }), ({ events }) => events[0]!.status))
        assert.deepStrictEqual(
          [...firstStatuses].sort(),
          ["done", "done", "done", "pending", "pending"],
          "the three in flight finished; the two never claimed wait, unclaimed"
        )

        // 2. In-flight events that cannot finish within the grace period are handed back.
        // Every Lever answer is slow now, so both events are surely still in flight at SIGTERM.
        yield* control.faults.latency("20 seconds")
        const handing = yield* WorkerChild.spawn({
          entry: "main",
          workerId: "shutdown-hand-back",
          env: { ...env, WORKER_SHUTDOWN_GRACE_MS: "1000" }
        })
        yield* awaitRunning("shutdown-hand-back", 2)
        const handed = yield* stop(handing)
        console.log(`[graceful shutdown] 2 in flight, grace 1000 ms: handed them back and exited in ${handed.tookMs} ms`)
        assert.deepStrictEqual(handed.ended, { code: 0, signal: null })
        assert.isBelow(handed.tookMs, 1_000 + 4_000, "within the grace period (and process teardown)")
        assert.strictEqual(handed.stopped.annotations["handedBack"], 2)
        assert.deepStrictEqual(yield* running("shutdown-hand-back"), [], "nothing left running under its lease")
        const stats = yield* inbox.stats(team.teamId)
        assert.strictEqual(stats.running, 0)
        assert.strictEqual(stats.pending, 2, "handed back: due again now, for the next worker")
        yield* control.faults.reset()
      }), 90_000)
  })
})
