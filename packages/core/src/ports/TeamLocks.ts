/**
 * The `TeamLocks` port: mutual exclusion across every Fulcrum process that shares the store, for the
 * few steps that must never run twice at once anywhere — renewing a team's OAuth token above all: Lever
 * rotates refresh tokens and treats a reused one as theft, so two hosts renewing together would
 * disconnect the team.
 *
 * @since 0.2.0
 */
import { Context } from "effect"
import type { Effect } from "effect"
import type { StoreError } from "./StoreError.ts"

/**
 * Runs an effect while holding a named lock. What an adapter must guarantee (`TeamLocksContract` in
 * `@fulcrum/core/testing` checks it): two holders of the same key never run at once, in one process or
 * in several on the same store; different keys do not wait for each other; the lock is released when the
 * effect ends, however it ends (success, failure, interruption).
 *
 * Adapters: `TeamLocksMemory` (one process), `TeamLocksSql` in `@fulcrum/store-sql` (a PostgreSQL
 * advisory lock held by a transaction for the effect's duration).
 *
 * @since 0.2.0
 */
export class TeamLocks extends Context.Service<TeamLocks, {
  readonly withLock: <A, E, R>(key: string, effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E | StoreError, R>
}>()("@fulcrum/core/TeamLocks") {}
