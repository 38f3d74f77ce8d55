/**
 * A worker process of `bench/flows.ts`: builds the same layers against the same PostgreSQL
 * database, tells its parent it is ready, then runs `Worker.run` from each "go" to the next "stop" (a
 * warm-up drain, then the measured one), answering each "stop" with its counts (`Counters`), and until
 * SIGTERM (which stops claiming, lets in-flight events finish and hands back the rest, as a real
 * deployment would).
 *
 * Started by the parent with `child_process.fork`; not meant to be run by hand. Environment:
 * `BENCH_CHILD_DATABASE_URL`, `BENCH_CHILD_SECRET_KEY`, `BENCH_CONCURRENCY`.
 */
import { NodeRuntime } from "@effect/platform-node"
import { Worker } from "@fulcrum/core"
import { Config, Effect, Fiber, Layer, References } from "effect"
import * as Counters from "./Counters.ts"
import * as Flow from "./Flow.ts"

/** Resolves when the parent sends `message`. */
const receiveMessage = (message: string) =>
  Effect.callback<void>((resume) => {
    const listener = (received: unknown) => {
      if (received === message) resume(Effect.void)
    }
    process.on("message", listener)
    return Effect.sync(() => process.off("message", listener))
  })

const main = Effect.gen(function*() {
  const concurrency = yield* Config.Int("BENCH_CONCURRENCY")
  process.send?.("ready")
  for (;;) {
    yield* receiveMessage("go")
    const counts = Counters.make()
    const cpuBefore = Counters.processCpuMs()
    const gcBefore = Counters.gcPauseMs()
    const threadsBefore = Counters.threadCpuMs()
    const worker = yield* Effect.forkChild(
      Counters.counted(Worker.run({ workerId: `bench-child-${process.pid}`, concurrency }), counts)
    )
    yield* receiveMessage("stop")
    yield* Fiber.interrupt(worker)
    counts.cpuMs = Counters.processCpuMs() - cpuBefore
    counts.gcMs = Counters.gcPauseMs() - gcBefore
    counts.threads = Counters.threadsBetween(threadsBefore, Counters.threadCpuMs())
    process.send?.({ stopped: counts })
  }
})

const layer = Layer.unwrap(Effect.gen(function*() {
  const url = yield* Config.String("BENCH_CHILD_DATABASE_URL")
  const secretKey = yield* Config.Redacted("BENCH_CHILD_SECRET_KEY")
  const concurrency = yield* Config.Int("BENCH_CONCURRENCY")
  return Flow.app(Flow.storesPg(url, secretKey, concurrency + 2), Flow.noopLever)
}))

main.pipe(
  Effect.provide(layer),
  // As `fulcrum-worker` runs without an OTLP endpoint.
  Effect.provideService(References.TracerEnabled, false),
  Effect.provideService(References.MinimumLogLevel, "Warn"),
  NodeRuntime.runMain
)
