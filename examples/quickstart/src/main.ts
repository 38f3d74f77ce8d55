/**
 * `./dev.sh start` (`node examples/quickstart/src/main.ts [--demo]`): Fulcrum in one process with the
 * Lever sandbox, embedded PGlite and a demo team, ready to try. `--demo` also pushes two candidates
 * through the whole flow and prints what happened, then keeps running. Ctrl-C (SIGINT) or SIGTERM stops
 * it gracefully.
 *
 * @since 0.1.0
 */
import { NodeRuntime } from "@effect/platform-node"
import { Console, Effect, Layer, Logger, References } from "effect"
import * as Banner from "./Banner.ts"
import * as Demo from "./Demo.ts"
import * as Quickstart from "./Quickstart.ts"
import * as QuickstartConfig from "./QuickstartConfig.ts"

const demo = process.argv.slice(2).includes("--demo")

const logging = (config: QuickstartConfig.QuickstartConfig) =>
  Layer.merge(
    Logger.layer([config.logFormat === "json" ? Logger.consoleJson : Logger.consolePretty()]),
    Layer.succeed(References.MinimumLogLevel, config.logLevel)
  )

/** Prints the banner, runs the walk-through when asked, and leaves the host running. */
const started = Layer.effectDiscard(Effect.gen(function*() {
  const quickstart = yield* Quickstart.Quickstart
  // Built last, so this runs first on Ctrl-C: say what the pause before exit is.
  yield* Effect.addFinalizer(() =>
    Effect.logInfo("stopping: finishing in-flight requests and events, then closing the database")
  )
  yield* Console.log(Banner.render(quickstart, { demo }))
  if (demo) {
    // A failed walk-through is reported, not fatal: the host stays up for a manual try.
    yield* Demo.run.pipe(
      Effect.catchCause((cause) => Effect.logError("the --demo walk-through stopped", cause))
    )
  }
}))

const main = Layer.unwrap(Effect.map(QuickstartConfig.fromEnv, (config) =>
  started.pipe(
    Layer.provide(Quickstart.layer(config)),
    Layer.provide(logging(config))
  )))

Layer.launch(main).pipe(NodeRuntime.runMain)
