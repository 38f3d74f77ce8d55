/**
 * Acks that arrive while every `accept` lane is busy go together as one statement (group commit). Each
 * caller must still get the answer it would get alone: a new key is `Accepted` once, a key seen earlier in
 * the same batch, already stored, or kept after retention deleted its event is a `Duplicate` naming that
 * event, and an event the database refuses fails only its own ack while the rest of its batch is stored,
 * in arrival order.
 */
import { assert, describe, it, layer } from "@effect/vitest"
import { EventInbox } from "@fulcrum/core"
import { Ids } from "@fulcrum/domain"
import { Effect, Layer } from "effect"
import { SqlClient } from "effect/sql"
import { EventInboxSql } from "../src/index.ts"
import { postgresSkipReason, postgresUrl, sharedPglite, sharedPostgres } from "./support/TestDatabase.ts"

const t0 = 1_767_225_600_000

const suite = (database: string, layer_: Layer.Layer<SqlClient.SqlClient>) =>
  // One lane: every accept started with the first waits for it, so the rest go as one batch.
  layer(EventInboxSql.layerWith({ acceptLanes: 1 }).pipe(Layer.provideMerge(layer_)), {
    excludeTestServices: true,
    timeout: 60_000
  })(`EventInboxSql group commit on ${database}`, (it) => {
    it.effect("answers every ack of a batch as if it had gone alone", () =>
      Effect.gen(function*() {
        const inbox = yield* EventInbox.EventInbox
        const sql = yield* SqlClient.SqlClient
        const teamId = Ids.TeamId.make(`batch-${crypto.randomUUID()}`)
        const event = (key: string, index: number, rawBody: string | null = null) => ({
          teamId,
          source: "lever" as const,
          kind: "candidateStageChange",
          dedupeKey: key,
          opportunityId: `opp-${index}`,
          payload: {
            _tag: "StageChanged" as const,
            opportunityId: Ids.OpportunityId.make(`opp-${index}`),
            fromStageId: null,
            toStageId: Ids.StageId.make("stage-2")
          },
          rawBody,
          note: null,
          receivedAt: t0 + index,
          status: "pending" as const
        })

        const stored = yield* inbox.accept(event("stored-before", 0))
        yield* sql`
          INSERT INTO inbox_pruned_keys (team_id, dedupe_key, event_id, keep_until)
          VALUES (${teamId}, 'pruned', 'evt_pruned', ${t0 + 1_000_000})`

        // Each wave starts together: its first accept takes the lane, the rest wait and go as one batch.
        let arrival = 0
        const wave = (keys: ReadonlyArray<string>) =>
          Effect.map(
            Effect.forEach(
              keys,
              (key) =>
                Effect.result(
                  inbox.accept(event(key, ++arrival, key === "nul" ? "a\u0000b" : `{"token":"${key}"}`))
                ),
              { concurrency: "unbounded" }
            ),
            (answers) => ({
              answers,
              ok: (key: string, at = 0) => {
                const answer = answers.filter((_, index) => keys[index] === key)[at]!
                assert.strictEqual(answer._tag, "Success", `${key} #${at}`)
                return (answer as { readonly success: EventInbox.Accepted }).success
              }
            })
          )

        // A batch the database takes whole.
        const first = yield* wave(["a", "b", "stored-before", "c", "a", "pruned", "d", "b", "e", "f"])
        for (const key of ["a", "b", "c", "d", "e", "f"]) assert.strictEqual(first.ok(key)._tag, "Accepted", key)
        assert.deepStrictEqual(first.ok("a", 1), { _tag: "Duplicate", eventId: first.ok("a").eventId })
        assert.deepStrictEqual(first.ok("b", 1), { _tag: "Duplicate", eventId: first.ok("b").eventId })
        assert.deepStrictEqual(first.ok("stored-before"), { _tag: "Duplicate", eventId: stored.eventId })
        assert.deepStrictEqual(first.ok("pruned"), { _tag: "Duplicate", eventId: Ids.EventId.make("evt_pruned") })

        // A batch with one event the database refuses (a NUL in text): only that ack fails.
        const second = yield* wave(["g", "h", "nul", "c", "i", "pruned", "g"])
        for (const key of ["g", "h", "i"]) assert.strictEqual(second.ok(key)._tag, "Accepted", key)
        assert.deepStrictEqual(second.ok("g", 1), { _tag: "Duplicate", eventId: second.ok("g").eventId })
        assert.deepStrictEqual(second.ok("c"), { _tag: "Duplicate", eventId: first.ok("c").eventId })
        assert.deepStrictEqual(second.ok("pruned"), { _tag: "Duplicate", eventId: Ids.EventId.make("evt_pruned") })
        const refused = second.answers[2]!
        assert.strictEqual(refused._tag, "Failure")
        if (refused._tag === "Failure") assert.strictEqual(refused.failure.operation, "EventInbox.accept")

        // Stored once each, in the order they arrived.
        const listed = yield* inbox.list(teamId, { limit: 50 })
        assert.deepStrictEqual(
          listed.events.map((e) => e.dedupeKey).reverse(),
          ["stored-before", "a", "b", "c", "d", "e", "f", "g", "h", "i"]
        )
        assert.strictEqual(listed.events.find((e) => e.dedupeKey === "c")?.rawBody, `{"token":"c"}`)
      }))
  })

suite("PGlite", sharedPglite())

if (postgresUrl === undefined) {
  describe.skip(`EventInboxSql group commit on PostgreSQL (${postgresSkipReason})`, () => {
    it("answers every ack of a batch as if it had gone alone", () => {})
  })
} else {
  suite("PostgreSQL", sharedPostgres(postgresUrl))
}

describe("EventInboxSql acceptLanes", () => {
  it.effect("refuses fewer than one lane, which would hold every ack forever", () =>
    Effect.gen(function*() {
      for (const acceptLanes of [0, Number.NaN, -1]) {
        const exit = yield* Effect.exit(EventInboxSql.makeWith({ acceptLanes }).pipe(Effect.provide(sharedPglite())))
        assert.isTrue(exit._tag === "Failure" && String(exit.cause).includes("acceptLanes must be 1 or more"))
      }
    }))
})
