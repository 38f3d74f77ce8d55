/**
 * An environment variable of a Fulcrum process, defined once: an effect `Config` built from a Schema
 * (blank counts as unset, so `VAR=` in an env file means "use the default"), the default, what it means
 * and what a valid value looks like. Every process and adapter reads its variables through these, so a
 * mistake reads the same everywhere — `NAME: expected …`, or `NAME is required: …` — and stops the
 * process with `InvalidConfig` (exit code 1) before anything is opened or written. The table of every
 * variable in docs/operations.md is generated from the same definitions (`node scripts/env-table.ts`).
 *
 * @since 0.2.0
 */
import { Config, Effect, LogLevel, Option, Redacted, Runtime, Schema, SchemaTransformation } from "effect"

/**
 * A variable is missing or malformed. `variable` names it; `message` says what is expected (never the
 * value that was given, which may be a secret). Exit code 1 (`ExitCode.InvalidConfig` of `@fulcrum/node-process`).
 *
 * @since 0.2.0
 */
export class InvalidConfig extends Schema.TaggedError<InvalidConfig>()("InvalidConfig", {
  variable: Schema.String,
  message: Schema.String
}) {
  override readonly [Runtime.errorExitCode] = 1
}

/** What a variable is, before a process picks its default. @since 0.2.0 */
export interface Spec<A> {
  readonly name: string
  /** One sentence for the docs table. */
  readonly meaning: string
  /** What a valid value looks like; the error message says `NAME: expected <this>`. */
  readonly expected: string
  /** Decodes the trimmed, non-blank text. */
  readonly schema: Schema.Codec<A, string>
}

/** A variable as one process reads it: its spec, its default as the docs show it, and the checked read. @since 0.2.0 */
export interface Variable<A> {
  readonly spec: Spec<unknown>
  readonly shownDefault: string
  readonly read: Effect.Effect<A, InvalidConfig>
}

/** The variable as an effect `Config`: none when unset or blank, else the Schema's decoding of the trimmed text. @since 0.2.0 */
export const config = <A>(spec: Spec<A>): Config.Config<Option.Option<A>> =>
  Config.option(Config.String(spec.name)).pipe(
    Config.map(Option.filter((text: string) => text.trim() !== "")),
    Config.mapEffect(Option.match({
      onNone: () => Effect.succeedNone,
      onSome: (text) =>
        Effect.asSome(Effect.mapError(Schema.decodeUnknownEffect(spec.schema)(text.trim()), (e) => new Config.ConfigError(e)))
    }))
  )

/** `NAME: <problem>`, the one shape of every configuration message. @since 0.2.0 */
export const invalid = (variable: string, problem: string): InvalidConfig =>
  new InvalidConfig({ variable, message: `${variable}: ${problem}` })

const readOption = <A>(spec: Spec<A>): Effect.Effect<Option.Option<A>, InvalidConfig> =>
  Effect.mapError(config(spec), () => invalid(spec.name, `expected ${spec.expected}`))

/** Read when set; none when unset or blank. @since 0.2.0 */
export const optional = <A>(spec: Spec<A>, shownDefault = "—"): Variable<Option.Option<A>> => ({
  spec,
  shownDefault,
  read: readOption(spec)
})

/** `fallback` when unset or blank. @since 0.2.0 */
export const withDefault = <A>(spec: Spec<A>, fallback: A, shownDefault = `\`${String(fallback)}\``): Variable<A> => ({
  spec,
  shownDefault,
  read: Effect.map(readOption(spec), Option.getOrElse(() => fallback))
})

/** Must be set: unset or blank is `NAME is required: expected …`. @since 0.2.0 */
export const required = <A>(spec: Spec<A>, shownDefault = "required"): Variable<A> => ({
  spec,
  shownDefault,
  read: Effect.flatMap(readOption(spec), Option.match({
    onSome: Effect.succeed,
    onNone: () => Effect.fail(new InvalidConfig({ variable: spec.name, message: `${spec.name} is required: expected ${spec.expected}` }))
  }))
})

/** A further check's failure (its `message` names the variable already) as `InvalidConfig` for `variable`. @since 0.2.0 */
export const check = (variable: string) => <A, E extends { readonly message: string }, R>(
  effect: Effect.Effect<A, E, R>
): Effect.Effect<A, InvalidConfig, R> => Effect.mapError(effect, (error) => new InvalidConfig({ variable, message: error.message }))

/** Text that `parse` understands (`undefined`: it does not), decoded to `to`. */
const parsed = <A>(to: Schema.Codec<A>, parse: (text: string) => A | undefined, encode: (value: A) => string) =>
  Schema.String.check(Schema.makeFilter((text) => parse(text) !== undefined)).pipe(
    Schema.decodeTo(to, SchemaTransformation.transform({ decode: (text) => parse(text) as A, encode }))
  )

const spec = <A>(name: string, meaning: string, expected: string, schema: Schema.Codec<A, string>): Spec<A> => ({ name, meaning, expected, schema })

/** Any text. @since 0.2.0 */
export const text = (name: string, meaning: string, expected = "some text"): Spec<string> => spec(name, meaning, expected, Schema.String)

