/**
 * Self-service setup, in the order of the checklist: create the team, connect Lever, map stages and
 * archive reasons, register webhooks (or upload signing tokens), add interview types. Every command is
 * decided by the domain's `Setup` decider; this module only reads Lever and stores the outcome.
 *
 * @since 0.1.0
 */
import {
  ArchiveReasonMapping,
  Checklist,
  Ids,
  type InterviewType,
  Lever,
  type OfferStatus,
  Setup,
  StageMapping
} from "@fulcrum/domain"
import { Clock, Effect, Schema } from "effect"
import { SecureRandom } from "effect/crypto"
import { Hex } from "effect/encoding"
import type { Redacted } from "effect"
import {
  ConfigStore,
  type SecretName,
  type SecretWrites,
  signingTokenName,
  type VersionedSettings
} from "../ports/ConfigStore.ts"
import * as LeverApi from "../ports/LeverApi.ts"
import { fingerprint } from "../internal/fingerprint.ts"
import { randomId } from "../internal/randomId.ts"
import { execute } from "../internal/teamSettings.ts"
import { webhookUrls } from "../internal/webhookUrls.ts"
import { Policy } from "../Policy.ts"
import * as ConnectionHealth from "./ConnectionHealth.ts"
import { keyTarget, setupTarget } from "./LeverAccess.ts"

/** A team as the admin API shows it: settings without secrets, and the derived checklist. @since 0.1.0 */
export interface TeamView {
  readonly settings: Setup.TeamSettings
  readonly version: number
  readonly checklist: Checklist.Checklist
}

/** A team's stored settings as the admin API shows them, with the checklist derived. @since 0.2.0 */
export const view = ({ settings, version }: VersionedSettings): TeamView => ({
  settings,
  version,
  checklist: Checklist.checklist(settings)
})

const joinedPermissions = (permissions: ReadonlyArray<string>) =>
  permissions.length === 1 ? `the permission ${permissions[0]}` : `the permissions ${permissions.join(", ")}`

const run = (
  teamId: Ids.TeamId,
  commands: (settings: Setup.TeamSettings) => ReadonlyArray<Setup.SetupCommand>,
  secrets: SecretWrites = []
) => Effect.map(execute(teamId, commands, secrets), view)

export { webhookPaths, webhookUrls } from "../internal/webhookUrls.ts"

/**
 * A new team id: 128 random bits from the platform's cryptographic source, since a team id is part of
 * the public webhook URLs and must not be guessable.
 *
 * @since 0.1.0
 */
export const newTeamId: Effect.Effect<Ids.TeamId> = Effect.sync(() =>
  Ids.TeamId.make(`team_${Hex.encode(SecureRandom.randomBytesUnsafe(16))}`)
)

/** Creates a team with the integration off and nothing connected. @since 0.1.0 */
export const createTeam = Effect.fn("TeamSetup.createTeam")(function*(input: {
  readonly teamId: Ids.TeamId
  readonly name: string
  readonly environment: Setup.LeverEnvironment
}) {
  const policy = yield* Policy
  const at = yield* Clock.currentTimeMillis
  const events = yield* Effect.fromResult(
    Setup.decide(null, { _tag: "CreateTeam", ...input, at }, { allowCustomEnvironment: policy.allowCustomLeverUrl })
  )
  const settings = Setup.replay(events)
  // decide(null, CreateTeam) always starts with TeamCreated, so the replay has a team.
  if (settings === null) return yield* Effect.die(new Error("CreateTeam produced no team"))
  return view(yield* (yield* ConfigStore).create(settings))
})

/** The team's settings and checklist. @since 0.1.0 */
export const getTeam = Effect.fn("TeamSetup.getTeam")(function*(teamId: Ids.TeamId) {
  return view(yield* (yield* ConfigStore).get(teamId))
})

/** Every team with its checklist. @since 0.1.0 */
export const listTeams = Effect.fn("TeamSetup.listTeams")(function*() {
  return (yield* (yield* ConfigStore).list()).map(view)
})

/** Turns the integration on or off. Off: webhooks are recorded but nothing is sent. @since 0.1.0 */
export const toggleIntegration = Effect.fn("TeamSetup.toggleIntegration")(function*(
  teamId: Ids.TeamId,
  enabled: boolean
) {
  const at = yield* Clock.currentTimeMillis
  return yield* run(teamId, () => [{ _tag: "ToggleIntegration", enabled, at }])
})

