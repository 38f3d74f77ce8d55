/**
 * Connection loss: the worker reaches PostgreSQL through a TCP proxy that cuts every connection.
 *
 * - A worker process whose connections are cut three times (the second time the database stays
 *   unreachable for a moment) in the middle of a run keeps going: failed claims are retried, events it
 *   could not settle run again once their lease ends, and in the end nothing is lost and nothing is done
 *   twice.
 * - An event still running through a short outage keeps its lease (the heartbeat carries on once the
 *   database is back), so no claim takes it over and it runs once.
 */
import { assert, describe, layer } from "@effect/vitest"
import { EventInbox } from "@fulcrum/core"
import { LeverHttp } from "@fulcrum/lever-http"
import { Database, SecretCipher, Stores } from "@fulcrum/store-sql"
import { Effect, Layer, Redacted } from "effect"
import { WorkerHost } from "../src/index.ts"
import * as Harness from "./support/Harness.ts"
import { SchedulerStub } from "./support/SchedulerStub.ts"
import * as StubSchedulerClient from "./support/StubSchedulerClient.ts"
import * as TcpProxy from "./support/TcpProxy.ts"
import * as Teams from "./support/Teams.ts"
import { postgresUrl, skipReason, TestDatabase } from "./support/TestDatabase.ts"
import * as TestDatabases from "./support/TestDatabase.ts"
import * as WorkerChild from "./support/WorkerChild.ts"

const perTeam = 30

describe.skipIf(postgresUrl === undefined)(`connection loss${postgresUrl === undefined ? ` (skipped: ${skipReason})` : ""}`, () => {
  layer(Harness.layer(TestDatabases.layerPostgres(postgresUrl ?? "")), { timeout: 60_000, excludeTestServices: true })((it) => {
    it.effect("every connection to PostgreSQL cut three times mid-run: nothing lost, nothing duplicated", () =>
      Effect.gen(function*() {
        const stub = yield* SchedulerStub
        const database = yield* TestDatabase
        const teams = yield* Effect.forEach(["red", "blue"], (name) => Teams.setupTeam(`cut-${name}`), { concurrency: 2 })
        const pushed = yield* Effect.forEach(teams, (team) =>
          Effect.map(Teams.pushCandidates(team, perTeam, team.teamId), (opportunities) => ({ team, opportunities })))
        yield* Effect.forEach(teams, (team) => Teams.awaitAccepted(team.teamId, perTeam), { discard: true })

        const target = new URL(database.childUrl)
        const proxy = yield* TcpProxy.start({ host: target.hostname, port: Number(target.port || 5432) })
        target.host = `127.0.0.1:${proxy.port}`
        yield* stub.setDelay(80)
        const worker = yield* WorkerChild.spawn({
          entry: "test",
          workerId: "cut-worker",
          env: { ...Harness.childEnv(database, stub), DATABASE_URL: target.toString(), WORKER_LEASE_MS: "2000" }
        })
        yield* worker.awaitLog("worker started", 30_000)

        let cutConnections = 0
        for (const [after, outageMs] of [[8, 0], [20, 1_500], [35, 0]] as const) {
          yield* stub.awaitCalls(after).pipe(Effect.timeout("40 seconds"))
          cutConnections += outageMs === 0 ? yield* proxy.cut : yield* proxy.outage(outageMs)
        }
        const cutAt = yield* stub.totalCalls

        yield* Teams.awaitSettled(teams.map((team) => team.teamId), "60 seconds")
        const warnings = worker.lines().filter((line) => typeof line !== "string" && line.level === "WARN")
        const count = (message: string) => warnings.filter((line) => typeof line !== "string" && line.message === message).length
        console.log(
          `[connection loss] ${cutConnections} connections cut in three cuts (the last after ${cutAt} provider calls); ` +
            `${count("claim failed; retrying")} failed claims retried, ${count("event will be retried")} events retried, ` +
            `${count("could not settle event; its lease will expire and it will run again")} settlements lost to ` +
            `the cuts; ${yield* proxy.opened} connections opened in all`
        )
        assert.isAbove(cutConnections, 0, "the cuts hit live connections")
        assert.isAbove(count("claim failed; retrying"), 0, "claims failed during the outage and were retried")
        yield* Teams.assertEachInvitedOnce(pushed)

        yield* worker.kill("SIGTERM")
        assert.deepStrictEqual(yield* worker.ended, { code: 0, signal: null })
      }), 120_000)

    it.effect("an event running through a short outage keeps its lease: nobody takes it over, it runs once", () =>
      Effect.gen(function*() {
        const database = yield* TestDatabase
        const stub = yield* SchedulerStub
        const team = yield* Teams.setupTeam("outage-team")
        const [opportunityId] = yield* Teams.pushCandidates(team, 1, "Slow")
        yield* Teams.awaitAccepted(team.teamId, 1)

        const target = new URL(database.childUrl)
        const proxy = yield* TcpProxy.start({ host: target.hostname, port: Number(target.port || 5432) })
        target.host = `127.0.0.1:${proxy.port}`
        // Fresh: the harness built `Stores.layer` already, and layers are shared by reference within a test.
        const WorkerStores = Layer.fresh(Stores.layer).pipe(
          Layer.provide(Database.layerPg({ url: Redacted.make(target.toString()) })),
          Layer.provide(SecretCipher.layer({ current: Harness.secretKey }))
        )
        // Lever answers the worker's read of the candidate after 3 s; the lease is 1.5 s, so the event
        // stays claimed only as long as the heartbeat keeps extending it.
        yield* team.sandbox.controlEffect.faults.latency("3 seconds", 1)
        yield* Layer.build(
          WorkerHost.layerWorker({ workerId: "outage-worker", leaseMs: 1_500, pollIntervalMs: 50 }).pipe(
            Layer.provide(Layer.mergeAll(WorkerStores, LeverHttp.layerFetch({ rateLimit: false }), StubSchedulerClient.layer(stub.url)))
          )
        )
        const inbox = yield* EventInbox.EventInbox
        yield* Teams.eventually(
          Effect.flatMap(inbox.list(team.teamId, { status: "running" }), ({ events }) =>
            events.length === 1 ? Effect.void : Effect.fail("not claimed yet")),
          "10 seconds"
        )
        // Once the worker's read has taken Lever's latency, the worker waits for the answer; the database
        // goes away for longer than a heartbeat period meanwhile.
        yield* Teams.eventually(
          Effect.flatMap(
            team.sandbox.controlEffect.faults.current(),
            (faults) => faults.latency === null ? Effect.void : Effect.fail("Lever has not been asked yet")
          ),
          "10 seconds"
        )
        yield* proxy.outage(900)

        yield* Teams.awaitSettled([team.teamId], "20 seconds")
        const reads = team.sandbox.controlEffect.requests.count({ method: "GET", path: `/v1/opportunities/${opportunityId}` })
        const [event] = (yield* inbox.list(team.teamId, { opportunityId: opportunityId! })).events
        // On a very busy machine the outage plus the reconnection may outlast the lease and a claim takes
        // the event again (an interruption, not a failed attempt); it still runs to the end once.
        assert.strictEqual(event?.attempts, 1, "no run failed")
        assert.strictEqual(yield* reads, 1, "the candidate was read from Lever once: the event ran once")
        yield* Teams.assertEachInvitedOnce([{ team, opportunities: [opportunityId!] }])
      }), 60_000)
  })
})
