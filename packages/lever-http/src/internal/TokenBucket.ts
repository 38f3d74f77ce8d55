/**
 * A token bucket per key, shared by every fiber that calls Lever with the same credentials.
 *
 * It is kept as a "theoretical arrival time" (GCRA): each `take` reserves the next free slot at the
 * moment it is called and then sleeps until that slot. Reservations are handed out in call order, so
 * waiting fibers are served first come, first served, and no fiber can overtake another one of the same
 * key. Buckets of different keys share nothing, so one team's burst never delays another team's calls.
 *
 * Lever keeps the same kind of bucket for the key, but its clock for a burst starts when the burst's first
 * request *arrives*, which is later than when we sent it (connection set-up, TLS, a cold process). Slots
 * computed from our send time would then come too early for Lever by that delay and be answered 429. So a
 * burst that starts from a full bucket is "anchored": when the answer to its first request comes back,
 * every later slot of the key moves back by that request's round trip (an upper bound of the delay), and
 * fibers already asleep wait the difference too.
 *
 * Why not Effect's `RateLimiter` (`effect/persistence/RateLimiter`, token bucket, `onExceeded: "delay"`,
 * memory store): it has neither the anchor nor a way to drain a key after Lever's 429 (only by consuming
 * tokens, which over-holds), and measured with bench/lever-rate.ts (200 calls a key, 2 rounds each,
 * interleaved) it met 1–6 × 429 a key with the sustained rate down to 6–9 req/s, where this bucket met 0–3
 * × 429 at 10.0 req/s. See docs/adapters/lever-http.md, "Why a hand-written bucket".
 */
import { Clock, Effect } from "effect"

/** The bucket's shape: `perSecond` tokens are added every second, up to `burst`. */
export interface Limits {
  readonly perSecond: number
  readonly burst: number
}

/** A granted slot; hand it back to `answered` when Lever's answer arrives. */
export interface Ticket {
  readonly key: string
  /** When the slot was reserved, if it was the first of a burst from a full bucket. */
  readonly anchoredAt: number | undefined
}

/** Per-key token buckets. */
export interface TokenBucket {
  /** Waits for this key's next token. */
  readonly take: (key: string) => Effect.Effect<Ticket>
  /** Lever answered the request sent with `ticket` at `at` (epoch ms); see "anchored" above. */
  readonly answered: (ticket: Ticket, at: number) => Effect.Effect<void>
  /**
   * Records that Lever's own bucket for this key is empty until `until` (epoch ms; Lever answered 429):
   * nobody of this key is let through before then, and afterwards the bucket refills from empty. This
   * resynchronises with Lever when something else (another process) spends the same key.
   */
  readonly drain: (key: string, until: number) => Effect.Effect<void>
}

/** Beyond this many keys, buckets that are full again (indistinguishable from new ones) are forgotten. */
const sweepThreshold = 1_000

/**
 * The longest an anchor may move a key's slots: a slow answer bounds the arrival delay only loosely, and
 * one slow request must not hold the key back for long.
 */
const maxAnchorShiftMs = 2_000

interface State {
  /** Theoretical arrival time (epoch ms) of the next request; in the past = full bucket. */
  tat: number
  /** Total anchor shift applied so far; sleepers compare it with what they saw when reserving. */
  shifted: number
  /** The reservation time of the burst's first request, until its answer arrives. */
  anchor: number | undefined
}

/** Builds per-key buckets. Time comes from Effect's `Clock`, so tests can drive it with `TestClock`. */
export const make = (limits: Limits): TokenBucket => {
  const interval = 1_000 / limits.perSecond
  // How far ahead of `now` the theoretical arrival time may run while a request is still let through.
  const tolerance = (Math.max(1, limits.burst) - 1) * interval
  const states = new Map<string, State>()

  const sweep = (now: number) => {
    if (states.size <= sweepThreshold) return
    for (const [key, state] of states) if (state.tat <= now) states.delete(key)
  }

  const reserve = (key: string, now: number) => {
    sweep(now)
    let state = states.get(key)
    if (state === undefined) {
      state = { tat: now, shifted: 0, anchor: undefined }
      states.set(key, state)
    }
    const full = state.tat <= now
    if (full) state.anchor = now
    const tat = Math.max(state.tat, now)
    state.tat = tat + interval
    // An interrupted waiter keeps its slot: handing it back could let a later caller go earlier than the
    // bucket allows, and a rare wasted slot only costs one interval.
    return {
      state,
      wait: Math.max(0, tat - tolerance - now),
      ticket: { key, anchoredAt: full ? now : undefined } satisfies Ticket
    }
  }

  return {
    take: (key) =>
      Effect.gen(function*() {
        const { state, ticket, wait } = reserve(key, yield* Clock.currentTimeMillis)
        let seen = state.shifted
        let remaining = wait
        // Only fibers that had to queue can be affected by an anchor that lands while they sleep.
        while (remaining > 0) {
          yield* Effect.sleep(remaining)
          remaining = state.shifted - seen
          seen = state.shifted
        }
        return ticket
      }),
    answered: (ticket, at) =>
      Effect.sync(() => {
        const state = states.get(ticket.key)
        if (state === undefined || ticket.anchoredAt === undefined || state.anchor !== ticket.anchoredAt) return
        state.anchor = undefined
        const shift = Math.min(maxAnchorShiftMs, Math.max(0, at - ticket.anchoredAt))
        state.tat += shift
        state.shifted += shift
      }),
    drain: (key, until) =>
      Effect.sync(() => {
        const empty = until + tolerance
        const state = states.get(key)
        if (state === undefined) states.set(key, { tat: empty, shifted: 0, anchor: undefined })
        else if (state.tat < empty) state.tat = empty
      })
  }
}
