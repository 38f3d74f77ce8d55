/**
 * A read-through cache whose entries are read again in the background once they are half their time to
 * live old, while callers keep getting the cached value. A key asked for steadily (a team's settings at
 * every webhook) then never makes a caller wait for the store after its first read; with a plain time to
 * live, the first caller after each expiry waited for one or two round trips, once a second per team
 * (a fraction of a millisecond on a local database; a network hop each on a remote one).
 *
 * What callers may see is unchanged: a value is served only while the read it came from is within its
 * time to live (a refresh that has not finished by then leaves the caller to read synchronously, as
 * before), failures are never cached, and `invalidate` wins over a refresh that was already under way
 * (its result is dropped).
 *
 * @internal
 */
import { Cache, Clock, Duration, Effect, Exit, FiberSet } from "effect"

/** A cache keyed by strings. @internal */
export interface RefreshAheadCache<A, E> {
  /** The value, read from the store on a miss or after the time to live; read again in the background when old. */
  readonly get: (key: string) => Effect.Effect<A, E>
  /** Forgets the key; a refresh already under way does not bring the old value back. */
  readonly invalidate: (key: string) => Effect.Effect<void>
}

/** A value and when the read that gave it started. */
interface Read<A> {
  readonly value: A
  readonly at: number
}

/**
 * A cache over `lookup`, holding at most `capacity` keys for `timeToLive` each. Background refreshes run
 * in the caller's scope and stop with it.
 *
 * @internal
 */
export const make = Effect.fnUntraced(function*<A, E>(
  lookup: (key: string) => Effect.Effect<A, E>,
  options: { readonly capacity: number; readonly timeToLive: Duration.Duration }
) {
  const ttl = options.timeToLive
  const refreshAfterMs = Duration.toMillis(ttl) / 2
  const read = (key: string): Effect.Effect<Read<A>, E> =>
    Effect.flatMap(Clock.currentTimeMillis, (at) => Effect.map(lookup(key), (value) => ({ value, at })))
  const cache = yield* Cache.makeWith(read, {
    capacity: options.capacity,
    timeToLive: (exit) => (Exit.isSuccess(exit) ? ttl : Duration.zero)
  })
  const background = yield* FiberSet.make<void, never>()
  const refreshing = new Set<string>()
  // Counts every invalidation: a refresh installs its read only if none happened while it ran. Writes
  // are rare, so dropping a refresh over another key's write costs one synchronous read at the expiry.
  let invalidations = 0

  const refresh = (key: string) =>
    Effect.suspend(() => {
      const seen = invalidations
      refreshing.add(key)
      return read(key).pipe(
        Effect.matchEffect({
          onSuccess: (fresh) => (seen === invalidations ? Cache.set(cache, key, fresh) : Effect.void),
          // The store could not confirm the value (the team is gone, the store is down): stop serving it,
          // so the next caller reads synchronously and gets the store's own answer.
          onFailure: () => (seen === invalidations ? Cache.invalidate(cache, key) : Effect.void)
        }),
        Effect.ensuring(Effect.sync(() => refreshing.delete(key))),
        // Not part of the request that happened to start it.
        Effect.withSpan("ConfigStoreCache.refresh", { root: true }),
        FiberSet.run(background)
      )
    })

  return {
    get: (key) =>
      Effect.flatMap(Cache.get(cache, key), (cached) =>
        Effect.flatMap(Clock.currentTimeMillis, (now) =>
          now - cached.at >= refreshAfterMs && !refreshing.has(key)
            ? Effect.as(refresh(key), cached.value)
            : Effect.succeed(cached.value))),
    invalidate: (key) =>
      Effect.suspend(() => {
        invalidations++
        return Cache.invalidate(cache, key)
      })
  } satisfies RefreshAheadCache<A, E>
})
