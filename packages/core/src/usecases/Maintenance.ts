/**
 * Housekeeping that keeps the store from growing without bound: retention. Finished inbox events (with
 * their raw webhook bodies), raw bodies of the events that are kept, finished step journals and the
 * security log are deleted once older than the retention (`FULCRUM_RETENTION_DAYS`, 30 by default), while
 * the dedupe key of every deleted event is kept a while longer so a token Lever repeats is still a
 * duplicate. A host runs it beside the worker (`@fulcrum/worker-host` does); it is apart from `Worker` so an
 * embedder chooses where it runs, and a round that fails never holds up event processing.
 *
 * Rounds are claimed through `PeriodicTasks`, so however many workers run it, one round runs per
 * interval. Each statement touches at most `batchSize` rows (`FOR UPDATE SKIP LOCKED` on SQL), so a
 * round never holds a lock for long nor waits on a row a worker is settling.
 *
 * @since 0.1.0
 */
import { Cause, Clock, Duration, Effect } from "effect"
import { EventInbox } from "../ports/EventInbox.ts"
import { PeriodicTasks } from "../ports/PeriodicTasks.ts"
import { SecurityLog } from "../ports/SecurityLog.ts"
import { StepJournal } from "../ports/StepJournal.ts"

/** How the housekeeping runs. @since 0.1.0 */
export interface MaintenanceOptions {
  /** How long finished events, raw bodies, step journals and security-log entries are kept, in ms. Default 30 days. */
  readonly retentionMs?: number | undefined
  /** The security log's own retention, when it should differ from `retentionMs`. */
  readonly securityLogRetentionMs?: number | undefined
  /** How long a deleted event's dedupe key is still recognised after the deletion, in ms. Default 7 days. */
  readonly dedupeKeyMs?: number | undefined
  /** Rows per statement. Default 500. */
  readonly batchSize?: number | undefined
  /** Time between two rounds, in milliseconds. Default one hour. */
  readonly intervalMs?: number | undefined
}

/** Thirty days: long enough to look into an incident reported weeks later. @since 0.1.0 */
export const defaultRetentionMs = 30 * 24 * 60 * 60 * 1000

/** How long security-log rows are kept by default (the same as every other retention). @since 0.1.0 */
export const defaultSecurityLogRetentionMs = defaultRetentionMs

/**
 * Seven days past the deletion (so 37 days after the event by default): Lever retries a failed delivery
 * five times within hours; the rest covers a manual "Rerun" from Lever's delivery history.
 *
 * @since 0.2.0
 */
export const defaultDedupeKeyMs = 7 * 24 * 60 * 60 * 1000

/** Rows one pruning statement touches at most, so no lock is held for long. @since 0.2.0 */
export const defaultBatchSize = 500

/** One hour: the store grows by at most an hour of events past the retention between two rounds. @since 0.1.0 */
export const defaultIntervalMs = 60 * 60 * 1000

/** The `PeriodicTasks` task of a retention round. @since 0.2.0 */
export const task = "retention"

/** What one round removed. @since 0.1.0 */
export interface MaintenanceReport {
  readonly securityLogPruned: number
  readonly eventsPruned: number
  readonly rawBodiesPruned: number
  readonly dedupeKeysExpired: number
  readonly stepsPruned: number
}

/** The services a round needs. @since 0.2.0 */
export type Requirements = SecurityLog | EventInbox | StepJournal

/**
 * One round, now: batches until nothing older than the retention is left.
 *
 * @since 0.1.0
 */
export const runOnce = Effect.fn("Maintenance.runOnce")(function*(options: MaintenanceOptions = {}) {
  const now = yield* Clock.currentTimeMillis
  const retention = options.retentionMs ?? defaultRetentionMs
  const limit = options.batchSize ?? defaultBatchSize
  const before = now - retention
  const inbox = yield* EventInbox
  const journal = yield* StepJournal
  let eventsPruned = 0
  let rawBodiesPruned = 0
  let dedupeKeysExpired = 0
  for (;;) {
    const batch = yield* inbox.prune({
      before,
      keepKeysUntil: now + (options.dedupeKeyMs ?? defaultDedupeKeyMs),
      now,
      limit
    })
    eventsPruned += batch.events
    rawBodiesPruned += batch.rawBodies
    dedupeKeysExpired += batch.keys
    if (batch.events < limit && batch.rawBodies < limit && batch.keys < limit) break
    // Between batches the ack path and the worker get the database first.
    yield* Effect.yieldNow
  }
  let stepsPruned = 0
  for (;;) {
    const pruned = yield* journal.prune({ before, limit })
    stepsPruned += pruned
    if (pruned < limit) break
    yield* Effect.yieldNow
  }
  const securityLogPruned = yield* (yield* SecurityLog).prune({
    before: now - (options.securityLogRetentionMs ?? retention)
  })
  const report: MaintenanceReport = { securityLogPruned, eventsPruned, rawBodiesPruned, dedupeKeysExpired, stepsPruned }
  if (Object.values(report).some((count) => count > 0)) {
    yield* Effect.logInfo("retention pruned old data").pipe(Effect.annotateLogs({ ...report }))
  }
  return report
})

/**
 * Runs a round at once and then every `intervalMs`, until interrupted; with several workers, one of them
 * runs each round. A failed round (the store out of reach) is logged, and the next round tries again.
 *
 * @example
 * ```ts
 * // Beside the worker, in the same scope:
 * yield* Effect.forkScoped(Maintenance.run({ retentionMs: 7 * 24 * 60 * 60 * 1000 }))
 * ```
 *
 * @since 0.1.0
 */
export const run = (options: MaintenanceOptions = {}): Effect.Effect<never, never, Requirements | PeriodicTasks> => {
  const intervalMs = options.intervalMs ?? defaultIntervalMs
  // Looking more often than the interval lets another worker take over quickly when one stops.
  const poll = Duration.millis(Math.min(intervalMs, 60_000))
  const round = Effect.gen(function*() {
    const claimed = yield* (yield* PeriodicTasks).claimDue({ task, keys: ["all"], intervalMs, limit: 1 })
    if (claimed.length > 0) yield* runOnce(options)
  }).pipe(
    Effect.catchCause((cause) =>
      Cause.hasInterruptsOnly(cause)
        ? Effect.interrupt
        : Effect.logWarning("maintenance round failed; the next one tries again").pipe(
          Effect.annotateLogs({ cause: Cause.pretty(cause) })
        )
    ),
    Effect.andThen(Effect.sleep(poll))
  )
  return Effect.forever(round)
}
