/**
 * The demo team `demo`, set up as an admin would: through this host's admin API (the typed
 * `FulcrumClient`, operator token), in checklist order — permanent key, stages read with the setup key
 * and mapped, every active archive reason mapped to its suggestion, both webhooks registered with the
 * setup key (nothing copied by hand), the "Senior SWE" interview type, the sandbox's "Senior Backend
 * Engineer" job posting linked to it (of the three postings, one linked), integration on — then the
 * sandbox's "Verify connection" ping on both webhooks. Every start thus goes through the very endpoints
 * the banner teaches.
 *
 * One step runs in-process through the core's `TeamSetup`: creating the team under the fixed id `demo`
 * (the API generates unguessable ids, as a team id is part of public webhook URLs; the demo's is
 * readable so the banner and the docs can name it).
 *
 * Every step runs only when its part of the settings is missing, so the first start does them all and a
 * later start (same data dir) keeps the team as it is. The sandbox lives in memory: the environment URL
 * follows its port when that changed, the webhooks are registered again only when the sandbox does not
 * have the ones Fulcrum stored (a warm start puts them back, see `SandboxWebhooks`), and both are
 * verified on every start.
 *
 * @since 0.1.0
 */
import type { FulcrumClient, TeamModels } from "@fulcrum/api"
import { TeamSetup } from "@fulcrum/core"
import { ArchiveReasonMapping, Ids, type Lever, type Setup } from "@fulcrum/domain"
import { type Control, LeverSandbox } from "@fulcrum/lever-sandbox"
import { Effect, Option, Redacted, Schema } from "effect"

/** The demo team's id. @since 0.1.0 */
export const teamId = Ids.TeamId.make("demo")

/** The interview type the demo team offers; candidates need this exact Lever tag. @since 0.1.0 */
export const interviewType = { name: "Senior SWE", tag: "fulcrum-senior-swe" } as const

/** The sandbox stages the provider stages are mapped to, by name (as an admin picks them). @since 0.1.0 */
export const stageNames = {
  assessment: "Technical Assessment",
  onsite: "Onsite Interview",
  offer: "Offer"
} as const

/** The sandbox's seeded keys, by the names Lever shows for them; the values never leave this module. */
const sandboxKeys = {
  setup: { name: "Fulcrum setup key", value: Redacted.make(LeverSandbox.SetupApiKey) },
  permanent: { name: "Fulcrum permanent key", value: Redacted.make(LeverSandbox.PermanentApiKey) }
}

/** The names of the sandbox keys the demo team is set up with (safe to print). @since 0.1.0 */
export const sandboxKeyNames = { setup: sandboxKeys.setup.name, permanent: sandboxKeys.permanent.name } as const

/** The sandbox has no stage with a name the demo maps (a changed seed). @since 0.1.0 */
export class DemoStageMissing extends Schema.TaggedError<DemoStageMissing>()("DemoStageMissing", {
  stage: Schema.String
}) {}

/** A setup step was refused or could not reach the API; `step` names it in the checklist's words. @since 0.1.0 */
export class DemoSetupFailed extends Schema.TaggedError<DemoSetupFailed>()("DemoSetupFailed", {
  step: Schema.String,
  message: Schema.String
}) {}

/** What happened to one webhook's "Verify connection" ping: our endpoint's HTTP status, or why none. @since 0.1.0 */
export interface Verification {
  readonly webhook: Lever.WebhookKind
  readonly status: number | null
  readonly error: string | null
}

/**
 * One setup step that ran: what it did, in the words of the checklist, and how — the admin API calls,
 * or the core use case for the one step the API has no call for.
 *
 * @since 0.1.0
 */
export interface Step {
  readonly title: string
  readonly via: string
}

/** What `ensure` did. @since 0.1.0 */
export interface Outcome {
  /** True on the first start (the team did not exist). */
  readonly created: boolean
  /** The setup steps that ran, in order. */
  readonly steps: ReadonlyArray<Step>
  readonly verifications: ReadonlyArray<Verification>
  readonly team: TeamModels.TeamView
}

/** The admin API path of the demo team, e.g. `/api/teams/demo/permanent-key`. @since 0.1.0 */
export const apiPath = (suffix = "") => `/api/teams/${teamId}${suffix}`

const params = { teamId }

const findStage = (stages: ReadonlyArray<Lever.LeverStage>, name: string) =>
  Effect.fromOption(Option.fromNullishOr(stages.find((stage) => stage.text === name))).pipe(
    Effect.mapError(() => new DemoStageMissing({ stage: name })),
    Effect.map((stage) => stage.id)
  )

