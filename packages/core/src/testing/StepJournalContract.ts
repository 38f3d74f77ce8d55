/**
 * The contract test kit of the `StepJournal` port. An adapter proves itself by running the suite against
 * its own layer:
 *
 * ```ts
 * import { StepJournalContract } from "@fulcrum/core/testing"
 * StepJournalContract.suite("StepJournalSql (PGlite)", StepJournalSql.layer.pipe(Layer.provide(PgliteTest)))
 * ```
 *
 * The layer is built once for the whole suite and shared by its tests. Every test works on teams with
 * fresh random ids, so the suite also passes against a database that already holds data.
 *
 * Results are what the processor journals: JSON values (objects, arrays, strings, numbers, booleans and
 * `null`, which is how a step without a result is recorded). A persistent adapter must give them back
 * equal, and must tell a recorded `null` apart from "never recorded". `forget` removes exactly the team's
 * steps named by key or plain-string prefix, and a forgotten key can be recorded again.
 *
 * @since 0.1.0
 */
import { assert } from "@effect/vitest"
import { Effect, Option } from "effect"
import { StepJournal } from "../ports/StepJournal.ts"
import type { StepKey } from "../StepKey.ts"
import { type Suite, suiteOf, type SuiteOptions, teamIdFor } from "./internal/kit.ts"

/**
 * Tuning of a suite run: `timeout`, the milliseconds each test, and building or closing the layer, may take.
 *
 * @since 0.1.0
 */
export type { SuiteOptions }

const at = 1_767_225_600_000

/**
 * Registers the `StepJournal` contract as a `describe` block named `name`, run against `layer`.
 *
 * @since 0.1.0
 */
