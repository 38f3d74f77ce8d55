/**
 * An in-memory `SecurityLog`, the reference for the port's rules: control characters escaped, a rate
 * limit per team and source, newest first, pruning by age. The callers are responsible for leaving
 * secrets out (the port says so), and the store adds nothing that could contain one.
 *
 * @since 0.1.0
 */
import { Text } from "@fulcrum/domain"
import { Effect, Layer, Ref } from "effect"
import {
  escaped,
  type LoggedSecurityEntry,
  type RateLimit,
  rateLimitOf,
  type SecurityEntry,
  SecurityLog
} from "../ports/SecurityLog.ts"

/**
 * How many entries `list` returns when the caller names no limit.
 *
 * @since 0.1.0
 */
export const defaultLimit = 100

/**
 * Options of the in-memory log.
 *
 * @since 0.1.0
 */
export interface Options {
  /** Entries per team and source per window; `SecurityLog.defaultRateLimit` by default. */
  readonly rateLimit?: RateLimit | undefined
}

/**
 * Builds an empty in-memory `SecurityLog`. Each call gives a log of its own.
 *
 * @since 0.1.0
 */
export const make = (options: Options = {}): Effect.Effect<SecurityLog["Service"]> =>
  Effect.gen(function*() {
    const { maxEntries, windowMs } = rateLimitOf(options.rateLimit)
    // Kept in recording order, so that entries with the same `at` list the later-recorded one first.
    const entries = yield* Ref.make<ReadonlyArray<LoggedSecurityEntry>>([])

    const record = Effect.fn("SecurityLogMemory.record")(function*(entry: SecurityEntry) {
      const stored = escaped(entry)
      yield* Ref.update(entries, (all) => {
        const group = all
          .map((logged, seq) => ({ logged, seq }))
          .filter(({ logged }) =>
            logged.teamId === stored.teamId && logged.remoteAddress === stored.remoteAddress &&
            logged.at > stored.at - windowMs
          )
        if (group.length < maxEntries) return [...all, { ...stored, suppressed: 0, lastSuppressedAt: null }]
        const newest = group.reduce((a, b) => (b.logged.at >= a.logged.at ? b : a))
        return all.map((logged, seq) =>
          seq === newest.seq
            ? {
              ...logged,
              suppressed: logged.suppressed + 1,
              lastSuppressedAt: Math.max(logged.lastSuppressedAt ?? stored.at, stored.at)
            }
            : logged
        )
      })
    })

    const list = Effect.fn("SecurityLogMemory.list")(
      function*(options: { readonly teamId?: string; readonly limit?: number }) {
        const all = yield* Ref.get(entries)
        const limit = Math.max(0, options.limit ?? defaultLimit)
        // Team ids are stored escaped: a team id as it arrived finds its entries.
        const teamId = options.teamId === undefined ? undefined : Text.escapeControlCharacters(options.teamId)
        return all
          .map((entry, seq) => ({ entry, seq }))
          .filter(({ entry }) => teamId === undefined || entry.teamId === teamId)
          .sort((a, b) => b.entry.at - a.entry.at || b.seq - a.seq)
          .slice(0, limit)
          .map(({ entry }) => entry)
      }
    )

    const prune = Effect.fn("SecurityLogMemory.prune")(function*(options: { readonly before: number }) {
      return yield* Ref.modify(entries, (all) => {
        const kept = all.filter((entry) => entry.at >= options.before)
        return [all.length - kept.length, kept]
      })
    })

    return SecurityLog.of({ record, list, prune })
  })

/**
 * A `SecurityLog` kept in memory, empty when the layer is built, with the default rate limit.
 *
 * @since 0.1.0
 */
export const layer: Layer.Layer<SecurityLog> = Layer.effect(SecurityLog, make())

/**
 * A `SecurityLog` kept in memory, with the given options.
 *
 * @example
 * ```ts
 * SecurityLogMemory.layerWith({ rateLimit: { maxEntries: 5, windowMs: 10_000 } })
 * ```
 *
 * @since 0.1.0
 */
export const layerWith = (options: Options): Layer.Layer<SecurityLog> => Layer.effect(SecurityLog, make(options))