const mapStages = Effect.fnUntraced(function*(client: FulcrumClient.Client) {
  const setupKey = Redacted.value(sandboxKeys.setup.value)
  const { stages } = yield* client.teams.leverStages({ params, payload: { setupKey } })
  return yield* client.teams.stageMapping({
    params,
    payload: {
      assessment: yield* findStage(stages, stageNames.assessment),
      onsite: yield* findStage(stages, stageNames.onsite),
      offer: yield* findStage(stages, stageNames.offer)
    }
  })
})

/** Accepts every suggestion for an active reason, one reason at a time (the settings page autosaves so). */
const mapArchiveReasons = Effect.fnUntraced(function*(client: FulcrumClient.Client) {
  const setupKey = Redacted.value(sandboxKeys.setup.value)
  const { reasons, suggestions } = yield* client.teams.leverArchiveReasons({ params, payload: { setupKey } })
  const active = new Set(reasons.filter((reason) => reason.status === "active").map((reason) => reason.id))
  for (const suggestion of suggestions.filter((s) => active.has(s.reasonId))) {
    yield* client.teams.archiveReason({
      params: { teamId, reasonId: suggestion.reasonId },
      payload: { offerStatus: suggestion.offerStatus }
    })
  }
})

/**
 * Whether Lever (the sandbox) has both webhooks Fulcrum recorded as registered, each pointing at this
 * host's URL for it.
 */
const registered = Effect.fnUntraced(function*(control: Control.Control, team: TeamModels.TeamView) {
  const hooks = yield* control.webhooks.list()
  return (["stageChange", "archiveChange"] as const).every((kind) => {
    const id = team.settings.signingTokens[kind]?.registeredWebhookId
    return id !== undefined && id !== null && hooks.some((hook) => hook.id === id && hook.url === team.webhookUrls[kind])
  })
})

/** Presses "Verify connection" in the sandbox on each webhook Fulcrum registered. */
const verifyWebhooks = Effect.fnUntraced(function*(control: Control.Control, settings: TeamModels.TeamSettingsView) {
  const verifications: Array<Verification> = []
  const receipts = Object.entries(settings.signingTokens) as Array<
    [Lever.WebhookKind, TeamModels.TeamSettingsView["signingTokens"][string]]
  >
  for (const [webhook, receipt] of receipts) {
    if (receipt.registeredWebhookId === null) continue
    const delivery = yield* control.verifyWebhook(receipt.registeredWebhookId)
    const attempt = delivery.attempts.at(-1)
    verifications.push({ webhook, status: attempt?.status ?? null, error: attempt?.error ?? null })
  }
  return verifications
})

/** Every error of a step says which step, with the API's (or the core's) own message. */
const failedAt = (step: string) => (error: unknown) =>
  new DemoSetupFailed({
    step,
    message: error instanceof Error && error.message !== "" ? error.message : String(error)
  })

/**
 * Creates or refreshes the demo team against a running sandbox, through `client` (this host's admin
 * API, which must already be serving: the sandbox's ping is delivered during this call). Webhooks point
 * at the host's public URL; `publicBaseUrl` is only named in a warning when the ping does not arrive.
 *
 * @since 0.1.0
 */
