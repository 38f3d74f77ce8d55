/**
 * `fulcrum setup ...`: each step of a team's setup, in checklist order, each answering with the
 * checklist so the next step is obvious:
 *
 * ```
 * integration on|off → key → stages → archive-reasons → webhooks (or signing-token) → interview-types
 * ```
 *
 * Secrets (the permanent key, a setup key, a signing token) come from their flag, a hidden prompt or
 * stdin and are never printed.
 *
 * @since 0.1.0
 */
import { TeamModels } from "@fulcrum/api"
import { Ids, InterviewType, OfferStatus } from "@fulcrum/domain"
import { Effect, Option, Redacted, Schema } from "effect"
import { Argument, Command, Flag, Prompt } from "effect/cli"
import { UsageError } from "./CliExit.ts"
import * as Common from "./Common.ts"
import * as Connection from "./Connection.ts"
import * as Output from "./Output.ts"
import * as Secrets from "./Secrets.ts"

const setupKeyFlag = Flag.Redacted("setup-key").pipe(
  Flag.withDescription("A Lever setup key used once and never stored (`-` reads it from stdin or a prompt); default: the team's stored credentials"),
  Flag.optional
)

const setupKeyPayload = (flag: Option.Option<Redacted.Redacted<string>>) =>
  Effect.map(
    Secrets.readOptional("Lever setup key", flag),
    Option.match({ onNone: () => ({}), onSome: (key) => ({ setupKey: Redacted.value(key) }) })
  )

const interactive = Effect.map(Output.Json, (json) => !json && process.stdin.isTTY === true && process.stdout.isTTY === true)

const integration = Command.make("integration", {
  team: Common.team,
  state: Argument.Literals("state", ["on", "off"]).pipe(Argument.withDescription("Turn the integration on or off"))
}, Effect.fn("fulcrum.setup.integration")(function*({ team, state }) {
  const client = yield* Connection.client
  const view = yield* client.teams.integration({ params: { teamId: team }, payload: { enabled: state === "on" } })
  yield* Output.emit(view, (view) => `Integration ${state}.\n\n${Common.renderChecklist(view.checklist)}`, TeamModels.TeamView)
})).pipe(Command.withDescription("Turn a team's integration on or off"))

const key = Command.make("key", {
  team: Common.team,
  key: Flag.Redacted("key").pipe(
    Flag.withDescription("The Lever permanent key (default: read from stdin or a hidden prompt)"),
    Flag.optional
  )
}, Effect.fn("fulcrum.setup.key")(function*({ team, key }) {
  const secret = yield* Secrets.read("Lever permanent key", key)
  const client = yield* Connection.client
  const view = yield* client.teams.permanentKey({ params: { teamId: team }, payload: { key: Redacted.value(secret) } })
  yield* Output.emit(view, (view) => `Permanent key checked and stored.\n\n${Common.renderChecklist(view.checklist)}`, TeamModels.TeamView)
})).pipe(Command.withDescription("Check the Lever permanent key, then store it encrypted"))

const stageFlag = (name: "assessment" | "onsite" | "offer") =>
  Flag.String(name).pipe(
    Flag.withSchema(Ids.StageId),
    Flag.withDescription(`The Lever stage id of the ${name} stage`),
    Flag.optional
  )

const renderStages = (answer: TeamModels.LeverStages): string => {
  const mapping = answer.mapping
  const mapped = new Map<string, string>(
    mapping === null ? [] : [
      ...(["assessment", "onsite", "offer"] as const).map((role) => [String(mapping[role].stageId), role] as const),
      ...(mapping.extraAssessments ?? []).map((extra) => [String(extra.stageId), "assessment (further)"] as const)
    ]
  )
  return [
    Output.table(["stage", "name", "mapped as"], answer.stages.map((stage) => [stage.id, stage.text, mapped.get(stage.id) ?? ""])),
    ...answer.drift.map((line) => `drift: ${line}`)
  ].join("\n")
}