/** Chooses Lever production, Lever's sandbox, or (when the operator allows it) a custom URL. @since 0.1.0 */
export const chooseEnvironment = Effect.fn("TeamSetup.chooseEnvironment")(function*(
  teamId: Ids.TeamId,
  environment: Setup.LeverEnvironment
) {
  const at = yield* Clock.currentTimeMillis
  return yield* run(teamId, () => [{ _tag: "ChooseEnvironment", environment, at }])
})

/**
 * A permanent key without a permission Fulcrum needs at runtime (`missing`, all of them): refused and
 * not stored, since Lever API keys cannot be edited and the admin must make a new one.
 *
 * @since 0.1.0
 */
export class PermanentKeyLacksPermissions extends Schema.TaggedError<PermanentKeyLacksPermissions>()(
  "PermanentKeyLacksPermissions",
  { missing: Schema.Array(Schema.String), message: Schema.String }
) {}

/**
 * Stores the permanent API key after Lever accepted it. The key is checked first: a key Lever rejects
 * is refused with `LeverUnauthorized`, one without a runtime permission with
 * `PermanentKeyLacksPermissions`, and neither is stored. When Lever cannot be reached the key is stored
 * unchecked (`permissions` stays `null`): the checklist says "not checked yet" until a health check
 * gets Lever's answer. Only a fingerprint is ever shown afterwards.
 *
 * @since 0.1.0
 */
export const submitPermanentKey = Effect.fn("TeamSetup.submitPermanentKey")(function*(
  teamId: Ids.TeamId,
  key: Redacted.Redacted<string>
) {
  const store = yield* ConfigStore
  const lever = yield* LeverApi.LeverApi
  const target = yield* keyTarget(teamId, key)
  const needs = LeverApi.needsOf((yield* store.get(teamId)).settings)
  const report = yield* lever.checkPermissions(target, { purpose: "permanent", needs }).pipe(
    // Lever being briefly unavailable must not block setup: store the key, check again later.
    Effect.catchTags({
      LeverRateLimited: () => Effect.succeed(undefined),
      LeverUnavailable: () => Effect.succeed(undefined)
    })
  )
  if (report !== undefined && report.missing.length > 0) {
    return yield* new PermanentKeyLacksPermissions({
      missing: report.missing,
      message: `The permanent API key lacks ${joinedPermissions(report.missing)}, which Fulcrum needs at runtime. ` +
        "Lever API keys cannot be edited: generate a new key with every permission ticked and submit that one."
    })
  }
  const print = yield* fingerprint(key)
  const at = yield* Clock.currentTimeMillis
  // The key and the settings recording its fingerprint are one write: no key without its receipt.
  return yield* run(teamId, () => [
    { _tag: "SubmitPermanentKey", fingerprint: print, at },
    ...(report === undefined ? [] : [{
      _tag: "RecordPermissionCheck" as const,
      missing: report.missing,
      confidentialAccess: report.confidentialAccess,
      at
    }])
  ], [["permanentKey", key]])
})

/**
 * Reads the team's Lever stages (with the setup key when given, never stored) and returns them with the
 * current mapping and its drift.
 *
 * @since 0.1.0
 */
export const readLeverStages = Effect.fn("TeamSetup.readLeverStages")(function*(
  teamId: Ids.TeamId,
  setupKey?: Redacted.Redacted<string>
) {
  const target = yield* setupTarget(teamId, setupKey)
  const stages = yield* (yield* LeverApi.LeverApi).listStages(target)
  const at = yield* Clock.currentTimeMillis
  const team = yield* run(teamId, () => [{ _tag: "RecordLeverStages", stages, at }])
  const mapping = team.settings.stageMapping
  return {
    stages,
    mapping,
    drift: mapping === null ? [] : StageMapping.drift(mapping, stages),
    team
  }
})

/**
 * Reads the team's Lever archive reasons and returns them with the current mapping and suggestions for
 * the unmapped ones (suggestions are never saved by themselves).
 *
 * @since 0.1.0
 */
