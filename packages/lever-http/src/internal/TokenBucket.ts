/**
 * A token bucket per key, shared by every fiber that calls Lever with the same credentials.
 *
 * It is kept as a "theoretical arrival time" (GCRA): each `take` reserves the next free slot at the
 * moment it is called and then sleeps until that slot. Reservations are handed out in call order, so
 * waiting fibers are served first come, first served, and no fiber can overtake another one of the same
 * key. Buckets of different keys share nothing, so one team's burst never delays another team's calls.
 */
import { Clock, Effect } from "effect"

/** The bucket's shape: `perSecond` tokens are added every second, up to `burst`. */
export interface Limits {
  readonly perSecond: number
  readonly burst: number
}

/** Per-key token buckets. */
export interface TokenBucket {
  /** Waits for this key's next token. */
  readonly take: (key: string) => Effect.Effect<void>
  /**
   * Records that Lever's own bucket for this key is empty until `until` (epoch ms; Lever answered 429):
   * nobody of this key is let through before then, and afterwards the bucket refills from empty. This
   * resynchronises with Lever when something else (another process) spends the same key.
   */
  readonly drain: (key: string, until: number) => Effect.Effect<void>
}

/** Beyond this many keys, buckets that are full again (indistinguishable from new ones) are forgotten. */
const sweepThreshold = 1_000

/** Builds per-key buckets. Time comes from Effect's `Clock`, so tests can drive it with `TestClock`. */
export const make = (limits: Limits): TokenBucket => {
  const interval = 1_000 / limits.perSecond
  // How far ahead of `now` the theoretical arrival time may run while a request is still let through.
  const tolerance = (Math.max(1, limits.burst) - 1) * interval
  // key → theoretical arrival time (epoch ms) of the next request; absent or in the past = full bucket.
  const arrival = new Map<string, number>()

  const sweep = (now: number) => {
    if (arrival.size <= sweepThreshold) return
    for (const [key, at] of arrival) if (at <= now) arrival.delete(key)
  }

  const reserve = (key: string, now: number): number => {
    sweep(now)
    const tat = Math.max(arrival.get(key) ?? now, now)
    arrival.set(key, tat + interval)
    // An interrupted waiter keeps its slot: handing it back could let a later caller go earlier than the
    // bucket allows, and a rare wasted slot only costs a tenth of a second.
    return Math.max(0, tat - tolerance - now)
  }

  return {
    take: (key) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) => {
        const wait = reserve(key, now)
        return wait > 0 ? Effect.sleep(wait) : Effect.void
      }),
    drain: (key, until) =>
      Effect.sync(() => {
        const empty = until + tolerance
        if ((arrival.get(key) ?? 0) < empty) arrival.set(key, empty)
      })
  }
}
