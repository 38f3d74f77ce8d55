/**
 * The setup checklist, derived from a team's settings and never stored. Items come in the order an admin
 * works through setup; each says what is missing and how to fix it (which settings action, which Lever
 * screen). The team is ready only when every item is done. Warnings say what works only in part (such
 * as confidential candidates being skipped); they never hold the team back from ready.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import * as ArchiveReasonMapping from "./ArchiveReasonMapping.ts"
import { HealthReport } from "./HealthFinding.ts"
import { isoUtc, joinWithAnd, quoted } from "./internal/format.ts"
import { progressTagPermission, requiredWebhookKinds, runtimePermissions, type WebhookKind } from "./Lever.ts"
import type { TeamSettings } from "./Setup.ts"
import * as StageMapping from "./StageMapping.ts"

/** The checklist items, in checklist order. @since 0.1.0 */
export const ChecklistItemId = Schema.Literals([
  "integration",
  "connection",
  "permissions",
  "stages",
  "archiveReasons",
  "signingTokens",
  "webhooks",
  "interviewTypes"
])
/** @since 0.1.0 */
export type ChecklistItemId = typeof ChecklistItemId.Type

/**
 * One checklist item. `problem` says exactly what is missing and `fix` how to fix it; both are `null`
 * when the item is done.
 *
 * @since 0.1.0
 */
export const ChecklistItem = Schema.Struct({
  id: ChecklistItemId,
  title: Schema.String,
  done: Schema.Boolean,
  problem: Schema.NullOr(Schema.String),
  fix: Schema.NullOr(Schema.String)
})
/** @since 0.1.0 */
export type ChecklistItem = typeof ChecklistItem.Type

/** The warnings the checklist can show. @since 0.1.0 */
export const ChecklistWarningId = Schema.Literals(["confidentialAccess"])
/** @since 0.1.0 */
export type ChecklistWarningId = typeof ChecklistWarningId.Type

/**
 * Something that works only in part and that the admin may want to change; listed only while it holds.
 *
 * @since 0.1.0
 */
export const ChecklistWarning = Schema.Struct({
  id: ChecklistWarningId,
  title: Schema.String,
  problem: Schema.String,
  fix: Schema.String
})
/** @since 0.1.0 */
export type ChecklistWarning = typeof ChecklistWarning.Type

/**
 * The whole checklist. `ready` depends on the items only, never on `warnings`. `setupKeyNoLongerNeeded`
 * turns true once the stages and archive reasons are mapped: the admin may then delete the setup API key
 * in Lever. `health` is the last connection health check with its findings (`null` before the first).
 *
 * @since 0.1.0
 */
export const Checklist = Schema.Struct({
  items: Schema.Array(ChecklistItem),
  warnings: Schema.Array(ChecklistWarning),
  ready: Schema.Boolean,
  setupKeyNoLongerNeeded: Schema.Boolean,
  health: Schema.NullOr(HealthReport)
})
/** @since 0.1.0 */
export type Checklist = typeof Checklist.Type

const apiCredentialsScreen = "Settings → Integrations and API → API Credentials"
const webhooksScreen = "Settings → Integrations and API → Webhooks"

/** The Lever name of each webhook, as Lever's webhooks screen shows it. @since 0.1.0 */
export const webhookTitle: Record<WebhookKind, string> = {
  stageChange: "Candidate Stage Change",
  archiveChange: "Candidate Archive Change",
  candidateDeleted: "Candidate Deleted"
}

const done = (id: ChecklistItemId, title: string): ChecklistItem => ({
  id,
  title,
  done: true,
  problem: null,
  fix: null
})

const missing = (id: ChecklistItemId, title: string, problem: string, fix: string): ChecklistItem => ({
  id,
  title,
  done: false,
  problem,
  fix
})

const allowConfidential = "Allow access to confidential data"

/**
 * What a new permanent key needs: the runtime permissions, tag writes when progress tags are on, and
 * whatever else the last check found missing.
 */
const permanentKeyPermissions = (settings: TeamSettings): ReadonlyArray<string> => [
  ...new Set([
    ...runtimePermissions,
    ...(settings.progressTags.enabled ? [progressTagPermission] : []),
    ...(settings.permissions?.missing ?? [])
  ])
]

const newPermanentKeyFix = (settings: TeamSettings, confidential: "if wanted" | "on" = "if wanted"): string =>
  `In Lever, go to ${apiCredentialsScreen}, click Generate New Key with the permissions ${
    joinWithAnd(permanentKeyPermissions(settings))
  }${
    confidential === "on"
      ? `, with "${allowConfidential}" switched on`
      : ` (and "${allowConfidential}" if invites should reach confidential candidates)`
  }, then submit it as the permanent API key in the settings.`

const integrationItem = (settings: TeamSettings): ChecklistItem => {
  const title = "Integration switched on"
  return settings.integrationEnabled
    ? done("integration", title)
    : missing(
      "integration",
      title,
      "The integration is switched off: webhooks are recorded, but no invite is sent and nothing is written to Lever.",
      "Switch the Lever integration on in the team settings."
    )
}

