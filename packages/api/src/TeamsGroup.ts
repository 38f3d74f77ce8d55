/**
 * The admin API of a team's setup, in checklist order: create the team, connect Lever, map stages and
 * archive reasons, webhooks and signing tokens, interview types, then health checks. Every answer that
 * changes the setup returns the team with its live checklist, so a client always shows what is missing.
 *
 * @since 0.1.0
 */
import { Ids, InterviewType } from "@fulcrum/domain"
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "effect/http-api"
import { AdminAuth } from "./AdminAuth.ts"
import {
  Forbidden,
  InvalidRequest,
  LeverUnavailable,
  NotFound,
  ServiceUnavailable,
  Unprocessable
} from "./ApiErrors.ts"
import {
  ArchiveReasonInput,
  CreateTeam,
  Integration,
  InterviewTypes,
  IssuedTeamToken,
  LeverChoice,
  LeverArchiveReasons,
  LeverStages,
  NewInterviewType,
  NewTeamToken,
  PermanentKey,
  ProgressTagsInput,
  RegisterWebhooks,
  SetupKey,
  SigningToken,
  StageMappingInput,
  TeamSummary,
  TeamTokenInfo,
  TeamView,
  WebhookPathName,
  WebhookUrls
} from "./TeamModels.ts"
import { HealthReport } from "./HealthModels.ts"

const setupErrors = [InvalidRequest, NotFound, Unprocessable, ServiceUnavailable] as const
const leverErrors = [...setupErrors, LeverUnavailable] as const
const operatorErrors = [...setupErrors, Forbidden] as const
const team = { teamId: Schema.String }
/** The headers of a 201: where the created resource lives. */
const Created = { location: Schema.String }

