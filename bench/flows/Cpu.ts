/**
 * CPU accounting for a benchmark phase: this process (`process.cpuUsage`) and the PostgreSQL backends
 * serving the benchmark's database (utime + stime from `/proc/<pid>/stat`; Linux only, 0 elsewhere).
 * Divided by the work done it gives CPU milliseconds per flow, which other load on a shared machine
 * moves far less than it moves wall time.
 */
import { readFileSync } from "node:fs"

/** Clock ticks per second of `/proc` times (`getconf CLK_TCK`, 100 on Linux). */
const ticksPerSecond = 100

/**
 * What `/proc/<pid>/stat` says of a process (or, as `self/task/<tid>`, of a thread of this one): its name
 * and the CPU milliseconds it has used so far; undefined when it is gone or `/proc` is not there.
 */
export const stat = (pid: number | string): { readonly name: string; readonly ms: number } | undefined => {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8")
    // "pid (comm) state …": the name may hold spaces and parentheses, so it ends at the last ")"; after it,
    // state is field 3, utime 14 and stime 15 (1-based).
    const close = text.lastIndexOf(")")
    const fields = text.slice(close + 2).split(" ")
    return {
      name: text.slice(text.indexOf("(") + 1, close),
      ms: ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond
    }
  } catch {
    return undefined
  }
}

/** CPU milliseconds a process has used so far; 0 when it is gone or `/proc` is not there. */
export const processMs = (pid: number): number => stat(pid)?.ms ?? 0

/** CPU used so far by this process and by each of the given server backends. */
export interface Snapshot {
  readonly self: number
  readonly backends: ReadonlyMap<number, number>
}

/** Takes a snapshot of this process and the backends `pids`. */
export const snapshot = (pids: ReadonlyArray<number>): Snapshot => {
  const usage = process.cpuUsage()
  return {
    self: (usage.user + usage.system) / 1000,
    backends: new Map(pids.map((pid) => [pid, processMs(pid)]))
  }
}

/** CPU milliseconds used between two snapshots: this process, and the backends (new ones from 0). */
export const between = (from: Snapshot, to: Snapshot): { readonly self: number; readonly postgres: number } => {
  let postgres = 0
  for (const [pid, ms] of to.backends) postgres += ms - (from.backends.get(pid) ?? 0)
  return { self: to.self - from.self, postgres }
}
