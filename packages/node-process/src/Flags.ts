/**
 * A bin's command-line flags, read the same way by every Fulcrum bin that takes them (the Lever and
 * provider sandboxes): `node:util`'s `parseArgs`, strict; `--help` prints the usage and exits 0; a
 * flag that is unknown or malformed is one line on stderr and exit code `Usage`.
 *
 * @since 0.1.0
 */
import { parseArgs, type ParseArgsOptionsConfig } from "node:util"

/**
 * The exit code of a bad command line (the shell's convention; no supervisor restarts a bin for it).
 *
 * @since 0.1.0
 */
export const Usage = 2

const fail = (message: string): never => {
  process.stderr.write(`${message}\n`)
  return process.exit(Usage)
}

/**
 * Parses `process.argv` with `options` (plus `-h`/`--help`, which prints `usage` and exits 0).
 *
 * @example
 * ```ts
 * import { Flags } from "@fulcrum/node-process"
 *
 * const flags = Flags.parse("Usage: my-bin [--port N]\n", { port: { type: "string" } })
 * const port = Flags.integer("port", flags.port) ?? 4010
 * ```
 *
 * @since 0.1.0
 */
export const parse = <const O extends ParseArgsOptionsConfig>(usage: string, options: O) => {
  const parsed: Readonly<Record<string, unknown>> = (() => {
    try {
      return parseArgs({ options: { ...options, help: { type: "boolean", short: "h" } }, strict: true }).values
    } catch (error) {
      return fail(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`)
    }
  })()
  if (parsed.help === true) {
    process.stdout.write(usage)
    process.exit(0)
  }
  return parsed as ReturnType<typeof parseArgs<{ options: O; strict: true }>>["values"]
}

/**
 * A non-negative integer flag (`--port 4010`); absent is `undefined`, anything else exits with `Usage`.
 *
 * @since 0.1.0
 */
export const integer = (name: string, value: string | undefined): number | undefined => {
  if (value === undefined) return undefined
  const n = Number(value)
  return Number.isInteger(n) && n >= 0 ? n : fail(`--${name} must be a non-negative integer, got "${value}"`)
}

/**
 * A flag with a fixed set of values (`--note-response noteId|full`); anything else exits with `Usage`.
 *
 * @since 0.1.0
 */
export const oneOf = <const A extends string>(
  name: string,
  value: string | undefined,
  choices: ReadonlyArray<A>
): A | undefined =>
  value === undefined || (choices as ReadonlyArray<string>).includes(value)
    ? value as A | undefined
    : fail(`--${name} must be ${choices.join(" or ")}, got "${value}"`)
