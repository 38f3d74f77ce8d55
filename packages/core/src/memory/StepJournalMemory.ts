/**
 * An in-memory `StepJournal`: the side effects already performed, keyed per team by the step's
 * idempotency key. The first recorded result of a key wins, as in the persistent adapters, so a retried
 * step that raced a slower twin cannot overwrite what the twin already reported.
 *
 * @since 0.1.0
 */
import type { Ids } from "@fulcrum/domain"
import { Effect, HashMap, Layer, Option, Ref } from "effect"
import { StepJournal } from "../ports/StepJournal.ts"

interface Step {
  readonly result: unknown
  readonly at: number
}

const stepKeyOf = (teamId: Ids.TeamId, stepKey: string): string => JSON.stringify([teamId, stepKey])

/**
 * Builds an empty in-memory `StepJournal`. Each call gives a journal of its own.
 *
 * @since 0.1.0
 */
export const make: Effect.Effect<StepJournal["Service"]> = Effect.gen(function*() {
  const steps = yield* Ref.make(HashMap.empty<string, Step>())

  const find = Effect.fn("StepJournalMemory.find")(function*(teamId: Ids.TeamId, stepKey: string) {
    const all = yield* Ref.get(steps)
    return Option.map(HashMap.get(all, stepKeyOf(teamId, stepKey)), (step) => step.result)
  })

  const findAll = Effect.fn("StepJournalMemory.findAll")(
    function*(teamId: Ids.TeamId, wanted: { readonly prefixes: ReadonlyArray<string> }) {
      const found = new Map<string, unknown>()
      for (const [key, step] of yield* Ref.get(steps)) {
        const [team, stepKey] = JSON.parse(key) as [string, string]
        if (team === teamId && wanted.prefixes.some((prefix) => stepKey.startsWith(prefix))) {
          found.set(stepKey, step.result)
        }
      }
      return found as ReadonlyMap<string, unknown>
    }
  )

  const record = Effect.fn("StepJournalMemory.record")(
    function*(teamId: Ids.TeamId, stepKey: string, result: unknown, at: number) {
      const key = stepKeyOf(teamId, stepKey)
      yield* Ref.update(steps, (all) => (HashMap.has(all, key) ? all : HashMap.set(all, key, { result, at })))
    }
  )

  const recordAll = Effect.fn("StepJournalMemory.recordAll")(
    function*(teamId: Ids.TeamId, recorded: ReadonlyArray<{ readonly stepKey: string; readonly result: unknown }>, at: number) {
      yield* Ref.update(steps, (all) =>
        recorded.reduce((acc, { result, stepKey }) => {
          const key = stepKeyOf(teamId, stepKey)
          return HashMap.has(acc, key) ? acc : HashMap.set(acc, key, { result, at })
        }, all))
    }
  )

  const forget = Effect.fn("StepJournalMemory.forget")(
    function*(
      teamId: Ids.TeamId,
      forgotten: { readonly keys?: ReadonlyArray<string>; readonly prefixes?: ReadonlyArray<string> }
    ) {
      const exact = new Set((forgotten.keys ?? []).map((stepKey) => stepKeyOf(teamId, stepKey)))
      const prefixes = forgotten.prefixes ?? []
      const matches = (key: string): boolean => {
        if (exact.has(key)) return true
        const [team, stepKey] = JSON.parse(key) as [string, string]
        return team === teamId && prefixes.some((prefix) => stepKey.startsWith(prefix))
      }
      return yield* Ref.modify(steps, (all): readonly [number, HashMap.HashMap<string, Step>] => {
        const kept = HashMap.filter(all, (_, key) => !matches(key))
        return [HashMap.size(all) - HashMap.size(kept), kept]
      })
    }
  )

  const prune = Effect.fn("StepJournalMemory.prune")(
    function*(options: { readonly before: number; readonly limit: number }) {
      return yield* Ref.modify(steps, (all): readonly [number, HashMap.HashMap<string, Step>] => {
        const old = Array.from(HashMap.entries(all)).filter(([, step]) => step.at < options.before)
          .slice(0, options.limit)
        return [old.length, HashMap.removeMany(all, old.map(([key]) => key))]
      })
    }
  )

  return StepJournal.of({ find, findAll, record, recordAll, forget, prune })
})

/**
 * A `StepJournal` kept in memory, empty when the layer is built.
 *
 * @since 0.1.0
 */
export const layer: Layer.Layer<StepJournal> = Layer.effect(StepJournal, make)
