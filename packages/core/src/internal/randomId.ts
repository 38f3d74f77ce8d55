import { Effect, Random } from "effect"

/** A short random id with a readable prefix, from Effect's `Random` so tests can make it deterministic. */
export const randomId = (prefix: string): Effect.Effect<string> =>
  Effect.forEach(
    Array.from({ length: 4 }),
    () => Random.nextIntBetween(0, 0xffff, { halfOpen: false }),
    { concurrency: 1 }
  ).pipe(Effect.map((parts) => `${prefix}_${parts.map((n) => n.toString(16).padStart(4, "0")).join("")}`))