export const suite: Suite<StepJournal> = suiteOf((it, timeout) => {
  it.effect("finds nothing for a step that was never recorded", () =>
    Effect.gen(function*() {
      const journal = yield* StepJournal
      assert.deepStrictEqual(yield* journal.find(teamIdFor("empty"), "invite:opp-1:backend:0"), Option.none())
    }), timeout)

  it.effect("gives back the recorded result of a step, equal to what was recorded", () =>
    Effect.gen(function*() {
      const journal = yield* StepJournal
      const teamId = teamIdFor("result")
      const result = {
        interviewId: "int_42",
        inviteUrl: "https://assess.example/i/42?lang=en&x=\"quoted\"",
        expiresAt: 1_767_830_400_000,
        score: 87.5,
        passed: true,
        tags: ["Fulcrum: invited", "Été"],
        nested: { empty: {}, none: null, list: [] }
      }
      yield* journal.record(teamId, "invite:opp-1:backend:0", result, at)
      assert.deepStrictEqual(yield* journal.find(teamId, "invite:opp-1:backend:0"), Option.some(result))
    }), timeout)

  it.effect("tells a step recorded with a null result apart from a step never recorded", () =>
    Effect.gen(function*() {
      const journal = yield* StepJournal
      const teamId = teamIdFor("null")
      yield* journal.record(teamId, "note:marker-1", null, at)
      assert.deepStrictEqual(yield* journal.find(teamId, "note:marker-1"), Option.some(null))
      assert.deepStrictEqual(yield* journal.find(teamId, "note:marker-2"), Option.none())
    }), timeout)

  it.effect("keeps plain strings, numbers, booleans and arrays as results", () =>
    Effect.gen(function*() {
      const journal = yield* StepJournal
      const teamId = teamIdFor("scalars")
      const results: ReadonlyArray<unknown> = ["note_123", 0, 42, false, true, ["a", 1, null], ""]
      yield* Effect.forEach(results, (result, i) => journal.record(teamId, `note:${i}`, result, at + i))
      const found = yield* Effect.forEach(results, (_, i) => journal.find(teamId, `note:${i}`))
      assert.deepStrictEqual(found, results.map((result) => Option.some(result)))
    }), timeout)

  it.effect("keeps the first result when a step is recorded again", () =>
    Effect.gen(function*() {
      const journal = yield* StepJournal
      const teamId = teamIdFor("first")
      yield* journal.record(teamId, "invite:opp-1:backend:0", { interviewId: "first" }, at)
      yield* journal.record(teamId, "invite:opp-1:backend:0", { interviewId: "second" }, at + 1)
      yield* journal.record(teamId, "invite:opp-1:backend:0", null, at + 2)
      assert.deepStrictEqual(
        yield* journal.find(teamId, "invite:opp-1:backend:0"),
        Option.some({ interviewId: "first" })
      )
    }), timeout)

  it.effect("keeps one result, the same for every reader, when twins record the same step concurrently", () =>
    Effect.gen(function*() {
      const journal = yield* StepJournal
      const teamId = teamIdFor("race")
      yield* Effect.forEach(
        Array.from({ length: 20 }, (_, i) => i),
        (i) => journal.record(teamId, "decision:evt-1", { twin: i }, at + i),
        { concurrency: "unbounded" }
      )
      const found = yield* journal.find(teamId, "decision:evt-1")
      assert.isTrue(Option.isSome(found))
      const twin = Option.getOrThrow(found) as { readonly twin: number }
      assert.isTrue(Number.isInteger(twin.twin) && twin.twin >= 0 && twin.twin < 20)
      yield* journal.record(teamId, "decision:evt-1", { twin: 99 }, at + 99)
      assert.deepStrictEqual(yield* journal.find(teamId, "decision:evt-1"), Option.some(twin))
    }), timeout)

  it.effect("scopes step keys by team", () =>
    Effect.gen(function*() {
      const journal = yield* StepJournal
      const a = teamIdFor("team-a")
      const b = teamIdFor("team-b")
      yield* journal.record(a, "invite:opp-1:backend:0", "for a", at)
      assert.deepStrictEqual(yield* journal.find(b, "invite:opp-1:backend:0"), Option.none())
      yield* journal.record(b, "invite:opp-1:backend:0", "for b", at)
      assert.deepStrictEqual(yield* journal.find(a, "invite:opp-1:backend:0"), Option.some("for a"))
      assert.deepStrictEqual(yield* journal.find(b, "invite:opp-1:backend:0"), Option.some("for b"))
    }), timeout)

  it.effect("treats step keys as exact strings", () =>
    Effect.gen(function*() {
      const journal = yield* StepJournal
      const teamId = teamIdFor("exact")
      yield* journal.record(teamId, "note:MARKER", "upper", at)
      yield* journal.record(teamId, "note:marker", "lower", at)
      yield* journal.record(teamId, "note:marker ", "trailing space", at)
      assert.deepStrictEqual(yield* journal.find(teamId, "note:MARKER"), Option.some("upper"))
      assert.deepStrictEqual(yield* journal.find(teamId, "note:marker"), Option.some("lower"))
      assert.deepStrictEqual(yield* journal.find(teamId, "note:marker "), Option.some("trailing space"))
      assert.deepStrictEqual(yield* journal.find(teamId, "note:%"), Option.none())
    }), timeout)
  it.effect("records several steps in one write, each keeping its first result, within the batch too", () =>
    Effect.gen(function*() {
      const journal = yield* StepJournal
      const teamId = teamIdFor("record-all")
      yield* journal.record(teamId, "invite:opp-1:backend", { interviewId: "earlier" }, at)
      yield* journal.recordAll(teamId, [
        { stepKey: "invite:opp-1:backend", result: { interviewId: "later" } },
        { stepKey: "decision:invite-sent:opp-1:backend", result: { events: [], intents: [] } },
        { stepKey: "note:marker", result: null },
        { stepKey: "note:marker", result: "second in the batch" }
      ], at + 1)
      yield* journal.recordAll(teamId, [], at + 2)
      assert.deepStrictEqual(yield* journal.find(teamId, "invite:opp-1:backend"), Option.some({ interviewId: "earlier" }))
      assert.deepStrictEqual(
        yield* journal.find(teamId, "decision:invite-sent:opp-1:backend"),
        Option.some({ events: [], intents: [] })
      )
      assert.deepStrictEqual(yield* journal.find(teamId, "note:marker"), Option.some(null))
      assert.deepStrictEqual(yield* journal.find(teamIdFor("record-all-other"), "note:marker"), Option.none())
    }), timeout)

  it.effect("finds all of a team's steps under some prefixes in one read, with their results", () =>
    Effect.gen(function*() {
      const journal = yield* StepJournal
      const teamId = teamIdFor("find-all")
      const other = teamIdFor("find-all-other")
      yield* journal.record(teamId, "decision:evt_1:0", { events: [], intents: [] }, at)
      yield* journal.record(teamId, "note:fulcrum:evt_1:no-tag", null, at)
      yield* journal.record(teamId, "invite:team:opp-1:backend", { sent: { interviewId: "int_1" } }, at)
      yield* journal.record(teamId, "decision:evt_10:0", "another event", at)
      yield* journal.record(teamId, "note:fulcrum:evt_2:no-tag", "another event", at)
      yield* journal.record(other, "decision:evt_1:1", "another team", at)
      const found = yield* journal.findAll(teamId, {
        prefixes: ["decision:evt_1:", "note:fulcrum:evt_1:", "invite:team:opp-1:", "cancel:never-recorded"]
      })
      assert.deepStrictEqual(
        new Map([...found].sort(([a], [b]) => a.localeCompare(b))),
        new Map<string, unknown>([
          ["decision:evt_1:0", { events: [], intents: [] }],
          ["invite:team:opp-1:backend", { sent: { interviewId: "int_1" } }],
          ["note:fulcrum:evt_1:no-tag", null]
        ])
      )
      assert.strictEqual((yield* journal.findAll(teamId, { prefixes: [] })).size, 0)
    }), timeout)

  it.effect("treats findAll prefixes as plain strings, byte for byte", () =>
    Effect.gen(function*() {
      const journal = yield* StepJournal
      const teamId = teamIdFor("find-all-plain")
      yield* journal.record(teamId, "note:a_b:1", "underscore", at)
      yield* journal.record(teamId, "note:axb:1", "x", at)
      yield* journal.record(teamId, "note:100%:1", "percent", at)
      yield* journal.record(teamId, "note:1000:1", "digits", at)
      yield* journal.record(teamId, "note:A_B:1", "upper", at)
      yield* journal.record(teamId, "note:Été:1", "accented", at)
      yield* journal.record(teamId, "note:ete:1", "plain", at)
      yield* journal.record(teamId, "note:\u{1F600}:1", "emoji", at)
      yield* journal.record(teamId, "note:\u{1F601}:1", "next emoji", at)
      yield* journal.record(teamId, "note:\u{10FFFF}\u{10FFFF}:1", "last code point", at)
      const found = yield* journal.findAll(teamId, {
        prefixes: ["note:a_b:", "note:100%", "note:Été:", "note:\u{1F600}", "note:\u{10FFFF}"]
      })
      assert.deepStrictEqual(
        [...found.keys()].sort(),
        ["note:100%:1", "note:a_b:1", "note:Été:1", "note:\u{1F600}:1", "note:\u{10FFFF}\u{10FFFF}:1"].sort()
      )
    }), timeout)

  it.effect("forgets the steps named by key or by prefix, of that team only, and nothing else", () =>
    Effect.gen(function*() {
      const journal = yield* StepJournal
      const teamId = teamIdFor("forget")
      const other = teamIdFor("forget-other")
      const keys: ReadonlyArray<StepKey> = [
        "decision:evt_1:0",
        "decision:evt_1:1",
        "decision:evt_10:0",
        "invite:team:opp-1:backend",
        "invite:team:opp-1:backend:resend-1",
        "invite:team:opp-10:backend",
        "note:fulcrum:evt_1:no-tag",
        "note:fulcrum:evt_2:no-tag"
      ]
      yield* Effect.forEach(keys, (key, i) => journal.record(teamId, key, { i }, at + i), { discard: true })
      yield* Effect.forEach(keys, (key, i) => journal.record(other, key, { i }, at + i), { discard: true })
      const forgotten = yield* journal.forget(teamId, {
        keys: ["note:fulcrum:evt_1:no-tag", "note:never-recorded"],
        prefixes: ["decision:evt_1:", "invite:team:opp-1:"]
      })
      assert.strictEqual(forgotten, 5)
      const left = yield* Effect.forEach(keys, (key) => journal.find(teamId, key))
      assert.deepStrictEqual(left.map(Option.isSome), [false, false, true, false, false, true, false, true])
      const untouched = yield* Effect.forEach(keys, (key) => journal.find(other, key))
      assert.deepStrictEqual(untouched, keys.map((_, i) => Option.some({ i })))
      assert.strictEqual(yield* journal.forget(teamId, { prefixes: ["decision:evt_1:"] }), 0)
      assert.strictEqual(yield* journal.forget(teamId, {}), 0)
    }), timeout)

  it.effect("records a forgotten step again as a first result", () =>
    Effect.gen(function*() {
      const journal = yield* StepJournal
      const teamId = teamIdFor("forget-again")
      yield* journal.record(teamId, "invite:opp-1:backend:0", { interviewId: "first" }, at)
      yield* journal.forget(teamId, { keys: ["invite:opp-1:backend:0"] })
      assert.deepStrictEqual(yield* journal.find(teamId, "invite:opp-1:backend:0"), Option.none())
      yield* journal.record(teamId, "invite:opp-1:backend:0", { interviewId: "second" }, at + 1)
      assert.deepStrictEqual(
        yield* journal.find(teamId, "invite:opp-1:backend:0"),
        Option.some({ interviewId: "second" })
      )
    }), timeout)

  it.effect("treats forget prefixes as plain strings, without wildcards", () =>
    Effect.gen(function*() {
      const journal = yield* StepJournal
      const teamId = teamIdFor("forget-plain")
      yield* journal.record(teamId, "note:a_b:1", "underscore", at)
      yield* journal.record(teamId, "note:axb:1", "x", at)
      yield* journal.record(teamId, "note:100%:1", "percent", at)
      yield* journal.record(teamId, "note:1000:1", "digits", at)
      yield* journal.record(teamId, "note:A_B:1", "upper", at)
      assert.strictEqual(yield* journal.forget(teamId, { prefixes: ["note:a_b:", "note:100%"] }), 2)
      assert.deepStrictEqual(yield* journal.find(teamId, "note:a_b:1"), Option.none())
      assert.deepStrictEqual(yield* journal.find(teamId, "note:100%:1"), Option.none())
      assert.deepStrictEqual(yield* journal.find(teamId, "note:axb:1"), Option.some("x"))
      assert.deepStrictEqual(yield* journal.find(teamId, "note:1000:1"), Option.some("digits"))
      assert.deepStrictEqual(yield* journal.find(teamId, "note:A_B:1"), Option.some("upper"))
    }), timeout)

  it.effect("prunes steps recorded before a time, at most a batch at a time, and nothing newer", () =>
    Effect.gen(function*() {
      const journal = yield* StepJournal
      const teamId = teamIdFor("prune")
      // Times long before every other test's, so pruning them touches nothing another test relies on.
      const ancient = 86_400_000
      yield* journal.record(teamId, "invite:old-1", { interviewId: "int_1" }, ancient)
      yield* journal.record(teamId, "note:old-2", null, ancient + 1)
      yield* journal.record(teamId, "invite:new", { interviewId: "int_3" }, ancient + 10_000)
      let rounds = 0
      for (let pruned = 1; pruned === 1; rounds++) {
        assert.isBelow(rounds, 10_000)
        pruned = yield* journal.prune({ before: ancient + 5_000, limit: 1 })
      }
      assert.isAtLeast(rounds, 3)
      assert.deepStrictEqual(yield* journal.find(teamId, "invite:old-1"), Option.none())
      assert.deepStrictEqual(yield* journal.find(teamId, "note:old-2"), Option.none())
      assert.deepStrictEqual(yield* journal.find(teamId, "invite:new"), Option.some({ interviewId: "int_3" }))
    }), timeout)
})
