/**
 * A worker's runs save their candidates and complete their events close together; the saves (and the
 * completions) that arrive while one is in flight go together as one statement. Each caller must still
 * get the answer it would get alone, and the rows it would write alone: a save whose version matches
 * writes its state, timeline and journal rows, a stale one writes nothing and names the version it met;
 * a completion under the worker's lease ends its event with its journal rows, one whose lease is gone
 * writes nothing; a run's first read finds its own candidate and journal rows. A save inside a transaction never waits for a batch, which runs on another connection
 * and could wait for a lock that transaction holds.
 */
import { assert, describe, it, layer } from "@effect/vitest"
import { CandidateStore, ConfigStore, EventInbox, type StepKey, StepJournal } from "@fulcrum/core"
import { Candidate, Ids } from "@fulcrum/domain"
import { Cause, Deferred, Effect, Exit, Fiber, Layer, Option, Schedule } from "effect"
import { SqlClient } from "effect/sql"
import { CandidateStoreSql, EventInboxSql, StepJournalSql } from "../src/index.ts"
import { postgresSkipReason, postgresUrl, sharedPglite, sharedPostgres } from "./support/TestDatabase.ts"

const t0 = 1_767_225_600_000

const candidate = (teamId: Ids.TeamId, opportunityId: string, name = "Ada Lovelace"): Candidate.CandidateState => ({
  ...Candidate.initial(teamId, Ids.OpportunityId.make(opportunityId), t0),
  name
})

const entry = (key: string): CandidateStore.TimelineEntry => ({
  key,
  at: t0,
  kind: "InviteRequested",
  message: key,
  eventId: null
})

const step = (key: string): StepKey.StepKey => `note:${key}`

const stores = (database: Layer.Layer<SqlClient.SqlClient>) =>
  Layer.mergeAll(CandidateStoreSql.layer, StepJournalSql.layer, EventInboxSql.layer).pipe(
    Layer.provideMerge(database)
  )

/** The error an exit failed with (its first), or the exit itself when it succeeded. */
const failure = <A, E>(exit: Exit.Exit<A, E> | undefined) =>
  exit !== undefined && Exit.isFailure(exit) ? Cause.squash(exit.cause) : exit

/** Runs the effects at once: the first takes the lane, the others wait for it and go as one batch. */
const wave = <A, E>(effects: ReadonlyArray<Effect.Effect<A, E>>) =>
  Effect.forEach(effects, (effect) => Effect.exit(effect), { concurrency: "unbounded" })

