import { describe, it } from "@effect/vitest"
import { runAll } from "./support/Contracts.ts"
import { postgresSkipReason, postgresUrl, sharedPostgres } from "./support/TestDatabase.ts"

if (postgresUrl === undefined) {
  describe.skip(`store contracts on PostgreSQL (${postgresSkipReason})`, () => {
    it("runs every store contract kit", () => {})
  })
} else {
  runAll("PostgreSQL", sharedPostgres(postgresUrl))
}
