/**
 * An in-memory `PeriodicTasks` on the `Clock` of the effect that claims (`TestClock` in tests): for one
 * process, tests and the in-memory stores.
 *
 * @since 0.2.0
 */
import { Clock, Effect, Layer, Ref } from "effect"
import { type ClaimOptions, PeriodicTasks } from "../ports/PeriodicTasks.ts"

/**
 * Builds an empty in-memory `PeriodicTasks`. Each call gives one of its own.
 *
 * @since 0.2.0
 */
export const make: Effect.Effect<PeriodicTasks["Service"]> = Effect.gen(function*() {
  // task → key → next run (epoch ms)
  const schedule = yield* Ref.make(new Map<string, ReadonlyMap<string, number>>())

  const claimDue = Effect.fn("PeriodicTasksMemory.claimDue")(function*(options: ClaimOptions) {
    const now = yield* Clock.currentTimeMillis
    return yield* Ref.modify(schedule, (all) => {
      const runs = new Map(all.get(options.task) ?? [])
      for (const key of options.keys) if (!runs.has(key)) runs.set(key, now)
      const due = [...runs].filter(([, at]) => at <= now).sort((a, b) => a[1] - b[1]).slice(0, options.limit)
      for (const [key] of due) runs.set(key, now + options.intervalMs)
      const next = new Map(all)
      next.set(options.task, runs)
      return [due.map(([key]) => key), next] as const
    })
  })

  return PeriodicTasks.of({ claimDue })
})

/**
 * A `PeriodicTasks` kept in memory, empty when the layer is built.
 *
 * @since 0.2.0
 */
export const layer: Layer.Layer<PeriodicTasks> = Layer.effect(PeriodicTasks, make)
