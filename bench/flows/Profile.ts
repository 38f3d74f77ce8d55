/**
 * A profiling tracer for `BENCH_PROFILE=1`: counts every SQL statement the stores run (`effect/sql`
 * opens a client span per statement and records its text) and the time spent in it, grouped by the
 * statement's first words, so a run can say "statements per flow" and where the database time goes.
 * Installing any tracer makes Effect record span attributes, so it is off for the headline figures.
 */
import { Tracer } from "effect"

/** One kind of statement: how many ran and their summed wall time. */
export interface StatementStats {
  count: number
  totalMs: number
}

/** Statement kind → stats. */
export type Statements = Map<string, StatementStats>

/** Statements tallied per phase of a run ("ingest", "drain"); the tracer writes into the current one. */
export class Recorder {
  readonly phases = new Map<string, Statements>()
  private current: Statements | undefined
  /** From now on, statements count towards `name`. */
  phase(name: string): void {
    this.current = new Map()
    this.phases.set(name, this.current)
  }
  record(kind: string, ms: number): void {
    if (this.current === undefined) return
    const stats = this.current.get(kind) ?? { count: 0, totalMs: 0 }
    stats.count++
    stats.totalMs += ms
    this.current.set(kind, stats)
  }
}

/** A short, stable name for a statement: its leading keyword and the first table it names. */
export const statementKind = (text: string): string => {
  const flat = text.replace(/\s+/g, " ").trim()
  const verb = flat.match(/^(WITH|SELECT|INSERT INTO|UPDATE|DELETE FROM|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)/i)?.[0]
    ?.toUpperCase() ?? flat.slice(0, 12)
  // A CTE is named by its first part (`WITH teams ...` is the claim, `WITH inserted ...` the accept).
  const target = verb === "WITH"
    ? flat.match(/^WITH\s+(?:RECURSIVE\s+)?("?[a-z_]+"?)/i)?.[1]
    : flat.match(/\b(?:FROM|INTO|UPDATE)\s+("?[a-z_]+"?)/i)?.[1]
  const table = target?.replaceAll("\"", "")
  return table === undefined ? verb : `${verb} ${table}`
}

/**
 * A tracer that forwards to the native one and tallies client (database) spans into `recorder`.
 * Install it around the layers too (`Effect.withTracer` outside `Effect.provide`), so statements run by
 * services built there are counted.
 */
export const tracer = (recorder: Recorder): Tracer.Tracer =>
  Tracer.make({
    span(options) {
      const span = Tracer.nativeTracer.span(options)
      if (options.kind !== "client") return span
      const started = options.startTime
      const end = span.end.bind(span)
      span.end = (endTime, exit) => {
        const text = span.attributes.get("db.query.text")
        recorder.record(typeof text === "string" ? statementKind(text) : span.name, Number(endTime - started) / 1e6)
        end(endTime, exit)
      }
      return span
    }
  })