const connectionItem = (settings: TeamSettings): ChecklistItem => {
  const title = "Lever connected"
  const connection = settings.connection
  if (connection._tag === "NotConnected") {
    return missing(
      "connection",
      title,
      "Fulcrum cannot call Lever: the team is not connected to Lever and no permanent API key was submitted.",
      `Click "Connect to Lever" if the settings offer it. Otherwise: ${newPermanentKeyFix(settings)}`
    )
  }
  if (connection._tag === "OAuth" && connection.reconnectNeeded !== null) {
    const { reason, since } = connection.reconnectNeeded
    return missing(
      "connection",
      title,
      `The Lever connection stopped working on ${isoUtc(since)}: ${reason}.`,
      `Click "Connect to Lever" again and approve the access.`
    )
  }
  const rejected = settings.problems.find((problem) => problem._tag === "CredentialsRejected")
  if (rejected !== undefined) {
    const what = connection._tag === "OAuth" ? "connection" : "permanent API key"
    return missing(
      "connection",
      title,
      `Lever rejected the ${what} on ${isoUtc(rejected.at)}: ${rejected.detail}.`,
      connection._tag === "OAuth"
        ? `Click "Connect to Lever" again and approve the access.`
        : `The key may have been deleted or disabled in Lever. ${newPermanentKeyFix(settings)}`
    )
  }
  return done("connection", title)
}

const permissionsItem = (settings: TeamSettings): ChecklistItem => {
  const title = "Lever permissions complete"
  if (settings.connection._tag === "NotConnected") {
    return missing(
      "permissions",
      title,
      "The permissions cannot be checked: Lever is not connected yet.",
      "Connect Lever first (previous step); the permissions are checked right after."
    )
  }
  if (settings.permissions === null) {
    return missing(
      "permissions",
      title,
      "The permissions of the Lever credentials have not been checked yet.",
      "Run the connection health check in the team settings."
    )
  }
  const lacking = settings.permissions.missing
  if (lacking.length === 0) return done("permissions", title)
  return missing(
    "permissions",
    title,
    `The Lever credentials lack ${lacking.length === 1 ? "this permission" : "these permissions"}: ${
      joinWithAnd(lacking)
    } (checked ${isoUtc(settings.permissions.checkedAt)}).`,
    settings.connection._tag === "OAuth"
      ? `Click "Connect to Lever" again and approve every permission it asks for.`
      : `Lever API keys cannot be edited. ${newPermanentKeyFix(settings)}`
  )
}

const stagesItem = (settings: TeamSettings): ChecklistItem => {
  const title = "Stages mapped"
  if (settings.stageMapping === null) {
    return missing(
      "stages",
      title,
      "The assessment, onsite and offer stages are not mapped to Lever stages.",
      "Open Configure stages, read the Lever stages (with a setup API key, or the permanent key if it may read " +
        "stages), choose a Lever stage for each of assessment, onsite and offer, and save."
    )
  }
  const drifts = StageMapping.drift(settings.stageMapping, settings.leverStages?.stages ?? [])
  if (drifts.length === 0) return done("stages", title)
  const sentences = drifts.map(StageMapping.driftMessage)
  return missing(
    "stages",
    title,
    `The stage mapping no longer matches Lever: ${sentences.join("; ")}.`,
    "Open Configure stages, read the Lever stages again and map the three stages again."
  )
}

const archiveReasonsItem = (settings: TeamSettings): ChecklistItem => {
  const title = "Archive reasons mapped"
  if (settings.leverArchiveReasons === null) {
    return missing(
      "archiveReasons",
      title,
      "The Lever archive reasons have not been read yet.",
      "Open Configure archive reasons and read them (with a setup API key, or the permanent key if it may read " +
        "archive reasons), then choose an offer status for each."
    )
  }
  const catalog = settings.leverArchiveReasons.reasons
  const unmappedActive = ArchiveReasonMapping.unmappedActiveReasons(settings)
  const seenUnmapped = settings.problems.flatMap((problem) =>
    problem._tag === "UnmappedArchiveReason" ? [problem.reasonId] : []
  )
  if (unmappedActive.length === 0 && seenUnmapped.length === 0) return done("archiveReasons", title)
  const problems: Array<string> = []
  if (unmappedActive.length > 0) {
    problems.push(`These active archive reasons have no offer status: ${
      joinWithAnd(unmappedActive.map((reason) => quoted(reason.text)))
    }.`)
  }
  const notInCatalog = seenUnmapped.filter((reasonId) => !catalog.some((reason) => reason.id === reasonId))
  if (seenUnmapped.length > 0) {
    const described = seenUnmapped.map((reasonId) => {
      const reason = catalog.find((known) => known.id === reasonId)
      return reason === undefined
        ? `${reasonId} (not in the reasons last read)`
        : reason.status === "inactive"
        ? `${quoted(reason.text)} (inactive)`
        : quoted(reason.text)
    })
    problems.push(`Candidates were archived with reasons that have no offer status: ${joinWithAnd(described)}.`)
  }
  const choose = "choose an offer status for each of them (each choice is saved at once; Fulcrum suggests one " +
    "for common names)."
  return missing(
    "archiveReasons",
    title,
    problems.join(" "),
    notInCatalog.length > 0
      ? `Read the archive reasons again in Configure archive reasons, then ${choose}`
      : `In Configure archive reasons, ${choose}`
  )
}

