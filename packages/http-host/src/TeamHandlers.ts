/**
 * The admin API of a team's setup. Each handler names its team (checked against the caller's scope),
 * calls one `TeamSetup` use case and returns the team with its checklist; the rules live in the core.
 *
 * @since 0.1.0
 */
import { AdminAuth, ApiErrors, FulcrumApi, TeamModels } from "@fulcrum/api"
import { AdminAccess, ConnectionHealth, ProviderInterviewTypes, TeamSetup } from "@fulcrum/core"
import { Ids, OfferStatus, type Setup, StageMapping } from "@fulcrum/domain"
import { Effect, Redacted, Schema } from "effect"
import { HttpApiBuilder, HttpApiSchema } from "effect/http-api"
import { HostOptions } from "./HostOptions.ts"
import { answer } from "./internal/apiError.ts"
import { requireOperator, visibleTeam } from "./internal/request.ts"
import { team } from "./internal/teamAnswer.ts"
import * as TeamTokenHandlers from "./internal/teamTokens.ts"

const environmentOf = (
  lever: TeamModels.LeverChoice,
  at: string
): Effect.Effect<Setup.LeverEnvironment, ApiErrors.InvalidRequest> => {
  if (lever.environment !== "custom" && lever.baseUrl !== undefined) {
    return Effect.fail(
      new ApiErrors.InvalidRequest({
        message: `Lever ${lever.environment} has a fixed base URL: send baseUrl only with environment custom`,
        problems: [{ path: `${at}.baseUrl`, message: "only allowed when environment is custom" }]
      })
    )
  }
  switch (lever.environment) {
    case "production":
      return Effect.succeed({ _tag: "Production" })
    case "sandbox":
      return Effect.succeed({ _tag: "Sandbox" })
    case "custom":
      return lever.baseUrl === undefined
        ? Effect.fail(
          new ApiErrors.InvalidRequest({
            message: "A custom Lever environment needs its baseUrl",
            problems: [{ path: `${at}.baseUrl`, message: "required when environment is custom" }]
          })
        )
        : Effect.succeed({ _tag: "Custom", baseUrl: lever.baseUrl })
  }
}

const setupKeyOf = (body: { readonly setupKey?: string }) =>
  body.setupKey === undefined ? undefined : Redacted.make(body.setupKey)

/** A stage left empty, blank or `null` is not chosen. */
const chosen = (stageId: string | null | undefined) =>
  stageId === null || stageId === undefined || stageId.trim() === "" ? undefined : Ids.StageId.make(stageId)

/** Every provider stage must be chosen; a missing one is refused like a wrong one, with a 422 naming it. */
const stageChoice = (input: typeof TeamModels.StageMappingInput.Type) =>
  Effect.mapError(
    Effect.fromResult(StageMapping.completeChoice({
      ...input,
      assessment: chosen(input.assessment),
      onsite: chosen(input.onsite),
      offer: chosen(input.offer),
      ...(input.assessmentDefaultInterviewTypeId === undefined
        ? {}
        : { assessmentDefaultInterviewTypeId: input.assessmentDefaultInterviewTypeId }),
      ...(input.extraAssessments === undefined ? {} : { extraAssessments: input.extraAssessments })
    })),
    (problem) => new ApiErrors.Unprocessable({ reason: problem._tag, message: StageMapping.problemMessage(problem) })
  )

const isOfferStatus = Schema.is(OfferStatus.OfferStatus)

/** An offer status the provider does not know is refused with the ones it does. */
const offerStatusOf = (raw: string) =>
  isOfferStatus(raw) ? Effect.succeed(raw) : Effect.fail(
    new ApiErrors.Unprocessable({
      reason: "UnknownOfferStatus",
      message: `${JSON.stringify(raw)} is not an offer status: use one of ${OfferStatus.values.join(", ")}`,
      accepted: [...OfferStatus.values]
    })
  )

