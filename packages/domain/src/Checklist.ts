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
import {
  postingsPermission,
  progressTagPermission,
  requiredWebhookKinds,
  runtimePermissions,
  type WebhookKind
} from "./Lever.ts"
import * as Posting from "./Posting.ts"
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
/** The type {@link ChecklistItemId} decodes to. @since 0.1.0 */
export type ChecklistItemId = typeof ChecklistItemId.Type

/**
 * An admin API call that does (part of) a fix, so a client can offer it as a button: the method and the
 * team's own path (`{reasonId}` or `{webhook}` left for the client to fill in where one call per reason
 * or per webhook is needed).
 *
 * @since 0.1.0
 */
export const FixRoute = Schema.Struct({
  method: Schema.Literals(["GET", "POST", "PUT", "DELETE"]),
  path: Schema.String
})
/** The type {@link FixRoute} decodes to. @since 0.1.0 */
export type FixRoute = typeof FixRoute.Type

/**
 * One checklist item. `problem` says exactly what is missing and `fix` how to fix it, in a sentence that
 * names the API route that does each step; `routes` are those calls, in order. `problem` and `fix` are
 * `null` and `routes` empty when the item is done.
 *
 * @since 0.1.0
 */
export const ChecklistItem = Schema.Struct({
  id: ChecklistItemId,
  title: Schema.String,
  done: Schema.Boolean,
  problem: Schema.NullOr(Schema.String),
  fix: Schema.NullOr(Schema.String),
  routes: Schema.Array(FixRoute)
})
/** The type {@link ChecklistItem} decodes to. @since 0.1.0 */
export type ChecklistItem = typeof ChecklistItem.Type

/** The warnings the checklist can show. @since 0.1.0 */
export const ChecklistWarningId = Schema.Literals(["confidentialAccess", "postingLinks", "stageDefaults"])
/** The type {@link ChecklistWarningId} decodes to. @since 0.1.0 */
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
  fix: Schema.String,
  routes: Schema.Array(FixRoute)
})
/** The type {@link ChecklistWarning} decodes to. @since 0.1.0 */
export type ChecklistWarning = typeof ChecklistWarning.Type

/**
 * The whole checklist. `ready` depends on the items only, never on `warnings`. `setupKeyNoLongerNeeded`
 * turns true once nothing left needs the setup API key: the stages and archive reasons are mapped and
 * every webhook has its signing token (registering webhooks is the last step that uses it). The admin
 * may then delete the setup key in Lever. `health` is the last connection health
 * check with its findings (`null` before the first).
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
/** The type {@link Checklist} decodes to. @since 0.1.0 */
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
  fix: null,
  routes: []
})

/** A fix: the sentence, and the calls it names (in its order). */
interface Fix {
  readonly text: string
  readonly routes: ReadonlyArray<FixRoute>
}

const missing = (id: ChecklistItemId, title: string, problem: string, fix: Fix): ChecklistItem => ({
  id,
  title,
  done: false,
  problem,
  fix: fix.text,
  routes: fix.routes
})

/** The admin API routes of a team that checklist fixes name. */
const routesOf = (settings: TeamSettings) => {
  const team = `/api/teams/${settings.teamId}`
  const route = (method: FixRoute["method"], path: string): FixRoute => ({ method, path: `${team}${path}` })
  return {
    integration: route("PUT", "/integration"),
    connect: route("GET", "/lever/connect"),
    permanentKey: route("PUT", "/permanent-key"),
    healthCheck: route("POST", "/health-check"),
    leverStages: route("POST", "/lever/stages"),
    stageMapping: route("PUT", "/stage-mapping"),
    leverArchiveReasons: route("POST", "/lever/archive-reasons"),
    archiveReason: route("PUT", "/archive-reasons/{reasonId}"),
    registerWebhooks: route("POST", "/lever/webhooks/register"),
    webhookUrls: route("GET", "/webhook-urls"),
    signingToken: route("PUT", "/signing-tokens/{webhook}"),
    interviewTypes: route("POST", "/interview-types"),
    postingLink: route("PUT", "/postings/{postingId}/interview-type")
  }
}

/** A route as a fix sentence names it. */
const call = (route: FixRoute) => `${route.method} ${route.path}`

const allowConfidential = "Allow access to confidential data"

