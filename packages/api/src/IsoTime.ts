/**
 * A point in time as the API's JSON carries it: an ISO-8601 UTC string (`2026-01-31T09:00:00.000Z`),
 * the format Lever notes and most clients already read. The domain and the stores keep epoch
 * milliseconds, so the typed client decodes it back to epoch milliseconds.
 *
 * @since 0.1.0
 */
import { Schema, SchemaTransformation } from "effect"

// Offsets are accepted on the way in (a client may send local time), always written as `Z`.
const isoPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/

/** The JSON side: an ISO-8601 date-time string. @since 0.1.0 */
export const IsoTimeString = Schema.String.pipe(
  Schema.check(Schema.isPattern(isoPattern, { expected: "an ISO-8601 date-time such as 2026-01-31T09:00:00.000Z" }))
).annotate({ format: "date-time", description: "ISO-8601 UTC date-time" })

/**
 * Epoch milliseconds in TypeScript, an ISO-8601 string in JSON.
 *
 * @since 0.1.0
 */
export const IsoTime = IsoTimeString.pipe(
  Schema.decodeTo(
    Schema.Number,
    SchemaTransformation.transform<number, string>({
      decode: (iso) => Date.parse(iso),
      encode: (millis) => new Date(millis).toISOString()
    })
  )
)
/** The type {@link IsoTime} decodes to. @since 0.1.0 */
export type IsoTime = typeof IsoTime.Type