const stages = Command.make("stages", {
  team: Common.team,
  setupKey: setupKeyFlag,
  assessment: stageFlag("assessment"),
  onsite: stageFlag("onsite"),
  offer: stageFlag("offer")
}, Effect.fn("fulcrum.setup.stages")(function*(input) {
  const client = yield* Connection.client
  const params = { teamId: input.team }
  const answer = yield* client.teams.leverStages({ params, payload: yield* setupKeyPayload(input.setupKey) })
  const given = { assessment: input.assessment, onsite: input.onsite, offer: input.offer }
  const anyGiven = Object.values(given).some(Option.isSome)
  if (!anyGiven && !(yield* interactive)) {
    return yield* Output.emit(answer, (answer) =>
      `${renderStages(answer)}\n\nMap them with --assessment, --onsite and --offer (or run this in a terminal to choose).`, TeamModels.LeverStages)
  }
  const current = answer.mapping
  const choose = (role: "assessment" | "onsite" | "offer") =>
    Option.match(given[role], {
      onSome: (id) => Effect.succeed<Ids.StageId | undefined>(id),
      onNone: () =>
        anyGiven
          ? Effect.succeed(current?.[role].stageId)
          : Prompt.run(Prompt.Select({
            message: `Lever stage for ${role}`,
            choices: answer.stages.map((stage) => ({
              title: `${stage.text} (${stage.id})`,
              value: stage.id as Ids.StageId | undefined,
              selected: current?.[role].stageId === stage.id
            }))
          }))
    })
  const mapping = {
    assessment: yield* choose("assessment"),
    onsite: yield* choose("onsite"),
    offer: yield* choose("offer")
  }
  const chosen = Object.fromEntries(Object.entries(mapping).filter(([, id]) => id !== undefined))
  // What this command does not choose (further assessment stages, the default interview type) is kept.
  const payload = {
    ...chosen,
    ...(current?.assessment.defaultInterviewTypeId === undefined
      ? {}
      : { assessmentDefaultInterviewTypeId: current.assessment.defaultInterviewTypeId }),
    ...(current?.extraAssessments === undefined ? {} : {
      extraAssessments: current.extraAssessments.map((extra) => ({
        stageId: extra.stageId,
        ...(extra.defaultInterviewTypeId === undefined ? {} : { defaultInterviewTypeId: extra.defaultInterviewTypeId })
      }))
    })
  }
  const view = yield* client.teams.stageMapping({ params, payload })
  yield* Output.emit(view, (view) =>
    `Stages mapped: ${Object.entries(chosen).map(([role, id]) => `${role}=${id}`).join(", ")}.\n\n${Common.renderChecklist(view.checklist)}`, TeamModels.TeamView)
})).pipe(Command.withDescription("Show Lever's stages, then map the assessment, onsite and offer stages (a choice in a terminal)"))

const offerStatus = Schema.decodeUnknownOption(OfferStatus.OfferStatus)

