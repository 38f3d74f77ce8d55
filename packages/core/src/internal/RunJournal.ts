/**
 * One run's view of the step journal: the steps its candidate may have left are read in one statement
 * (`StepJournal.findAll`, or `CandidateStore.getJournaled` with the candidate) the first time one is
 * looked up, instead of one `find` per step, and the steps the run records are added to that view. A key outside the view's prefixes is looked up on its own.
 *
 * Why a view read once is enough: the run holds the event's lease, and a run that loses it stops at once
 * (`Worker.handle`), so no twin records this event's steps while the view is in use; a step a twin did
 * record unseen is still covered by the side effect's own idempotency, as for a twin between `find` and
 * `record`. `forget` (erasure) runs last in a run, after every lookup.
 *
 * @internal
 */
import type { Ids } from "@fulcrum/domain"
import { Clock, Effect, Option } from "effect"
import { StepJournal } from "../ports/StepJournal.ts"
import type { StoreError } from "../ports/StoreError.ts"
import type { StepKey } from "../StepKey.ts"

/** A step to journal. @internal */
export interface JournalStep {
  readonly stepKey: StepKey
  readonly result: unknown
}

/** The journal as one run sees it. @internal */
export interface RunJournal {
  readonly find: (key: StepKey) => Effect.Effect<Option.Option<unknown>, StoreError>
  /**
   * Records a finished step, with the steps held back by `recordLater`, in one write; the first result
   * of a key wins, in the view as in the journal.
   */
  readonly record: (key: StepKey, result: unknown) => Effect.Effect<void, StoreError>
  /**
   * Holds a finished step back, to be written with the run's next `record` (or `flush`), and shows it in
   * the view at once. Only for a step whose side effect is idempotent on its own (an invite, by its
   * key): if the run stops before the write, the next run does the step again and gets the same answer.
   */
  readonly recordLater: (key: StepKey, result: unknown) => Effect.Effect<void, StoreError>
  /**
   * Records a finished step, with the steps held back, through `write` (another store's write that
   * journals `steps` atomically with its own, e.g. `CandidateStore.saveJournaled`).
   */
  readonly recordWith: <A, E>(
    key: StepKey,
    result: unknown,
    write: (steps: ReadonlyArray<JournalStep>, at: number) => Effect.Effect<A, E>
  ) => Effect.Effect<A, E | StoreError>
  /** Writes the steps held back, if any. */
  readonly flush: Effect.Effect<void, StoreError>
  /**
   * Takes the steps held back, for another write to journal at the run's end (the event's completion,
   * `EventInbox.complete`); lost with it, they are done again as `recordLater` says.
   */
  readonly takeHeld: Effect.Effect<ReadonlyArray<JournalStep>>
}

/**
 * The view of `teamId`'s steps under `prefixes`, read when first needed: by `read` when given (the
 * steps under `prefixes` as `StepJournal.findAll` gives them, read with something else in one go, e.g.
 * `CandidateStore.getJournaled`), else by `StepJournal.findAll`.
 *
 * @internal
 */
export const make = Effect.fnUntraced(function*(
  teamId: Ids.TeamId,
  prefixes: ReadonlyArray<StepKey>,
  read?: Effect.Effect<ReadonlyMap<string, unknown>, StoreError>
) {
  const journal = yield* StepJournal
  const loaded = yield* Effect.cached(
    Effect.map(read ?? journal.findAll(teamId, { prefixes }), (found) => new Map<string, unknown>(found))
  )
  const covered = (key: StepKey): boolean => prefixes.some((prefix) => key.startsWith(prefix))
  const find = (key: StepKey): Effect.Effect<Option.Option<unknown>, StoreError> =>
    covered(key)
      ? Effect.map(loaded, (steps) => steps.has(key) ? Option.some(steps.get(key)) : Option.none())
      : journal.find(teamId, key)
  const later: Array<JournalStep> = []
  const remember = (key: StepKey, result: unknown) =>
    covered(key)
      ? Effect.map(loaded, (steps) => {
        if (!steps.has(key)) steps.set(key, result)
      })
      : Effect.void
  const write = (steps: ReadonlyArray<JournalStep>) =>
    Effect.flatMap(Clock.currentTimeMillis, (at) =>
      steps.length === 1
        ? journal.record(teamId, steps[0]!.stepKey, steps[0]!.result, at)
        : journal.recordAll(teamId, steps, at))
  const takeLater = () => later.splice(0, later.length)
  // Steps held back and lost with a failed write are done again by the next run (see `recordLater`).
  const record = (key: StepKey, result: unknown): Effect.Effect<void, StoreError> =>
    Effect.suspend(() => Effect.andThen(write([...takeLater(), { stepKey: key, result }]), remember(key, result)))
  const recordWith = <A, E>(
    key: StepKey,
    result: unknown,
    writeWith: (steps: ReadonlyArray<JournalStep>, at: number) => Effect.Effect<A, E>
  ): Effect.Effect<A, E | StoreError> =>
    Effect.suspend(() => {
      const steps = [...takeLater(), { stepKey: key, result }]
      return Effect.flatMap(Clock.currentTimeMillis, (at) => writeWith(steps, at)).pipe(
        Effect.tap(() => remember(key, result))
      )
    })
  const recordLater = (key: StepKey, result: unknown): Effect.Effect<void, StoreError> =>
    Effect.andThen(
      Effect.sync(() => later.push({ stepKey: key, result })),
      remember(key, result)
    )
  const flush: Effect.Effect<void, StoreError> = Effect.suspend(() => {
    const steps = takeLater()
    return steps.length === 0 ? Effect.void : write(steps)
  })
  const takeHeld = Effect.sync(takeLater)
  return { find, record, recordWith, recordLater, flush, takeHeld } satisfies RunJournal
})
