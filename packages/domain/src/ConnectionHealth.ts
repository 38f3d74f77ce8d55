/**
 * The connection health check's judgement: given a team's settings and what Lever answered just now
 * (credentials, permissions, stages, archive reasons, webhooks), the findings to show. Pure: the core
 * reads Lever and records the result with `Setup`'s `RecordHealthCheck`.
 *
 * @since 0.2.0
 */
import * as ArchiveReasonMapping from "./ArchiveReasonMapping.ts"
import type { Observed } from "./HealthFinding.ts"
import { joinWithAnd, quoted } from "./internal/format.ts"
import {
  type LeverArchiveReason,
  leverEventName,
  type LeverStage,
  requiredWebhookKinds,
  type WebhookKind
} from "./Lever.ts"
import type { ConfidentialAccess, TeamSettings } from "./Setup.ts"
import * as StageMapping from "./StageMapping.ts"

/** A webhook registered in Lever, as Lever lists it. @since 0.2.0 */
export interface RegisteredWebhook {
  readonly event: string
  readonly url: string
}

/**
 * What Lever answered. `webhooks` is `null` when the credentials may not list webhooks (a permanent key
 * usually may not): the webhooks are then not judged.
 *
 * @since 0.2.0
 */
export type Observation =
  | { readonly _tag: "CredentialsRejected"; readonly detail: string }
  | {
    readonly _tag: "Answered"
    readonly missingPermissions: ReadonlyArray<string>
    readonly confidentialAccess: ConfidentialAccess
    readonly stages: ReadonlyArray<LeverStage>
    readonly reasons: ReadonlyArray<LeverArchiveReason>
    readonly webhooks: ReadonlyArray<RegisteredWebhook> | null
  }

/**
 * Where each webhook should point: its path on this deployment and, when the deployment's public URL is
 * known, the whole URL (otherwise any origin with the right path counts).
 *
 * @since 0.2.0
 */
export type WebhookTargets = Record<WebhookKind, { readonly path: string; readonly url: string | null }>

const webhookNames: Record<WebhookKind, string> = {
  stageChange: "Candidate Stage Change",
  archiveChange: "Candidate Archive Change",
  candidateDeleted: "Candidate Deleted"
}

const reconnect = `Click "Connect to Lever" again and approve the access.`
const newKey = "In Lever, go to Settings → Integrations and API → API Credentials, generate a new key with the " +
  "permissions the checklist names, and submit it as the permanent API key in the settings."

const credentialsName = (settings: TeamSettings) =>
  settings.connection._tag === "OAuth" ? "Lever connection" : "permanent API key"

const credentialsInvalid = (settings: TeamSettings, detail: string): Observed => ({
  kind: "CredentialsInvalid",
  subject: { id: settings.connection._tag, name: credentialsName(settings) },
  message: `Lever rejects the ${credentialsName(settings)}: ${detail}. Nothing reaches Lever until it is fixed.`,
  fix: settings.connection._tag === "OAuth" ? reconnect : newKey
})

const permissionFindings = (settings: TeamSettings, missing: ReadonlyArray<string>): ReadonlyArray<Observed> =>
  missing.map((permission) => ({
    kind: "PermissionMissing",
    subject: { id: permission, name: permission },
    message: `The ${credentialsName(settings)} lacks the permission ${permission}.`,
    fix: settings.connection._tag === "OAuth"
      ? `Click "Connect to Lever" again and approve every permission it asks for.`
      : `Lever API keys cannot be edited. ${newKey}`
  }))

const confidentialFindings = (settings: TeamSettings, access: ConfidentialAccess): ReadonlyArray<Observed> =>
  access === false
    ? [{
      kind: "ConfidentialAccessMissing",
      subject: { id: "confidential", name: "confidential candidates" },
      message: `The ${credentialsName(settings)} may not read confidential candidates: they get no invite.`,
      fix: settings.connection._tag === "OAuth"
        ? `Click "Connect to Lever" again and allow access to confidential data.`
        : `Generate a new key with "Allow access to confidential data" switched on and submit it.`
    }]
    : []

const remap = "Open Configure stages, read the Lever stages again and map the three stages again."

const stageFindings = (settings: TeamSettings, stages: ReadonlyArray<LeverStage>): ReadonlyArray<Observed> =>
  settings.stageMapping === null ? [] : StageMapping.drift(settings.stageMapping, stages).map((drift) => ({
    kind: drift._tag === "Missing" ? "StageMissing" : "StageRenamed",
    subject: { id: drift.mapped.stageId, name: drift.mapped.name },
    message: `In Lever, ${StageMapping.driftMessage(drift)}.`,
    fix: drift._tag === "Missing"
      ? `${remap} Until then no candidate moving to ${drift.providerStage} is handled.`
      : `${remap} Candidates are still handled (the stage's id did not change); remapping confirms the choice.`
  }))