export const readLeverArchiveReasons = Effect.fn("TeamSetup.readLeverArchiveReasons")(function*(
  teamId: Ids.TeamId,
  setupKey?: Redacted.Redacted<string>
) {
  const target = yield* setupTarget(teamId, setupKey)
  const reasons = yield* (yield* LeverApi.LeverApi).listArchiveReasons(target)
  const at = yield* Clock.currentTimeMillis
  const team = yield* run(teamId, () => [{ _tag: "RecordLeverArchiveReasons", reasons, at }])
  return {
    reasons,
    mapping: team.settings.archiveReasonMapping,
    suggestions: ArchiveReasonMapping.suggestions(reasons, team.settings.archiveReasonMapping),
    team
  }
})

/** Lists the team's Lever tags (to show which interview-type tags are already in use). @since 0.1.0 */
export const readLeverTags = Effect.fn("TeamSetup.readLeverTags")(function*(
  teamId: Ids.TeamId,
  setupKey?: Redacted.Redacted<string>
) {
  const target = yield* setupTarget(teamId, setupKey)
  return yield* (yield* LeverApi.LeverApi).listTags(target)
})

/** Maps the three provider stages to Lever stages (all required, all distinct). @since 0.1.0 */
export const mapStages = Effect.fn("TeamSetup.mapStages")(function*(
  teamId: Ids.TeamId,
  choice: StageMapping.StageChoice
) {
  const at = yield* Clock.currentTimeMillis
  return yield* run(teamId, () => [{ _tag: "MapStages", ...choice, at }])
})

/** Maps one archive reason to an offer status (autosaved one at a time). @since 0.1.0 */
export const mapArchiveReason = Effect.fn("TeamSetup.mapArchiveReason")(function*(
  teamId: Ids.TeamId,
  reasonId: Ids.ArchiveReasonId,
  offerStatus: OfferStatus.OfferStatus
) {
  const at = yield* Clock.currentTimeMillis
  return yield* run(teamId, () => [{ _tag: "MapArchiveReason", reasonId, offerStatus, at }])
})

/**
 * "Accept all suggestions": every archive reason of the catalog last read from Lever that has no offer
 * status yet and has a suggested one takes it, in one update. Reasons already mapped keep the admin's
 * choice; reasons without a suggestion stay unmapped (the checklist names them).
 *
 * @since 0.1.0
 */
export const acceptArchiveReasonSuggestions = Effect.fn("TeamSetup.acceptArchiveReasonSuggestions")(function*(
  teamId: Ids.TeamId
) {
  const at = yield* Clock.currentTimeMillis
  return yield* run(teamId, (settings) =>
    ArchiveReasonMapping.suggestions(settings.leverArchiveReasons?.reasons ?? [], settings.archiveReasonMapping).map(
      ({ offerStatus, reasonId }): Setup.SetupCommand => ({ _tag: "MapArchiveReason", reasonId, offerStatus, at })
    ))
})

/** Stores a webhook's signing token (uploaded by the admin); only "submitted" is shown afterwards. @since 0.1.0 */
export const submitSigningToken = Effect.fn("TeamSetup.submitSigningToken")(function*(
  teamId: Ids.TeamId,
  webhook: Lever.WebhookKind,
  token: Redacted.Redacted<string>
) {
  const print = yield* fingerprint(token)
  const at = yield* Clock.currentTimeMillis
  return yield* run(teamId, () => [{
    _tag: "SubmitSigningToken",
    webhook,
    fingerprint: print,
    registeredWebhookId: null,
    at
  }], [[signingTokenName(webhook), token]])
})

/**
 * Registers Fulcrum's webhooks in the team's Lever account and stores the signature tokens Lever issues
 * — zero copy-paste. Needs `webhooks:write:admin` on the setup key or OAuth grant. Webhooks Fulcrum
 * registered earlier for the same URL are replaced, so running it twice leaves one of each.
 *
 * @since 0.1.0
 */