/** The handlers of the `teams` group. @since 0.1.0 */
export const layer = HttpApiBuilder.group(FulcrumApi.FulcrumApi, "teams", (handlers) =>
  Effect.succeed(
    handlers
      .handle("create", ({ payload }) =>
        Effect.gen(function*() {
          yield* requireOperator
          const environment = yield* environmentOf(payload.lever, "$.payload.lever")
          const teamId = yield* TeamSetup.newTeamId
          const created = yield* team(TeamSetup.createTeam({ teamId, name: payload.name, environment }))
          return HttpApiSchema.withHeaders({ body: created, headers: { location: `/api/teams/${teamId}` } })
        }))
      .handle("list", () =>
        Effect.gen(function*() {
          const teams = yield* answer(TeamSetup.listTeams())
          const admin = yield* AdminAuth.CurrentAdmin
          return {
            teams: teams
              .filter(({ settings }) => AdminAccess.canReach(admin, settings.teamId))
              .map(({ checklist, settings }) => ({
                teamId: settings.teamId,
                name: settings.name,
                integrationEnabled: settings.integrationEnabled,
                ready: checklist.ready
              }))
          }
        }))
      .handle("get", ({ params }) => Effect.flatMap(visibleTeam(params.teamId), (id) => team(TeamSetup.getTeam(id))))
      .handle("checklist", ({ params }) =>
        Effect.flatMap(visibleTeam(params.teamId), (id) =>
          Effect.map(answer(TeamSetup.getTeam(id)), (team) => team.checklist)))
      .handle("integration", ({ params, payload }) =>
        Effect.flatMap(visibleTeam(params.teamId), (id) => team(TeamSetup.toggleIntegration(id, payload.enabled))))
      .handle("leverEnvironment", ({ params, payload }) =>
        Effect.gen(function*() {
          const id = yield* visibleTeam(params.teamId)
          return yield* team(TeamSetup.chooseEnvironment(id, yield* environmentOf(payload, "$.payload")))
        }))
      .handle("permanentKey", ({ params, payload }) =>
        Effect.flatMap(
          visibleTeam(params.teamId),
          (id) => team(TeamSetup.submitPermanentKey(id, Redacted.make(payload.key)))
        ))
      .handle("leverStages", ({ params, payload }) =>
        Effect.gen(function*() {
          const id = yield* visibleTeam(params.teamId)
          const read = yield* answer(TeamSetup.readLeverStages(id, setupKeyOf(payload)))
          return {
            stages: read.stages,
            mapping: read.mapping,
            drift: read.drift.map(StageMapping.driftMessage),
            checklist: read.team.checklist
          }
        }))
      .handle("leverArchiveReasons", ({ params, payload }) =>
        Effect.gen(function*() {
          const id = yield* visibleTeam(params.teamId)
          const read = yield* answer(TeamSetup.readLeverArchiveReasons(id, setupKeyOf(payload)))
          // The core already suggested a status for each unmapped reason it could.
          const suggested = new Map(read.suggestions.map(({ offerStatus, reasonId }) => [reasonId, offerStatus]))
          return {
            reasons: read.reasons.map((reason) => ({
              ...reason,
              offerStatus: read.mapping[reason.id] ?? null,
              suggestedOfferStatus: suggested.get(reason.id) ?? null
            })),
            suggestions: read.suggestions,
            checklist: read.team.checklist
          }
        }))
      .handle("stageMapping", ({ params, payload }) =>
        Effect.gen(function*() {
          const id = yield* visibleTeam(params.teamId)
          return yield* team(TeamSetup.mapStages(id, yield* stageChoice(payload)))
        }))
      .handle("archiveReason", ({ params, payload }) =>
        Effect.gen(function*() {
          const id = yield* visibleTeam(params.teamId)
          const offerStatus = yield* offerStatusOf(payload.offerStatus)
          return yield* team(TeamSetup.mapArchiveReason(id, params.reasonId, offerStatus))
        }))
      .handle("acceptArchiveReasonSuggestions", ({ params }) =>
        Effect.flatMap(visibleTeam(params.teamId), (id) => team(TeamSetup.acceptArchiveReasonSuggestions(id))))
      .handle("signingToken", ({ params, payload }) =>
        Effect.flatMap(visibleTeam(params.teamId), (id) =>
          team(TeamSetup.submitSigningToken(
            id,
            TeamModels.webhookKindOf[params.webhook],
            Redacted.make(payload.token)
          ))))
      .handle("interviewTypes", ({ params }) =>
        Effect.flatMap(visibleTeam(params.teamId), (id) =>
          Effect.map(answer(TeamSetup.getTeam(id)), (team) => ({ interviewTypes: team.settings.interviewTypes }))))
      .handle("providerInterviewTypes", ({ params }) =>
        Effect.flatMap(visibleTeam(params.teamId), (id) =>
          Effect.map(answer(ProviderInterviewTypes.list(id)), (interviewTypes) => ({ interviewTypes }))))
      .handle("addInterviewType", ({ params, payload }) =>
        Effect.gen(function*() {
          const id = yield* visibleTeam(params.teamId)
          const added = yield* answer(TeamSetup.addInterviewType(id, payload))
          return HttpApiSchema.withHeaders({
            body: added.interviewType,
            headers: { location: `/api/teams/${id}/interview-types/${added.interviewType.id}` }
          })
        }))
      .handle("interviewType", ({ params }) =>
        Effect.gen(function*() {
          const id = yield* visibleTeam(params.teamId)
          const { settings } = yield* answer(TeamSetup.getTeam(id))
          const found = settings.interviewTypes.find((type) => type.id === params.interviewTypeId)
          if (found === undefined) {
            return yield* new ApiErrors.NotFound({ message: `No interview type ${params.interviewTypeId}` })
          }
          return found
        }))
      .handle("removeInterviewType", ({ params }) =>
        Effect.flatMap(
          visibleTeam(params.teamId),
          (id) => team(TeamSetup.removeInterviewType(id, params.interviewTypeId))
        ))
      .handle("progressTags", ({ params, payload }) =>
        Effect.flatMap(visibleTeam(params.teamId), (id) => team(TeamSetup.configureProgressTags(id, payload))))
      .handle("webhookUrls", ({ params }) =>
        Effect.gen(function*() {
          const id = yield* visibleTeam(params.teamId)
          yield* answer(TeamSetup.getTeam(id))
          const { publicBaseUrl } = yield* HostOptions
          return TeamSetup.webhookUrls(id, publicBaseUrl)
        }))
      .handle("registerWebhooks", ({ params, payload }) =>
        Effect.gen(function*() {
          const id = yield* visibleTeam(params.teamId)
          const { publicBaseUrl } = yield* HostOptions
          const setupKey = setupKeyOf(payload)
          return yield* team(TeamSetup.registerWebhooks(id, {
            publicBaseUrl,
            ...(setupKey === undefined ? {} : { setupKey }),
            ...(payload.includeCandidateDeleted === undefined
              ? {}
              : { includeCandidateDeleted: payload.includeCandidateDeleted })
          }))
        }))
      .handle("health", ({ params }) =>
        Effect.flatMap(visibleTeam(params.teamId), (id) => answer(ConnectionHealth.lastReport(id))))
      .handle("healthCheck", ({ params }) =>
        Effect.gen(function*() {
          const id = yield* visibleTeam(params.teamId)
          const { publicBaseUrl } = yield* HostOptions
          return (yield* answer(ConnectionHealth.check(id, { publicBaseUrl }))).report
        }))
      .handle("issueToken", TeamTokenHandlers.issue)
      .handle("listTokens", TeamTokenHandlers.list)
      .handle("revokeToken", TeamTokenHandlers.revoke)
  ))
