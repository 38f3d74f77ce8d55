/**
 * The `StepJournal` port: the durable record of side effects already performed, keyed per team by the
 * step's idempotency key (an invite key, a note marker, ...). Before a step runs, the processor looks it
 * up; after it succeeds, it records the result. A crash between the two is covered by the side effect's
 * own idempotency (scheduler key, note marker read back from Lever).
 *
 * @since 0.1.0
 */
import type { Ids } from "@fulcrum/domain"
import { Context } from "effect"
import type { Effect, Option } from "effect"
import type { StepKey } from "../StepKey.ts"
import type { StoreError } from "./StoreError.ts"

/**
 * The processor's memory of what it already did: the journaled decision of each event and every side
 * effect (invite, note, tag change, next-step notice) it performed, so a run that crashed and runs again
 * skips what is done and reuses the first decision.
 *
 * What an adapter must guarantee (`StepJournalContract` in `@fulcrum/core/testing` checks each point):
 * - once `record` succeeds, `find` (and `findAll`) gives the result back equal (durably, in a persistent adapter);
 *   results are JSON values, and a step recorded with `null` is `Some(null)`, never "not recorded";
 * - the first result of a key wins: recording it again, even by twins at the same time, keeps the first,
 *   and every reader sees that one; `recordAll` records each of its steps so, atomically;
 * - keys are exact strings (`StepKey`), scoped by team;
 * - `findAll` gives, of one team only, every recorded step whose key starts with one of `prefixes` (plain
 *   string prefixes, as in `forget`), with the results `find` would give, in one read;
 * - `forget` removes, of one team only, every step whose key equals one of `keys` or starts with one of
 *   `prefixes` (plain string prefixes: no wildcard, `%` and `_` are ordinary characters), durably, and
 *   nothing else; afterwards `find` gives `None` for them and a later `record` of the same key is a
 *   first result again. Forgetting steps that are not there is not an error.
 * - `prune` removes at most `limit` steps recorded before `before`, of any team, and nothing newer.
 *
 * Adapters: `StepJournalMemory` (in this package), `StepJournalSql` in `@fulcrum/store-sql`.
 *
 * @since 0.1.0
 */
export class StepJournal extends Context.Service<StepJournal, {
  readonly find: (teamId: Ids.TeamId, stepKey: StepKey) => Effect.Effect<Option.Option<unknown>, StoreError>
  /**
   * The team's recorded steps whose key starts with one of `prefixes`, by key: what a run of an event
   * reads once at its start (the steps its candidate may have left, `StepKey.prefixesOfRun`)
   * instead of one `find` per step.
   */
  readonly findAll: (
    teamId: Ids.TeamId,
    steps: { readonly prefixes: ReadonlyArray<StepKey> }
  ) => Effect.Effect<ReadonlyMap<string, unknown>, StoreError>
  /** Records a finished step; recording the same key again keeps the first result. */
  readonly record: (
    teamId: Ids.TeamId,
    stepKey: StepKey,
    result: unknown,
    at: number
  ) => Effect.Effect<void, StoreError>
  /**
   * Records several finished steps in one write, as `record` would one by one: the first result of
   * each key wins (within the batch too). A run journals an invite's result with the decision that
   * follows it this way.
   */
  readonly recordAll: (
    teamId: Ids.TeamId,
    steps: ReadonlyArray<{ readonly stepKey: StepKey; readonly result: unknown }>,
    at: number
  ) => Effect.Effect<void, StoreError>
  /**
   * Forgets the team's steps whose key is one of `keys` or starts with one of `prefixes`, and returns how
   * many were removed. Used to erase a deleted candidate's personal data (journaled decisions and step
   * results hold names, emails and invite URLs); it also removes the steps' idempotency, so it is only for
   * steps that can never run again (the erased candidate ignores later events).
   */
  readonly forget: (
    teamId: Ids.TeamId,
    steps: { readonly keys?: ReadonlyArray<StepKey>; readonly prefixes?: ReadonlyArray<StepKey> }
  ) => Effect.Effect<number, StoreError>
  /**
   * Retention: removes up to `limit` steps recorded before `before` and returns how many. Old steps only
   * guard reruns of events finished long ago; the side effects' own idempotency (invite key, note marker
   * read back from Lever) still covers a replay after that.
   */
  readonly prune: (options: { readonly before: number; readonly limit: number }) => Effect.Effect<number, StoreError>
}>()("@fulcrum/core/StepJournal") {}