/**
 * What a new permanent key needs: the runtime permissions, tag writes when progress tags are on, and
 * whatever else the last check found missing.
 */
const permanentKeyPermissions = (settings: TeamSettings): ReadonlyArray<string> => [
  ...new Set([
    ...runtimePermissions,
    ...(settings.progressTags.enabled ? [progressTagPermission] : []),
    ...(Object.keys(settings.postingLinks ?? {}).length > 0 ? [postingsPermission] : []),
    ...(settings.permissions?.missing ?? [])
  ])
]

const newPermanentKeyFix = (settings: TeamSettings, confidential: "if wanted" | "on" = "if wanted"): Fix => {
  const { permanentKey } = routesOf(settings)
  return {
    text: `In Lever, go to ${apiCredentialsScreen}, click Generate New Key with the permissions ${
      joinWithAnd(permanentKeyPermissions(settings))
    }${
      confidential === "on"
        ? `, with "${allowConfidential}" switched on`
        : ` (and "${allowConfidential}" if invites should reach confidential candidates)`
    }, then submit it as the permanent API key with ${call(permanentKey)}.`,
    routes: [permanentKey]
  }
}

/** Connect to Lever again (OAuth): the browser opens the connect route. */
const reconnectFix = (settings: TeamSettings, approve: string): Fix => {
  const { connect } = routesOf(settings)
  return {
    text: `Connect to Lever again: open ${call(connect)} in the browser (signed in as admin) and ${approve}.`,
    routes: [connect]
  }
}

const integrationItem = (settings: TeamSettings): ChecklistItem => {
  const title = "Integration switched on"
  return settings.integrationEnabled
    ? done("integration", title)
    : missing(
      "integration",
      title,
      "The integration is switched off: webhooks are recorded, but no invite is sent and nothing is written to Lever.",
      {
        text: `Switch the integration on with ${call(routesOf(settings).integration)} ({"enabled": true}).`,
        routes: [routesOf(settings).integration]
      }
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
      {
        text: `Connect to Lever by opening ${call(routesOf(settings).connect)} in the browser, if the operator ` +
          `set up Connect to Lever. Otherwise: ${newPermanentKeyFix(settings).text}`,
        routes: [routesOf(settings).connect, ...newPermanentKeyFix(settings).routes]
      }
    )
  }
  if (connection._tag === "OAuth" && connection.reconnectNeeded !== null) {
    const { reason, since } = connection.reconnectNeeded
    return missing(
      "connection",
      title,
      `The Lever connection stopped working on ${isoUtc(since)}: ${reason}.`,
      reconnectFix(settings, "approve the access")
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
        ? reconnectFix(settings, "approve the access")
        : {
          text: `The key may have been deleted or disabled in Lever. ${newPermanentKeyFix(settings).text}`,
          routes: newPermanentKeyFix(settings).routes
        }
    )
  }
  if (settings.permissions === null) {
    // Lever has not answered about these credentials yet (it was out of reach when they were
    // submitted): they are stored, but "connected" would be a claim nobody has checked.
    const { healthCheck } = routesOf(settings)
    const what = connection._tag === "OAuth" ? "Lever connection" : "permanent API key"
    const since = connection._tag === "OAuth" ? connection.connectedAt : connection.key.submittedAt
    return missing(
      "connection",
      title,
      `The ${what} was stored on ${isoUtc(since)} but is not checked yet: Lever could not be reached.`,
      {
        text: `Check it again once Lever answers with ${call(healthCheck)}; the health check confirms the ` +
          "connection and its permissions.",
        routes: [healthCheck]
      }
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
      { text: "Connect Lever first (previous step); the permissions are checked right after.", routes: [] }
    )
  }
  if (settings.permissions === null) {
    return missing(
      "permissions",
      title,
      "The permissions of the Lever credentials have not been checked yet.",
      {
        text: `Run the health check with ${call(routesOf(settings).healthCheck)}.`,
        routes: [routesOf(settings).healthCheck]
      }
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
      ? reconnectFix(settings, "approve every permission it asks for")
      : { text: `Lever API keys cannot be edited. ${newPermanentKeyFix(settings).text}`, routes: newPermanentKeyFix(settings).routes }
  )
}

