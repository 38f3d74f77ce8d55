/**
 * The contract test kit of the `CandidateStore` port. An adapter proves itself by running the suite
 * against its own layer:
 *
 * ```ts
 * import { CandidateStoreContract } from "@fulcrum/core/testing"
 * CandidateStoreContract.suite(
 *   "CandidateStoreSql (PGlite)",
 *   Layer.merge(CandidateStoreSql.layer, StepJournalSql.layer).pipe(Layer.provide(PgliteTest))
 * )
 * ```
 *
 * The layer provides the adapter's `StepJournal` of the same storage too: `saveJournaled` is checked
 * through it.
 *
 * The layer is built once for the whole suite and shared by its tests. Every test works on teams with
 * fresh random ids, so the suite also passes against a database that already holds data.
 *
 * What the suite holds an adapter to:
 * - `save` is optimistic: `expectedVersion` 0 creates, otherwise it must equal the stored version; each
 *   save adds one to the version; a refused save changes nothing, its timeline entries included.
 * - Timeline appends are idempotent by entry `key` (per candidate); the timeline reads in `at` order, and
 *   entries with the same `at` in the order they were first appended.
 * - `list` filters by the invite state of the candidate's current interview type (`not_invited` when it
 *   has none), orders by `updatedAt`, newest first, and pages with the opaque `next` cursor so that
 *   following the cursors returns every matching candidate exactly once; the last page has `next: null`.
 * - `findByInterviewId` looks through every invite of a candidate, not only the current one.
 * - `getJournaled` gives the candidate as `get` does and the team's journal rows under the prefixes as
 *   `StepJournal.findAll` does.
 * - `erase` replaces the timeline with the entries to keep and leaves the candidate's state alone.
 *
 * @since 0.1.0
 */
import { assert } from "@effect/vitest"
import { Candidate, Ids } from "@fulcrum/domain"
import { Effect, Option } from "effect"
import { Base64Url } from "effect/encoding"
import { type CandidatePage, type CandidateQuery, CandidateStore, type TimelineEntry } from "../ports/CandidateStore.ts"
import { StepJournal } from "../ports/StepJournal.ts"
import { backend, base, fresh, frontend, invitedAs, inviteOf } from "./internal/candidates.ts"
import { type Suite, suiteOf, type SuiteOptions, teamIdFor } from "./internal/kit.ts"

/**
 * Tuning of a suite run: `timeout`, the milliseconds each test, and building or closing the layer, may take.
 *
 * @since 0.1.0
 */
export type { SuiteOptions }

const opp = (id: string): Ids.OpportunityId => Ids.OpportunityId.make(id)

/** A candidate using every field, so that a store dropping or reshaping any of them fails round-trips. */
const full = (teamId: Ids.TeamId, opportunityId: Ids.OpportunityId): Candidate.CandidateState => ({
  teamId,
  opportunityId,
  name: "Grace Hopper",
  email: "grace@example.com",
  invites: {
    [backend.id]: inviteOf(teamId, opportunityId, backend, "graded", "int-backend"),
    [frontend.id]: inviteOf(teamId, opportunityId, frontend, "failed", null)
  },
  currentInterviewTypeId: frontend.id,
  stageId: Ids.StageId.make("8d3c7b0e-1f5a-4c2b-9e61-0a7d5c4b3a21"),
  nextStep: "offer",
  archived: { reason: Ids.ArchiveReasonId.make("hired"), archivedAt: base + 5_000 },
  offerStatus: "Offer Accepted",
  progressTag: "Fulcrum: passed",
  erased: false,
  updatedAt: base + 6_000
})

const entry = (key: string, at: number, message = key, eventId: string | null = null): TimelineEntry => ({
  key,
  at,
  kind: "InviteRequested",
  message,
  eventId
})

/**
 * Registers the `CandidateStore` contract as a `describe` block named `name`, run against `layer`.
 *
 * @since 0.1.0
 */
