/**
 * Column codecs shared by the stores, so that rows from both drivers decode the same way.
 *
 * @internal
 */
import { Schema, SchemaTransformation } from "effect"

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
 * drivers, where a driver-specific JSON parameter type would differ.
 *
 * @internal
 */
export const jsonText = <S extends Schema.Constraint>(schema: S) => Schema.encodeEffect(Schema.fromJsonString(schema))

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
