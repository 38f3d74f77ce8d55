import { assert, describe, it, layer } from "@effect/vitest"
import { TeamTokens } from "@fulcrum/core"
import { Ids } from "@fulcrum/domain"
import { Effect, Layer, Option, Redacted, Schema } from "effect"
import { SqlClient } from "effect/sql"
import { createHash } from "node:crypto"
import { TeamTokensSql } from "../src/index.ts"
import { postgresSkipReason, postgresUrl, sharedPglite, sharedPostgres } from "./support/TestDatabase.ts"

const RawRow = Schema.Struct({ token_hash: Schema.String, as_text: Schema.String })

const suite = (database: string, layer_: Layer.Layer<SqlClient.SqlClient>) =>
  layer(Layer.provideMerge(TeamTokensSql.layer, layer_), { excludeTestServices: true, timeout: 60_000 })(
    `team tokens at rest on ${database}`,
    (it) => {
      it.effect("keeps only the token's SHA-256: the row holds neither the token nor its secret", () =>
        Effect.gen(function*() {
          const sql = yield* SqlClient.SqlClient
          const tokens = yield* TeamTokens.TeamTokens
          const teamId = Ids.TeamId.make(`at-rest-${crypto.randomUUID()}`)
          const issued = yield* tokens.issue({ teamId, label: TeamTokens.TeamTokenLabel.make("CI"), createdAt: 1 })
          const token = Redacted.value(issued.token)
          const secret = token.split("_")[2]!
          const rows = yield* Schema.decodeUnknownEffect(Schema.Array(RawRow))(
            yield* sql`SELECT token_hash, t::text AS as_text FROM team_tokens t WHERE team_id = ${teamId}`
          )
          assert.strictEqual(rows.length, 1)
          assert.strictEqual(rows[0]!.token_hash, createHash("sha256").update(token, "utf8").digest("hex"))
          assert.notInclude(rows[0]!.as_text, secret)
          // What was stored cannot be presented in place of the token.
          const stolen = Redacted.make(`flc_${issued.tokenId}_${rows[0]!.token_hash}`)
          assert.deepStrictEqual(yield* tokens.resolve(stolen, 2), Option.none())
        }))
    }
  )

suite("PGlite", sharedPglite())

if (postgresUrl === undefined) {
  describe.skip(`team tokens at rest on PostgreSQL (${postgresSkipReason})`, () => {
    it("keeps only the token's SHA-256", () => {})
  })
} else {
  suite("PostgreSQL", sharedPostgres(postgresUrl))
}