const reasonFindings = (
  settings: TeamSettings,
  reasons: ReadonlyArray<LeverArchiveReason>
): ReadonlyArray<Observed> => {
  const previous = new Map((settings.leverArchiveReasons?.reasons ?? []).map((reason) => [reason.id, reason.text]))
  const current = new Map(reasons.map((reason) => [reason.id, reason]))
  const findings: Array<Observed> = []
  for (const reasonId of Object.keys(settings.archiveReasonMapping)) {
    const now = current.get(reasonId as LeverArchiveReason["id"])
    const before = previous.get(reasonId as LeverArchiveReason["id"])
    const name = now?.text ?? before ?? reasonId
    if (now === undefined) {
      findings.push({
        kind: "ArchiveReasonMissing",
        subject: { id: reasonId, name },
        message: `The archive reason ${quoted(name)} mapped to ${
          settings.archiveReasonMapping[reasonId]
        } no longer exists in Lever.`,
        fix: "Nothing breaks; read the archive reasons again in Configure archive reasons and map any new ones."
      })
    } else if (before !== undefined && before !== now.text) {
      findings.push({
        kind: "ArchiveReasonRenamed",
        subject: { id: reasonId, name: now.text },
        message: `The archive reason ${quoted(before)} was renamed to ${quoted(now.text)} in Lever; it is still mapped ` +
          `to ${settings.archiveReasonMapping[reasonId]}.`,
        fix: "Check in Configure archive reasons that the offer status still fits the new name."
      })
    }
  }
  const withCatalog: TeamSettings = { ...settings, leverArchiveReasons: { readAt: 0, reasons } }
  const unmapped = new Map<string, string>(
    ArchiveReasonMapping.unmappedActiveReasons(withCatalog).map((reason) => [reason.id, reason.text])
  )
  for (const problem of settings.problems) {
    if (problem._tag === "UnmappedArchiveReason" && settings.archiveReasonMapping[problem.reasonId] === undefined) {
      unmapped.set(problem.reasonId, current.get(problem.reasonId)?.text ?? previous.get(problem.reasonId) ?? problem.reasonId)
    }
  }
  for (const [id, name] of unmapped) {
    const used = settings.problems.some((problem) => problem._tag === "UnmappedArchiveReason" && problem.reasonId === id)
    findings.push({
      kind: "ArchiveReasonUnmapped",
      subject: { id, name },
      message: `The archive reason ${quoted(name)} has no offer status${
        used ? "; candidates were archived with it and kept without one" : ""
      }.`,
      fix: `In Configure archive reasons, choose an offer status for ${quoted(name)}.`
    })
  }
  return findings
}

/** The kinds a team needs: the required ones, and `candidateDeleted` once it has a token for it. */
const neededKinds = (settings: TeamSettings): ReadonlyArray<WebhookKind> =>
  settings.signingTokens["candidateDeleted"] === undefined
    ? requiredWebhookKinds
    : [...requiredWebhookKinds, "candidateDeleted"]

const webhookFindings = (
  settings: TeamSettings,
  webhooks: ReadonlyArray<RegisteredWebhook>,
  targets: WebhookTargets
): ReadonlyArray<Observed> =>
  neededKinds(settings).flatMap((kind): ReadonlyArray<Observed> => {
    const target = targets[kind]
    const forEvent = webhooks.filter((webhook) => webhook.event === leverEventName[kind])
    const ours = forEvent.filter((webhook) => webhookPath(webhook.url) === target.path)
    if (ours.some((webhook) => target.url === null || webhook.url === target.url)) return []
    const name = webhookNames[kind]
    const fix = "Register the webhooks again from the settings (Fulcrum replaces its own), or in Lever, go to " +
      "Settings → Integrations and API → Webhooks and set the URL shown in the settings."
    return [{
      kind: "WebhookMissing",
      subject: { id: kind, name },
      message: ours.length > 0
        ? `The ${name} webhook in Lever points at ${joinWithAnd(ours.map((webhook) => webhook.url))}, not at this ` +
          `deployment (${target.url}).`
        : `The ${name} webhook is not registered in Lever: Fulcrum hears nothing of it.`,
      fix
    }]
  })

const webhookPath = (url: string): string => {
  try {
    return new URL(url).pathname
  } catch {
    return url
  }
}

/**
 * The findings of one check. `settings` are the team's settings before the check (the archive reasons
 * read last time tell a renamed reason from a new one).
 *
 * @example
 * ```ts
 * ConnectionHealth.assess(settings, { _tag: "CredentialsRejected", detail: "401 from Lever" }, targets)
 * // [{ kind: "CredentialsInvalid", subject: { id: "ApiKey", name: "permanent API key" }, ... }]
 * ```
 *
 * @since 0.2.0
 */
export const assess = (
  settings: TeamSettings,
  observation: Observation,
  targets: WebhookTargets
): ReadonlyArray<Observed> => {
  if (observation._tag === "CredentialsRejected") return [credentialsInvalid(settings, observation.detail)]
  return [
    ...permissionFindings(settings, observation.missingPermissions),
    ...confidentialFindings(settings, observation.confidentialAccess),
    ...stageFindings(settings, observation.stages),
    ...reasonFindings(settings, observation.reasons),
    ...(observation.webhooks === null ? [] : webhookFindings(settings, observation.webhooks, targets))
  ]
}
