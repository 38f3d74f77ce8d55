/**
 * `fulcrum tokens issue|list|revoke`: the operator gives a team (or a script) a token that reaches only
 * that team. The token is printed once, on stdout alone, so `fulcrum tokens issue ... > file` keeps it
 * out of the terminal's scrollback.
 *
 * @since 0.1.0
 */
import { TeamModels } from "@fulcrum/api"
import { Console, Effect, Schema } from "effect"
import { Argument, Command, Flag } from "effect/cli"
import * as Common from "./Common.ts"
import * as Connection from "./Connection.ts"
import * as Output from "./Output.ts"

const issue = Command.make("issue", {
  team: Common.team,
  label: Flag.String("label").pipe(Flag.withDescription("What the token is for (shown in lists)"))
}, Effect.fn("fulcrum.tokens.issue")(function*({ team, label }) {
  const client = yield* Connection.client
  const issued = (yield* client.teams.issueToken({ params: { teamId: team }, payload: { label } })).body
  const json = yield* Output.Json
  if (json) return yield* Output.emit(issued, () => "", TeamModels.IssuedTeamToken)
  yield* Output.note(`Token ${issued.tokenId} (${issued.label}) for team ${team}; it is shown only this once:`)
  yield* Console.log(issued.token)
})).pipe(Command.withDescription("Issue a token that reaches only this team (operator token); printed once"))

const list = Command.make("list", { team: Common.team }, Effect.fn("fulcrum.tokens.list")(function*({ team }) {
  const client = yield* Connection.client
  const answer = yield* client.teams.listTokens({ params: { teamId: team } })
  yield* Output.emit(answer, ({ tokens }) =>
    Output.table(
      ["token id", "label", "created", "last used"],
      tokens.map((token) => [token.tokenId, token.label, Output.time(token.createdAt), Output.time(token.lastUsedAt)])
    ), Schema.Struct({ tokens: Schema.Array(TeamModels.TeamTokenInfo) }))
})).pipe(Command.withDescription("A team's tokens, without their secrets (operator token)"), Command.withAlias("ls"))

const revoke = Command.make("revoke", {
  team: Common.team,
  tokenId: Argument.String("token-id").pipe(Argument.withDescription("The token's id (from `fulcrum tokens list`)"))
}, Effect.fn("fulcrum.tokens.revoke")(function*({ team, tokenId }) {
  const client = yield* Connection.client
  yield* client.teams.revokeToken({ params: { teamId: team, tokenId } })
  yield* Output.emit({ revoked: tokenId }, () => `Token ${tokenId} revoked.`)
})).pipe(Command.withDescription("Revoke a team token (operator token)"))

/** `fulcrum tokens`. @since 0.1.0 */
export const tokens = Command.make("tokens").pipe(
  Command.withDescription("Team tokens: issue, list, revoke"),
  Command.withSubcommands([issue, list, revoke])
)
