/**
 * WebAssembly on V8's baseline compiler only, for a process whose start is dominated by embedded PGlite
 * (PostgreSQL compiled to WebAssembly). V8 compiles each WebAssembly function with its baseline compiler
 * (Liftoff) on first call, then recompiles the hot ones with its optimizing compiler (TurboFan) on
 * background threads. Opening a database and answering its first statements makes hundreds of
 * PostgreSQL's functions hot at once, and TurboFan then compiles the largest ones: measured on the
 * quickstart's start (2-core machine, docs/benchmarks.md), 2–3 CPU-seconds and 250–600 MB of peak
 * resident memory, paid on every start. Without it the statements run on Liftoff's code, about 40% more
 * CPU each once everything is warm, which a demo or a small single-process installation does not notice.
 *
 * A bin calls {@link baselineOnly} on its first lines, before PGlite is loaded (the choice is made when
 * each function is compiled). WebAssembly flags set by the operator on the command line are left alone.
 *
 * @since 0.2.0
 */
import { setFlagsFromString } from "node:v8"

/** A function index no WebAssembly module has (V8 allows at most 1,000,000 functions in one). */
const noFunction = 2_147_483_647

/** Whether the operator already chose how WebAssembly is compiled. */
const chosenByOperator = (): boolean =>
  [...process.execArgv, ...(process.env["NODE_OPTIONS"] ?? "").split(/\s+/)].some((flag) =>
    /^--(no-)?(liftoff|wasm-tier|wasm-dynamic-tiering)/.test(flag)
  )

/**
 * No optimizing recompilation of WebAssembly in this process: every function stays on Liftoff's code.
 *
 * @since 0.2.0
 */
export const baselineOnly = (): void => {
  // `--liftoff-only` and `--no-wasm-dynamic-tiering` are only read when V8 starts (measured: no effect
  // when set here). The tier-up filter is read as each function is compiled: "tier up only the function
  // with this index", and no module has a function at the largest index.
  if (!chosenByOperator()) setFlagsFromString(`--wasm-tier-up-filter=${noFunction}`)
}