const suite = (database: string, layer_: Layer.Layer<SqlClient.SqlClient>) =>
  layer(stores(layer_), { excludeTestServices: true, timeout: 60_000 })(
    `CandidateStoreSql and EventInboxSql group commit on ${database}`,
    (it) => {
      it.effect("answers every save of a batch, and writes its rows, as if it had gone alone", () =>
        Effect.gen(function*() {
          const store = yield* CandidateStore.CandidateStore
          const journal = yield* StepJournal.StepJournal
          const teamId = Ids.TeamId.make(`saves-${crypto.randomUUID()}`)
          const opp = (id: string) => Ids.OpportunityId.make(id)
          for (const id of ["a", "b", "c", "d"]) yield* store.save(candidate(teamId, id), 0, [entry(`${id}-1`)])

          const rows = (key: string) => ({ steps: [{ stepKey: step(key), result: { key } }], at: t0 })
          // The first save of a wave takes the lane and goes alone; the others go as one batch.
          const [plain, created, updated, stale, existing] = yield* wave([
            store.save(candidate(teamId, "plain"), 0, []),
            store.saveJournaled(candidate(teamId, "new"), 0, [entry("new-1"), entry("new-2")], rows("new")),
            store.saveJournaled(candidate(teamId, "a", "Ada Byron"), 1, [entry("a-2")], rows("a")),
            store.saveJournaled(candidate(teamId, "b"), 5, [entry("b-stale")], rows("b")),
            store.save(candidate(teamId, "c"), 0, [entry("c-again")])
          ])
          assert.deepStrictEqual(Exit.map(plain!, ({ version }) => version), Exit.succeed(1))
          assert.deepStrictEqual(Exit.map(created!, ({ version }) => version), Exit.succeed(1))
          assert.deepStrictEqual(Exit.map(updated!, ({ version }) => version), Exit.succeed(2))
          assert.deepStrictEqual(failure(stale), new ConfigStore.VersionConflict({ teamId, expected: 5, actual: 1 }))
          assert.deepStrictEqual(failure(existing), new ConfigStore.VersionConflict({ teamId, expected: 0, actual: 1 }))
          // Two saves of one candidate in a batch: the first to arrive wins, the second meets its version.
          const [, twinFirst, twinSecond] = yield* wave([
            store.save(candidate(teamId, "plain"), 1, []),
            store.save(candidate(teamId, "d", "first"), 1, [entry("d-first")]),
            store.save(candidate(teamId, "d", "second"), 1, [entry("d-second")])
          ])
          assert.deepStrictEqual(Exit.map(twinFirst!, ({ version }) => version), Exit.succeed(2))
          assert.deepStrictEqual(failure(twinSecond), new ConfigStore.VersionConflict({ teamId, expected: 1, actual: 2 }))

          const keys = (id: string) =>
            Effect.map(store.timeline(teamId, opp(id)), (entries) => entries.map(({ key }) => key))
          assert.deepStrictEqual(yield* keys("new"), ["new-1", "new-2"])
          assert.deepStrictEqual(yield* keys("a"), ["a-1", "a-2"])
          assert.deepStrictEqual(yield* keys("b"), ["b-1"])
          assert.deepStrictEqual(yield* keys("c"), ["c-1"])
          assert.deepStrictEqual(yield* keys("d"), ["d-1", "d-first"])
          const stored = (id: string) =>
            Effect.map(store.get(teamId, opp(id)), Option.map(({ state, version }) => [state.name, version]))
          assert.deepStrictEqual(yield* stored("a"), Option.some(["Ada Byron", 2]))
          assert.deepStrictEqual(yield* stored("b"), Option.some(["Ada Lovelace", 1]))
          assert.deepStrictEqual(yield* stored("d"), Option.some(["first", 2]))
          assert.deepStrictEqual(yield* journal.find(teamId, step("new")), Option.some({ key: "new" }))
          assert.deepStrictEqual(yield* journal.find(teamId, step("a")), Option.some({ key: "a" }))
          assert.deepStrictEqual(yield* journal.find(teamId, step("b")), Option.none())

          // A batch with one state the database refuses (a NUL in JSON text): only that save fails.
          const [, refused, fine] = yield* wave([
            store.save(candidate(teamId, "plain"), 2, []),
            store.save(candidate(teamId, "nul", "a\u0000b"), 0, [entry("nul-1")]),
            store.save(candidate(teamId, "a"), 2, [entry("a-3")])
          ])
          assert.isTrue(Exit.isFailure(refused!))
          assert.deepStrictEqual(Exit.map(fine!, ({ version }) => version), Exit.succeed(3))
          assert.deepStrictEqual(yield* keys("a"), ["a-1", "a-2", "a-3"])
          assert.deepStrictEqual(yield* stored("nul"), Option.none())
        }))

      it.effect("answers every first read of a batch with its own candidate and journal rows", () =>
        Effect.gen(function*() {
          const store = yield* CandidateStore.CandidateStore
          const journal = yield* StepJournal.StepJournal
          const teamId = Ids.TeamId.make(`reads-${crypto.randomUUID()}`)
          const otherTeam = Ids.TeamId.make(`reads-other-${crypto.randomUUID()}`)
          const opp = (id: string) => Ids.OpportunityId.make(id)
          yield* store.save(candidate(teamId, "a", "Ada"), 0, [])
          yield* store.save(candidate(teamId, "b", "Grace"), 0, [])
          yield* store.save(candidate(otherTeam, "a", "Other"), 0, [])
          for (const key of ["a:1", "a:2", "b:1", "ab:1"]) yield* journal.record(teamId, step(key), key, t0)
          yield* journal.record(otherTeam, step("a:1"), "other team", t0)

          const read = (team: Ids.TeamId, id: string, prefixes: ReadonlyArray<StepKey.StepKey>) =>
            Effect.map(store.getJournaled(team, opp(id), { prefixes }), ({ candidate, steps }) => ({
              name: Option.map(candidate, ({ state }) => state.name),
              steps: Object.fromEntries(steps)
            }))
          const expected = {
            a: { name: Option.some("Ada"), steps: { "note:a:1": "a:1", "note:a:2": "a:2" } },
            b: { name: Option.some("Grace"), steps: { "note:b:1": "b:1", "note:ab:1": "ab:1" } },
            other: { name: Option.some("Other"), steps: { "note:a:1": "other team" } },
            missing: { name: Option.none() }
          }
          // The first read of a wave goes alone; the others go as one batch.
          const reads = [
            read(teamId, "a", ["note:a:"]),
            read(teamId, "b", ["note:b:", "note:ab:"]),
            read(otherTeam, "a", ["note:a:"]),
            read(teamId, "missing", ["note:a:"]),
            read(teamId, "a", ["note:a:"])
          ]
          const answers = (yield* wave(reads)).map((exit) => Exit.isSuccess(exit) ? exit.value : "failed")
          assert.deepStrictEqual(answers, [
            expected.a,
            expected.b,
            expected.other,
            { ...expected.missing, steps: expected.a.steps },
            expected.a
          ])
          // A prefix without an end (U+10FFFF alone) sends its batch one by one, with the same answers.
          const [, unbounded, plain] = (yield* wave([
            read(teamId, "a", ["note:a:"]),
            read(teamId, "b", ["\u{10FFFF}" as StepKey.StepKey]),
            read(teamId, "b", ["note:b:", "note:ab:"])
          ])).map((exit) => Exit.isSuccess(exit) ? exit.value : "failed")
          assert.deepStrictEqual(unbounded, { name: Option.some("Grace"), steps: {} })
          assert.deepStrictEqual(plain, expected.b)
        }))

      it.effect("completes every event of a batch under its lease, with its journal rows", () =>
        Effect.gen(function*() {
          const inbox = yield* EventInbox.EventInbox
          const journal = yield* StepJournal.StepJournal
          const sql = yield* SqlClient.SqlClient
          const teamId = Ids.TeamId.make(`completions-${crypto.randomUUID()}`)
          const ids: Array<string> = []
          for (let index = 0; index < 5; index++) {
            const accepted = yield* inbox.accept({
              teamId,
              source: "lever",
              kind: "candidateStageChange",
              dedupeKey: `key-${index}`,
              opportunityId: `opp-${index}`,
              payload: {
                _tag: "StageChanged",
                opportunityId: Ids.OpportunityId.make(`opp-${index}`),
                fromStageId: null,
                toStageId: Ids.StageId.make("stage-2")
              },
              rawBody: null,
              note: null,
              receivedAt: t0 + index,
              status: "pending"
            })
            ids.push(accepted.eventId)
          }
          const workerId = `worker-${crypto.randomUUID()}`
          const claimed = yield* inbox.claim({ workerId, limit: 5, leaseMs: 60_000, now: Date.now() })
          assert.strictEqual(claimed.filter(({ event }) => event.teamId === teamId).length, 5)
          // Another worker took event 3 over (its lease ran out): its completion must write nothing.
          yield* sql`UPDATE inbox_events SET lease_owner = 'someone-else' WHERE event_id = ${ids[3]!}`

          const answers = yield* wave(ids.map((eventId, index) =>
            inbox.complete(eventId, workerId, {
              status: index === 4 ? "skipped" : "done",
              note: index === 4 ? "not mapped" : null,
              now: t0 + 100,
              journal: { steps: [{ stepKey: step(eventId), result: index }], at: t0 + 100 }
            })
          ))
          assert.deepStrictEqual(answers.map(Exit.isSuccess), [true, true, true, false, true])
          assert.deepStrictEqual(failure(answers[3]), new EventInbox.LeaseLost({ eventId: ids[3]! }))
          const events = yield* Effect.forEach(ids, (eventId) => inbox.get(teamId, eventId))
          assert.deepStrictEqual(
            events.map(Option.map((event) => [event.status, event.note])),
            [
              Option.some(["done", null]),
              Option.some(["done", null]),
              Option.some(["done", null]),
              Option.some(["running", null]),
              Option.some(["skipped", "not mapped"])
            ]
          )
          const journaled = yield* Effect.forEach(ids, (eventId) => journal.find(teamId, step(eventId)))
          assert.deepStrictEqual(journaled, [
            Option.some(0),
            Option.some(1),
            Option.some(2),
            Option.none(),
            Option.some(4)
          ])
        }))
    }
  )

