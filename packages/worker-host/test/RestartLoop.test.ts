/**
 * Restarts never kill healthy events. A worker process is stopped over and over while candidates are
 * being processed — 14 times with SIGTERM (in-flight events handed back at once), then 6 times with
 * SIGKILL (in-flight events wait for their leases) — and a last worker finishes the rest. Every candidate
 * ends invited once with its "invite sent" note on Lever, and no event is dead: a handed-back run uses no
 * attempt, and a killed run counts against the (larger) interruption budget, not the retry budget.
 *
 * Each stop waits for a condition (the worker holds events, or finished one more), never for a time. Most
 * of the time goes to the 20 Node start-ups (about 2 s each on a quiet machine; issue 11 asked for ≥ 20 restarts).
 */
import { assert, describe, layer } from "@effect/vitest"
import { EventInbox } from "@fulcrum/core"
import type { Ids } from "@fulcrum/domain"
import { Effect } from "effect"
import { SqlClient } from "effect/sql"
import * as Harness from "./support/Harness.ts"
import { SchedulerStub } from "./support/SchedulerStub.ts"
import * as Teams from "./support/Teams.ts"
import { postgresUrl, skipReason, TestDatabase } from "./support/TestDatabase.ts"
import * as TestDatabases from "./support/TestDatabase.ts"
import * as WorkerChild from "./support/WorkerChild.ts"

/** SIGTERM restarts, then SIGKILL restarts: each costs a Node start-up, the bulk of the test's time. */
const restarts = { SIGTERM: 14, SIGKILL: 6 } as const

describe.skipIf(postgresUrl === undefined)(`restart loops${postgresUrl === undefined ? ` (skipped: ${skipReason})` : ""}`, () => {
  layer(Harness.layer(TestDatabases.layerPostgres(postgresUrl ?? "")), { timeout: 60_000, excludeTestServices: true })((it) => {
    it.effect(`${restarts.SIGTERM} SIGTERM and ${restarts.SIGKILL} SIGKILL restarts mid-flow: 0 dead, every candidate invited and noted once`, () =>
      Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        const database = yield* TestDatabase
        const stub = yield* SchedulerStub
        const inbox = yield* EventInbox.EventInbox
        const team = yield* Teams.setupTeam("restart-team")
        const env = {
          ...Harness.childEnv(database, stub),
          WORKER_CONCURRENCY: "8",
          WORKER_LEASE_MS: "600",
          WORKER_SHUTDOWN_GRACE_MS: "0",
          WORKER_POLL_INTERVAL_MS: "20"
        }
        // Slow invites keep events in flight when a stop arrives.
        yield* stub.setDelay(300)

        const held = (workerId: string) =>
          Effect.map(
            sql<{ readonly n: number }>`SELECT count(*)::int AS n FROM inbox_events WHERE lease_owner = ${workerId}`,
            (rows) => rows[0]?.n ?? 0
          )
        const done = Effect.map(inbox.stats(team.teamId), (stats) => stats.done)
        /** Starts a worker and waits until it holds events (or finished `atLeastDone`); returns it. */
        const startUntil = Effect.fnUntraced(function*(workerId: string, atLeastDone: number) {
          const worker = yield* WorkerChild.spawn({ entry: "test", workerId, env })
          // Up first: a signal before Node has run a line of the worker ends it by the signal, not by exit 0.
          yield* worker.awaitLog("worker started", 60_000)
          yield* Teams.eventually(
            Effect.gen(function*() {
              const holding = yield* held(workerId)
              if (holding > 0 && (yield* done) >= atLeastDone) return
              // Nothing left to hold: the remaining restarts find an empty queue.
              const { pending, running } = yield* inbox.stats(team.teamId)
              if (pending + running === 0) return
              return yield* Effect.fail(`${workerId} holds ${holding}`)
            }),
            "30 seconds"
          )
          return worker
        })

        const loop = Effect.fnUntraced(function*(signal: "SIGTERM" | "SIGKILL", label: string, count: number) {
          const startedAt = Date.now()
          const opportunities = yield* Teams.pushCandidates(team, count, label)
          const before = yield* done
          yield* Teams.awaitAccepted(team.teamId, before + count)
          for (let i = 0; i < restarts[signal]; i++) {
            // Every other stop lets one more event finish first, so work goes on between the stops.
            const progress = i % 2 === 1 ? Math.min(before + count - 1, before + Math.ceil(i / 2)) : 0
            const worker = yield* startUntil(`${label}-${i}`, progress)
            yield* worker.kill(signal)
            const ended = yield* worker.ended
            if (signal === "SIGTERM") assert.deepStrictEqual(ended, { code: 0, signal: null }, worker.transcript())
          }
          console.log(`[restart loops] ${restarts[signal]} ${signal} restarts in ${Date.now() - startedAt} ms`)
          return opportunities
        })

        const gracefully = yield* loop("SIGTERM", "term", 12)
        const killed = yield* loop("SIGKILL", "kill", 12)

        const last = yield* WorkerChild.spawn({ entry: "test", workerId: "restart-last", env })
        yield* Teams.awaitSettled([team.teamId], "60 seconds")
        yield* last.kill("SIGTERM")
        assert.deepStrictEqual(yield* last.ended, { code: 0, signal: null })

        const { events } = yield* inbox.list(team.teamId, { limit: 100 })
        const stageChanges = events.filter((event) => event.opportunityId !== null)
        assert.deepStrictEqual(stageChanges.filter((event) => event.status !== "done").map((e) => e.lastError), [])
        const interruptions = stageChanges.reduce((n, event) => n + event.interruptions, 0)
        const maxAttempts = Math.max(...stageChanges.map((event) => event.attempts))
        console.log(
          `[restart loops] ${restarts.SIGTERM} SIGTERM + ${restarts.SIGKILL} SIGKILL restarts, ${stageChanges.length} events: 0 dead, ` +
            `${interruptions} interrupted runs in all, at most ${maxAttempts} attempt(s) per event`
        )
        assert.strictEqual(maxAttempts, 1, "no run failed: restarts used no attempt")
        assert.isAbove(interruptions, 0, "stopped and killed workers held events")
        yield* Teams.assertEachInvitedOnce([{ team, opportunities: [...gracefully, ...killed] as Array<Ids.OpportunityId> }])
      }), 480_000)
  })
})
