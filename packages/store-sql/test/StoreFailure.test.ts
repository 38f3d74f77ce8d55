import { assert, describe, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import { SqlError } from "effect/sql"
import * as StoreFailure from "../src/internal/StoreFailure.ts"

/** A driver error as PostgreSQL raises it (PGlite and @effect/sql-pg both keep code and message on the cause). */
const pgError = (code: string, message: string, constraint?: string) =>
  Object.assign(new Error(message), { code, ...(constraint === undefined ? {} : { constraint }) })

describe("StoreFailure", () => {
  it.effect("names the operation and never repeats a value PostgreSQL quoted from the parameters", () =>
    Effect.gen(function*() {
      const failing = Effect.fail(
        new SqlError.SqlError({
          reason: new SqlError.UnknownError({
            cause: pgError("22P02", "invalid input syntax for type bigint: \"hunter2-secret\""),
            message: "PgConnection: Query failed"
          })
        })
      )
      const error = yield* Effect.flip(failing.pipe(StoreFailure.mapErrors("EventInbox.claim")))
      assert.strictEqual(error._tag, "StoreError")
      assert.strictEqual(error.operation, "EventInbox.claim")
      assert.strictEqual(error.message, "UnknownError, SQLSTATE 22P02")
      assert.notInclude(JSON.stringify(error), "hunter2")
    }))

  it.effect("keeps the server's text where it names objects, and the violated constraint", () =>
    Effect.gen(function*() {
      const missing = StoreFailure.fromSql(
        "ConfigStore.get",
        new SqlError.SqlError({
          reason: new SqlError.SqlSyntaxError({ cause: pgError("42P01", "relation \"teams\" does not exist") })
        })
      )
      assert.strictEqual(missing.message, "SqlSyntaxError, SQLSTATE 42P01: relation \"teams\" does not exist")
      const unique = StoreFailure.fromSql(
        "CandidateStore.save",
        new SqlError.SqlError({
          reason: new SqlError.UniqueViolation({
            cause: pgError("23505", "duplicate key value violates unique constraint \"candidates_pkey\""),
            constraint: "candidates_pkey"
          })
        })
      )
      assert.strictEqual(unique.message, "UniqueViolation, SQLSTATE 23505, constraint candidates_pkey")
    }))

  it.effect("reports a schema mismatch without the value that failed, and leaves domain errors alone", () =>
    Effect.gen(function*() {
      const decoded = Schema.decodeUnknownEffect(Schema.Struct({ n: Schema.Number }))({ n: "s3cr3t-value" })
      const error = yield* Effect.flip(decoded.pipe(StoreFailure.mapErrors("StepJournal.find")))
      assert.strictEqual(error.operation, "StepJournal.find")
      assert.notInclude(error.message, "s3cr3t-value")
      class Domain extends Schema.TaggedError<Domain>()("Domain", {}) {}
      const domain = yield* Effect.flip(Effect.fail(new Domain()).pipe(StoreFailure.mapErrors("X.y")))
      assert.strictEqual(domain._tag, "Domain")
    }))
})