suite("PGlite", sharedPglite())

if (postgresUrl === undefined) {
  describe.skip(`CandidateStoreSql group commit in a transaction on PostgreSQL (${postgresSkipReason})`, () => {
    it("runs a save inside a transaction on that transaction's connection, even while a batch waits", () => {})
  })
} else {
  suite("PostgreSQL", sharedPostgres(postgresUrl))

  // One connection only: PGlite runs every statement in turn, so a transaction there holds everything.
  layer(stores(sharedPostgres(postgresUrl)), { excludeTestServices: true, timeout: 60_000 })(
    "CandidateStoreSql group commit in a transaction on PostgreSQL",
    (it) => {
      it.effect("runs a save inside a transaction on that transaction's connection, even while a batch waits", () =>
        Effect.gen(function*() {
          const store = yield* CandidateStore.CandidateStore
          const sql = yield* SqlClient.SqlClient
          const teamId = Ids.TeamId.make(`transaction-${crypto.randomUUID()}`)
          yield* store.save(candidate(teamId, "locked"), 0, [])
          const locked = yield* Deferred.make<void>()
          const waiting = yield* Deferred.make<void>()
          const transaction = yield* Effect.forkChild(sql.withTransaction(Effect.gen(function*() {
            yield* sql`SELECT 1 FROM candidates WHERE team_id = ${teamId} AND opportunity_id = 'locked' FOR UPDATE`
            yield* Deferred.succeed(locked, undefined)
            yield* Deferred.await(waiting)
            // The lane is taken by a save waiting for this transaction's row lock: this save must not
            // wait for that lane.
            return yield* store.save(candidate(teamId, "inside"), 0, [entry("inside-1")])
          })))
          yield* Deferred.await(locked)
          // Outside any transaction, this save takes the lane and waits for the transaction's lock.
          const outside = yield* Effect.forkChild(store.save(candidate(teamId, "locked", "outside"), 1, []))
          yield* sql`
            SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE wait_event_type = 'Lock' AND query LIKE '%UPDATE candidates%'`.pipe(
            Effect.repeat({
              until: (rows) => (rows[0] as { readonly n: number }).n > 0,
              schedule: Schedule.spaced("20 millis")
            })
          )
          yield* Deferred.succeed(waiting, undefined)
          assert.strictEqual((yield* Fiber.join(transaction)).version, 1)
          assert.strictEqual((yield* Fiber.join(outside)).version, 2)
          assert.deepStrictEqual(
            Option.map(yield* store.get(teamId, Ids.OpportunityId.make("locked")), ({ state }) => state.name),
            Option.some("outside")
          )
        }))
    }
  )
}
