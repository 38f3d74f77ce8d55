/**
 * The contract test kit of the `SecurityLog` port. An adapter proves itself by running the suite against
 * its own layer:
 *
 * ```ts
 * import { SecurityLogContract } from "@fulcrum/core/testing"
 * SecurityLogContract.suite("SecurityLogSql (PGlite)", SecurityLogSql.layer.pipe(Layer.provide(PgliteTest)))
 * ```
 *
 * The layer is built once for the whole suite and shared by its tests. Tests filter by teams with fresh
 * random ids; the one test of an unfiltered `list` records its entries at the current time and looks
 * for them among the newest, so the suite also passes against a database that already holds entries,
 * as long as nothing else records into it while the suite runs.
 *
 * @since 0.1.0
 */
import { assert } from "@effect/vitest"
import { Clock, Effect } from "effect"
import { type SecurityEntry, SecurityLog } from "../ports/SecurityLog.ts"
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
      assert.deepStrictEqual(yield* log.list({ teamId }), [recorded])
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
        entry(teamId, now + 1, `${marker} known team`),
        entry(null, now, `${marker} unknown team`, "192.0.2.1")
      ])
    }), timeout)
})
