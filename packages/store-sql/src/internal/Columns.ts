/**
 * Column codecs shared by the stores, so that rows from both drivers decode the same way.
 *
 * @internal
 */
import { Effect, Schema, SchemaIssue, SchemaTransformation } from "effect"

/**
 * An epoch-milliseconds (or any `bigint`) column. `@effect/sql-pg` returns `bigint` values and PGlite
 * returns numbers; both decode to a number (epoch milliseconds stay far below 2^53).
 *
 * @internal
 */
export const Int8 = Schema.Union([Schema.Number, Schema.BigInt]).pipe(
  Schema.decodeTo(
    Schema.Number,
    SchemaTransformation.transform<number, number | bigint>({
      decode: (value: number | bigint) => Number(value),
      encode: (value: number) => value
    })
  )
)

/**
 * A JSON value as text, to bind as a `jsonb` parameter (`${json}::jsonb`): the same SQL on both
 * drivers, where a driver-specific JSON parameter type would differ. The value is encoded with `schema`,
 * then stringified: what `Schema.fromJsonString(schema)` encodes to, without the layers it wraps around
 * `JSON.stringify` (an effect per call, and a check that the text is a string), a measurable share of a
 * worker's CPU per event (every candidate save, journal write and ack encodes through here).
 *
 * @internal
 */
export const jsonText = <S extends Schema.Constraint>(schema: S) => {
  const encode = Schema.encodeEffect(schema)
  return (value: S["Type"]): Effect.Effect<string, Schema.SchemaError, S["EncodingServices"]> =>
    Effect.flatMap(encode(value), (encoded) => {
      let text: string | undefined
      try {
        text = JSON.stringify(encoded)
      } catch {
        text = undefined
      }
      return text === undefined
        ? Effect.fail(
          new Schema.SchemaError(
            new SchemaIssue.InvalidValue({ expected: "a JSON-serializable value" }, encoded)
          )
        )
        : Effect.succeed(text)
    })
}

/**
 * An opaque page cursor: the keyset position as base64url JSON (the in-memory stores' format). Decoding
 * validates it, so a forged or stale-format cursor fails instead of reaching SQL.
 *
 * @internal
 */
export const cursor = <S extends Schema.Constraint>(position: S) => {
  const codec = Schema.StringFromBase64Url.pipe(Schema.decodeTo(Schema.fromJsonString(position)))
  return { encode: Schema.encodeEffect(codec), decode: Schema.decodeUnknownEffect(codec) }
}