/** @since 0.1.0 */
export class TeamsGroup extends HttpApiGroup.make("teams")
  .add(
    HttpApiEndpoint.post("create", "/api/teams", {
      payload: CreateTeam,
      success: HttpApiSchema.WithHeaders(TeamView, Created).pipe(HttpApiSchema.status(201)),
      error: operatorErrors
    }).annotate(OpenApi.Summary, "Create a team (operator only); its id is generated"),
    HttpApiEndpoint.get("list", "/api/teams", {
      success: Schema.Struct({ teams: Schema.Array(TeamSummary) }),
      error: setupErrors
    }).annotate(OpenApi.Summary, "The teams the caller can see"),
    HttpApiEndpoint.get("get", "/api/teams/:teamId", { params: team, success: TeamView, error: setupErrors })
      .annotate(OpenApi.Summary, "Settings (without secrets) and the checklist"),
    HttpApiEndpoint.get("checklist", "/api/teams/:teamId/checklist", {
      params: team,
      success: TeamView.fields.checklist,
      error: setupErrors
    }).annotate(OpenApi.Summary, "What is done and what is missing"),
    HttpApiEndpoint.put("integration", "/api/teams/:teamId/integration", {
      params: team,
      payload: Integration,
      success: TeamView,
      error: setupErrors
    }).annotate(OpenApi.Summary, "Turn the integration on or off"),
    HttpApiEndpoint.put("leverEnvironment", "/api/teams/:teamId/lever/environment", {
      params: team,
      payload: LeverChoice,
      success: TeamView,
      error: setupErrors
    }).annotate(OpenApi.Summary, "Choose Lever production, Lever's sandbox or (if allowed) a custom URL"),
    HttpApiEndpoint.put("permanentKey", "/api/teams/:teamId/permanent-key", {
      params: team,
      payload: PermanentKey,
      success: TeamView,
      error: leverErrors
    }).annotate(OpenApi.Summary, "Check the permanent Lever key, then store it encrypted"),
    HttpApiEndpoint.post("leverStages", "/api/teams/:teamId/lever/stages", {
      params: team,
      payload: SetupKey,
      success: LeverStages,
      error: leverErrors
    }).annotate(OpenApi.Summary, "Read Lever's stages (setup key used once, never stored)"),
    HttpApiEndpoint.post("leverArchiveReasons", "/api/teams/:teamId/lever/archive-reasons", {
      params: team,
      payload: SetupKey,
      success: LeverArchiveReasons,
      error: leverErrors
    }).annotate(OpenApi.Summary, "Read Lever's archive reasons with suggested offer statuses"),
    HttpApiEndpoint.put("stageMapping", "/api/teams/:teamId/stage-mapping", {
      params: team,
      payload: StageMappingInput,
      success: TeamView,
      error: setupErrors
    }).annotate(OpenApi.Summary, "Map the assessment, onsite and offer stages to Lever stages"),
    HttpApiEndpoint.put("archiveReason", "/api/teams/:teamId/archive-reasons/:reasonId", {
      params: { teamId: Schema.String, reasonId: Ids.ArchiveReasonId },
      payload: ArchiveReasonInput,
      success: TeamView,
      error: setupErrors
    }).annotate(OpenApi.Summary, "Map one archive reason to an offer status"),
    HttpApiEndpoint.put("signingToken", "/api/teams/:teamId/signing-tokens/:webhook", {
      params: { teamId: Schema.String, webhook: WebhookPathName },
      payload: SigningToken,
      success: TeamView,
      error: setupErrors
    }).annotate(OpenApi.Summary, "Store the signing token Lever shows for a webhook"),
    HttpApiEndpoint.get("interviewTypes", "/api/teams/:teamId/interview-types", {
      params: team,
      success: InterviewTypes,
      error: setupErrors
    }).annotate(OpenApi.Summary, "The interview types and their Lever tags"),
    HttpApiEndpoint.post("addInterviewType", "/api/teams/:teamId/interview-types", {
      params: team,
      payload: NewInterviewType,
      success: HttpApiSchema.WithHeaders(InterviewType.InterviewType, Created).pipe(HttpApiSchema.status(201)),
      error: setupErrors
    }).annotate(OpenApi.Summary, "Add an interview type with its exact, case-sensitive Lever tag"),
    HttpApiEndpoint.get("interviewType", "/api/teams/:teamId/interview-types/:interviewTypeId", {
      params: { teamId: Schema.String, interviewTypeId: Ids.InterviewTypeId },
      success: InterviewType.InterviewType,
      error: setupErrors
    }).annotate(OpenApi.Summary, "One interview type and its Lever tag"),
    HttpApiEndpoint.delete("removeInterviewType", "/api/teams/:teamId/interview-types/:interviewTypeId", {
      params: { teamId: Schema.String, interviewTypeId: Ids.InterviewTypeId },
      success: TeamView,
      error: setupErrors
    }).annotate(OpenApi.Summary, "Remove an interview type (sent invites are kept)"),
    HttpApiEndpoint.put("progressTags", "/api/teams/:teamId/progress-tags", {
      params: team,
      payload: ProgressTagsInput,
      success: TeamView,
      error: setupErrors
    }).annotate(OpenApi.Summary, "Turn progress tags on or off"),
    HttpApiEndpoint.get("webhookUrls", "/api/teams/:teamId/webhook-urls", {
      params: team,
      success: WebhookUrls,
      error: setupErrors
    }).annotate(OpenApi.Summary, "The absolute webhook URLs to give Lever"),
    HttpApiEndpoint.post("registerWebhooks", "/api/teams/:teamId/lever/webhooks/register", {
      params: team,
      payload: RegisterWebhooks,
      success: TeamView,
      error: leverErrors
    }).annotate(OpenApi.Summary, "Register the webhooks in Lever and keep their signing tokens (no copy-paste)"),
    HttpApiEndpoint.get("health", "/api/teams/:teamId/health", {
      params: team,
      success: HealthReport,
      error: setupErrors
    }).annotate(OpenApi.Summary, "The last connection health check and its findings"),
    HttpApiEndpoint.post("healthCheck", "/api/teams/:teamId/health-check", {
      params: team,
      success: HealthReport,
      error: leverErrors
    }).annotate(
      OpenApi.Summary,
      "Check the Lever connection now: credentials, permissions, webhooks, stage and archive-reason drift"
    ),
    HttpApiEndpoint.post("issueToken", "/api/teams/:teamId/tokens", {
      params: team,
      payload: NewTeamToken,
      success: HttpApiSchema.WithHeaders(IssuedTeamToken, Created).pipe(HttpApiSchema.status(201)),
      error: operatorErrors
    }).annotate(OpenApi.Summary, "Create a token that reaches only this team (operator only; shown once)"),
    HttpApiEndpoint.get("listTokens", "/api/teams/:teamId/tokens", {
      params: team,
      success: Schema.Struct({ tokens: Schema.Array(TeamTokenInfo) }),
      error: operatorErrors
    }).annotate(OpenApi.Summary, "The team's tokens, without their secrets (operator only)"),
    HttpApiEndpoint.delete("revokeToken", "/api/teams/:teamId/tokens/:tokenId", {
      params: { teamId: Schema.String, tokenId: Schema.String },
      success: HttpApiSchema.NoContent,
      error: operatorErrors
    }).annotate(OpenApi.Summary, "Revoke a team token (operator only)")
  )
  .middleware(AdminAuth)
  .annotateMerge(OpenApi.annotations({ title: "Team setup", description: "Self-service setup of one team." }))
{}