/** A whole number of at least `min` (and at most `max`, when given). @since 0.2.0 */
export const integer = (name: string, meaning: string, range: { readonly min: number; readonly max?: number }): Spec<number> =>
  spec(
    name,
    meaning,
    range.max === undefined ? `a whole number >= ${range.min}` : `a whole number between ${range.min} and ${range.max}`,
    Schema.NumberFromString.check(Schema.isInt(), Schema.isBetween({ minimum: range.min, maximum: range.max ?? Number.MAX_SAFE_INTEGER }))
  )

/** A port number; with `min: 0`, `0` picks a free one. @since 0.2.0 */
export const port = (name: string, meaning: string, min: 0 | 1 = 1): Spec<number> => ({
  ...integer(name, meaning, { min, max: 65_535 }),
  expected: min === 0 ? "a port number (0-65535; 0 picks a free one)" : "a port number (1-65535)"
})

/** Text looked up in `table` (own keys only), case-insensitive. */
const lookup = <A>(table: Readonly<Record<string, A>>) => (text: string) =>
  Object.hasOwn(table, text.toLowerCase()) ? table[text.toLowerCase()] : undefined

const words = { true: true, yes: true, on: true, 1: true, y: true, false: false, no: false, off: false, 0: false, n: false }

/** `true`/`false` (also `yes`/`no`, `on`/`off`, `1`/`0`, `y`/`n`, as effect's `Config.Boolean`). @since 0.2.0 */
export const boolean = (name: string, meaning: string): Spec<boolean> =>
  spec(name, meaning, "true or false", parsed(Schema.Boolean, lookup<boolean>(words), String))

/** One of `choices`, case-insensitive. @since 0.2.0 */
export const literals = <const L extends ReadonlyArray<string>>(name: string, meaning: string, choices: L, expected = `one of ${choices.join(", ")}`): Spec<L[number]> =>
  spec(name, meaning, expected, parsed<L[number]>(Schema.Literals(choices), (text) => choices.find((choice) => choice === text.toLowerCase()), String))

const logLevels: Readonly<Record<string, LogLevel.LogLevel>> = { all: "All", trace: "Trace", debug: "Debug", info: "Info", warn: "Warn", warning: "Warn", error: "Error", fatal: "Fatal", none: "None" }

/** A log level as every Fulcrum process reads it: case-insensitive, `warning` accepted for `warn`. @since 0.2.0 */
export const logLevel = (name: string, meaning: string): Spec<LogLevel.LogLevel> =>
  spec(name, meaning, `one of ${Object.keys(logLevels).join(", ")}`, parsed(Schema.Literals(LogLevel.values), lookup(logLevels), (level) => level.toLowerCase()))

/** An http(s) URL; with `origin`, also without query or fragment. Returned without trailing slashes. @since 0.2.0 */
export const url = (name: string, meaning: string, expected: string, options: { readonly origin?: boolean } = {}): Spec<string> =>
  spec(name, meaning, expected, parsed(Schema.String, (text) => {
    const url = URL.parse(text)
    const ok = url !== null && (url.protocol === "http:" || url.protocol === "https:") && !/\s/.test(text) &&
      (options.origin !== true || (url.search === "" && url.hash === ""))
    return ok ? text.replace(/\/+$/, "") : undefined
  }, String))

/** A secret, read as `Redacted`; `accepts` (when given) checks it without ever putting it in a message. @since 0.2.0 */
export const secret = (name: string, meaning: string, expected: string, accepts: (value: Redacted.Redacted<string>) => boolean = () => true): Spec<Redacted.Redacted<string>> =>
  spec(name, meaning, expected, parsed(Schema.Redacted(Schema.String), (text) => accepts(Redacted.make(text)) ? Redacted.make(text) : undefined, Redacted.value))

/** The variables one process reads, for {@link table}; `process` as the docs name it (`fulcrum-http`, …). @since 0.2.0 */
export interface Reader {
  readonly process: string
  readonly variables: ReadonlyArray<Variable<unknown>>
}

/**
 * The markdown table of every variable the readers read: name, default (per process when they differ),
 * accepted values, meaning, and which processes read it, in the order the variables first appear.
 *
 * @since 0.2.0
 */
export const table = (readers: ReadonlyArray<Reader>): string => {
  const rows = new Map<string, { readonly spec: Spec<unknown>; readonly uses: Array<{ process: string; shown: string }> }>()
  for (const { process, variables } of readers) {
    for (const { spec, shownDefault } of variables) {
      const row = rows.get(spec.name) ?? { spec, uses: [] }
      if (!row.uses.some((use) => use.process === process)) row.uses.push({ process, shown: shownDefault })
      rows.set(spec.name, row)
    }
  }
  const cell = (text: string) => text.replace(/\|/g, "\\|")
  const lines = [...rows.values()].map(({ spec, uses }) => {
    const byDefault = new Map<string, Array<string>>()
    for (const use of uses) byDefault.set(use.shown, [...(byDefault.get(use.shown) ?? []), use.process])
    const shown = byDefault.size === 1 ? uses[0]!.shown : [...byDefault].map(([value, by]) => `${value} (${by.join(", ")})`).join("; ")
    const readBy = uses.map((use) => use.process).join(", ")
    return `| \`${spec.name}\` | ${cell(shown)} | ${cell(spec.expected)} | ${cell(spec.meaning)} | ${readBy} |`
  })
  return ["| variable | default | accepted | meaning | read by |", "| --- | --- | --- | --- | --- |", ...lines].join("\n")
}