const archiveReasons = Command.make("archive-reasons", {
  team: Common.team,
  setupKey: setupKeyFlag,
  acceptSuggestions: Common.toggle("accept-suggestions", "Map every unmapped reason to its suggested offer status"),
  map: Flag.KeyValuePair("map").pipe(
    Flag.withDescription(`Map one reason: --map <reasonId>="<status>" (${OfferStatus.values.join(", ")}); repeatable`),
    Flag.optional
  )
}, Effect.fn("fulcrum.setup.archiveReasons")(function*(input) {
  const client = yield* Connection.client
  const params = { teamId: input.team }
  const answer = yield* client.teams.leverArchiveReasons({ params, payload: yield* setupKeyPayload(input.setupKey) })
  const wanted = new Map<string, OfferStatus.OfferStatus>()
  if (input.acceptSuggestions) {
    for (const reason of answer.reasons) {
      if (reason.offerStatus === null && reason.suggestedOfferStatus !== null) wanted.set(reason.id, reason.suggestedOfferStatus)
    }
  }
  for (const [reasonId, text] of Object.entries(Option.getOrElse(input.map, () => ({})))) {
    const status = offerStatus(text)
    if (Option.isNone(status)) {
      return yield* new UsageError({ message: `--map ${reasonId}: "${text}" is not an offer status (${OfferStatus.values.join(", ")})` })
    }
    wanted.set(reasonId, status.value)
  }
  if (wanted.size === 0) {
    return yield* Output.emit(answer, (answer) =>
      [
        Output.table(
          ["reason", "name", "type", "offer status", "suggested"],
          answer.reasons.map((reason) => [
            reason.id,
            reason.text,
            reason.type,
            reason.offerStatus ?? "(unmapped)",
            reason.offerStatus === null ? reason.suggestedOfferStatus ?? "-" : ""
          ])
        ),
        "",
        "Map them with --accept-suggestions and/or --map <reasonId>=<status>."
      ].join("\n"), TeamModels.LeverArchiveReasons)
  }
  let view: TeamModels.TeamView | undefined
  for (const [reasonId, status] of wanted) {
    view = yield* client.teams.archiveReason({
      params: { teamId: input.team, reasonId: Ids.ArchiveReasonId.make(reasonId) },
      payload: { offerStatus: status }
    })
  }
  yield* Output.emit({ mapped: Object.fromEntries(wanted), checklist: view!.checklist }, ({ mapped, checklist }) =>
    [
      Output.table(["reason", "offer status"], Object.entries(mapped)),
      "",
      Common.renderChecklist(checklist)
    ].join("\n"))
})).pipe(Command.withDescription("Show Lever's archive reasons with suggestions, then map them (--accept-suggestions, --map)"))

const signingToken = Command.make("signing-token", {
  team: Common.team,
  webhook: Argument.Literals("webhook", ["stage-change", "archive-change", "candidate-deleted"]).pipe(
    Argument.withDescription("Which webhook the token belongs to")
  ),
  value: Flag.Redacted("signing-token").pipe(
    Flag.withDescription("The token Lever shows for the webhook (default: read from stdin or a hidden prompt)"),
    Flag.optional
  )
}, Effect.fn("fulcrum.setup.signingToken")(function*({ team, webhook, value }) {
  const secret = yield* Secrets.read(`signing token of ${webhook}`, value)
  const client = yield* Connection.client
  const view = yield* client.teams.signingToken({ params: { teamId: team, webhook }, payload: { token: Redacted.value(secret) } })
  yield* Output.emit(view, (view) => `Signing token of ${webhook} stored.\n\n${Common.renderChecklist(view.checklist)}`, TeamModels.TeamView)
})).pipe(Command.withDescription("Store the signing token Lever shows for a webhook you registered by hand"))

const webhooks = Command.make("webhooks", {
  team: Common.team,
  setupKey: setupKeyFlag,
  includeCandidateDeleted: Common.toggle("include-candidate-deleted", "Also register Candidate Deleted (erases the candidate's data in Fulcrum)"),
  urlsOnly: Common.toggle("urls-only", "Only print the URLs to give Lever by hand")
}, Effect.fn("fulcrum.setup.webhooks")(function*(input) {
  const client = yield* Connection.client
  const params = { teamId: input.team }
  if (input.urlsOnly) {
    const urls = yield* client.teams.webhookUrls({ params })
    return yield* Output.emit(urls, (urls) => Output.table(["webhook", "url"], Object.entries(urls)), TeamModels.WebhookUrls)
  }
  const payload = {
    ...(yield* setupKeyPayload(input.setupKey)),
    ...(input.includeCandidateDeleted ? { includeCandidateDeleted: true } : {})
  }
  const view = yield* client.teams.registerWebhooks({ params, payload })
  yield* Output.emit(view, (view) => `Webhooks registered in Lever.\n\n${Common.renderChecklist(view.checklist)}`, TeamModels.TeamView)
})).pipe(Command.withDescription("Register the webhooks in Lever and keep their signing tokens (or print their URLs)"))

