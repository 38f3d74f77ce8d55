/**
 * The printed report of `bench/flows.ts`: the throughput table (our flows beside graphile-worker's
 * no-op jobs, with the ratio taken against the yardstick on the same transport), the latency table,
 * the CPU-bound ceiling and the statement profile.
 */
import type { GraphileResult } from "./Graphile.ts"
import type { Latency, Throughput } from "./Measure.ts"
import type { Statements } from "./Profile.ts"
import { table } from "./Table.ts"

/** How the benchmark reached the database. */
export type Transport = "TCP 127.0.0.1" | "Unix socket" | "PGlite (memory)"

/** One row of the throughput table. */
export type Row =
  | { readonly _tag: "Flows"; readonly transport: Transport; readonly result: Throughput }
  | { readonly _tag: "Graphile"; readonly transport: Transport; readonly result: GraphileResult }

export const fixed = (n: number, digits = 0): string => Number.isFinite(n) ? n.toFixed(digits) : "—"

/** How a target line ends: met, or MISSED (capitals, to stand out in a run's output). */
export const verdict = (ok: boolean): string => (ok ? "met" : "MISSED")

/** CPU milliseconds per item, the worker processes' and PostgreSQL's together. */
export const cpuPerItem = (r: { readonly workerCpuMs: number; readonly postgresCpuMs: number }): number =>
  r.workerCpuMs + r.postgresCpuMs

/** Flows/s a machine with `cores` idle cores could reach if CPU were the only limit. */
export const ceiling = (cores: number, cpuMsPerFlow: number): number => (cores * 1000) / cpuMsPerFlow

/** The throughput table. */
export const throughput = (rows: ReadonlyArray<Row>, cores: number): string => {
  const yardstick = (transport: Transport) =>
    rows.find((row): row is Extract<Row, { _tag: "Graphile" }> => row._tag === "Graphile" && row.transport === transport)
  return table(
    [
      "engine",
      "database",
      "procs × conc.",
      "items",
      "webhooks stored/s",
      "drain s",
      "items/s",
      "÷ graphile",
      "CPU ms/item node + PG",
      `${cores}-core CPU ceiling/s`
    ],
    rows.map((row) => {
      const cpu = cpuPerItem(row.result)
      const cpuText = row.transport === "PGlite (memory)"
        ? `${fixed(row.result.workerCpuMs, 2)} (one process)`
        : `${fixed(row.result.workerCpuMs, 2)} + ${fixed(row.result.postgresCpuMs, 2)}`
      if (row._tag === "Graphile") {
        return [
          "graphile-worker 0.18, no-op jobs",
          row.transport,
          `1 × ${row.result.concurrency}`,
          String(row.result.jobs),
          "—",
          fixed(row.result.seconds, 1),
          fixed(row.result.jobsPerSecond),
          "1.00",
          cpuText,
          fixed(ceiling(cores, cpu))
        ]
      }
      const graphile = yardstick(row.transport)
      return [
        "Fulcrum inbox + journal, flows",
        row.transport,
        `${row.result.processes} × ${row.result.concurrency}`,
        String(row.result.flows),
        fixed(row.result.webhooksPerSecond),
        fixed(row.result.drainSeconds, 1),
        fixed(row.result.flowsPerSecond),
        graphile === undefined ? "—" : fixed(row.result.flowsPerSecond / graphile.result.jobsPerSecond, 3),
        cpuText,
        // PGlite runs in one thread: one core is its ceiling.
        fixed(ceiling(row.transport === "PGlite (memory)" ? 1 : cores, cpu))
      ]
    })
  )
}

/** The latency table. */
export const latency = (runs: ReadonlyArray<Latency>): string =>
  table(
    ["arrivals", "total s", "p50 ms", "p95 ms", "p99 ms", "max ms"],
    runs.map((l) => [
      l.rate > 0 ? `${l.rate}/s` : "all at once",
      fixed(l.totalSeconds, 2),
      fixed(l.p50),
      fixed(l.p95),
      fixed(l.p99),
      fixed(l.max)
    ])
  )

