/**
 * What one worker process did to the inbox while it drained: claims (and how many came back empty),
 * events claimed, and lease extensions (the per-event heartbeat). With two worker processes, these say
 * whether the second one's extra CPU goes to contention (claims finding less each, empty claims,
 * extensions) or to the process itself (its CPU per event claimed).
 */
import { EventInbox } from "@fulcrum/core"
import { Effect } from "effect"
import { PerformanceObserver } from "node:perf_hooks"

/** The counts of one worker process, and the CPU milliseconds it used meanwhile. */
export interface WorkerCounts {
  claims: number
  empty: number
  claimed: number
  extensions: number
  cpuMs: number
  /** Milliseconds of garbage collection pauses in this process meanwhile (`gcPauseMs` read before and after). */
  gcMs: number
}

/** Zeroed counts. */
export const make = (): WorkerCounts => ({ claims: 0, empty: 0, claimed: 0, extensions: 0, cpuMs: 0, gcMs: 0 })

let gcPauses = 0
let gcObserver: PerformanceObserver | undefined

/**
 * Milliseconds this process has spent in garbage collection pauses since the first call (which starts
 * observing): a process whose young generation is still small collects more often per event.
 */
export const gcPauseMs = (): number => {
  if (gcObserver === undefined) {
    gcObserver = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) gcPauses += entry.duration
    })
    gcObserver.observe({ entryTypes: ["gc"] })
  }
  return gcPauses
}

/** CPU milliseconds this process has used so far (all threads: JIT and GC included). */
export const processCpuMs = (): number => {
  const usage = process.cpuUsage()
  return (usage.user + usage.system) / 1000
}

/**
 * Runs `effect` with the inbox's `claim` and `extendLease` counted into `counts`, and each claim's wall
 * time reported to `onClaim` when given (profiling: the worker traces no claim).
 */
export const counted = <A, E, R>(
  effect: Effect.Effect<A, E, R>,
  counts: WorkerCounts,
  onClaim?: (ms: number) => void
) =>
  Effect.gen(function*() {
    const inbox = yield* EventInbox.EventInbox
    return yield* Effect.provideService(effect, EventInbox.EventInbox, {
      ...inbox,
      claim: (claim) => {
        const started = performance.now()
        return inbox.claim(claim).pipe(
          Effect.tap((claimed) =>
            Effect.sync(() => {
              counts.claims++
              counts.claimed += claimed.length
              if (claimed.length === 0) counts.empty++
            })
          ),
          Effect.ensuring(Effect.sync(() => onClaim?.(performance.now() - started)))
        )
      },
      extendLease: (eventId, workerId, lease) =>
        Effect.andThen(Effect.sync(() => void counts.extensions++), inbox.extendLease(eventId, workerId, lease))
    })
  })

/** One line of counts for `flows` events: claims, empty claims, events per claim, extensions, CPU per event. */
export const describe = (name: string, counts: WorkerCounts): string =>
  `${name}: ${counts.claimed} events in ${counts.claims} claims (${counts.empty} empty, ${
    (counts.claimed / Math.max(1, counts.claims)).toFixed(1)
  } per claim), ${counts.extensions} lease extensions, ${(counts.cpuMs / Math.max(1, counts.claimed)).toFixed(2)} CPU ms per event (${
    (counts.gcMs / Math.max(1, counts.claimed)).toFixed(2)
  } of it in GC pauses)`
