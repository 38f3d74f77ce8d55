/**
 * The `PeriodicTasks` port: durable "once per period" scheduling shared by every worker process, so a
 * periodic job (a team's connection health check, a retention round) runs once per key per period
 * however many workers there are, and a restart neither skips nor repeats a period.
 *
 * @since 0.2.0
 */
import { Context } from "effect"
import type { Effect } from "effect"
import type { StoreError } from "./StoreError.ts"

/** What `claimDue` needs. @since 0.2.0 */
export interface ClaimOptions {
  /** The job, e.g. `"connection-health"`; keys are scoped by it. */
  readonly task: string
  /** The keys the job runs for now (e.g. every team id); a key never seen before is due at once. */
  readonly keys: ReadonlyArray<string>
  /** The period: a claimed key is due again this many milliseconds after the claim. */
  readonly intervalMs: number
  /** The most keys to claim in one call. */
  readonly limit: number
}

/**
 * Claims periodic work. A claim is the run: the key's next run is pushed one period ahead at the moment
 * it is claimed, so two workers never both get it for the same period (a worker that dies during the run
 * leaves that period's run undone; the next period runs as usual).
 *
 * What an adapter must guarantee (`PeriodicTasksContract` in `@fulcrum/core/testing` checks each point):
 * - a key never seen is due at once; a claimed key is not due again until `intervalMs` has passed, measured
 *   on the store's clock (the database's `now()`, not the workers' clocks, which may disagree);
 * - concurrent claims of one task never return the same key for the same period;
 * - tasks are independent: the same key under two tasks is claimed once for each;
 * - at most `limit` keys come back, the longest overdue first.
 *
 * Adapters: `PeriodicTasksMemory` (in this package), `PeriodicTasksSql` in `@fulcrum/store-sql`.
 *
 * @since 0.2.0
 */
export class PeriodicTasks extends Context.Service<PeriodicTasks, {
  /** Returns the keys that were due and are now this caller's to run. */
  readonly claimDue: (options: ClaimOptions) => Effect.Effect<ReadonlyArray<string>, StoreError>
}>()("@fulcrum/core/PeriodicTasks") {}
