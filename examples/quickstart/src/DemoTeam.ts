/**
 * The demo team `demo`, set up through the same `TeamSetup` use cases, in the same order, as an admin
 * following the checklist: Lever environment (the sandbox's URL), permanent key, stages read with the
 * setup key and mapped, every active archive reason mapped to its suggestion, both webhooks registered
 * with the setup key (nothing copied by hand), the "Senior SWE" interview type, integration on — then
 * the sandbox's "Verify connection" ping on both webhooks.
 *
 * Every step runs only when its part of the settings is missing, so the first start does them all and a
 * later start (same data dir) keeps the team as it is. Two things are redone on every start because
 * the sandbox lives in memory and starts empty: the environment URL follows the sandbox's port, and
 * the webhooks are registered again (new signing tokens) and verified.
 *
 * @since 0.1.0
 */
import { LeverApi, TeamSetup } from "@fulcrum/core"
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

/** What happened to one webhook's "Verify connection" ping: our endpoint's HTTP status, or why none. @since 0.1.0 */
export interface Verification {
  readonly webhook: Lever.WebhookKind
  readonly status: number | null
  readonly error: string | null
}

/** What `ensure` did. @since 0.1.0 */
export interface Outcome {
  /** True on the first start (the team did not exist). */
  readonly created: boolean
  /** The setup steps that ran, in order, in the words of the checklist. */
  readonly steps: ReadonlyArray<string>
  readonly verifications: ReadonlyArray<Verification>
  readonly team: TeamSetup.TeamView
}

const findStage = (stages: ReadonlyArray<Lever.LeverStage>, name: string) =>
  Effect.fromOption(Option.fromNullishOr(stages.find((stage) => stage.text === name))).pipe(
    Effect.mapError(() => new DemoStageMissing({ stage: name })),
    Effect.map((stage) => stage.id)
  )

const mapStages = Effect.fnUntraced(function*() {
  const { stages } = yield* TeamSetup.readLeverStages(teamId, sandboxKeys.setup.value)
  return yield* TeamSetup.mapStages(teamId, {
    assessment: yield* findStage(stages, stageNames.assessment),
    onsite: yield* findStage(stages, stageNames.onsite),
    offer: yield* findStage(stages, stageNames.offer)
  })
})

/** Accepts every suggestion for an active reason, one reason at a time (the settings page autosaves so). */
const mapArchiveReasons = Effect.fnUntraced(function*() {
  const { reasons, suggestions } = yield* TeamSetup.readLeverArchiveReasons(teamId, sandboxKeys.setup.value)
  const active = new Set(reasons.filter((reason) => reason.status === "active").map((reason) => reason.id))
  for (const suggestion of suggestions.filter((s) => active.has(s.reasonId))) {
    yield* TeamSetup.mapArchiveReason(teamId, suggestion.reasonId, suggestion.offerStatus)
  }
})

/** Presses "Verify connection" in the sandbox on each webhook Fulcrum registered. */
const verifyWebhooks = Effect.fnUntraced(function*(control: Control.Control, settings: Setup.TeamSettings) {
  const verifications: Array<Verification> = []
  const receipts = Object.entries(settings.signingTokens) as Array<[Lever.WebhookKind, Setup.SigningTokenReceipt]>
  for (const [webhook, receipt] of receipts) {
    if (receipt.registeredWebhookId === null) continue
    const delivery = yield* control.verifyWebhook(receipt.registeredWebhookId)
    const attempt = delivery.attempts.at(-1)
    verifications.push({ webhook, status: attempt?.status ?? null, error: attempt?.error ?? null })
  }
  return verifications
})

/**
 * Creates or refreshes the demo team against a running sandbox; webhooks point at `publicBaseUrl`,
 * which must already be serving (the sandbox's ping is delivered during this call).
 *
 * @since 0.1.0
 */
export const ensure = Effect.fn("DemoTeam.ensure")(function*(options: {
  readonly sandbox: LeverSandbox.LeverSandbox["Service"]
  readonly publicBaseUrl: string
}) {
  const { publicBaseUrl, sandbox } = options
  const environment: Setup.LeverEnvironment = { _tag: "Custom", baseUrl: sandbox.baseUrl }
  const steps: Array<string> = []
  const step = <A, E, R>(title: string, effect: Effect.Effect<A, E, R>) =>
    Effect.andThen(Effect.sync(() => steps.push(title)), effect).pipe(
      Effect.tap(() => Effect.logInfo(`demo team: ${title}`))
    )

  const existing = yield* TeamSetup.getTeam(teamId).pipe(
    Effect.map(Option.some),
    Effect.catchTag("TeamNotFound", () => Effect.succeedNone)
  )
  const created = Option.isNone(existing)
  if (created) {
    yield* step(
      "team created (Lever: custom URL of the sandbox)",
      TeamSetup.createTeam({ teamId, name: "Demo team", environment })
    )
  }
  // Each step looks at the settings as the previous one left them (moving the environment, for one,
  // forgets the connection: credentials do not carry over between Lever environments).
  const current = Effect.map(TeamSetup.getTeam(teamId), (team) => team.settings)

  if (LeverApi.baseUrlOf((yield* current).environment) !== sandbox.baseUrl) {
    yield* step(`Lever environment moved to ${sandbox.baseUrl}`, TeamSetup.chooseEnvironment(teamId, environment))
  }
  if ((yield* current).connection._tag === "NotConnected") {
    yield* step(
      `permanent API key submitted ("${sandboxKeys.permanent.name}")`,
      TeamSetup.submitPermanentKey(teamId, sandboxKeys.permanent.value)
    )
  }
  if ((yield* current).stageMapping === null) {
    yield* step(
      `stages mapped: assessment → ${stageNames.assessment}, onsite → ${stageNames.onsite}, offer → ${stageNames.offer}`,
      mapStages()
    )
  }
  const beforeReasons = yield* current
  if (beforeReasons.leverArchiveReasons === null || ArchiveReasonMapping.unmappedActiveReasons(beforeReasons).length > 0) {
    yield* step("archive reasons mapped to their suggested offer statuses", mapArchiveReasons())
  }
  // The sandbox forgot its webhooks when the last process stopped: register them again (new tokens).
  yield* step(
    `webhooks registered in Lever with the setup key ("${sandboxKeys.setup.name}")`,
    TeamSetup.registerWebhooks(teamId, { publicBaseUrl, setupKey: sandboxKeys.setup.value })
  )
  if (!(yield* current).interviewTypes.some((type) => type.tag === interviewType.tag)) {
    yield* step(
      `interview type "${interviewType.name}" added with tag ${interviewType.tag}`,
      TeamSetup.addInterviewType(teamId, interviewType)
    )
  }
  // Only at creation: on later starts the toggle is the operator's.
  if (created) yield* step("integration turned on", TeamSetup.toggleIntegration(teamId, true))

  const settings = yield* current
  const verifications = yield* verifyWebhooks(sandbox.control, settings)
  for (const v of verifications) {
    if (v.status !== null && v.status >= 200 && v.status < 300) continue
    yield* Effect.logWarning("the sandbox's Verify connection ping did not reach this host").pipe(
      Effect.annotateLogs({ webhook: v.webhook, status: v.status, error: v.error, publicBaseUrl })
    )
  }
  return { created, steps, verifications, team: yield* TeamSetup.getTeam(teamId) } satisfies Outcome
})
