/**
 * The rules of the setup decider: which setup commands are accepted and which facts they produce.
 * Internal: `Setup.decide` is the public entry point and wraps refusals in `SetupRejected`.
 */
import { Equal, Result } from "effect"
import type { LeverArchiveReason } from "../Lever.ts"
import * as HealthFinding from "../HealthFinding.ts"
import * as InterviewType from "../InterviewType.ts"
import * as LeverBaseUrl from "../LeverBaseUrl.ts"
import type {
  LeverEnvironment,
  SetupCommand,
  SetupEvent,
  SetupPolicy,
  SetupProblem,
  SetupRejected,
  TeamSettings
} from "../Setup.ts"
import * as StageMapping from "../StageMapping.ts"
import { isSafeLine } from "../Text.ts"
import { quoted } from "./format.ts"
import { linkPosting, recordLeverPostings } from "./postingDecide.ts"

/** A refusal before it becomes a `SetupRejected`. */
export interface Refusal {
  readonly reason: SetupRejected["reason"]
  readonly message: string
}

type Decided = Result.Result<ReadonlyArray<SetupEvent>, Refusal>

const accept = (...events: ReadonlyArray<SetupEvent>): Decided => Result.succeed(events)
const nothingChanges: Decided = Result.succeed([])
const refuse = (reason: Refusal["reason"], message: string): Decided => Result.fail({ reason, message })

type Command<Tag extends SetupCommand["_tag"]> = Extract<SetupCommand, { readonly _tag: Tag }>

/** The longest team name, as the settings page shows it. */
const maxNameLength = 200

const checkName = (name: string): Refusal | undefined =>
  name.trim().length === 0
    ? { reason: "InvalidName", message: "The team name is empty: give the team a name." }
    : name.trim().length > maxNameLength
    ? { reason: "InvalidName", message: `The team name is longer than ${maxNameLength} characters.` }
    : !isSafeLine(name.trim())
    ? { reason: "InvalidName", message: "The team name contains control characters: give the team a name on one line." }
    : undefined

const checkEnvironment = (environment: LeverEnvironment, policy: SetupPolicy): Refusal | undefined =>
  environment._tag === "Custom" && !policy.allowCustomEnvironment
    ? {
      reason: "CustomEnvironmentNotAllowed",
      message: "A custom Lever base URL is not allowed on this host: choose Lever production or the Lever " +
        "sandbox (the operator can allow custom URLs with FULCRUM_ALLOW_CUSTOM_LEVER_URL)."
    }
    : environment._tag === "Custom" && LeverBaseUrl.problem(environment.baseUrl) !== undefined
    ? {
      reason: "InvalidLeverBaseUrl",
      message: `The custom Lever base URL ${LeverBaseUrl.problem(environment.baseUrl)}.`
    }
    : undefined

const sameEnvironment = (a: LeverEnvironment, b: LeverEnvironment): boolean =>
  a._tag === b._tag && (a._tag !== "Custom" || (b._tag === "Custom" && a.baseUrl === b.baseUrl))

const createTeam = (command: Command<"CreateTeam">, policy: SetupPolicy): Decided => {
  const problem = checkName(command.name) ?? checkEnvironment(command.environment, policy)
  if (problem !== undefined) return Result.fail(problem)
  return accept({
    _tag: "TeamCreated",
    teamId: command.teamId,
    name: command.name.trim(),
    environment: command.environment,
    at: command.at
  })
}

const submitPermanentKey = (state: TeamSettings, command: Command<"SubmitPermanentKey">): Decided =>
  state.connection._tag === "ApiKey" && state.connection.key.fingerprint === command.fingerprint
    ? nothingChanges
    : accept({ _tag: "PermanentKeySubmitted", key: { submittedAt: command.at, fingerprint: command.fingerprint } })

const markReconnectNeeded = (state: TeamSettings, command: Command<"MarkReconnectNeeded">): Decided =>
  state.connection._tag === "OAuth" && state.connection.reconnectNeeded === null
    ? accept({ _tag: "ReconnectNeeded", reason: command.reason, at: command.at })
    : nothingChanges

const mapStages = (state: TeamSettings, command: Command<"MapStages">): Decided => {
  if (state.leverStages === null) {
    return refuse(
      "StagesNotRead",
      "Fulcrum has not read this team's Lever stages yet: read them (with the setup API key or the permanent " +
        "key) before mapping stages."
    )
  }
  const made = StageMapping.make(command, state.leverStages.stages, state.interviewTypes.map((type) => type.id))
  if (Result.isFailure(made)) return refuse(made.failure._tag, StageMapping.problemMessage(made.failure))
  return state.stageMapping !== null && Equal.equals(made.success, state.stageMapping)
    ? nothingChanges
    : accept({ _tag: "StagesMapped", mapping: made.success, at: command.at })
}