export const suite: Suite<CandidateStore | StepJournal> = suiteOf((it, timeout) => {
  /** Follows `next` cursors to the end; returns the opportunity ids page by page. */
  const allPages = (teamId: Ids.TeamId, query: CandidateQuery) =>
    Effect.gen(function*() {
      const store = yield* CandidateStore
      const pages: Array<ReadonlyArray<string>> = []
      let page: CandidatePage = yield* store.list(teamId, query)
      pages.push(page.candidates.map((c) => c.opportunityId))
      while (page.next !== null) {
        assert.isBelow(pages.length, 100, "the cursors never reach a last page")
        page = yield* store.list(teamId, { ...query, cursor: page.next })
        pages.push(page.candidates.map((c) => c.opportunityId))
      }
      return pages
    })

  it.effect("finds no candidate before the first save", () =>
    Effect.gen(function*() {
      const store = yield* CandidateStore
      const teamId = teamIdFor("none")
      assert.deepStrictEqual(yield* store.get(teamId, opp("opp-1")), Option.none())
      assert.deepStrictEqual(yield* store.timeline(teamId, opp("opp-1")), [])
    }), timeout)

  it.effect("creates a candidate at version 1 and reads back exactly the state it was given", () =>
    Effect.gen(function*() {
      const store = yield* CandidateStore
      const teamId = teamIdFor("create")
      const saved = yield* store.save(full(teamId, opp("opp-1")), 0, [])
      assert.deepStrictEqual(saved, { state: full(teamId, opp("opp-1")), version: 1 })
      assert.deepStrictEqual(
        yield* store.get(teamId, opp("opp-1")),
        Option.some({ state: full(teamId, opp("opp-1")), version: 1 })
      )
    }), timeout)

  it.effect("saves again with the current version, one version further each time", () =>
    Effect.gen(function*() {
      const store = yield* CandidateStore
      const teamId = teamIdFor("versions")
      yield* store.save(fresh(teamId, opp("opp-1"), base), 0, [])
      const second = yield* store.save(invitedAs(teamId, opp("opp-1"), "pending", base + 1), 1, [])
      assert.strictEqual(second.version, 2)
      const third = yield* store.save(invitedAs(teamId, opp("opp-1"), "sent", base + 2, "int-1"), 2, [])
      assert.strictEqual(third.version, 3)
      assert.deepStrictEqual(
        yield* store.get(teamId, opp("opp-1")),
        Option.some({ state: invitedAs(teamId, opp("opp-1"), "sent", base + 2, "int-1"), version: 3 })
      )
    }), timeout)

  it.effect("refuses a save whose expected version is not the stored one, with both versions", () =>
    Effect.gen(function*() {
      const store = yield* CandidateStore
      const teamId = teamIdFor("conflict")
      const newAgain = yield* Effect.gen(function*() {
        yield* store.save(fresh(teamId, opp("opp-1"), base), 0, [])
        return yield* Effect.flip(store.save(fresh(teamId, opp("opp-1"), base + 1), 0, []))
      })
      assert.deepStrictEqual(
        newAgain._tag === "VersionConflict" && [newAgain.teamId, newAgain.expected, newAgain.actual],
        [teamId, 0, 1]
      )
      yield* store.save(fresh(teamId, opp("opp-1"), base + 2), 1, [])
      const stale = yield* Effect.flip(store.save(fresh(teamId, opp("opp-1"), base + 3), 1, []))
      assert.deepStrictEqual(stale._tag === "VersionConflict" && [stale.expected, stale.actual], [1, 2])
      const missing = yield* Effect.flip(store.save(fresh(teamId, opp("opp-2"), base), 3, []))
      assert.deepStrictEqual(missing._tag === "VersionConflict" && [missing.expected, missing.actual], [3, 0])
      assert.deepStrictEqual(
        yield* store.get(teamId, opp("opp-1")),
        Option.some({ state: fresh(teamId, opp("opp-1"), base + 2), version: 2 })
      )
      assert.deepStrictEqual(yield* store.get(teamId, opp("opp-2")), Option.none())
    }), timeout)

  it.effect("journals the rows of a save with the state, first result of a key winning, and none of a refused save", () =>
    Effect.gen(function*() {
      const store = yield* CandidateStore
      const journal = yield* StepJournal
      const teamId = teamIdFor("journaled")
      const decision = { events: [{ _tag: "Met" }], intents: [] }
      yield* journal.record(teamId, "invite:opp-1:backend", { sent: { interviewId: "earlier" } }, base)
      const saved = yield* store.saveJournaled(fresh(teamId, opp("opp-1"), base), 0, [entry("a", base)], {
        steps: [
          { stepKey: "invite:opp-1:backend", result: { sent: { interviewId: "later" } } },
          { stepKey: "decision:evt_1:0", result: decision },
          { stepKey: "note:marker", result: null }
        ],
        at: base
      })
      assert.strictEqual(saved.version, 1)
      assert.deepStrictEqual(yield* journal.find(teamId, "decision:evt_1:0"), Option.some(decision))
      assert.deepStrictEqual(yield* journal.find(teamId, "note:marker"), Option.some(null))
      assert.deepStrictEqual(
        yield* journal.find(teamId, "invite:opp-1:backend"),
        Option.some({ sent: { interviewId: "earlier" } })
      )
      assert.deepStrictEqual((yield* store.timeline(teamId, opp("opp-1"))).map((e) => e.key), ["a"])

      const refused = yield* Effect.flip(
        store.saveJournaled(fresh(teamId, opp("opp-1"), base + 1), 0, [entry("b", base + 1)], {
          steps: [{ stepKey: "decision:evt_2:0", result: decision }],
          at: base + 1
        })
      )
      assert.strictEqual(refused._tag, "VersionConflict")
      assert.deepStrictEqual(yield* journal.find(teamId, "decision:evt_2:0"), Option.none())
      assert.deepStrictEqual((yield* store.timeline(teamId, opp("opp-1"))).map((e) => e.key), ["a"])

      const next = yield* store.saveJournaled(fresh(teamId, opp("opp-1"), base + 2), 1, [], { steps: [], at: base + 2 })
      assert.strictEqual(next.version, 2)
    }), timeout)

  it.effect("reads a candidate with its journal rows under the prefixes, of its team only", () =>
    Effect.gen(function*() {
      const store = yield* CandidateStore
      const journal = yield* StepJournal
      const teamId = teamIdFor("getJournaled")
      const prefixes = ["decision:evt_1:", "invite:opp-1:"] as const
      assert.deepStrictEqual(yield* store.getJournaled(teamId, opp("opp-1"), { prefixes }), {
        candidate: Option.none(),
        steps: new Map()
      })
      const decision = { events: [{ _tag: "Met" }], intents: [] }
      yield* store.saveJournaled(fresh(teamId, opp("opp-1"), base), 0, [entry("a", base)], {
        steps: [{ stepKey: "decision:evt_1:0", result: decision }],
        at: base
      })
      yield* journal.record(teamId, "invite:opp-1:backend", null, base)
      yield* journal.record(teamId, "invite:opp-10:backend", { other: true }, base)
      yield* journal.record(teamId, "decision:evt_10:0", { other: true }, base)
      yield* journal.record(teamIdFor("getJournaled-other"), "decision:evt_1:1", { other: true }, base)
      assert.deepStrictEqual(yield* store.getJournaled(teamId, opp("opp-1"), { prefixes }), {
        candidate: Option.some({ state: fresh(teamId, opp("opp-1"), base), version: 1 }),
        steps: new Map<string, unknown>([["decision:evt_1:0", decision], ["invite:opp-1:backend", null]])
      })
      assert.deepStrictEqual(yield* store.getJournaled(teamId, opp("opp-2"), { prefixes: [] }), {
        candidate: Option.none(),
        steps: new Map()
      })
    }), timeout)

  it.effect("lets exactly one of many concurrent saves of the same version win", () =>
    Effect.gen(function*() {
      const store = yield* CandidateStore
      const teamId = teamIdFor("race")
      const results = yield* Effect.forEach(
        Array.from({ length: 10 }, (_, i) => i),
        (i) => Effect.result(store.save(fresh(teamId, opp("opp-1"), base + i), 0, [entry(`writer-${i}`, base)])),
        { concurrency: "unbounded" }
      )
      const winners = results.flatMap((result) => (result._tag === "Success" ? [result.success] : []))
      assert.strictEqual(winners.length, 1)
      assert.strictEqual(
        results.filter((result) => result._tag === "Failure" && result.failure._tag === "VersionConflict").length,
        9
      )
      const winner = winners[0]!
      assert.deepStrictEqual(yield* store.get(teamId, opp("opp-1")), Option.some(winner))
      // Only the winner's timeline entries were written: the refused saves wrote nothing.
      const timeline = yield* store.timeline(teamId, opp("opp-1"))
      assert.deepStrictEqual(timeline.map((e) => e.key), [`writer-${winner.state.updatedAt - base}`])
    }), timeout)

  it.effect("appends the timeline of a save with it, and none of a refused save's entries", () =>
    Effect.gen(function*() {
      const store = yield* CandidateStore
      const teamId = teamIdFor("save-timeline")
      yield* store.save(fresh(teamId, opp("opp-1"), base), 0, [entry("seen", base, "Stage change received", "evt-1")])
      yield* Effect.flip(store.save(fresh(teamId, opp("opp-1"), base + 1), 0, [entry("lost", base + 1)]))
      yield* store.save(fresh(teamId, opp("opp-1"), base + 2), 1, [entry("invite", base + 2)])
      assert.deepStrictEqual(yield* store.timeline(teamId, opp("opp-1")), [
        entry("seen", base, "Stage change received", "evt-1"),
        entry("invite", base + 2)
      ])
    }), timeout)

  it.effect("appends timeline entries once per key, keeping the first", () =>
    Effect.gen(function*() {
      const store = yield* CandidateStore
      const teamId = teamIdFor("idempotent")
      yield* store.appendTimeline(teamId, opp("opp-1"), [entry("a", base, "first a")])
      yield* store.appendTimeline(teamId, opp("opp-1"), [entry("a", base + 5, "second a"), entry("b", base + 1)])
      yield* store.appendTimeline(teamId, opp("opp-1"), [entry("c", base + 2), entry("c", base + 3, "c again")])
      yield* store.save(fresh(teamId, opp("opp-1"), base), 0, [entry("b", base + 9, "b again"), entry("d", base + 4)])
      assert.deepStrictEqual(yield* store.timeline(teamId, opp("opp-1")), [
        entry("a", base, "first a"),
        entry("b", base + 1),
        entry("c", base + 2),
        entry("d", base + 4)
      ])
    }), timeout)

  it.effect("keeps a timeline per candidate: the same key on two candidates is two entries", () =>
    Effect.gen(function*() {
      const store = yield* CandidateStore
      const teamId = teamIdFor("per-candidate")
      const other = teamIdFor("per-candidate-other")
      yield* store.appendTimeline(teamId, opp("opp-1"), [entry("seen", base, "one")])
      yield* store.appendTimeline(teamId, opp("opp-2"), [entry("seen", base, "two")])
      yield* store.appendTimeline(other, opp("opp-1"), [entry("seen", base, "other team")])
      assert.deepStrictEqual(yield* store.timeline(teamId, opp("opp-1")), [entry("seen", base, "one")])
      assert.deepStrictEqual(yield* store.timeline(teamId, opp("opp-2")), [entry("seen", base, "two")])
      assert.deepStrictEqual(yield* store.timeline(other, opp("opp-1")), [entry("seen", base, "other team")])
    }), timeout)

  it.effect("reads the timeline by time, entries of the same time in the order they were appended", () =>
    Effect.gen(function*() {
      const store = yield* CandidateStore
      const teamId = teamIdFor("order")
      yield* store.appendTimeline(teamId, opp("opp-1"), [entry("late", base + 30), entry("early", base + 10)])
      yield* store.appendTimeline(teamId, opp("opp-1"), [entry("same-1", base + 20), entry("same-2", base + 20)])
      yield* store.appendTimeline(teamId, opp("opp-1"), [entry("same-3", base + 20), entry("zero", 0)])
      const timeline = yield* store.timeline(teamId, opp("opp-1"))
      assert.deepStrictEqual(timeline.map((e) => e.key), ["zero", "early", "same-1", "same-2", "same-3", "late"])
    }), timeout)

  it.effect("keeps a timeline for an opportunity that has no saved candidate", () =>
    Effect.gen(function*() {
      const store = yield* CandidateStore
      const teamId = teamIdFor("no-candidate")
      yield* store.appendTimeline(teamId, opp("opp-1"), [entry("skipped", base, "Integration off: nothing sent")])
      assert.deepStrictEqual(yield* store.get(teamId, opp("opp-1")), Option.none())
      assert.deepStrictEqual(
        yield* store.timeline(teamId, opp("opp-1")),
        [entry("skipped", base, "Integration off: nothing sent")]
      )
    }), timeout)

  it.effect("erases a timeline down to the entries to keep, and leaves the state alone", () =>
    Effect.gen(function*() {
      const store = yield* CandidateStore
      const teamId = teamIdFor("erase")
      yield* store.save(full(teamId, opp("opp-1")), 0, [entry("invite", base, "Invite sent to grace@example.com")])
      yield* store.appendTimeline(teamId, opp("opp-1"), [entry("note", base + 1, "Note for Grace Hopper")])
      yield* store.appendTimeline(teamId, opp("opp-2"), [entry("neighbour", base)])
      yield* store.erase(teamId, opp("opp-1"), [entry("erased", base + 2, "Personal data erased")])
      assert.deepStrictEqual(
        yield* store.timeline(teamId, opp("opp-1")),
        [entry("erased", base + 2, "Personal data erased")]
      )
      assert.deepStrictEqual(
        yield* store.get(teamId, opp("opp-1")),
        Option.some({ state: full(teamId, opp("opp-1")), version: 1 })
      )
      assert.deepStrictEqual(yield* store.timeline(teamId, opp("opp-2")), [entry("neighbour", base)])
      // The kept entries behave like any other: appending one again adds nothing.
      yield* store.appendTimeline(teamId, opp("opp-1"), [entry("erased", base + 3, "again")])
      assert.strictEqual((yield* store.timeline(teamId, opp("opp-1"))).length, 1)
      yield* store.erase(teamId, opp("opp-3"), [])
      assert.deepStrictEqual(yield* store.timeline(teamId, opp("opp-3")), [])
    }), timeout)

  it.effect("lists a team's candidates newest update first", () =>
    Effect.gen(function*() {
      const store = yield* CandidateStore
      const teamId = teamIdFor("list")
      const other = teamIdFor("list-other")
      yield* store.save(fresh(teamId, opp("opp-b"), base + 20), 0, [])
      yield* store.save(fresh(teamId, opp("opp-a"), base + 30), 0, [])
      yield* store.save(fresh(teamId, opp("opp-c"), base + 10), 0, [])
      yield* store.save(fresh(other, opp("opp-d"), base + 40), 0, [])
      const page = yield* store.list(teamId, {})
      assert.deepStrictEqual(page.candidates, [
        fresh(teamId, opp("opp-a"), base + 30),
        fresh(teamId, opp("opp-b"), base + 20),
        fresh(teamId, opp("opp-c"), base + 10)
      ])
      assert.strictEqual(page.next, null)
      // A later save moves the candidate to the front.
      yield* store.save(fresh(teamId, opp("opp-c"), base + 50), 1, [])
      const again = yield* store.list(teamId, {})
      assert.deepStrictEqual(again.candidates.map((c) => c.opportunityId), ["opp-c", "opp-a", "opp-b"])
      assert.deepStrictEqual(yield* store.list(teamIdFor("list-empty"), {}), { candidates: [], next: null })
    }), timeout)

  it.effect("filters by the invite state of the candidate's current interview type", () =>
    Effect.gen(function*() {
      const store = yield* CandidateStore
      const teamId = teamIdFor("filter")
      yield* store.save(fresh(teamId, opp("never"), base + 1), 0, [])
      yield* store.save(invitedAs(teamId, opp("pending"), "pending", base + 2), 0, [])
      yield* store.save(invitedAs(teamId, opp("invited-1"), "sent", base + 3, "int-1"), 0, [])
      yield* store.save(invitedAs(teamId, opp("invited-2"), "sent", base + 4, "int-2"), 0, [])
      // Graded on backend, but the current (frontend) invite failed: the candidate counts as failed.
      yield* store.save(full(teamId, opp("failed")), 0, [])
      const ids = (state: Candidate.InviteState) =>
        store.list(teamId, { inviteState: state }).pipe(
          Effect.map((page) => page.candidates.map((c) => c.opportunityId))
        )
      assert.deepStrictEqual(yield* ids("sent"), ["invited-2", "invited-1"])
      assert.deepStrictEqual(yield* ids("pending"), ["pending"])
      assert.deepStrictEqual(yield* ids("not_invited"), ["never"])
      assert.deepStrictEqual(yield* ids("failed"), ["failed"])
      assert.deepStrictEqual(yield* ids("graded"), [])
      assert.deepStrictEqual(yield* ids("expired"), [])
      // The filter follows saves: the pending invite is sent now.
      yield* store.save(invitedAs(teamId, opp("pending"), "sent", base + 5, "int-3"), 1, [])
      assert.deepStrictEqual(yield* ids("sent"), ["pending", "invited-2", "invited-1"])
      assert.deepStrictEqual(yield* ids("pending"), [])
    }), timeout)

  it.effect("pages through every candidate exactly once, in order, ending with a null cursor", () =>
    Effect.gen(function*() {
      const store = yield* CandidateStore
      const teamId = teamIdFor("pages")
      const ids = Array.from({ length: 7 }, (_, i) => `opp-${i}`)
      yield* Effect.forEach(ids, (id, i) => store.save(fresh(teamId, opp(id), base + i), 0, []))
      const pages = yield* allPages(teamId, { limit: 3 })
      assert.deepStrictEqual(pages, [["opp-6", "opp-5", "opp-4"], ["opp-3", "opp-2", "opp-1"], ["opp-0"]])
      // Exactly a multiple of the limit: the second page is the last one, and says so.
      const six = teamIdFor("pages-six")
      yield* Effect.forEach(ids.slice(0, 6), (id, i) => store.save(fresh(six, opp(id), base + i), 0, []))
      assert.deepStrictEqual(yield* allPages(six, { limit: 3 }), [["opp-5", "opp-4", "opp-3"], [
        "opp-2",
        "opp-1",
        "opp-0"
      ]])
    }), timeout)

  it.effect("pages through candidates updated at the same instant without losing or repeating one", () =>
    Effect.gen(function*() {
      const store = yield* CandidateStore
      const teamId = teamIdFor("ties")
      const ids = ["opp-q", "opp-e", "opp-z", "opp-a", "opp-m"]
      yield* Effect.forEach(ids, (id) => store.save(fresh(teamId, opp(id), base), 0, []))
      yield* store.save(fresh(teamId, opp("opp-newest"), base + 1), 0, [])
      const pages = yield* allPages(teamId, { limit: 2 })
      assert.deepStrictEqual(pages.map((page) => page.length), [2, 2, 2])
      const listed = pages.flat()
      assert.strictEqual(listed[0], "opp-newest")
      assert.deepStrictEqual([...listed].sort(), [...ids, "opp-newest"].sort())
    }), timeout)

  it.effect("pages through a filtered list", () =>
    Effect.gen(function*() {
      const store = yield* CandidateStore
      const teamId = teamIdFor("filtered-pages")
      yield* Effect.forEach(Array.from({ length: 5 }, (_, i) => i), (i) =>
        Effect.all([
          store.save(invitedAs(teamId, opp(`invited-${i}`), "sent", base + 2 * i + 1, `int-${i}`), 0, []),
          store.save(fresh(teamId, opp(`fresh-${i}`), base + 2 * i), 0, [])
        ]))
      assert.deepStrictEqual(yield* allPages(teamId, { inviteState: "sent", limit: 2 }), [
        ["invited-4", "invited-3"],
        ["invited-2", "invited-1"],
        ["invited-0"]
      ])
    }), timeout)

  it.effect("answers a forged cursor whose position holds a NUL as one it did not issue: an empty last page", () =>
    Effect.gen(function*() {
      const store = yield* CandidateStore
      const teamId = teamIdFor("forged-cursor")
      yield* store.save(fresh(teamId, opp("opp-1"), base), 0, [])
      // The stores' own cursor format, with an opportunity id no candidate can have (PostgreSQL refuses NUL).
      const forged = Base64Url.encode(JSON.stringify([base + 1, "opp-\u0000"]))
      assert.deepStrictEqual(yield* store.list(teamId, { cursor: forged }), { candidates: [], next: null })
    }), timeout)

  it.effect("finds a candidate by the interview id of any of its invites", () =>
    Effect.gen(function*() {
      const store = yield* CandidateStore
      const teamId = teamIdFor("interview")
      yield* store.save(full(teamId, opp("opp-1")), 0, [])
      yield* store.save(invitedAs(teamId, opp("opp-2"), "sent", base, "int-other"), 0, [])
      // The backend invite is not the current one (frontend is): it is found all the same.
      assert.deepStrictEqual(
        yield* store.findByInterviewId(teamId, Ids.InterviewId.make("int-backend")),
        Option.some({ state: full(teamId, opp("opp-1")), version: 1 })
      )
      const other = yield* store.findByInterviewId(teamId, Ids.InterviewId.make("int-other"))
      assert.deepStrictEqual(Option.map(other, (c) => c.state.opportunityId), Option.some("opp-2"))
      assert.deepStrictEqual(yield* store.findByInterviewId(teamId, Ids.InterviewId.make("int-none")), Option.none())
      assert.deepStrictEqual(
        yield* store.findByInterviewId(teamIdFor("interview-other"), Ids.InterviewId.make("int-backend")),
        Option.none()
      )
    }), timeout)
})
