/**
 * The contract test kit of the `SecurityLog` port. An adapter proves itself by running the suite against
 * its own layer:
 *
 * ```ts
 * import { SecurityLogContract } from "@fulcrum/core/testing"
 * SecurityLogContract.suite("SecurityLogSql (PGlite)", SecurityLogSql.layer.pipe(Layer.provide(PgliteTest)))
 * ```
 *
 * The layer is built once for the whole suite and shared by its tests, and must have the default rate
 * limit (`SecurityLog.defaultRateLimit`). Tests filter by teams with fresh random ids; the one test of an
 * unfiltered `list` records its entries at the current time and looks for them among the newest, and the
 * pruning test works on entries from the year 2000, so the suite also passes against a database that
 * already holds entries, as long as nothing else records into it while the suite runs.
 *
 * @since 0.1.0
 */
import { assert } from "@effect/vitest"
import { Clock, Effect } from "effect"
import { defaultRateLimit, type LoggedSecurityEntry, type SecurityEntry, SecurityLog } from "../ports/SecurityLog.ts"
import { type Suite, suiteOf, type SuiteOptions, teamIdFor } from "./internal/kit.ts"

/**
 * Tuning of a suite run: `timeout`, the milliseconds each test, and building or closing the layer, may take.
 *
 * @since 0.1.0
 */
export type { SuiteOptions }

const entry = (teamId: string | null, at: number, detail: string, remoteAddress: string | null = null): SecurityEntry => ({
  at,
  teamId,
  kind: "BadSignature",
  detail,
  remoteAddress
})

/** An entry as `list` shows one the rate limit never counted anything on. */
const logged = (recorded: SecurityEntry): LoggedSecurityEntry => ({ ...recorded, suppressed: 0, lastSuppressedAt: null })

/**
 * Registers the `SecurityLog` contract as a `describe` block named `name`, run against `layer`.
 *
 * @since 0.1.0
 */
