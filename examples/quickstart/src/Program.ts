/**
 * What `main.ts` runs: the example configured from the environment, its banner printed once it is up,
 * the `--demo` walk-through when asked for, and the process's logging (format and level from the
 * environment). `main.ts` imports this only after `BootSignals` is installed.
 *
 * @since 0.1.0
 */
import { Console, Effect, Layer, Logger, References } from "effect"
import * as Banner from "./Banner.ts"
import * as Demo from "./Demo.ts"
import * as Quickstart from "./Quickstart.ts"
import * as QuickstartConfig from "./QuickstartConfig.ts"

/**
 * The configured log format and level, for the whole process including a failure's report.
 *
 * @since 0.1.0
 */
export const logging = Layer.unwrap(Effect.map(QuickstartConfig.fromEnv, (config) =>
  Layer.mergeAll(
    Logger.layer([config.logFormat === "json" ? Logger.consoleJson : Logger.consolePretty()]),
    Layer.succeed(References.MinimumLogLevel, config.logLevel),
    // Nothing exports the quickstart's spans (it has no OTLP exporter), so recording them is pure cost.
    Layer.succeed(References.TracerEnabled, false)
  )))

/** Prints the banner, runs the walk-through when asked, and leaves the host running. */
const started = (options: { readonly demo: boolean }) =>
  Layer.effectDiscard(Effect.gen(function*() {
    const quickstart = yield* Quickstart.Quickstart
    // Built last, so this runs first on Ctrl-C: say what the pause before exit is.
    yield* Effect.addFinalizer(() =>
      Effect.logInfo("stopping: finishing in-flight requests and events, then closing the database")
    )
    yield* Console.log(Banner.render(quickstart, options))
    if (options.demo) {
      // A failed walk-through is reported, not fatal: the host stays up for a manual try.
      yield* Demo.run.pipe(
        Effect.catchCause((cause) => Effect.logError("the --demo walk-through stopped", cause))
      )
    }
  }))

/**
 * The example from the environment's configuration, running until its scope closes.
 *
 * @since 0.1.0
 */
export const layer = (options: { readonly demo: boolean }) =>
  Layer.unwrap(Effect.map(QuickstartConfig.fromEnv, (config) =>
    started(options).pipe(Layer.provide(Quickstart.layer(config)))))