const stagesItem = (settings: TeamSettings): ChecklistItem => {
  const title = "Stages mapped"
  const routes = routesOf(settings)
  if (settings.stageMapping === null) {
    return missing(
      "stages",
      title,
      "The assessment, onsite and offer stages are not mapped to Lever stages.",
      {
        text: `Read the Lever stages with ${call(routes.leverStages)} (with a setup API key as setupKey, or ` +
          "without one if the permanent key may read stages), then choose a Lever stage for each of assessment, " +
          `onsite and offer with ${call(routes.stageMapping)}.`,
        routes: [routes.leverStages, routes.stageMapping]
      }
    )
  }
  const drifts = StageMapping.drift(settings.stageMapping, settings.leverStages?.stages ?? [])
  if (drifts.length === 0) return done("stages", title)
  const sentences = drifts.map(StageMapping.driftMessage)
  return missing(
    "stages",
    title,
    `The stage mapping no longer matches Lever: ${sentences.join("; ")}.`,
    {
      text: `Read the Lever stages again with ${call(routes.leverStages)} and map the three stages again with ` +
        `${call(routes.stageMapping)}.`,
      routes: [routes.leverStages, routes.stageMapping]
    }
  )
}

const archiveReasonsItem = (settings: TeamSettings): ChecklistItem => {
  const title = "Archive reasons mapped"
  const routes = routesOf(settings)
  const choose = `choose an offer status for each of them with ${call(routes.archiveReason)}, one reason at a ` +
    "time (the read suggests one for common names)."
  if (settings.leverArchiveReasons === null) {
    return missing(
      "archiveReasons",
      title,
      "The Lever archive reasons have not been read yet.",
      {
        text: `Read the Lever archive reasons with ${call(routes.leverArchiveReasons)} (with a setup API key as ` +
          `setupKey, or without one if the permanent key may read them), then ${choose}`,
        routes: [routes.leverArchiveReasons, routes.archiveReason]
      }
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
  return missing(
    "archiveReasons",
    title,
    problems.join(" "),
    notInCatalog.length > 0
      ? {
        text: `Read the archive reasons again with ${call(routes.leverArchiveReasons)}, then ${choose}`,
        routes: [routes.leverArchiveReasons, routes.archiveReason]
      }
      : { text: choose.charAt(0).toUpperCase() + choose.slice(1), routes: [routes.archiveReason] }
  )
}

const signingTokensItem = (settings: TeamSettings): ChecklistItem => {
  const title = "Signing tokens submitted"
  const routes = routesOf(settings)
  const lacking = requiredWebhookKinds.filter((kind) => settings.signingTokens[kind] === undefined)
  if (lacking.length === 0) return done("signingTokens", title)
  const several = lacking.length > 1
  const webhooks = `${joinWithAnd(lacking.map((kind) => webhookTitle[kind]))} webhook${several ? "s" : ""}`
  return missing(
    "signingTokens",
    title,
    `No signing token was submitted for the ${webhooks}.`,
    {
      text: `Let Fulcrum register the webhooks in Lever with ${call(routes.registerWebhooks)} (with a setup key ` +
        "that has the webhooks permissions as setupKey, or without one when connected with Connect to Lever): " +
        `it keeps the tokens itself. Or by hand: in Lever, go to ${webhooksScreen}, add the ${webhooks} with ` +
        `the URL${several ? "s" : ""} from ${call(routes.webhookUrls)}, copy each signature token and submit it ` +
        `with ${call(routes.signingToken)}.`,
      routes: [routes.registerWebhooks, routes.webhookUrls, routes.signingToken]
    }
  )
}

const webhooksItem = (settings: TeamSettings): ChecklistItem => {
  const title = "Webhooks verified"
  // A webhook verified once can be deleted or repointed in Lever later; the health check sees that.
  const gone = (settings.health?.findings ?? []).filter((finding) => finding.kind === "WebhookMissing")
  if (gone.length > 0) {
    const routes = routesOf(settings)
    return missing("webhooks", title, gone.map((finding) => finding.message).join(" "), {
      text: `Register the webhooks again with ${call(routes.registerWebhooks)} (Fulcrum replaces its own), or in ` +
        `Lever, go to ${webhooksScreen} and set the URLs from ${call(routes.webhookUrls)}.`,
      routes: [routes.registerWebhooks, routes.webhookUrls]
    })
  }
  const unseen = requiredWebhookKinds.filter((kind) => settings.webhooksSeen[kind] === undefined)
  if (unseen.length === 0) return done("webhooks", title)
  const names = joinWithAnd(unseen.map((kind) => webhookTitle[kind]))
  const webhooks = `${names} webhook${unseen.length > 1 ? "s" : ""}`
  return missing(
    "webhooks",
    title,
    `Nothing signed has arrived yet from the ${webhooks} (no verified ping, no event).`,
    {
      text: `In Lever, go to ${webhooksScreen} and click "Verify connection" on the ${webhooks}, or move a test ` +
        `candidate. If it still does not arrive, check that the URL is exactly the one ${
          call(routesOf(settings).webhookUrls)
        } shows and that the signing token submitted is that webhook's.`,
      routes: [routesOf(settings).webhookUrls]
    }
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
      {
        text: `Add an interview type with its Lever tag with ${call(routesOf(settings).interviewTypes)} ` +
          "(name and tag). Recruiters put that tag on a candidate before moving them to the assessment stage.",
        routes: [routesOf(settings).interviewTypes]
      }
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
      } or if confidential candidates take no assessment. The next health check (${
        call(routesOf(settings).healthCheck)
      }) tells once Lever has candidates.`,
      routes: [routesOf(settings).healthCheck]
    }]
  }
  return [{
    id: "confidentialAccess",
    title,
    problem: `The ${credentials} has no access to confidential data (${checked}), so ${skipped}`,
    ...(oauth
      ? {
        fix: `If confidential candidates should take assessments: ${
          reconnectFix(settings, "allow access to confidential data").text
        }`,
        routes: reconnectFix(settings, "").routes
      }
      : {
        fix: `If confidential candidates should take assessments: Lever API keys cannot be edited. ${
          newPermanentKeyFix(settings, "on").text
        }`,
        routes: newPermanentKeyFix(settings, "on").routes
      })
  }]
}

/** Links that no longer route anyone: never blocking, since tags and stage defaults still work. */
const postingLinksWarning = (settings: TeamSettings): ReadonlyArray<ChecklistWarning> => {
  const found = Posting.problems(settings.postingLinks ?? {}, settings.interviewTypes)
  return found.length === 0 ? [] : [{
    id: "postingLinks",
    title: "Job postings linked to interview types",
    problem: Posting.problemsMessage(found),
    fix: `Link each of them to an existing interview type, or unlink it ({"interviewTypeId": null}), with ${
      call(routesOf(settings).postingLink)
    } (candidates then need an interview-type tag, or the stage's default interview type).`,
    routes: [routesOf(settings).postingLink]
  }]
}

/** Assessment stages whose default interview type was removed since: they no longer choose one. */
const stageDefaultsWarning = (settings: TeamSettings): ReadonlyArray<ChecklistWarning> => {
  const mapping = settings.stageMapping
  if (mapping === null) return []
  const stale = StageMapping.assessmentStages(mapping).filter((stage) =>
    stage.defaultInterviewTypeId !== undefined &&
    !settings.interviewTypes.some((type) => type.id === stage.defaultInterviewTypeId)
  )
  if (stale.length === 0) return []
  const names = joinWithAnd(stale.map((stage) => quoted(StageMapping.currentName(stage, settings.leverStages?.stages))))
  return [{
    id: "stageDefaults",
    title: "Default interview types of assessment stages",
    problem: `The default interview type of the assessment stage${stale.length > 1 ? "s" : ""} ${names} was ` +
      "removed: candidates entering it without an interview-type tag or a linked posting get no invite.",
    fix: `Choose another default interview type for it, or none, and map the stages again with ${
      call(routesOf(settings).stageMapping)
    }.`,
    routes: [routesOf(settings).stageMapping]
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
    warnings: [
      ...confidentialAccessWarning(settings),
      ...postingLinksWarning(settings),
      ...stageDefaultsWarning(settings)
    ],
    ready: items.every((item) => item.done),
    // Registering webhooks is the last step that takes the setup key: until every webhook has its token,
    // deleting the key would strand the admin.
    setupKeyNoLongerNeeded: isDone("stages") && isDone("archiveReasons") && isDone("signingTokens"),
    health: settings.health
  }
}
