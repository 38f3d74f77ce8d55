/**
 * Housekeeping that keeps the store from growing without bound: today, deleting security-log entries
 * older than the retention. A host runs it beside the worker (`@fulcrum/worker-host` does, every hour);
 * it is apart from `Worker` so an embedder chooses where it runs, and a round that fails never holds up
 * event processing. Several processes may run it at once: a second round deletes nothing more.
 *
 * @since 0.1.0
 */
import { Clock, Effect } from "effect"
import { everyInterval } from "../internal/rounds.ts"
import { SecurityLog } from "../ports/SecurityLog.ts"

/** How the housekeeping runs. @since 0.1.0 */
export interface MaintenanceOptions {
  /** How long a security-log entry is kept, in milliseconds. Default 30 days. */
  readonly securityLogRetentionMs?: number | undefined
  /** Time between two rounds, in milliseconds. Default one hour. */
  readonly intervalMs?: number | undefined
}

/** Thirty days: long enough to look into an incident reported weeks later. @since 0.1.0 */
export const defaultSecurityLogRetentionMs = 30 * 24 * 60 * 60 * 1000

/** One hour: the log can grow by at most an hour of rate-limited entries between two rounds. @since 0.1.0 */
export const defaultIntervalMs = 60 * 60 * 1000

/** What one round removed. @since 0.1.0 */
export interface MaintenanceReport {
  readonly securityLogPruned: number
}

/**
 * One round, now: deletes the security-log entries older than the retention.
 *
 * @since 0.1.0
 */
export const runOnce = Effect.fn("Maintenance.runOnce")(function*(options: MaintenanceOptions = {}) {
  const now = yield* Clock.currentTimeMillis
  const retention = options.securityLogRetentionMs ?? defaultSecurityLogRetentionMs
  const securityLogPruned = yield* (yield* SecurityLog).prune({ before: now - retention })
  if (securityLogPruned > 0) {
    yield* Effect.logInfo("security log pruned").pipe(Effect.annotateLogs({ entries: securityLogPruned }))
  }
  return { securityLogPruned } satisfies MaintenanceReport
})

/**
 * Runs a round at once and then every `intervalMs`, until interrupted. A failed round (the store out of
 * reach) is logged, and the next round tries again.
 *
 * @example
 * ```ts
 * // Beside the worker, in the same scope:
 * yield* Effect.forkScoped(Maintenance.run({ securityLogRetentionMs: 7 * 24 * 60 * 60 * 1000 }))
 * ```
 *
 * @since 0.1.0
 */
export const run = (options: MaintenanceOptions = {}): Effect.Effect<never, never, SecurityLog> =>
  everyInterval(
    runOnce(options),
    options.intervalMs ?? defaultIntervalMs,
    "maintenance round failed; the next one tries again"
  )