export const suite: Suite<SecurityLog> = suiteOf((it, timeout) => {
  // In the past, so that the entries of the unfiltered test (at the current time) are the newest.
  const base = 1_577_836_800_000

  it.effect("gives back each recorded entry as it was recorded", () =>
    Effect.gen(function*() {
      const log = yield* SecurityLog
      const teamId = teamIdFor("fields")
      const recorded: SecurityEntry = {
        at: base,
        teamId,
        kind: "StaleDelivery",
        detail: "triggeredAt 2026-01-01T00:00:00Z is 900 s old (limit 300 s); event candidateStageChange",
        remoteAddress: "203.0.113.7"
      }
      yield* log.record(recorded)
      assert.deepStrictEqual(yield* log.list({ teamId }), [logged(recorded)])
    }), timeout)

  it.effect("lists a team's entries newest first", () =>
    Effect.gen(function*() {
      const log = yield* SecurityLog
      const teamId = teamIdFor("order")
      yield* log.record(entry(teamId, base + 10, "ten"))
      yield* log.record(entry(teamId, base + 30, "thirty", "198.51.100.1"))
      yield* log.record(entry(teamId, base + 20, "twenty"))
      const listed = yield* log.list({ teamId })
      assert.deepStrictEqual(listed.map((e) => e.detail), ["thirty", "twenty", "ten"])
    }), timeout)

  it.effect("lists entries of the same instant latest recorded first", () =>
    Effect.gen(function*() {
      const log = yield* SecurityLog
      const teamId = teamIdFor("same-instant")
      yield* log.record(entry(teamId, base, "first"))
      yield* log.record(entry(teamId, base, "second"))
      yield* log.record(entry(teamId, base, "third"))
      const listed = yield* log.list({ teamId })
      assert.deepStrictEqual(listed.map((e) => e.detail), ["third", "second", "first"])
    }), timeout)

  it.effect("returns at most `limit` entries, the newest", () =>
    Effect.gen(function*() {
      const log = yield* SecurityLog
      const teamId = teamIdFor("limit")
      yield* Effect.forEach([1, 2, 3, 4, 5], (i) => log.record(entry(teamId, base + i, `entry ${i}`)))
      const listed = yield* log.list({ teamId, limit: 2 })
      assert.deepStrictEqual(listed.map((e) => e.detail), ["entry 5", "entry 4"])
    }), timeout)

  it.effect("keeps teams apart", () =>
    Effect.gen(function*() {
      const log = yield* SecurityLog
      const a = teamIdFor("team-a")
      const b = teamIdFor("team-b")
      yield* log.record(entry(a, base, "for a"))
      yield* log.record(entry(b, base + 1, "for b"))
      assert.deepStrictEqual((yield* log.list({ teamId: a })).map((e) => e.detail), ["for a"])
      assert.deepStrictEqual((yield* log.list({ teamId: b })).map((e) => e.detail), ["for b"])
      assert.deepStrictEqual(yield* log.list({ teamId: teamIdFor("nobody") }), [])
    }), timeout)

  it.effect("lists every team's entries, and entries of no known team, when no team is named", () =>
    Effect.gen(function*() {
      const log = yield* SecurityLog
      const now = yield* Clock.currentTimeMillis
      const marker = crypto.randomUUID()
      const teamId = teamIdFor("all")
      yield* log.record(entry(null, now, `${marker} unknown team`, "192.0.2.1"))
      yield* log.record(entry(teamId, now + 1, `${marker} known team`))
      const listed = yield* log.list({ limit: 50 })
      const ours = listed.filter((e) => e.detail.startsWith(marker))
      assert.deepStrictEqual(ours, [
        logged(entry(teamId, now + 1, `${marker} known team`)),
        logged(entry(null, now, `${marker} unknown team`, "192.0.2.1"))
      ])
    }), timeout)

  it.effect("stores text with a NUL or other control characters escaped, instead of failing", () =>
    Effect.gen(function*() {
      const log = yield* SecurityLog
      const teamId = teamIdFor("control-characters")
      const bad = `${teamId}\u0000`
      yield* log.record({
        at: base,
        teamId: bad,
        kind: "Unknown\u0000Team",
        detail: `stageChange webhook rejected: no team ${bad}\nforged: line`,
        remoteAddress: "203.0.113.9\u0000\u001b"
      })
      // Listing by the team id as it arrived finds the entry, as listing by its escaped form does.
      const expected = [logged({
        at: base,
        teamId: `${teamId}\\u0000`,
        kind: "Unknown\\u0000Team",
        detail: `stageChange webhook rejected: no team ${teamId}\\u0000\\u000Aforged: line`,
        remoteAddress: "203.0.113.9\\u0000\\u001B"
      })]
      assert.deepStrictEqual(yield* log.list({ teamId: bad }), expected)
      assert.deepStrictEqual(yield* log.list({ teamId: `${teamId}\\u0000` }), expected)
    }), timeout)

  const { maxEntries, windowMs } = defaultRateLimit

  it.effect("keeps at most the limit of entries per team and source in a window, counting the rest on the newest", () =>
    Effect.gen(function*() {
      const log = yield* SecurityLog
      const teamId = teamIdFor("flood")
      const source = "198.51.100.7"
      yield* Effect.forEach(Array.from({ length: maxEntries + 3 }, (_, i) => i), (i) =>
        log.record(entry(teamId, base + i, `attempt ${i}`, source)), { discard: true })
      const listed = yield* log.list({ teamId, limit: 1_000 })
      assert.strictEqual(listed.length, maxEntries)
      assert.deepStrictEqual(listed[0], {
        ...logged(entry(teamId, base + maxEntries - 1, `attempt ${maxEntries - 1}`, source)),
        suppressed: 3,
        lastSuppressedAt: base + maxEntries + 2
      })
      assert.isTrue(listed.slice(1).every((e) => e.suppressed === 0 && e.lastSuppressedAt === null))
    }), timeout)

  it.effect("limits each source of a team apart, and each source of unknown teams apart", () =>
    Effect.gen(function*() {
      const log = yield* SecurityLog
      const teamId = teamIdFor("sources")
      const fill = (team: string | null, source: string | null) =>
        Effect.forEach(Array.from({ length: maxEntries }, (_, i) => i), (i) =>
          log.record(entry(team, base + i, `${source} ${i}`, source)), { discard: true })
      yield* fill(teamId, "192.0.2.10")
      yield* log.record(entry(teamId, base + maxEntries, "from another address", "192.0.2.11"))
      yield* log.record(entry(teamId, base + maxEntries, "from no known address", null))
      const listed = yield* log.list({ teamId, limit: 1_000 })
      assert.strictEqual(listed.length, maxEntries + 2)
      assert.isTrue(listed.every((e) => e.suppressed === 0))

      // Unknown teams share `null` as their team, so a unique source keeps this test's entries apart.
      const source = `contract-${crypto.randomUUID()}`
      yield* fill(null, source)
      yield* log.record(entry(null, base + maxEntries, "one too many", source))
      yield* log.record(entry(teamId, base + maxEntries, "same source, known team", source))
      const unknown = (yield* log.list({ limit: 100_000 })).filter((e) => e.remoteAddress === source)
      assert.strictEqual(unknown.filter((e) => e.teamId === null).length, maxEntries)
      assert.strictEqual(unknown.find((e) => e.teamId === null)?.suppressed, 1)
      assert.deepStrictEqual(unknown.find((e) => e.teamId === teamId), logged(entry(teamId, base + maxEntries, "same source, known team", source)))
    }), timeout)

  it.effect("stores entries of a source again once its window has passed", () =>
    Effect.gen(function*() {
      const log = yield* SecurityLog
      const teamId = teamIdFor("window")
      const source = "192.0.2.20"
      yield* Effect.forEach(Array.from({ length: maxEntries }, (_, i) => i), (i) =>
        log.record(entry(teamId, base, `burst ${i}`, source)), { discard: true })
      // Still inside the window of the burst (entries newer than `at - windowMs` count): suppressed.
      yield* log.record(entry(teamId, base + windowMs - 1, "late in the window", source))
      // The burst is exactly `windowMs` old now: outside the window, so this one is stored.
      yield* log.record(entry(teamId, base + windowMs, "after the window", source))
      const listed = yield* log.list({ teamId, limit: 1_000 })
      assert.strictEqual(listed.length, maxEntries + 1)
      assert.deepStrictEqual(listed[0], logged(entry(teamId, base + windowMs, "after the window", source)))
      assert.deepStrictEqual(listed[1], {
        ...logged(entry(teamId, base, `burst ${maxEntries - 1}`, source)),
        suppressed: 1,
        lastSuppressedAt: base + windowMs - 1
      })
    }), timeout)

  it.effect("prunes every team's entries recorded before the given time, and says how many", () =>
    Effect.gen(function*() {
      const log = yield* SecurityLog
      // 2000-01-01: older than every other test's entries, so pruning it touches nothing of theirs.
      const old = 946_684_800_000
      yield* log.prune({ before: old })
      const a = teamIdFor("prune-a")
      const b = teamIdFor("prune-b")
      yield* Effect.forEach([1, 2, 3], (i) => log.record(entry(a, old + i, `a ${i}`)), { discard: true })
      yield* log.record(entry(b, old + 1, "b 1", "192.0.2.30"))
      assert.strictEqual(yield* log.prune({ before: old + 3 }), 3)
      assert.deepStrictEqual((yield* log.list({ teamId: a })).map((e) => e.detail), ["a 3"])
      assert.deepStrictEqual(yield* log.list({ teamId: b }), [])
      assert.strictEqual(yield* log.prune({ before: old + 3 }), 0)
    }), timeout)
})