/** Statements per flow by kind, and the database time they took, for one profiled phase. */
export const profile = (statements: Statements, per: number): string => {
  const rows = [...statements.entries()].sort((a, b) => b[1].totalMs - a[1].totalMs)
  const total = rows.reduce((sum, [, s]) => sum + s.count, 0)
  const totalMs = rows.reduce((sum, [, s]) => sum + s.totalMs, 0)
  return table(["statement", "per flow", "ms per flow", "avg ms"], [
    ...rows.map(([kind, s]) => [kind, fixed(s.count / per, 2), fixed(s.totalMs / per, 2), fixed(s.totalMs / s.count, 2)]),
    ["total", fixed(total / per, 2), fixed(totalMs / per, 2), fixed(totalMs / total, 2)]
  ])
}

/** Total CPU milliseconds of a drain: node's and PostgreSQL's. */
const drainCpu = (r: Throughput) => ({ node: r.workerCpuMs * r.flows, postgres: r.postgresCpuMs * r.flows })

/**
 * The engine's targets for worker processes (issue 17), from one process draining `flows` (`one`), two
 * draining the same flows between them (`two`) and one draining about what each of the two drained
 * (`half`); each line only when its runs are there. Two against one is given both ways: with the same
 * flows in all, each process's one-off cost (compiling its code as it warms up) weighs twice in `two`;
 * with the same flows per process, it weighs alike. That one-off cost, and the cost per flow after it,
 * come from `one` and `half`: CPU = per flow × flows + once.
 */
export const twoWorkers = (
  one: Throughput | undefined,
  two: Throughput | undefined,
  half: Throughput | undefined
): ReadonlyArray<string> => {
  const ratio = (a: Throughput, b: Throughput) => cpuPerItem(a) / cpuPerItem(b)
  const lines: Array<string> = []
  if (one !== undefined) {
    lines.push(`target CPU per flow ≤ 2.5 ms (node + PostgreSQL, 1 process): ${fixed(cpuPerItem(one), 2)} — ${verdict(cpuPerItem(one) <= 2.5)}`)
  }
  if (one !== undefined && two !== undefined) {
    lines.push(
      `target 2 processes at least as fast as 1: ${fixed(two.flowsPerSecond)} against ${fixed(one.flowsPerSecond)} flows/s — ${
        verdict(two.flowsPerSecond >= one.flowsPerSecond)
      }`,
      `target 2 ÷ 1 CPU per flow ≤ 1.15, the same ${one.flows} flows in all: ${fixed(ratio(two, one), 2)} — ${
        verdict(ratio(two, one) <= 1.15)
      }`
    )
  }
  if (two !== undefined && half !== undefined) {
    lines.push(
      `target 2 ÷ 1 CPU per flow ≤ 1.15, the same flows per process (2 × ~${fixed(two.flows / 2)} against 1 × ${half.flows}): ${
        fixed(ratio(two, half), 2)
      } — ${verdict(ratio(two, half) <= 1.15)}`
    )
  }
  if (one !== undefined && half !== undefined && one.flows !== half.flows) {
    const [a, b] = [drainCpu(half), drainCpu(one)]
    const split = (part: "node" | "postgres") => {
      const each = (b[part] - a[part]) / (one.flows - half.flows)
      return { each, once: a[part] - each * half.flows }
    }
    const [node, postgres] = [split("node"), split("postgres")]
    lines.push(
      `a worker process's one-off CPU (from ${half.flows} and ${one.flows} flows): ${fixed(node.once)} ms node + ${
        fixed(postgres.once)
      } ms PostgreSQL; then ${fixed(node.each, 2)} + ${fixed(postgres.each, 2)} ms per flow`
    )
  }
  return lines
}
