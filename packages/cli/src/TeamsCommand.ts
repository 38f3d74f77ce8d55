/**
 * `fulcrum teams create|list|show` and `fulcrum checklist`: the operator creates a team, anyone with a
 * token lists the teams it may see and reads one team's settings (never a secret) and checklist.
 *
 * @since 0.1.0
 */
import { TeamModels } from "@fulcrum/api"
import type { Checklist } from "@fulcrum/domain"
import { Effect, Option, Schema } from "effect"
import { Argument, Command, Flag } from "effect/cli"
import { UsageError } from "./CliExit.ts"
import * as Common from "./Common.ts"
import * as Connection from "./Connection.ts"
import * as Output from "./Output.ts"

const environmentOf = (settings: TeamModels.TeamView["settings"]): string =>
  settings.lever.baseUrl === undefined ? settings.lever.environment : `${settings.lever.environment} (${settings.lever.baseUrl})`

const connectionOf = (settings: TeamModels.TeamView["settings"]): string => {
  const connection = settings.connection
  switch (connection._tag) {
    case "NotConnected":
      return "not connected"
    case "ApiKey":
      return `permanent key (fingerprint ${connection.key.fingerprint}, ${Output.time(connection.key.submittedAt)})`
    case "OAuth":
      return connection.reconnectNeeded === null ? "Connect to Lever (OAuth)" : "Connect to Lever: reconnect needed"
  }
}

/** A team for people: its settings in short, then its checklist. @since 0.1.0 */
export const renderTeam = (team: TeamModels.TeamView): string => {
  const settings = team.settings
  const mapping = settings.stageMapping
  return [
    `Team ${team.teamId}: ${settings.name}`,
    `  integration:     ${settings.integrationEnabled ? "on" : "off"}`,
    `  Lever:           ${environmentOf(settings)}`,
    `  connection:      ${connectionOf(settings)}`,
    `  stages:          ${mapping === null ? "not mapped" : Object.entries(mapping).map(([k, v]) => `${k}=${String(v)}`).join(", ")}`,
    `  archive reasons: ${Object.keys(settings.archiveReasonMapping).length} mapped`,
    `  interview types: ${settings.interviewTypes.map((type) => `${type.name} (${type.tag})`).join(", ") || "none"}`,
    `  version:         ${team.version}`,
    "",
    Common.renderChecklist(team.checklist)
  ].join("\n")
}

const create = Command.make("create", {
  name: Flag.String("name").pipe(Flag.withDescription("The team's name")),
  environment: Flag.Literals("environment", ["production", "sandbox", "custom"]).pipe(
    Flag.withDescription("Which Lever the team uses"),
    Flag.withDefault("production")
  ),
  leverUrl: Flag.String("lever-url").pipe(
    Flag.withDescription("Lever's base URL with --environment custom (the operator must allow custom URLs)"),
    Flag.optional
  )
}, Effect.fn("fulcrum.teams.create")(function*({ name, environment, leverUrl }) {
  if (environment === "custom" && Option.isNone(leverUrl)) {
    return yield* new UsageError({ message: "--environment custom needs --lever-url" })
  }
  const client = yield* Connection.client
  const created = yield* client.teams.create({
    payload: {
      name,
      lever: Option.match(leverUrl, { onNone: () => ({ environment }), onSome: (baseUrl) => ({ environment, baseUrl }) })
    }
  })
  yield* Output.emit(created.body, (view) => `Created team ${view.teamId}.\n\n${renderTeam(view)}`, TeamModels.TeamView)
})).pipe(Command.withDescription("Create a team (operator token); its id is generated and printed"))

const list = Command.make("list", {}, Effect.fn("fulcrum.teams.list")(function*() {
  const client = yield* Connection.client
  const answer = yield* client.teams.list()
  yield* Output.emit(answer, ({ teams }) =>
    Output.table(
      ["team", "name", "integration", "ready"],
      teams.map((team) => [team.teamId, team.name, team.integrationEnabled ? "on" : "off", Output.cell(team.ready)])
    ), Schema.Struct({ teams: Schema.Array(TeamModels.TeamSummary) }))
})).pipe(Command.withDescription("The teams your token can see"), Command.withAlias("ls"))

const show = Command.make("show", {
  teamId: Argument.String("team").pipe(Argument.withDescription("The team's id"))
}, Effect.fn("fulcrum.teams.show")(function*({ teamId }) {
  const client = yield* Connection.client
  const team = yield* client.teams.get({ params: { teamId } })
  yield* Output.emit(team, renderTeam, TeamModels.TeamView)
})).pipe(Command.withDescription("A team's settings (without secrets) and checklist"))

/** `fulcrum teams`. @since 0.1.0 */
export const teams = Command.make("teams").pipe(
  Command.withDescription("Create, list and show teams"),
  Command.withSubcommands([create, list, show])
)

/** `fulcrum checklist`: what is done and what is missing, with the fix for each. @since 0.1.0 */
export const checklist = Command.make("checklist", { team: Common.team }, Effect.fn("fulcrum.checklist")(function*({ team }) {
  const client = yield* Connection.client
  const checklist = yield* client.teams.checklist({ params: { teamId: team } })
  yield* Output.emit(checklist, Common.renderChecklist, TeamModels.TeamView.fields.checklist as Schema.Codec<Checklist.Checklist, unknown>)
})).pipe(Command.withDescription("A team's setup checklist: what is done, what is missing and how to fix it"))