const signingTokensItem = (settings: TeamSettings): ChecklistItem => {
  const title = "Signing tokens submitted"
  const lacking = requiredWebhookKinds.filter((kind) => settings.signingTokens[kind] === undefined)
  if (lacking.length === 0) return done("signingTokens", title)
  const several = lacking.length > 1
  const webhooks = `${joinWithAnd(lacking.map((kind) => webhookTitle[kind]))} webhook${several ? "s" : ""}`
  return missing(
    "signingTokens",
    title,
    `No signing token was submitted for the ${webhooks}.`,
    "Let Fulcrum register the webhooks in Lever (offered when connected with Connect to Lever, or with a setup " +
      "key that has the webhooks permissions): it keeps the tokens itself. Or by hand: in Lever, go to " +
      `${webhooksScreen}, add the ${webhooks} with the URL${several ? "s" : ""} shown in the settings, copy each ` +
      "signature token and submit it under Signing tokens."
  )
}

const webhooksItem = (settings: TeamSettings): ChecklistItem => {
  const title = "Webhooks verified"
  // A webhook verified once can be deleted or repointed in Lever later; the health check sees that.
  const gone = (settings.health?.findings ?? []).filter((finding) => finding.kind === "WebhookMissing")
  if (gone.length > 0) {
    return missing("webhooks", title, gone.map((finding) => finding.message).join(" "), gone[0]!.fix)
  }
  const unseen = requiredWebhookKinds.filter((kind) => settings.webhooksSeen[kind] === undefined)
  if (unseen.length === 0) return done("webhooks", title)
  const names = joinWithAnd(unseen.map((kind) => webhookTitle[kind]))
  const webhooks = `${names} webhook${unseen.length > 1 ? "s" : ""}`
  return missing(
    "webhooks",
    title,
    `Nothing signed has arrived yet from the ${webhooks} (no verified ping, no event).`,
    `In Lever, go to ${webhooksScreen} and click "Verify connection" on the ${webhooks}, or move a test ` +
      "candidate. If it still does not arrive, check that the URL is exactly the one shown in the settings and " +
      "that the signing token submitted is that webhook's."
  )
}

const interviewTypesItem = (settings: TeamSettings): ChecklistItem => {
  const title = "Interview types set up"
  return settings.interviewTypes.length > 0
    ? done("interviewTypes", title)
    : missing(
      "interviewTypes",
      title,
      "There is no interview type, so no candidate can be matched to an assessment.",
      "Add an interview type with its Lever tag. Recruiters put that tag on a candidate before moving them to " +
        "the assessment stage."
    )
}

const skipped = "confidential candidates are skipped: no invite, no note in Lever, and a note on each one's " +
  "Fulcrum timeline saying why."

/** Only the runtime credentials' last check counts: a setup key never reads candidates. */
const confidentialAccessWarning = (settings: TeamSettings): ReadonlyArray<ChecklistWarning> => {
  const check = settings.permissions
  if (settings.connection._tag === "NotConnected" || check === null || check.confidentialAccess === true) return []
  const title = "Access to confidential candidates"
  const oauth = settings.connection._tag === "OAuth"
  const credentials = oauth ? "Lever connection" : "permanent API key"
  const checked = `checked ${isoUtc(check.checkedAt)}`
  if (check.confidentialAccess === "unknown") {
    return [{
      id: "confidentialAccess",
      title,
      problem: `Fulcrum could not tell whether the ${credentials} may read confidential candidates: Lever ` +
        `showed none to tell by (${checked}). Without that access, ${skipped}`,
      fix: `Nothing to do if ${
        oauth ? "the connection was approved with access to confidential data" : `the key has "${allowConfidential}"`
      } or if confidential candidates take no assessment. The next health check tells once Lever has candidates.`
    }]
  }
  return [{
    id: "confidentialAccess",
    title,
    problem: `The ${credentials} has no access to confidential data (${checked}), so ${skipped}`,
    fix: oauth
      ? `If confidential candidates should take assessments, click "Connect to Lever" again and allow access to ` +
        "confidential data."
      : `If confidential candidates should take assessments: Lever API keys cannot be edited. ${
        newPermanentKeyFix(settings, "on")
      }`
  }]
}

/**
 * The setup checklist of a team.
 *
 * @since 0.1.0
 */
export const checklist = (settings: TeamSettings): Checklist => {
  const items = [
    integrationItem(settings),
    connectionItem(settings),
    permissionsItem(settings),
    stagesItem(settings),
    archiveReasonsItem(settings),
    signingTokensItem(settings),
    webhooksItem(settings),
    interviewTypesItem(settings)
  ]
  const isDone = (id: ChecklistItemId) => items.some((item) => item.id === id && item.done)
  return {
    items,
    warnings: confidentialAccessWarning(settings),
    ready: items.every((item) => item.done),
    setupKeyNoLongerNeeded: isDone("stages") && isDone("archiveReasons"),
    health: settings.health
  }
}
