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
 * Parses `process.argv`: `strings` are flags with a value (`--port 4010`), `booleans` flags without
 * (`--empty`); `-h`/`--help` prints `usage` and exits 0.
 *
 * @example
 * ```ts
 * import { Flags } from "@fulcrum/node-process"
 *
 * const flags = Flags.parse("Usage: my-bin [--port N] [--empty]\n", { strings: ["port"], booleans: ["empty"] })
 * const port = Flags.integer("port", flags.port) ?? 4010
 * ```
 *
 * @since 0.1.0
 */
export const parse = <const S extends string = never, const B extends string = never>(
  usage: string,
  flags: { readonly strings?: ReadonlyArray<S>; readonly booleans?: ReadonlyArray<B> }
): { readonly [K in S]?: string } & { readonly [K in B]?: boolean } => {
  const options: ParseArgsOptionsConfig = { help: { type: "boolean", short: "h" } }
  for (const name of flags.strings ?? []) options[name] = { type: "string" }
  for (const name of flags.booleans ?? []) options[name] = { type: "boolean" }
  const values: Readonly<Record<string, unknown>> = (() => {
    try {
      return parseArgs({ options, strict: true }).values
    } catch (error) {
      return fail(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`)
    }
  })()
  if (values.help === true) {
    process.stdout.write(usage)
    process.exit(0)
  }
  return values as { readonly [K in S]?: string } & { readonly [K in B]?: boolean }
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
