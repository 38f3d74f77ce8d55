import { Schema, Effect } from "effect"
const Limit = Schema.NumberFromString.check(Schema.isInt(), Schema.isBetween({ minimum: 1, maximum: 100 }))
for (const x of ["1", "100", "0", "101", "1.5", "abc", "", " 5", "1e2", "-1", "0x10"]) {
  const r = Effect.runSync(Effect.result(Schema.decodeUnknownEffect(Limit)(x)))
  console.log(JSON.stringify(x), r._tag, r._tag === "Success" ? r.success : r.failure.message)
}