export const registerWebhooks = Effect.fn("TeamSetup.registerWebhooks")(function*(
  teamId: Ids.TeamId,
  options: {
    readonly publicBaseUrl: string
    readonly setupKey?: Redacted.Redacted<string>
    readonly includeCandidateDeleted?: boolean
  }
) {
  const lever = yield* LeverApi.LeverApi
  const target = yield* setupTarget(teamId, options.setupKey)
  // Both webhook permissions are named at once, before anything in Lever is replaced.
  const report = yield* lever.checkPermissions(target, { purpose: "setup", needs: { registerWebhooks: true } })
  const lacking = report.missing.filter((missing) => Lever.webhookPermissions.some((p) => p === missing))
  if (lacking.length > 0) {
    return yield* new LeverApi.LeverForbidden({
      endpoint: "POST /webhooks",
      permission: lacking[0]!,
      message: `Fulcrum cannot register its webhooks: the ${
        options.setupKey === undefined ? "Lever credentials lack" : "setup key lacks"
      } ${lacking.join(" and ")}`
    })
  }
  const urls = webhookUrls(teamId, options.publicBaseUrl)
  const kinds: ReadonlyArray<Lever.WebhookKind> = options.includeCandidateDeleted === true
    ? ["stageChange", "archiveChange", "candidateDeleted"]
    : ["stageChange", "archiveChange"]
  const existing = yield* lever.listWebhooks(target)
  const commands: Array<Setup.SetupCommand> = []
  const tokens: Array<readonly [SecretName, Redacted.Redacted<string>]> = []
  for (const kind of kinds) {
    const url = urls[kind]
    const event = Lever.leverEventName[kind]
    for (const old of existing) {
      if (old.url === url && old.event === event) yield* lever.deleteWebhook(target, old.id)
    }
    const registered = yield* lever.registerWebhook(target, { event, url })
    tokens.push([signingTokenName(kind), registered.signatureToken])
    commands.push({
      _tag: "SubmitSigningToken",
      webhook: kind,
      fingerprint: yield* fingerprint(registered.signatureToken),
      registeredWebhookId: registered.id,
      at: yield* Clock.currentTimeMillis
    })
  }
  // Every token with the settings that record it, in one write.
  return yield* run(teamId, () => commands, tokens)
})

/**
 * Adds an interview type with its Lever tag (exact, case-sensitive, unique in the team). Answers the
 * team and the interview type as stored (its id generated when none was given).
 *
 * @since 0.1.0
 */
export const addInterviewType = Effect.fn("TeamSetup.addInterviewType")(function*(
  teamId: Ids.TeamId,
  input: {
    readonly id?: Ids.InterviewTypeId
    readonly name: string
    readonly tag: string
    readonly passThreshold?: number
  }
) {
  const id = input.id ?? ((yield* randomId("it")) as Ids.InterviewTypeId)
  const interviewType: InterviewType.InterviewType = {
    id,
    name: input.name,
    tag: input.tag,
    ...(input.passThreshold === undefined ? {} : { passThreshold: input.passThreshold })
  }
  const at = yield* Clock.currentTimeMillis
  const team = yield* run(teamId, () => [{ _tag: "AddInterviewType", interviewType, at }])
  return { ...team, interviewType }
})

/** Removes an interview type; candidates already invited keep their invite. @since 0.1.0 */
export const removeInterviewType = Effect.fn("TeamSetup.removeInterviewType")(function*(
  teamId: Ids.TeamId,
  interviewTypeId: Ids.InterviewTypeId
) {
  const at = yield* Clock.currentTimeMillis
  return yield* run(teamId, () => [{ _tag: "RemoveInterviewType", interviewTypeId, at }])
})

/** Turns progress tags on or off and sets their prefix. @since 0.1.0 */
export const configureProgressTags = Effect.fn("TeamSetup.configureProgressTags")(function*(
  teamId: Ids.TeamId,
  input: { readonly enabled: boolean; readonly prefix: string }
) {
  const at = yield* Clock.currentTimeMillis
  return yield* run(teamId, () => [{ _tag: "ConfigureProgressTags", ...input, at }])
})

/**
 * Re-checks the runtime connection now (`ConnectionHealth.check`): permissions, stages (drift of the
 * mapping), archive reasons, webhooks and, once postings are linked, the postings (a linked posting Lever
 * no longer has is flagged on the checklist), recorded with the findings. A rejected key or a failed OAuth
 * token becomes a checklist problem and a `CredentialsInvalid` finding instead of a silent failure; an
 * OAuth token Lever ended early is renewed and checked once more.
 *
 * @since 0.1.0
 */
export const healthCheck = Effect.fn("TeamSetup.healthCheck")(function*(
  teamId: Ids.TeamId,
  options: ConnectionHealth.CheckOptions = {}
) {
  return view((yield* ConnectionHealth.check(teamId, options)).team)
})
