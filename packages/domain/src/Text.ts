/**
 * Text that can be stored: the one rule every id, name, token and free-text field shares.
 *
 * PostgreSQL refuses a NUL (U+0000) in `text` and in `jsonb`, and a lone UTF-16 surrogate in `jsonb`;
 * other C0 controls (U+0001–U+001F) and DEL (U+007F) are never part of an id or a name and only serve to
 * forge log lines or hide characters. Refusing them where input enters (a 400) keeps them from ever
 * reaching a store, where they would fail as an outage (a 503 that Lever retries forever).
 *
 * - {@link noControlCharacters} / {@link SafeLine}: ids, names, tags, tokens, cursors: no C0 control, no
 *   DEL, no lone surrogate.
 * - {@link safeText} / {@link SafeText}: free text such as a result summary: the same, except that tab,
 *   line feed and carriage return are allowed.
 * - {@link escapeControlCharacters}: for text that must be kept even when it is bad input (the security
 *   log records what was rejected): every such character becomes a visible `\uXXXX`.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

// A character class body shared by the checks and the escape, so they can never disagree. With the `u`
// flag a well-formed surrogate pair is one code point above U+FFFF, so only a lone surrogate matches.
const loneSurrogates = "\\uD800-\\uDFFF"
const controls = "\\u0000-\\u001F\\u007F"
const controlsButTabAndLineBreaks = "\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F"

const lineRegExp = new RegExp(`^[^${controls}${loneSurrogates}]*$`, "u")
const textRegExp = new RegExp(`^[^${controlsButTabAndLineBreaks}${loneSurrogates}]*$`, "u")
const escapedRegExp = new RegExp(`[${controls}${loneSurrogates}]`, "gu")

/**
 * A check for one line of text: refuses any C0 control (U+0000–U+001F, so also tab and line breaks),
 * DEL (U+007F) and lone surrogates. Exported to JSON Schema as a `pattern`.
 *
 * @example
 * ```ts
 * const Name = Schema.String.check(Schema.isMinLength(1), Text.noControlCharacters)
 * ```
 *
 * @since 0.1.0
 */
export const noControlCharacters = Schema.isPattern(lineRegExp, {
  expected: "text without control characters",
  message: "must not contain control characters (such as NUL or a line break)"
})

/**
 * A check for free text: as {@link noControlCharacters}, except that tab, line feed and carriage return
 * are allowed.
 *
 * @since 0.1.0
 */
export const safeText = Schema.isPattern(textRegExp, {
  expected: "text without control characters other than tab and line breaks",
  message: "must not contain control characters other than tab and line breaks (such as NUL)"
})

/**
 * One line of storable text: a name, a tag, an opaque token or cursor.
 *
 * @since 0.1.0
 */
export const SafeLine = Schema.String.check(noControlCharacters)

/**
 * Storable free text, on several lines if need be: a result summary.
 *
 * @since 0.1.0
 */
export const SafeText = Schema.String.check(safeText)

/**
 * Whether `text` is one line of storable text (see {@link SafeLine}).
 *
 * @example
 * ```ts
 * Text.isSafeLine("Acme") // true
 * Text.isSafeLine("Ac\u0000me") // false
 * Text.isSafeLine("Acme\n") // false
 * ```
 *
 * @since 0.1.0
 */
export const isSafeLine = (text: string): boolean => lineRegExp.test(text)

/**
 * Whether `text` is storable free text (see {@link SafeText}).
 *
 * @since 0.1.0
 */
export const isSafeText = (text: string): boolean => textRegExp.test(text)

/**
 * `text` with every control character (tab and line breaks included) and every lone surrogate written
 * as a visible `\uXXXX` escape, so a record of bad input can be stored and shown on one line. A
 * {@link SafeLine} comes back unchanged.
 *
 * @example
 * ```ts
 * Text.escapeControlCharacters("no team te\u0000am") // "no team te\\u0000am"
 * ```
 *
 * @since 0.1.0
 */
export const escapeControlCharacters = (text: string): string =>
  text.replace(escapedRegExp, (character) => `\\u${character.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`)
