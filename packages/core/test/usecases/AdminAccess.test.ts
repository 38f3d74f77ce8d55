import { assert, layer } from "@effect/vitest"
import { Ids, Setup } from "@fulcrum/domain"
import { Effect, Redacted } from "effect"
import { TestClock } from "effect/testing"
import { AdminAccess, ConfigStore, MemoryStores, TeamTokens } from "../../src/index.ts"

const operatorToken = Redacted.make("operator-token-from-the-environment")
const label = TeamTokens.TeamTokenLabel.make("CI")

const createTeam = (name: string) =>
  Effect.gen(function*() {
    const teamId = Ids.TeamId.make(`${name}-${crypto.randomUUID()}`)
    yield* (yield* ConfigStore.ConfigStore).create(
      Setup.initial({ _tag: "TeamCreated", teamId, name, environment: { _tag: "Sandbox" }, at: 0 })
    )
    return teamId
  })

const refusal = (bearer: Redacted.Redacted<string> | undefined) =>
  Effect.flip(AdminAccess.authenticate(bearer, operatorToken))

layer(MemoryStores.layer)("AdminAccess", (it) => {
  it.effect("the operator token reaches every team and the operator-only actions", () =>
    Effect.gen(function*() {
      const principal = yield* AdminAccess.authenticate(Redacted.make(Redacted.value(operatorToken)), operatorToken)
      assert.deepStrictEqual(principal, { _tag: "Operator" })
      yield* AdminAccess.authorizeTeam(principal, yield* createTeam("acme"))
      yield* AdminAccess.authorizeTeam(principal, Ids.TeamId.make("not-even-created"))
      yield* AdminAccess.requireOperator(principal)
    }))

  it.effect("a team token reaches its own team", () =>
    Effect.gen(function*() {
      const teamId = yield* createTeam("acme")
      const issued = yield* AdminAccess.issueTeamToken(teamId, label)
      const principal = yield* AdminAccess.authenticate(issued.token, operatorToken)
      assert.deepStrictEqual(principal, { _tag: "Team", teamId, tokenId: issued.tokenId })
      yield* AdminAccess.authorizeTeam(principal, teamId)
    }))

  it.effect("a team token sees another team as not there, and cannot take operator-only actions", () =>
    Effect.gen(function*() {
      const teamId = yield* createTeam("acme")
      const other = yield* createTeam("globex")
      const issued = yield* AdminAccess.issueTeamToken(teamId, label)
      const principal = yield* AdminAccess.authenticate(issued.token, operatorToken)
      assert.deepStrictEqual(
        yield* Effect.flip(AdminAccess.authorizeTeam(principal, other)),
        new AdminAccess.TeamNotVisible({ teamId: other })
      )
      const refused = yield* Effect.flip(AdminAccess.requireOperator(principal))
      assert.strictEqual(refused._tag, "OperatorOnly")
    }))

  it.effect("a revoked team token is refused", () =>
    Effect.gen(function*() {
      const teamId = yield* createTeam("acme")
      const issued = yield* AdminAccess.issueTeamToken(teamId, label)
      yield* AdminAccess.revokeTeamToken(teamId, issued.tokenId)
      assert.strictEqual((yield* refusal(issued.token))._tag, "Unauthenticated")
      assert.deepStrictEqual(yield* AdminAccess.listTeamTokens(teamId), [])
    }))

  it.effect("a missing, empty, malformed or wrong bearer is refused, and the refusal never shows it", () =>
    Effect.gen(function*() {
      const teamId = yield* createTeam("acme")
      const issued = yield* AdminAccess.issueTeamToken(teamId, label)
      const operator = Redacted.value(operatorToken)
      const team = Redacted.value(issued.token)
      const bearers = [
        "",
        "Bearer " + operator,
        operator + "x",
        operator.slice(0, -1),
        "flc_not-a-token",
        team.slice(0, -1) + (team.endsWith("0") ? "1" : "0"),
        " " + team
      ]
      assert.strictEqual((yield* refusal(undefined))._tag, "Unauthenticated")
      for (const bearer of bearers) {
        const error = yield* refusal(Redacted.make(bearer))
        assert.strictEqual(error._tag, "Unauthenticated")
        if (bearer !== "") assert.notInclude(JSON.stringify(error) + String(error), bearer)
        assert.notInclude(error.message, operator)
      }
    }))

  it.effect("an empty bearer is refused even when the operator token is empty", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(AdminAccess.authenticate(Redacted.make(""), Redacted.make("")))
      assert.strictEqual(error._tag, "Unauthenticated")
    }))

  it.effect("issues tokens only for teams that exist, and lists them without the token", () =>
    Effect.gen(function*() {
      const unknown = Ids.TeamId.make(`nobody-${crypto.randomUUID()}`)
      assert.strictEqual((yield* Effect.flip(AdminAccess.issueTeamToken(unknown, label)))._tag, "TeamNotFound")
      assert.strictEqual((yield* Effect.flip(AdminAccess.listTeamTokens(unknown)))._tag, "TeamNotFound")

      yield* TestClock.setTime(1_767_225_600_000)
      const teamId = yield* createTeam("acme")
      const issued = yield* AdminAccess.issueTeamToken(teamId, label)
      yield* TestClock.adjust("2 minutes")
      yield* AdminAccess.authenticate(issued.token, operatorToken)
      assert.deepStrictEqual(yield* AdminAccess.listTeamTokens(teamId), [
        { tokenId: issued.tokenId, teamId, label, createdAt: 1_767_225_600_000, lastUsedAt: 1_767_225_720_000 }
      ])
    }))

  it.effect("revoking a token of another team fails as if it did not exist, and the token keeps working", () =>
    Effect.gen(function*() {
      const teamId = yield* createTeam("acme")
      const other = yield* createTeam("globex")
      const issued = yield* AdminAccess.issueTeamToken(teamId, label)
      assert.deepStrictEqual(
        yield* Effect.flip(AdminAccess.revokeTeamToken(other, issued.tokenId)),
        new TeamTokens.TeamTokenNotFound({ teamId: other, tokenId: issued.tokenId })
      )
      const principal = yield* AdminAccess.authenticate(issued.token, operatorToken)
      assert.deepStrictEqual(principal, { _tag: "Team", teamId, tokenId: issued.tokenId })
    }))
})
