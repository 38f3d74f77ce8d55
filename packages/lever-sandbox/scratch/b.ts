import { Schema, Effect } from "effect"
const S = Schema.Struct({
  value: Schema.String,
  secret: Schema.optionalKey(Schema.Boolean),
  score: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 4 }))),
  tags: Schema.optionalKey(Schema.Array(Schema.String)),
  kind: Schema.optionalKey(Schema.Literals(["a", "b"])),
  reason: Schema.NullOr(Schema.String)
})
for (const x of [{ value: "x", reason: null }, { value: 1 }, { value: "x", score: 7, reason: "r", kind: "c" }]) {
  const r = Effect.runSync(Effect.result(Schema.decodeUnknownEffect(S)(x, { errors: "all" })))
  console.log(JSON.stringify(r._tag === "Success" ? r.success : r.failure.message))
}
console.log(Object.keys(Schema).filter(k => /^(Array|Tuple|Int|TaggedError|ErrorClass|Opaque|decodeUnknownSync|is[A-Z])/.test(k)).join(" "))
