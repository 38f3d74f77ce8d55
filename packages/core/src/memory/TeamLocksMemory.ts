/**
 * An in-memory `TeamLocks`: one semaphore per key, for a single process (tests, the in-memory stores).
 *
 * @since 0.2.0
 */
import { Effect, Layer, Semaphore } from "effect"
import { TeamLocks } from "../ports/TeamLocks.ts"

/**
 * Builds an in-memory `TeamLocks`. Each call gives locks of its own.
 *
 * @since 0.2.0
 */
export const make: Effect.Effect<TeamLocks["Service"]> = Effect.sync(() => {
  const locks = new Map<string, Semaphore.Semaphore>()
  return TeamLocks.of({
    withLock: (key, effect) => {
      let lock = locks.get(key)
      if (lock === undefined) {
        lock = Semaphore.makeUnsafe(1)
        locks.set(key, lock)
      }
      return lock.withPermit(effect)
    }
  })
})

/**
 * A `TeamLocks` kept in memory.
 *
 * @since 0.2.0
 */
export const layer: Layer.Layer<TeamLocks> = Layer.effect(TeamLocks, make)