const mapArchiveReason = (state: TeamSettings, command: Command<"MapArchiveReason">): Decided => {
  if (state.leverArchiveReasons === null) {
    return refuse(
      "ArchiveReasonsNotRead",
      "Fulcrum has not read this team's Lever archive reasons yet: read them (with the setup API key or the " +
        "permanent key) before mapping them."
    )
  }
  const known = state.leverArchiveReasons.reasons.some((reason: LeverArchiveReason) =>
    reason.id === command.reasonId
  )
  if (!known) {
    return refuse(
      "UnknownArchiveReason",
      `The archive reason ${command.reasonId} is not among the Lever archive reasons last read: read the ` +
        "archive reasons again, then map it."
    )
  }
  const alreadyMapped = state.archiveReasonMapping[command.reasonId] === command.offerStatus
  const problemOpen = state.problems.some((problem) =>
    problem._tag === "UnmappedArchiveReason" && problem.reasonId === command.reasonId
  )
  return alreadyMapped && !problemOpen
    ? nothingChanges
    : accept({
      _tag: "ArchiveReasonMapped",
      reasonId: command.reasonId,
      offerStatus: command.offerStatus,
      at: command.at
    })
}

const submitSigningToken = (state: TeamSettings, command: Command<"SubmitSigningToken">): Decided => {
  const previous = state.signingTokens[command.webhook]
  return previous !== undefined && previous.fingerprint === command.fingerprint &&
      previous.registeredWebhookId === command.registeredWebhookId
    ? nothingChanges
    : accept({
      _tag: "SigningTokenSubmitted",
      webhook: command.webhook,
      receipt: {
        submittedAt: command.at,
        fingerprint: command.fingerprint,
        registeredWebhookId: command.registeredWebhookId
      }
    })
}

/**
 * The first sighting of a webhook is recorded, and so is every verified ping (the admin clicked
 * "Verify connection" and expects to see it) and the first real event after pings. Other real events
 * change nothing: the inbox already has them, and settings do not grow with traffic.
 */
const recordWebhookSeen = (state: TeamSettings, command: Command<"RecordWebhookSeen">): Decided => {
  const previous = state.webhooksSeen[command.webhook]
  const worthRecording = previous === undefined ||
    (command.at >= previous.at && (command.via === "ping" || previous.via === "ping"))
  return worthRecording
    ? accept({ _tag: "WebhookSeenRecorded", webhook: command.webhook, seen: { at: command.at, via: command.via } })
    : nothingChanges
}

const addInterviewType = (state: TeamSettings, command: Command<"AddInterviewType">): Decided => {
  const type = command.interviewType
  const existing = state.interviewTypes.find((other) => other.id === type.id)
  if (existing !== undefined) {
    return Equal.equals(existing, type)
      ? nothingChanges
      : refuse(
        "DuplicateInterviewType",
        `The interview type ${type.id} (${quoted(existing.name)}) already exists: remove it first to replace it.`
      )
  }
  const tagChecked = InterviewType.validateTag(type.tag)
  if (Result.isFailure(tagChecked)) {
    return refuse("InvalidTag", InterviewType.tagProblemMessage(type.tag, tagChecked.failure))
  }
  const sameTag = state.interviewTypes.find((other) => InterviewType.sameTag(other.tag, type.tag))
  if (sameTag !== undefined) {
    return refuse(
      "DuplicateTag",
      `The tag ${quoted(type.tag)} already selects the interview type ${quoted(sameTag.name)}: each interview ` +
        "type needs its own tag."
    )
  }
  if (type.name.trim().length === 0) {
    return refuse("InvalidName", "The interview type has no name: give it the name recruiters will see in notes.")
  }
  if (!isSafeLine(type.name)) {
    return refuse(
      "InvalidName",
      "The interview type's name contains control characters: give it a name on one line, as recruiters will see it."
    )
  }
  return accept({ _tag: "InterviewTypeAdded", interviewType: type, at: command.at })
}

const removeInterviewType = (state: TeamSettings, command: Command<"RemoveInterviewType">): Decided =>
  state.interviewTypes.some((type) => type.id === command.interviewTypeId)
    ? accept({ _tag: "InterviewTypeRemoved", interviewTypeId: command.interviewTypeId, at: command.at })
    : refuse("UnknownInterviewType", `There is no interview type ${command.interviewTypeId} in this team.`)

/** The longest progress-tag suffix, so that every progress tag fits the tag length limit. */
const longestProgressSuffix = ": completed".length

