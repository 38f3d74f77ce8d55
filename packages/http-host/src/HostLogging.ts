/**
 * How a Fulcrum host logs: JSON lines at a minimum level, and no spans recorded. `fulcrum-http`
 * (`HttpHostProcess.logging`, at `LOG_LEVEL`) and an embedded Fulcrum (`createFulcrum`'s `logLevel`)
 * both run with it, so the two answer every request with the same logging and tracing work.
 *
 * @since 0.2.0
 */
import { Layer, Logger, type LogLevel, References } from "effect"

/**
 * JSON log lines at `level` and above (`"None"` silences them), and tracing off: spans are recorded only
 * where they are exported (`Otel.layerFromEnv` turns tracing on with its exporter); elsewhere recording
 * them on every request is pure cost.
 *
 * @since 0.2.0
 */
export const layer = (level: LogLevel.LogLevel): Layer.Layer<never> =>
  Layer.mergeAll(
    Logger.layer([Logger.consoleJson]),
    Layer.succeed(References.MinimumLogLevel, level),
    Layer.succeed(References.TracerEnabled, false)
  )