const listTypes = Command.make("list", { team: Common.team }, Effect.fn("fulcrum.setup.interviewTypes.list")(function*({ team }) {
  const client = yield* Connection.client
  const answer = yield* client.teams.interviewTypes({ params: { teamId: team } })
  yield* Output.emit(answer, ({ interviewTypes }) =>
    Output.table(
      ["id", "name", "tag", "pass threshold"],
      interviewTypes.map((type) => [type.id, type.name, type.tag, Output.cell(type.passThreshold)])
    ), TeamModels.InterviewTypes)
})).pipe(Command.withDescription("The team's interview types and their Lever tags"), Command.withAlias("ls"))

const providerTypes = Command.make("provider", { team: Common.team }, Effect.fn("fulcrum.setup.interviewTypes.provider")(function*({ team }) {
  const client = yield* Connection.client
  const answer = yield* client.teams.providerInterviewTypes({ params: { teamId: team } })
  yield* Output.emit(answer, ({ interviewTypes }) =>
    Output.table(["id", "name"], interviewTypes.map((type) => [type.id, type.name])), TeamModels.ProviderInterviewTypes)
})).pipe(Command.withDescription("The assessment provider's own interview types (for add --provider-type)"))

const addType = Command.make("add", {
  team: Common.team,
  name: Flag.String("name").pipe(Flag.withDescription("The interview type's name")),
  tag: Flag.String("tag").pipe(Flag.withDescription("The exact, case-sensitive Lever tag that asks for it")),
  id: Flag.String("id").pipe(Flag.withSchema(Ids.InterviewTypeId), Flag.withDescription("Its id (default: generated)"), Flag.optional),
  passThreshold: Flag.Finite("pass-threshold").pipe(Flag.withDescription("The score at or above which a candidate passed"), Flag.optional),
  providerType: Flag.String("provider-type").pipe(
    Flag.withDescription("The provider's own interview type it sends invites for (see: interview-types provider)"),
    Flag.optional
  )
}, Effect.fn("fulcrum.setup.interviewTypes.add")(function*(input) {
  const client = yield* Connection.client
  const added = yield* client.teams.addInterviewType({
    params: { teamId: input.team },
    payload: {
      name: input.name,
      tag: input.tag,
      ...Option.match(input.id, { onNone: () => ({}), onSome: (id) => ({ id }) }),
      ...Option.match(input.passThreshold, { onNone: () => ({}), onSome: (passThreshold) => ({ passThreshold }) }),
      ...Option.match(input.providerType, {
        onNone: () => ({}),
        onSome: (providerInterviewTypeId) => ({ providerInterviewTypeId })
      })
    }
  })
  yield* Output.emit(
    added.body,
    (type) => `Interview type "${type.name}" added: id ${type.id}, Lever tag "${type.tag}". Next: fulcrum checklist`,
    InterviewType.InterviewType
  )
})).pipe(Command.withDescription("Add an interview type with its Lever tag"))

const removeType = Command.make("remove", {
  team: Common.team,
  id: Argument.String("id").pipe(Argument.withSchema(Ids.InterviewTypeId), Argument.withDescription("The interview type's id"))
}, Effect.fn("fulcrum.setup.interviewTypes.remove")(function*({ team, id }) {
  const client = yield* Connection.client
  const view = yield* client.teams.removeInterviewType({ params: { teamId: team, interviewTypeId: id } })
  yield* Output.emit(view, (view) => `Interview type ${id} removed (sent invites are kept).\n\n${Common.renderChecklist(view.checklist)}`, TeamModels.TeamView)
})).pipe(Command.withDescription("Remove an interview type"))

const interviewTypes = Command.make("interview-types").pipe(
  Command.withDescription("List, add and remove interview types, and list the provider's"),
  Command.withSubcommands([listTypes, providerTypes, addType, removeType])
)

/** `fulcrum setup`: every setup step of a team. @since 0.1.0 */
export const setup = Command.make("setup").pipe(
  Command.withDescription("Set a team up step by step; each step prints the checklist"),
  Command.withSubcommands([integration, key, stages, archiveReasons, webhooks, signingToken, interviewTypes])
)
