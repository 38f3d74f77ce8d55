/**
 * Small text helpers shared by notes, the timeline and the checklist. Internal: not part of the API.
 */
import { DateTime, Option } from "effect"

/** An instant (epoch ms) as an ISO-8601 UTC string; a non-finite number is shown as it is. */
export const isoUtc = (epochMillis: number): string =>
  Option.match(DateTime.make(epochMillis), {
    onNone: () => String(epochMillis),
    onSome: DateTime.formatIso
  })

/** `“a”`: a name or tag quoted for a sentence. */
export const quoted = (text: string): string => `“${text}”`

/** `a`, `a and b`, `a, b and c`. */
export const joinWithAnd = (items: ReadonlyArray<string>): string =>
  items.length <= 1
    ? items.join("")
    : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`

/** `a`, `a or b`, `a, b or c`. */
export const joinWithOr = (items: ReadonlyArray<string>): string =>
  items.length <= 1
    ? items.join("")
    : `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`
