/**
 * The admin API of a team's setup. Each handler names its team (checked against the caller's scope),
 * calls one `TeamSetup` use case and returns the team with its checklist; the rules live in the core.
 *
 * @since 0.1.0
 */
import { AdminAuth, ApiErrors, FulcrumApi, TeamModels } from "@fulcrum/api"
import { AdminAccess, ConnectionHealth, TeamSetup } from "@fulcrum/core"
import { type Setup, StageMapping } from "@fulcrum/domain"
import { Effect, Redacted } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { HostOptions } from "./HostOptions.ts"
import { answer } from "./internal/apiError.ts"
import { requireOperator, visibleTeam } from "./internal/request.ts"
import * as TeamTokenHandlers from "./internal/teamTokens.ts"

const environmentOf = (
  lever: TeamModels.LeverChoice
): Effect.Effect<Setup.LeverEnvironment, ApiErrors.InvalidRequest> => {
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
            problems: [{ path: "$.payload.lever.baseUrl", message: "required when environment is custom" }]
          })
        )
        : Effect.succeed({ _tag: "Custom", baseUrl: lever.baseUrl })
  }
}

const setupKeyOf = (body: { readonly setupKey?: string }) =>
  body.setupKey === undefined ? undefined : Redacted.make(body.setupKey)

/** Every provider stage must be chosen; a missing one is refused like a wrong one, with a 422 naming it. */
const stageChoice = (input: typeof TeamModels.StageMappingInput.Type) =>
  Effect.mapError(
    Effect.fromResult(StageMapping.completeChoice(input)),
    (problem) => new ApiErrors.Unprocessable({ reason: problem._tag, message: StageMapping.problemMessage(problem) })
  )

/** The handlers of the `teams` group. @since 0.1.0 */
export const layer = HttpApiBuilder.group(FulcrumApi.FulcrumApi, "teams", (handlers) =>
  Effect.succeed(
    handlers
      .handle("create", ({ payload }) =>
        Effect.gen(function*() {
          yield* requireOperator
          const environment = yield* environmentOf(payload.lever)
          const teamId = yield* TeamSetup.newTeamId
          return yield* answer(TeamSetup.createTeam({ teamId, name: payload.name, environment }))
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
      .handle("get", ({ params }) => Effect.flatMap(visibleTeam(params.teamId), (id) => answer(TeamSetup.getTeam(id))))
      .handle("checklist", ({ params }) =>
        Effect.flatMap(visibleTeam(params.teamId), (id) =>
          Effect.map(answer(TeamSetup.getTeam(id)), (team) => team.checklist)))
      .handle("integration", ({ params, payload }) =>
        Effect.flatMap(visibleTeam(params.teamId), (id) => answer(TeamSetup.toggleIntegration(id, payload.enabled))))
      .handle("leverEnvironment", ({ params, payload }) =>
        Effect.gen(function*() {
          const id = yield* visibleTeam(params.teamId)
          return yield* answer(TeamSetup.chooseEnvironment(id, yield* environmentOf(payload)))
        }))
      .handle("permanentKey", ({ params, payload }) =>
        Effect.flatMap(
          visibleTeam(params.teamId),
          (id) => answer(TeamSetup.submitPermanentKey(id, Redacted.make(payload.key)))
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
          return yield* answer(TeamSetup.mapStages(id, yield* stageChoice(payload)))
        }))
      .handle("archiveReason", ({ params, payload }) =>
        Effect.flatMap(
          visibleTeam(params.teamId),
          (id) => answer(TeamSetup.mapArchiveReason(id, params.reasonId, payload.offerStatus))
        ))
      .handle("signingToken", ({ params, payload }) =>
        Effect.flatMap(visibleTeam(params.teamId), (id) =>
          answer(TeamSetup.submitSigningToken(
            id,
            TeamModels.webhookKindOf[params.webhook],
            Redacted.make(payload.token)
          ))))
      .handle("interviewTypes", ({ params }) =>
        Effect.flatMap(visibleTeam(params.teamId), (id) =>
          Effect.map(answer(TeamSetup.getTeam(id)), (team) => ({ interviewTypes: team.settings.interviewTypes }))))
      .handle("addInterviewType", ({ params, payload }) =>
        Effect.flatMap(visibleTeam(params.teamId), (id) => answer(TeamSetup.addInterviewType(id, payload))))
      .handle("removeInterviewType", ({ params }) =>
        Effect.flatMap(
          visibleTeam(params.teamId),
          (id) => answer(TeamSetup.removeInterviewType(id, params.interviewTypeId))
        ))
      .handle("progressTags", ({ params, payload }) =>
        Effect.flatMap(visibleTeam(params.teamId), (id) => answer(TeamSetup.configureProgressTags(id, payload))))
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
          return yield* answer(TeamSetup.registerWebhooks(id, {
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
