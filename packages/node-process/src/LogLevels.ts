/**
 * `LOG_LEVEL` as every Fulcrum process reads it: one of the names below, case-insensitive, `warning`
 * accepted for `warn`.
 *
 * @since 0.1.0
 */
import { Option } from "effect"
import type { LogLevel } from "effect"

const byName: Readonly<Record<string, LogLevel.LogLevel>> = {
  all: "All",
  trace: "Trace",
  debug: "Debug",
  info: "Info",
  warn: "Warn",
  warning: "Warn",
  error: "Error",
  fatal: "Fatal",
  none: "None"
}

/** The accepted names, for an error message. @since 0.1.0 */
export const names: ReadonlyArray<string> = Object.keys(byName)

/** The level a `LOG_LEVEL` value names, if any. @since 0.1.0 */
export const parse = (text: string): Option.Option<LogLevel.LogLevel> =>
  Option.fromNullishOr(byName[text.trim().toLowerCase()])
