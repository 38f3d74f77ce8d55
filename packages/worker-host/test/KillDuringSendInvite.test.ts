/**
 * `kill -9` of `fulcrum-worker` (FULCRUM_SCHEDULER=http) while it is sending invites to the provider,
 * twenty times: every kill lands after the provider created the invite and before the worker heard back
 * (the provider answers slowly). The events are taken over, the same invite keys are sent again, and the
 * provider sandbox counts exactly one created invite per key; each candidate ends `sent`, with one
 * "invite sent" note.
 */
import { assert, describe, layer } from "@effect/vitest"
import { ProviderSandbox } from "@fulcrum/provider-sandbox"
import { Effect, Redacted } from "effect"
import { eventually } from "./support/Eventually.ts"
import * as Harness from "./support/Harness.ts"
import * as Teams from "./support/Teams.ts"
import { postgresUrl, skipReason, TestDatabase } from "./support/TestDatabase.ts"
import * as TestDatabases from "./support/TestDatabase.ts"
import * as WorkerChild from "./support/WorkerChild.ts"

const kills = 20

describe.skipIf(postgresUrl === undefined)(
  `kill -9 during sendInvite on PostgreSQL${postgresUrl === undefined ? ` (skipped: ${skipReason})` : ""}`,
  () => {
    layer(Harness.layer(TestDatabases.layerPostgres(postgresUrl ?? "")), { timeout: 240_000, excludeTestServices: true })(
      (it) => {
        it.effect(`${kills} workers killed mid-invite: the provider creates each invite once`, () =>
          Effect.gen(function*() {
            const database = yield* TestDatabase
            const provider = yield* Effect.acquireRelease(
              Effect.promise(() => ProviderSandbox.start()),
              (running) => Effect.promise(() => running.close())
            )
            const team = yield* Teams.setupTeam("kill-nine")
            const env = {
              DATABASE_URL: database.childUrl,
              FULCRUM_SECRET_KEY: Redacted.value(Harness.secretKey),
              FULCRUM_ALLOW_CUSTOM_LEVER_URL: "true",
              FULCRUM_SCHEDULER: "http",
              FULCRUM_PROVIDER_URL: provider.url,
              FULCRUM_PROVIDER_SECRET: Redacted.value(provider.secret),
              WORKER_CONCURRENCY: "1",
              // Long enough that the next round's workers take fresh events; the survivor waits it out.
              WORKER_LEASE_MS: "3000",
              // An event taken over again and again is not a crash loop here: keep it alive.
              WORKER_MAX_ATTEMPTS: "50",
              WORKER_POLL_INTERVAL_MS: "20",
              WORKER_RETRY_BASE_DELAY_MS: "100",
              WORKER_RETRY_MAX_DELAY_MS: "500"
            }
            const opportunities = yield* Teams.pushCandidates(team, kills, "Kill")
            yield* Teams.awaitAccepted(team.teamId, kills)

            // Every invite request does its work at once and is answered only after a minute.
            provider.faults.queue.push({ kind: "slow", delayMs: 60_000, path: "/v1/invites", count: 10_000 })
            const requests = () => [...provider.store.createRequests.values()].reduce((a, b) => a + b, 0)
            // Four workers at a time (lean on time): each claims its own event and is killed once its
            // invite request is in flight at the provider.
            const perRound = 4
            for (let round = 0; round < kills / perRound; round++) {
              const before = requests()
              const workers = yield* Effect.forEach(
                Array.from({ length: perRound }, (_, i) => i),
                (i) => WorkerChild.spawn({ entry: "main", workerId: `kill-nine-${round}-${i}`, env }),
                { concurrency: perRound }
              )
              yield* eventually(
                Effect.suspend(() =>
                  requests() >= before + perRound ? Effect.void : Effect.fail("not every worker is mid-invite yet")
                ),
                "60 seconds"
              ).pipe(
                Effect.catchCause((cause) =>
                  Effect.andThen(
                    Effect.sync(() => workers.forEach((w) => console.log(`${w.workerId} wrote:\n${w.transcript()}`))),
                    Effect.failCause(cause)
                  )
                )
              )
              yield* Effect.forEach(workers, (worker) => worker.kill("SIGKILL"), { concurrency: perRound, discard: true })
            }
            assert.isAtLeast(requests(), kills, "each kill came while an invite request was in flight")

            provider.faults.queue.length = 0
            yield* WorkerChild.spawn({ entry: "main", workerId: "kill-nine-survivor", env })
            yield* Teams.awaitSettled([team.teamId], "120 seconds")

            const creates = [...provider.store.creates.entries()].filter(([key]) => key.startsWith(`${team.teamId}:`))
            assert.strictEqual(creates.length, kills, "one idempotency key per candidate")
            assert.deepStrictEqual(creates.filter(([, n]) => n !== 1), [], "each invite created exactly once")
            yield* Effect.forEach(opportunities, (opportunityId) =>
              Effect.gen(function*() {
                assert.strictEqual(yield* Teams.inviteState(team.teamId, opportunityId), "sent")
                assert.strictEqual((yield* Teams.inviteNotes(team, opportunityId)).length, 1)
              }), { concurrency: 4, discard: true })
          }).pipe(Effect.scoped), 240_000)
      }
    )
  }
)
