/**
 * `fulcrum.setup.*`: a team's setup as async functions, one per admin API use case, in checklist order
 * (team, Lever environment and key, stages, archive reasons, webhooks and signing tokens, interview types,
 * postings, progress tags, health). Each runs the same core use case as the route of the same name and
 * rejects with the `FulcrumError` class of the status the route answers.
 *
 * | function | admin API route |
 * | --- | --- |
 * | `createTeam`, `getTeam`, `listTeams` | `POST /api/teams`, `GET /api/teams/{teamId}`, `GET /api/teams` |
 * | `setIntegration` | `PUT .../integration` |
 * | `chooseLeverEnvironment` | `PUT .../lever/environment` |
 * | `submitPermanentKey` | `PUT .../permanent-key` |
 * | `readLeverStages`, `mapStages` | `POST .../lever/stages`, `PUT .../stage-mapping` |
 * | `readLeverArchiveReasons`, `mapArchiveReason`, `acceptArchiveReasonSuggestions` | `POST .../lever/archive-reasons`, `PUT .../archive-reasons/{reasonId}`, `POST .../archive-reasons/accept-suggestions` |
 * | `registerWebhooks`, `submitSigningToken` | `POST .../lever/webhooks/register`, `PUT .../signing-tokens/{webhook}` |
 * | `listInterviewTypes`, `addInterviewType`, `removeInterviewType` | `GET`, `POST`, `DELETE .../interview-types` |
 * | `listProviderInterviewTypes` | `GET .../provider/interview-types` |
 * | `listPostings`, `linkPosting` | `GET .../postings`, `PUT .../postings/{postingId}/interview-type` |
 * | `configureProgressTags` | `PUT .../progress-tags` |
 * | `health`, `checkHealth` | `GET .../health`, `POST .../health-check` |
 *
 * @since 0.2.0
 */
import { ConnectionHealth, PostingLinks, ProviderInterviewTypes, TeamSetup } from "@fulcrum/core"
import { Ids, type InterviewType, type Lever, type OfferStatus, type Setup as DomainSetup } from "@fulcrum/domain"
import { Effect, Redacted } from "effect"
import { type Failure, id, type Run, type Services, team } from "./internal/input.ts"

/** A team as the setup functions return it: its settings (secrets only as fingerprints) and checklist. @since 0.1.0 */
export type TeamView = TeamSetup.TeamView

/** Where a team's Lever account is. @since 0.1.0 */
export type LeverEnvironment =
  | { readonly environment: "production" }
  | { readonly environment: "sandbox" }
  | { readonly environment: "custom"; readonly baseUrl: string }

/** What `readLeverStages` answers: Lever's stages, the mapping and its drift, and the team. @since 0.2.0 */
export type LeverStages = Effect.Success<ReturnType<typeof TeamSetup.readLeverStages>>

/**
 * What `readLeverArchiveReasons` answers: Lever's archive reasons, the current mapping (reason id →
 * offer status), a suggested offer status for each unmapped reason it can guess (never saved by itself),
 * and the team.
 *
 * @since 0.2.0
 */
export type LeverArchiveReasons = Effect.Success<ReturnType<typeof TeamSetup.readLeverArchiveReasons>>

/** The connection health report: when it was checked (`null` before the first check) and the findings. @since 0.2.0 */
export type HealthReport = Effect.Success<ReturnType<typeof ConnectionHealth.lastReport>>

/** One of the assessment provider's own interview types. @since 0.2.0 */
export type ProviderInterviewType = ProviderInterviewTypes.ProviderInterviewType

/** A new interview type: its name, exact Lever tag and, optionally, its id, pass mark and provider type. @since 0.2.0 */
export interface NewInterviewType {
  readonly name: string
  readonly tag: string
  readonly id?: string
  readonly passThreshold?: number
  /** The provider's own interview type it is linked to (see `listProviderInterviewTypes`). */
  readonly providerInterviewTypeId?: string
}

/**
 * The setup use cases, as the admin API runs them.
 *
 * @since 0.2.0
 */
