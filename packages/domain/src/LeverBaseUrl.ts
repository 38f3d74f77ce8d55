/**
 * Which custom Lever base URL a team may point at (the Lever sandbox package, a test double): an
 * absolute `https:` URL, or `http:` on the loopback interface only (127.0.0.0/8, `localhost`, `[::1]`),
 * without credentials or a fragment, at most 2,048 characters. Anything else would send the team's
 * Lever keys somewhere unencrypted, or send the admin's browser to a `javascript:` or `file:` URL
 * during "Connect to Lever".
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/** The longest base URL accepted. @since 0.1.0 */
export const maxLength = 2_048

const isLoopback = (hostname: string) =>
  hostname === "localhost" || hostname === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)

/**
 * What is wrong with a custom Lever base URL, in words an admin can act on; `undefined` when it is
 * acceptable.
 *
 * @example
 * ```ts
 * LeverBaseUrl.problem("https://lever.example/v1") // undefined
 * LeverBaseUrl.problem("http://lever.example/v1")  // "must use https: (http: only on loopback …)"
 * ```
 *
 * @since 0.1.0
 */
export const problem = (raw: string): string | undefined => {
  if (raw.length === 0) return "must not be empty"
  if (raw.length > maxLength) return `must be at most ${maxLength} characters`
  if (/\s/u.test(raw)) return "must not contain spaces or line breaks"
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return "must be an absolute URL such as https://lever.example.com/v1"
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return `must use https: (${url.protocol} is not allowed)`
  }
  if (url.protocol === "http:" && !isLoopback(url.hostname)) {
    return "must use https: (http: only on loopback: 127.0.0.0/8, localhost or [::1])"
  }
  if (url.username !== "" || url.password !== "") return "must not contain credentials (user:password@)"
  // `new URL("https://x/#")` has an empty hash, so the raw text is checked.
  if (raw.includes("#")) return "must not contain a fragment (#…)"
  return undefined
}

/**
 * A custom Lever base URL, checked by {@link problem} (a failed check is reported with its message).
 *
 * @since 0.1.0
 */
export const LeverBaseUrl = Schema.String.pipe(
  // The length is its own check (so JSON Schema shows `maxLength`), reported once.
  Schema.check(Schema.isMaxLength(maxLength), Schema.makeFilter((raw: string) => raw.length > maxLength || (problem(raw) ?? true), {
    expected: "an absolute https: URL (http: only on loopback), without credentials or fragment, at most 2048 characters"
  }))
)
