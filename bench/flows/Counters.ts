/**
 * What one worker process did to the inbox while it drained: claims (and how many came back empty),
 * events claimed, and lease extensions (the per-event heartbeat). With two worker processes, these say
 * whether the second one's extra CPU goes to contention (claims finding less each, empty claims,
 * extensions) or to the process itself (its CPU per event claimed).
 */
import { EventInbox } from "@fulcrum/core"
import { Effect } from "effect"
import { readdirSync } from "node:fs"
import { PerformanceObserver } from "node:perf_hooks"
import * as Cpu from "./Cpu.ts"

/** The counts of one worker process, and the CPU milliseconds it used meanwhile. */
export interface WorkerCounts {
  claims: number
  empty: number
  claimed: number
  extensions: number
  cpuMs: number
  /** Milliseconds of garbage collection pauses in this process meanwhile (`gcPauseMs` read before and after). */
  gcMs: number
  /**
   * Of `cpuMs`, what each kind of thread used (`threadCpuMs` read before and after): the main thread,
   * V8's helpers (background compilation and concurrent marking), libuv's pool, and the rest.
   */
  threads: Record<string, number>
}

/** Zeroed counts. */
export const make = (): WorkerCounts => ({
  claims: 0,
  empty: 0,
  claimed: 0,
  extensions: 0,
  cpuMs: 0,
  gcMs: 0,
  threads: {}
})

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

/** The kind of a thread of this process, from its name in `/proc` (Node names V8's and libuv's). */
const threadKind = (pid: number, tid: number, name: string): string =>
  tid === pid ? "main" : name.startsWith("V8") ? "V8" : name.startsWith("libuv") ? "libuv" : "other"

/**
 * CPU milliseconds each kind of thread of this process has used so far (`/proc/self/task`; Linux only,
 * empty elsewhere). Splits a process's CPU into the work the profiler sees (the main thread) and what it
 * does not (V8's background compiler and concurrent garbage collection).
 */
export const threadCpuMs = (): Record<string, number> => {
  const kinds: Record<string, number> = {}
  let tids: Array<string>
  try {
    tids = readdirSync("/proc/self/task")
  } catch {
    return kinds
  }
  for (const tid of tids) {
    const thread = Cpu.stat(`self/task/${tid}`)
    if (thread === undefined) continue
    const kind = threadKind(process.pid, Number(tid), thread.name)
    kinds[kind] = (kinds[kind] ?? 0) + thread.ms
  }
  return kinds
}

/** CPU milliseconds by kind of thread between two `threadCpuMs` readings. */
export const threadsBetween = (from: Record<string, number>, to: Record<string, number>): Record<string, number> =>
  Object.fromEntries(Object.entries(to).map(([kind, ms]) => [kind, ms - (from[kind] ?? 0)]))

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
  } of it in GC pauses${
    Object.keys(counts.threads).length === 0 ? "" : `; by thread: ${
      Object.entries(counts.threads).map(([kind, ms]) => `${kind} ${(ms / Math.max(1, counts.claimed)).toFixed(2)}`).join(", ")
    }`
  })`