export interface FulcrumSetup {
  readonly createTeam: (input: { readonly name: string; readonly lever: LeverEnvironment; readonly teamId?: string }) => Promise<TeamView>
  readonly getTeam: (teamId: string) => Promise<TeamView>
  readonly listTeams: () => Promise<ReadonlyArray<TeamView>>
  /** Turns the integration on or off (off: webhooks are recorded, nothing is sent or written to Lever). */
  readonly setIntegration: (teamId: string, enabled: boolean) => Promise<TeamView>
  /** Chooses Lever production, Lever's sandbox or (when `allowCustomLeverUrl`) a custom URL; disconnects the team. */
  readonly chooseLeverEnvironment: (teamId: string, lever: LeverEnvironment) => Promise<TeamView>
  readonly submitPermanentKey: (teamId: string, key: string) => Promise<TeamView>
  readonly readLeverStages: (teamId: string, setupKey?: string) => Promise<LeverStages>
  /**
   * Maps the three required stages; `assessmentDefaultInterviewTypeId` and `extraAssessments` (further
   * assessment stages, each with an optional default interview type) are optional.
   */
  readonly mapStages: (teamId: string, stages: {
    readonly assessment: string
    readonly onsite: string
    readonly offer: string
    readonly assessmentDefaultInterviewTypeId?: string
    readonly extraAssessments?: ReadonlyArray<{ readonly stageId: string; readonly defaultInterviewTypeId?: string }>
  }) => Promise<TeamView>
  /** Reads Lever's archive reasons (with the setup key, never stored), each with its mapping and a suggestion. */
  readonly readLeverArchiveReasons: (teamId: string, setupKey?: string) => Promise<LeverArchiveReasons>
  readonly mapArchiveReason: (teamId: string, reasonId: string, offerStatus: OfferStatus.OfferStatus) => Promise<TeamView>
  /** Every unmapped reason of the catalog last read takes its suggested offer status, in one update. */
  readonly acceptArchiveReasonSuggestions: (teamId: string) => Promise<TeamView>
  /** Registers both webhooks in Lever (with the setup key, never stored), pointing at `publicBaseUrl`. */
  readonly registerWebhooks: (teamId: string, setupKey?: string) => Promise<TeamView>
  /** Stores the signing token Lever shows for one webhook (the copy-paste way); it is never shown again. */
  readonly submitSigningToken: (teamId: string, webhook: Lever.WebhookKind, token: string) => Promise<TeamView>
  readonly listInterviewTypes: (teamId: string) => Promise<ReadonlyArray<InterviewType.InterviewType>>
  /** Adds an interview type; answers the team and the interview type as stored (its id generated when none was given). */
  readonly addInterviewType: (
    teamId: string,
    input: NewInterviewType
  ) => Promise<TeamView & { readonly interviewType: InterviewType.InterviewType }>
  /** Removes an interview type; candidates already invited keep their invite. */
  readonly removeInterviewType: (teamId: string, interviewTypeId: string) => Promise<TeamView>
  /**
   * The assessment provider's own interview types, asked now through the scheduler's
   * `listInterviewTypes`: `UnprocessableError` (`reason` `ProviderNotConfigured`) when the scheduler has
   * none, `ProviderUnavailableError` when the provider is down or refuses.
   */
  readonly listProviderInterviewTypes: (teamId: string) => Promise<ReadonlyArray<ProviderInterviewType>>
  /** The team's Lever job postings, each with its linked interview type (needs `postings:read:admin`). */
  readonly listPostings: (teamId: string) => Promise<ReadonlyArray<PostingLinks.PostingRow>>
  /** Links a job posting to an interview type, or unlinks it (`null`). */
  readonly linkPosting: (teamId: string, postingId: string, interviewTypeId: string | null) => Promise<TeamView>
  /** Turns progress tags (Fulcrum's own status tag on the candidate in Lever) on or off, with their prefix. */
  readonly configureProgressTags: (teamId: string, input: { readonly enabled: boolean; readonly prefix: string }) => Promise<TeamView>
  /** The last connection health check and its findings (`checkedAt` null before the first). */
  readonly health: (teamId: string) => Promise<HealthReport>
  /** Checks the Lever connection now (credentials, permissions, webhooks, drift) and answers the report. */
  readonly checkHealth: (teamId: string) => Promise<HealthReport>
}

const environmentOf = (lever: LeverEnvironment): DomainSetup.LeverEnvironment =>
  lever.environment === "custom"
    ? { _tag: "Custom", baseUrl: lever.baseUrl }
    : { _tag: lever.environment === "production" ? "Production" : "Sandbox" }

const secret = (value: string | undefined) => value === undefined ? undefined : Redacted.make(value)

/**
 * The setup functions over a `run` (the façade's runtime) and where Lever reaches this deployment.
 *
 * @since 0.2.0
 */
