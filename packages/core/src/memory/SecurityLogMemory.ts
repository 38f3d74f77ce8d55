/**
 * An in-memory `SecurityLog`. It stores entries exactly as given: the callers are responsible for
 * leaving secrets out (the port says so), and the store adds nothing that could contain one.
 *
 * @since 0.1.0
 */
import { Effect, Layer, Ref } from "effect"
import { type SecurityEntry, SecurityLog } from "../ports/SecurityLog.ts"

/**
 * How many entries `list` returns when the caller names no limit.
 *
 * @since 0.1.0
 */
export const defaultLimit = 100

/**
 * Builds an empty in-memory `SecurityLog`. Each call gives a log of its own.
 *
 * @since 0.1.0
 */
export const make: Effect.Effect<SecurityLog["Service"]> = Effect.gen(function*() {
  // Kept in recording order, so that entries with the same `at` list the later-recorded one first.
  const entries = yield* Ref.make<ReadonlyArray<SecurityEntry>>([])

  const record = Effect.fn("SecurityLogMemory.record")(function*(entry: SecurityEntry) {
    yield* Ref.update(entries, (all) => [...all, entry])
  })

  const list = Effect.fn("SecurityLogMemory.list")(
    function*(options: { readonly teamId?: string; readonly limit?: number }) {
      const all = yield* Ref.get(entries)
      const limit = Math.max(0, options.limit ?? defaultLimit)
      return all
        .map((entry, seq) => ({ entry, seq }))
        .filter(({ entry }) => options.teamId === undefined || entry.teamId === options.teamId)
        .sort((a, b) => b.entry.at - a.entry.at || b.seq - a.seq)
        .slice(0, limit)
        .map(({ entry }) => entry)
    }
  )

  return SecurityLog.of({ record, list })
})

/**
 * A `SecurityLog` kept in memory, empty when the layer is built.
 *
 * @since 0.1.0
 */
export const layer: Layer.Layer<SecurityLog> = Layer.effect(SecurityLog, make)
