/**
 * Scaling out: two worker processes share one PostgreSQL queue. 200 candidates across four teams (each
 * team on its own Lever account); one worker is killed with SIGKILL in the middle of the run. The other
 * takes over the dead worker's events once their leases run out and finishes everything: every
 * candidate invited once and noted once. The takeover time is measured and printed.
 */
import { assert, describe, layer } from "@effect/vitest"
import { Effect } from "effect"
import { SqlClient } from "effect/sql"
import * as Harness from "./support/Harness.ts"
import { SchedulerStub } from "./support/SchedulerStub.ts"
import * as Teams from "./support/Teams.ts"
import { postgresUrl, skipReason, TestDatabase } from "./support/TestDatabase.ts"
import * as TestDatabases from "./support/TestDatabase.ts"
import * as WorkerChild from "./support/WorkerChild.ts"

const leaseMs = 3_000
const perTeam = 50

describe.skipIf(postgresUrl === undefined)(`two workers on PostgreSQL${postgresUrl === undefined ? ` (skipped: ${skipReason})` : ""}`, () => {
  layer(Harness.layer(TestDatabases.layerPostgres(postgresUrl ?? "")), { timeout: 60_000, excludeTestServices: true })((it) => {
    it.effect("one worker killed mid-run: the other takes over after the lease and finishes, each candidate once", () =>
      Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        const stub = yield* SchedulerStub
        const database = yield* TestDatabase
        const teams = yield* Effect.forEach(["north", "south", "east", "west"], (name) => Teams.setupTeam(`scale-${name}`), {
          concurrency: 4
        })
        const pushed = yield* Effect.forEach(teams, (team) =>
          Effect.map(Teams.pushCandidates(team, perTeam, team.teamId), (opportunities) => ({ team, opportunities })), {
          concurrency: 4
        })
        yield* Effect.forEach(teams, (team) => Teams.awaitAccepted(team.teamId, perTeam), { discard: true })

        // The provider takes a while per invite, so the run lasts long enough to be interrupted.
        yield* stub.setDelay(120)
        const env = { ...Harness.childEnv(database, stub), WORKER_LEASE_MS: String(leaseMs), WORKER_CONCURRENCY: "8" }
        const a = yield* WorkerChild.spawn({ entry: "test", workerId: "scale-a", env })
        const b = yield* WorkerChild.spawn({ entry: "test", workerId: "scale-b", env })
        const started = Date.now()
        yield* stub.awaitCalls(50).pipe(Effect.timeout("40 seconds"))

        yield* a.kill("SIGKILL")
        const killedAt = Date.now()
        const orphaned = yield* sql<{ readonly event_id: string }>`
          SELECT event_id FROM inbox_events WHERE status = 'running' AND lease_owner = 'scale-a'`
        const invitedAtKill = (yield* stub.keys).length
        assert.isAbove(orphaned.length, 0, "the killed worker had events in flight")
        assert.isBelow(invitedAtKill, perTeam * teams.length, "and work left")

        // Takeover: every event the dead worker held is claimed again (or finished) by the survivor.
        const ids = orphaned.map((row) => row.event_id)
        yield* Teams.eventually(
          Effect.flatMap(
            sql<{ readonly n: number }>`
              SELECT count(*)::int AS n FROM inbox_events
              WHERE event_id IN ${sql.in(ids)} AND status = 'running' AND lease_owner = 'scale-a'`,
            ([row]) => row!.n === 0 ? Effect.void : Effect.fail(`${row!.n} still held by the dead worker`)
          ),
          "20 seconds"
        )
        const takeoverMs = Date.now() - killedAt

        yield* Teams.awaitSettled(teams.map((team) => team.teamId), "60 seconds")
        const totalMs = Date.now() - started
        const doneBy = yield* sql<{ readonly n: number }>`
          SELECT count(*)::int AS n FROM inbox_events WHERE event_id IN ${sql.in(ids)} AND status = 'done'`
        const calls = yield* stub.totalCalls
        console.log(
          `[scale-out] 200 candidates, 4 teams, 2 workers (concurrency 8, lease ${leaseMs} ms): worker A killed after ` +
            `${invitedAtKill} invites with ${ids.length} events in flight; worker B took them over ${takeoverMs} ms ` +
            `after the kill; all done in ${totalMs} ms; provider called ${calls} times for 200 invites`
        )
        assert.strictEqual(doneBy[0]!.n, ids.length, "every orphaned event finished")
        yield* Teams.assertEachInvitedOnce(pushed)

        yield* b.kill("SIGTERM")
        assert.deepStrictEqual(yield* b.ended, { code: 0, signal: null })
      }), 120_000)
  })
})