export const make = (run: Run, options: { readonly publicBaseUrl: string }): FulcrumSetup => {
  const onTeam = <A, E extends Failure>(teamId: string, use: (teamId: Ids.TeamId) => Effect.Effect<A, E, Services>) =>
    run(Effect.flatMap(team(teamId), use))
  const interviewTypeId = (value: string | undefined, what: string) =>
    value === undefined ? Effect.succeed(undefined) : id(Ids.InterviewTypeId.make, value, what)
  return {
    createTeam: (input) =>
      run(Effect.gen(function*() {
        const teamId = input.teamId === undefined ? yield* TeamSetup.newTeamId : yield* team(input.teamId)
        return yield* TeamSetup.createTeam({ teamId, name: input.name, environment: environmentOf(input.lever) })
      })),
    getTeam: (teamId) => onTeam(teamId, TeamSetup.getTeam),
    listTeams: () => run(TeamSetup.listTeams()),
    setIntegration: (teamId, enabled) => onTeam(teamId, (t) => TeamSetup.toggleIntegration(t, enabled)),
    chooseLeverEnvironment: (teamId, lever) => onTeam(teamId, (t) => TeamSetup.chooseEnvironment(t, environmentOf(lever))),
    submitPermanentKey: (teamId, key) => onTeam(teamId, (t) => TeamSetup.submitPermanentKey(t, Redacted.make(key))),
    readLeverStages: (teamId, setupKey) => onTeam(teamId, (t) => TeamSetup.readLeverStages(t, secret(setupKey))),
    mapStages: (teamId, stages) =>
      run(Effect.gen(function*() {
        const assessmentDefault = yield* interviewTypeId(stages.assessmentDefaultInterviewTypeId, "assessmentDefaultInterviewTypeId")
        const extraAssessments = yield* Effect.forEach(stages.extraAssessments ?? [], (extra) =>
          Effect.gen(function*() {
            const stageId = yield* id(Ids.StageId.make, extra.stageId, "extraAssessments.stageId")
            const defaultId = yield* interviewTypeId(extra.defaultInterviewTypeId, "extraAssessments.defaultInterviewTypeId")
            return defaultId === undefined ? { stageId } : { stageId, defaultInterviewTypeId: defaultId }
          }))
        return yield* TeamSetup.mapStages(yield* team(teamId), {
          assessment: yield* id(Ids.StageId.make, stages.assessment, "assessment"),
          onsite: yield* id(Ids.StageId.make, stages.onsite, "onsite"),
          offer: yield* id(Ids.StageId.make, stages.offer, "offer"),
          ...(assessmentDefault === undefined ? {} : { assessmentDefaultInterviewTypeId: assessmentDefault }),
          ...(extraAssessments.length === 0 ? {} : { extraAssessments })
        })
      })),
    readLeverArchiveReasons: (teamId, setupKey) => onTeam(teamId, (t) => TeamSetup.readLeverArchiveReasons(t, secret(setupKey))),
    mapArchiveReason: (teamId, reasonId, offerStatus) =>
      run(Effect.gen(function*() {
        return yield* TeamSetup.mapArchiveReason(
          yield* team(teamId),
          yield* id(Ids.ArchiveReasonId.make, reasonId, "reasonId"),
          offerStatus
        )
      })),
    acceptArchiveReasonSuggestions: (teamId) => onTeam(teamId, TeamSetup.acceptArchiveReasonSuggestions),
    registerWebhooks: (teamId, setupKey) =>
      onTeam(teamId, (t) =>
        TeamSetup.registerWebhooks(t, {
          publicBaseUrl: options.publicBaseUrl,
          ...(setupKey === undefined ? {} : { setupKey: Redacted.make(setupKey) })
        })),
    submitSigningToken: (teamId, webhook, token) =>
      onTeam(teamId, (t) => TeamSetup.submitSigningToken(t, webhook, Redacted.make(token))),
    listInterviewTypes: (teamId) =>
      onTeam(teamId, (t) => Effect.map(TeamSetup.getTeam(t), ({ settings }) => settings.interviewTypes)),
    addInterviewType: (teamId, input) =>
      run(Effect.gen(function*() {
        const typeId = yield* interviewTypeId(input.id, "id")
        return yield* TeamSetup.addInterviewType(yield* team(teamId), {
          name: input.name,
          tag: input.tag,
          ...(typeId === undefined ? {} : { id: typeId }),
          ...(input.passThreshold === undefined ? {} : { passThreshold: input.passThreshold }),
          ...(input.providerInterviewTypeId === undefined ? {} : { providerInterviewTypeId: input.providerInterviewTypeId })
        })
      })),
    removeInterviewType: (teamId, typeId) =>
      run(Effect.gen(function*() {
        return yield* TeamSetup.removeInterviewType(
          yield* team(teamId),
          yield* id(Ids.InterviewTypeId.make, typeId, "interviewTypeId")
        )
      })),
    listProviderInterviewTypes: (teamId) => onTeam(teamId, ProviderInterviewTypes.list),
    listPostings: (teamId) => onTeam(teamId, (t) => Effect.map(PostingLinks.listPostings(t), (listed) => listed.postings)),
    linkPosting: (teamId, postingId, typeId) =>
      run(Effect.gen(function*() {
        return yield* PostingLinks.linkPosting(
          yield* team(teamId),
          yield* id(Ids.PostingId.make, postingId, "postingId"),
          typeId === null ? null : yield* id(Ids.InterviewTypeId.make, typeId, "interviewTypeId")
        )
      })),
    configureProgressTags: (teamId, input) => onTeam(teamId, (t) => TeamSetup.configureProgressTags(t, input)),
    health: (teamId) => onTeam(teamId, ConnectionHealth.lastReport),
    checkHealth: (teamId) =>
      onTeam(teamId, (t) =>
        Effect.map(ConnectionHealth.check(t, { publicBaseUrl: options.publicBaseUrl }), (checked) => checked.report))
  }
}