const configureProgressTags = (state: TeamSettings, command: Command<"ConfigureProgressTags">): Decided => {
  const checked = InterviewType.validateTag(command.prefix)
  if (Result.isFailure(checked)) {
    return refuse(
      "InvalidProgressTagPrefix",
      `The progress tag prefix is not a valid Lever tag: ${
        InterviewType.tagProblemMessage(command.prefix, checked.failure)
      }`
    )
  }
  if (command.prefix.length + longestProgressSuffix > InterviewType.maxTagLength) {
    return refuse(
      "InvalidProgressTagPrefix",
      `The progress tag prefix is too long: with “: completed” appended it must fit ${InterviewType.maxTagLength} ` +
        "characters."
    )
  }
  const progressTags = { enabled: command.enabled, prefix: command.prefix }
  return state.progressTags.enabled === progressTags.enabled && state.progressTags.prefix === progressTags.prefix
    ? nothingChanges
    : accept({ _tag: "ProgressTagsConfigured", progressTags, at: command.at })
}

const sameProblemKind = (a: SetupProblem, b: SetupProblem): boolean =>
  a._tag === "UnmappedArchiveReason"
    ? b._tag === "UnmappedArchiveReason" && a.reasonId === b.reasonId
    : b._tag === a._tag

/**
 * A problem is recorded once (the first sighting is what the admin needs), and an unmapped reason that
 * was mapped in the meantime is not a problem any more.
 */
const recordSetupProblem = (state: TeamSettings, command: Command<"RecordSetupProblem">): Decided => {
  const problem = command.problem
  const alreadyKnown = state.problems.some((known) => sameProblemKind(known, problem))
  const alreadyFixed = problem._tag === "UnmappedArchiveReason" &&
    state.archiveReasonMapping[problem.reasonId] !== undefined
  return alreadyKnown || alreadyFixed ? nothingChanges : accept({ _tag: "SetupProblemRecorded", problem })
}

/** Decides one setup command. */
export const decideSetup = (
  state: TeamSettings | null,
  command: SetupCommand,
  policy: SetupPolicy
): Decided => {
  if (command._tag === "CreateTeam") {
    return state === null
      ? createTeam(command, policy)
      : refuse("TeamAlreadyExists", `The team ${state.teamId} already exists.`)
  }
  if (state === null) return refuse("TeamNotFound", "There is no such team: create it first.")
  switch (command._tag) {
    case "Rename": {
      const problem = checkName(command.name)
      if (problem !== undefined) return Result.fail(problem)
      return command.name.trim() === state.name
        ? nothingChanges
        : accept({ _tag: "TeamRenamed", name: command.name.trim(), at: command.at })
    }
    case "ToggleIntegration":
      return command.enabled === state.integrationEnabled
        ? nothingChanges
        : accept({ _tag: "IntegrationToggled", enabled: command.enabled, at: command.at })
    case "ChooseEnvironment": {
      const problem = checkEnvironment(command.environment, policy)
      if (problem !== undefined) return Result.fail(problem)
      return sameEnvironment(command.environment, state.environment)
        ? nothingChanges
        : accept({ _tag: "EnvironmentChosen", environment: command.environment, at: command.at })
    }
    case "SubmitPermanentKey":
      return submitPermanentKey(state, command)
    case "ConnectOAuth":
      return accept({ _tag: "OAuthConnected", scopes: command.scopes, at: command.at })
    case "MarkReconnectNeeded":
      return markReconnectNeeded(state, command)
    case "Disconnect":
      return state.connection._tag === "NotConnected"
        ? nothingChanges
        : accept({ _tag: "Disconnected", at: command.at })
    case "RecordPermissionCheck":
      return accept({
        _tag: "PermissionsChecked",
        check: { checkedAt: command.at, missing: command.missing, confidentialAccess: command.confidentialAccess }
      })
    case "RecordLeverStages":
      return accept({ _tag: "LeverStagesRead", stages: command.stages, at: command.at })
    case "RecordLeverArchiveReasons":
      return accept({ _tag: "LeverArchiveReasonsRead", reasons: command.reasons, at: command.at })
    case "MapStages":
      return mapStages(state, command)
    case "MapArchiveReason":
      return mapArchiveReason(state, command)
    case "SubmitSigningToken":
      return submitSigningToken(state, command)
    case "RecordWebhookSeen":
      return recordWebhookSeen(state, command)
    case "AddInterviewType":
      return addInterviewType(state, command)
    case "RemoveInterviewType":
      return removeInterviewType(state, command)
    case "ConfigureProgressTags":
      return configureProgressTags(state, command)
    case "RecordSetupProblem":
      return recordSetupProblem(state, command)
    case "LinkPosting":
      return linkPosting(state, command)
    case "RecordLeverPostings":
      return recordLeverPostings(state, command)
    case "RecordHealthCheck":
      // Every check is recorded (its time is news even when the findings are not); first-seen times carry over.
      return accept({ _tag: "HealthChecked", report: HealthFinding.report(state.health, command.findings, command.at) })
  }
}
