/**
 * What the CLI prints: aligned tables and short summaries for people, or, with `--json`, the API's
 * answer as JSON on stdout for scripts (one document per command). Errors and progress go to stderr,
 * so stdout stays parseable.
 *
 * @since 0.1.0
 */
import { Console, DateTime, Effect, Predicate, Schema } from "effect"
import { Flag, GlobalFlag } from "effect/cli"

/** `--json`: print the answer as JSON instead of tables. @since 0.1.0 */
export const Json = GlobalFlag.Setting("json")({
  flag: Flag.Boolean("json").pipe(Flag.withDescription("Print JSON for scripts instead of tables"), Flag.withDefault(false))
})

/** A time as the API gives it (epoch ms, ISO text or a DateTime), as ISO text; `-` when absent. @since 0.1.0 */
export const time = (value: unknown): string => {
  if (value === null || value === undefined) return "-"
  if (typeof value === "number") return Number.isFinite(value) ? new Date(value).toISOString() : "-"
  if (typeof value === "string") return value
  if (DateTime.isDateTime(value)) return DateTime.formatIso(value)
  return String(value)
}

/** A cell: `-` for null/undefined, yes/no for booleans. @since 0.1.0 */
export const cell = (value: unknown): string =>
  value === null || value === undefined
    ? "-"
    : typeof value === "boolean"
    ? (value ? "yes" : "no")
    : Predicate.isObject(value)
    ? JSON.stringify(value)
    : String(value)

/**
 * Aligns rows under headers, two spaces apart; "(none)" when there is no row.
 *
 * @since 0.1.0
 */
export const table = (headers: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): string => {
  if (rows.length === 0) return "(none)"
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => (row[i] ?? "").length)))
  const line = (cells: ReadonlyArray<string>) =>
    cells.map((text, i) => i === cells.length - 1 ? text : text.padEnd(widths[i]!)).join("  ").trimEnd()
  return [line(headers.map((h) => h.toUpperCase())), ...rows.map(line)].join("\n")
}

/** JSON text of an API answer; times kept as the API's types print them (DateTime as ISO text). @since 0.1.0 */
export const json = (value: unknown): string =>
  JSON.stringify(value, function(this: Record<string, unknown>, key, encoded) {
    const raw = key === "" ? value : this[key]
    return DateTime.isDateTime(raw) ? DateTime.formatIso(raw) : encoded
  }, 2)

/**
 * Prints `value` under `--json` as the API sent it (encoded with `schema`: ISO-8601 times, not the
 * numbers the client decodes them to), else what `human` renders.
 *
 * @since 0.1.0
 */
export const emit = <A>(
  value: A,
  human: (value: A) => string,
  schema?: Schema.Codec<A, unknown> | undefined
): Effect.Effect<void, never, GlobalFlag.Setting.Identifier<"json">> =>
  Json.use((on) =>
    Console.log(on ? json(schema === undefined ? value : Schema.encodeUnknownSync(schema)(value)) : human(value)))

/** A note for people on stderr (progress, hints); silent under `--json`. @since 0.1.0 */
export const note = (text: string): Effect.Effect<void, never, GlobalFlag.Setting.Identifier<"json">> =>
  Json.use((on) => on ? Effect.void : Console.error(text))