export const ensure = Effect.fn("DemoTeam.ensure")(function*(options: {
  readonly sandbox: LeverSandbox.LeverSandbox["Service"]
  readonly client: FulcrumClient.Client
  readonly publicBaseUrl: string
}) {
  const { client, publicBaseUrl, sandbox } = options
  const environment: Setup.LeverEnvironment = { _tag: "Custom", baseUrl: sandbox.baseUrl }
  const steps: Array<Step> = []
  const current = client.teams.get({ params }).pipe(Effect.mapError(failedAt("read the demo team")))
  // Each step looks at the team as the previous one left it (moving the environment, for one, forgets
  // the connection: credentials do not carry over between Lever environments), so a step returns the
  // team read again; nothing else changes it meanwhile, so a start with nothing to do reads it once.
  const step = <A, E, R>(title: string, via: string, effect: Effect.Effect<A, E, R>) =>
    Effect.andThen(Effect.sync(() => steps.push({ title, via })), effect).pipe(
      Effect.mapError(failedAt(title)),
      Effect.tap(() => Effect.logInfo(`demo team: ${title}`)),
      Effect.andThen(current)
    )

  const existing = yield* client.teams.get({ params }).pipe(
    Effect.map(Option.some),
    Effect.catchTag("NotFound", () => Effect.succeedNone),
    Effect.mapError(failedAt("read the demo team"))
  )
  const created = Option.isNone(existing)
  let team = Option.isSome(existing)
    ? existing.value
    : yield* step(
      `team "${teamId}" created (Lever: custom URL of the sandbox)`,
      "in-process TeamSetup.createTeam: POST /api/teams makes random ids, the demo's is readable",
      TeamSetup.createTeam({ teamId, name: "Demo team", environment })
    )
  const { lever } = team.settings
  if (lever.environment !== "custom" || lever.baseUrl?.replace(/\/+$/, "") !== sandbox.baseUrl) {
    team = yield* step(
      `Lever environment moved to ${sandbox.baseUrl}`,
      `PUT ${apiPath("/lever/environment")}`,
      client.teams.leverEnvironment({ params, payload: { environment: "custom", baseUrl: sandbox.baseUrl } })
    )
  }
  if (team.settings.connection._tag === "NotConnected") {
    team = yield* step(
      `permanent API key submitted ("${sandboxKeys.permanent.name}")`,
      `PUT ${apiPath("/permanent-key")}`,
      client.teams.permanentKey({ params, payload: { key: Redacted.value(sandboxKeys.permanent.value) } })
    )
  }
  if (team.settings.stageMapping === null) {
    team = yield* step(
      `stages mapped: assessment → ${stageNames.assessment}, onsite → ${stageNames.onsite}, offer → ${stageNames.offer}`,
      `POST ${apiPath("/lever/stages")}, PUT ${apiPath("/stage-mapping")}`,
      mapStages(client)
    )
  }
  if (team.settings.leverArchiveReasons === null || ArchiveReasonMapping.unmappedActiveReasons(team.settings).length > 0) {
    team = yield* step(
      "archive reasons mapped to their suggested offer statuses",
      `POST ${apiPath("/lever/archive-reasons")}, PUT ${apiPath("/archive-reasons/<reasonId>")}`,
      mapArchiveReasons(client)
    )
  }
  // Registered only when Lever lacks what Fulcrum stored: on a warm start the sandbox has them back
  // (`SandboxWebhooks`), with the ids and signing tokens of the last registration.
  if (!(yield* registered(sandbox.control, team))) {
    // Ones restored from a start with other URLs (another PORT) would go on receiving deliveries.
    for (const hook of yield* sandbox.control.webhooks.list()) yield* Effect.ignore(sandbox.control.webhooks.remove(hook.id))
    team = yield* step(
      `webhooks registered in Lever with the setup key ("${sandboxKeys.setup.name}")`,
      `POST ${apiPath("/lever/webhooks/register")}`,
      client.teams.registerWebhooks({ params, payload: { setupKey: Redacted.value(sandboxKeys.setup.value) } })
    )
  }
  if (!team.settings.interviewTypes.some((type) => type.tag === interviewType.tag)) {
    team = yield* step(
      `interview type "${interviewType.name}" added with tag ${interviewType.tag}`,
      `POST ${apiPath("/interview-types")}`,
      client.teams.addInterviewType({ params, payload: interviewType })
    )
  }
  // One of the sandbox's three postings routes to the interview type, so an untagged applicant still
  // gets an invite (the other two show the note that names the posting without one).
  const senior = team.settings.interviewTypes.find((type) => type.tag === interviewType.tag)
  if (senior !== undefined && Object.keys(team.settings.postingLinks ?? {}).length === 0) {
    const postingId = Ids.PostingId.make(LeverSandbox.PostingIds.backend)
    team = yield* step(
      `job posting "Senior Backend Engineer" linked to "${interviewType.name}"`,
      `PUT ${apiPath(`/postings/${postingId}/interview-type`)}`,
      client.postings.interviewType({ params: { ...params, postingId }, payload: { interviewTypeId: senior.id } })
    )
  }
  // Only at creation: on later starts the toggles are the operator's.
  if (created) {
    team = yield* step(
      "progress tags turned on (Assessment: invited, completed, passed, failed, expired)",
      `PUT ${apiPath("/progress-tags")}`,
      client.teams.progressTags({ params, payload: { enabled: true, prefix: "Assessment" } })
    )
    team = yield* step(
      "integration turned on",
      `PUT ${apiPath("/integration")}`,
      client.teams.integration({ params, payload: { enabled: true } })
    )
  }

  const verifications = yield* verifyWebhooks(sandbox.control, team.settings)
  for (const v of verifications) {
    if (v.status !== null && v.status >= 200 && v.status < 300) continue
    yield* Effect.logWarning("the sandbox's Verify connection ping did not reach this host").pipe(
      Effect.annotateLogs({ webhook: v.webhook, status: v.status, error: v.error, publicBaseUrl })
    )
  }
  // Read after the pings: they change the checklist (webhooks verified).
  return { created, steps, verifications, team: yield* current } satisfies Outcome
})
