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
  ProviderUnavailable,
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
  ProviderInterviewTypes,
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

const readErrors = [InvalidRequest, NotFound, ServiceUnavailable] as const
const setupErrors = [InvalidRequest, NotFound, Unprocessable, ServiceUnavailable] as const
const leverErrors = [...setupErrors, LeverUnavailable] as const
const tokenErrors = [...readErrors, Forbidden] as const
const team = { teamId: Schema.String }
/** The headers of a 201: where the created resource lives. */
const Created = { location: Schema.String }
/** An operation's summary (one line) and description (what it does, what it answers). */
const doc = (summary: string, description: string) => OpenApi.annotations({ summary, description })

/** The admin endpoints of a team's setup, in checklist order. @since 0.1.0 */
export class TeamsGroup extends HttpApiGroup.make("teams")
  .add(
    HttpApiEndpoint.post("create", "/api/teams", {
      payload: CreateTeam,
      success: HttpApiSchema.WithHeaders(TeamView, Created).pipe(HttpApiSchema.status(201)),
      error: [...setupErrors, Forbidden]
    }).annotateMerge(doc(
      "Create a team (operator only); its id is generated",
      "Creates a team with the integration off and nothing connected. Operator token only. Answers 201 with `Location: /api/teams/{teamId}` and the team, its generated id at the top."
    )),
    HttpApiEndpoint.get("list", "/api/teams", {
      success: Schema.Struct({ teams: Schema.Array(TeamSummary) }),
      error: ServiceUnavailable
    }).annotateMerge(doc(
      "The teams the caller can see",
      "Every team the caller's token reaches (all for the operator, one for a team token), with whether its setup is ready."
    )),
    HttpApiEndpoint.get("get", "/api/teams/:teamId", { params: team, success: TeamView, error: readErrors })
      .annotateMerge(doc(
        "Settings (without secrets) and the checklist",
        "The team: `teamId`, settings without secrets, `version`, the live checklist and the webhook URLs to give Lever."
      )),
    HttpApiEndpoint.get("checklist", "/api/teams/:teamId/checklist", {
      params: team,
      success: TeamView.fields.checklist,
      error: readErrors
    }).annotateMerge(doc(
      "What is done and what is missing",
      "The live checklist: each item with what is missing, how to fix it and the API routes that do it."
    )),
    HttpApiEndpoint.put("integration", "/api/teams/:teamId/integration", {
      params: team,
      payload: Integration,
      success: TeamView,
      error: setupErrors
    }).annotateMerge(doc(
      "Turn the integration on or off",
      "Turns the integration on or off. Off: webhooks are still recorded, but no invite is sent and nothing is written to Lever."
    )),
    HttpApiEndpoint.put("leverEnvironment", "/api/teams/:teamId/lever/environment", {
      params: team,
      payload: LeverChoice,
      success: TeamView,
      error: setupErrors
    }).annotateMerge(doc(
      "Choose Lever production, Lever's sandbox or (if allowed) a custom URL",
      "Chooses Lever production, Lever's sandbox or (when the operator allows it) a custom base URL. Changing it disconnects the team: credentials do not carry over."
    )),
    HttpApiEndpoint.put("permanentKey", "/api/teams/:teamId/permanent-key", {
      params: team,
      payload: PermanentKey,
      success: TeamView,
      error: leverErrors
    }).annotateMerge(doc(
      "Check the permanent Lever key, then store it encrypted",
      "Checks the permanent Lever API key with Lever, then stores it encrypted. A key Lever rejects, or one without a runtime permission, is a 422 and is not stored; when Lever cannot be reached the key is stored as not checked yet."
    )),
    HttpApiEndpoint.post("leverStages", "/api/teams/:teamId/lever/stages", {
      params: team,
      payload: SetupKey,
      success: LeverStages,
      error: leverErrors
    }).annotateMerge(doc(
      "Read Lever's stages (setup key used once, never stored)",
      "Reads the team's Lever stages with the setup key (used once, never stored) or the stored credentials, and answers them with the current mapping and its drift."
    )),
    HttpApiEndpoint.post("leverArchiveReasons", "/api/teams/:teamId/lever/archive-reasons", {
      params: team,
      payload: SetupKey,
      success: LeverArchiveReasons,
      error: leverErrors
    }).annotateMerge(doc(
      "Read Lever's archive reasons with suggested offer statuses",
      "Reads the team's Lever archive reasons and answers each with its mapping and, when unmapped, a suggested offer status (suggestions are never saved by themselves)."
    )),
    HttpApiEndpoint.put("stageMapping", "/api/teams/:teamId/stage-mapping", {
      params: team,
      payload: StageMappingInput,
      success: TeamView,
      error: setupErrors
    }).annotateMerge(doc(
      "Map the assessment, onsite and offer stages to Lever stages",
      "Maps the provider's assessment, onsite and offer stages to three distinct Lever stages. A stage left out, empty or null is a 422 `StageNotChosen` naming it."
    )),
    HttpApiEndpoint.put("archiveReason", "/api/teams/:teamId/archive-reasons/:reasonId", {
      params: { teamId: Schema.String, reasonId: Ids.ArchiveReasonId },
      payload: ArchiveReasonInput,
      success: TeamView,
      error: setupErrors
    }).annotateMerge(doc(
      "Map one archive reason to an offer status",
      "Maps one Lever archive reason to an offer status; an unknown status is a 422 listing the `accepted` ones."
    )),
    HttpApiEndpoint.post("acceptArchiveReasonSuggestions", "/api/teams/:teamId/archive-reasons/accept-suggestions", {
      params: team,
      success: TeamView,
      error: setupErrors
    }).annotateMerge(doc(
      "Accept every archive-reason suggestion",
      "Every archive reason of the catalog last read from Lever that has no offer status yet takes its suggested one, in one request and one update; reasons already mapped keep their status, reasons without a suggestion stay unmapped. Answers the team with its checklist."
    )),
    HttpApiEndpoint.put("signingToken", "/api/teams/:teamId/signing-tokens/:webhook", {
      params: { teamId: Schema.String, webhook: WebhookPathName },
      payload: SigningToken,
      success: TeamView,
      error: setupErrors
    }).annotateMerge(doc(
      "Store the signing token Lever shows for a webhook",
      "Stores the signature token Lever shows for one webhook (the copy-paste way); it is never shown again."
    )),
    HttpApiEndpoint.get("interviewTypes", "/api/teams/:teamId/interview-types", {
      params: team,
      success: InterviewTypes,
      error: readErrors
    }).annotateMerge(doc(
      "The interview types and their Lever tags",
      "The team's interview types, each with the exact, case-sensitive Lever tag that selects it."
    )),
    HttpApiEndpoint.get("providerInterviewTypes", "/api/teams/:teamId/provider/interview-types", {
      params: team,
      success: ProviderInterviewTypes,
      error: [...readErrors, Unprocessable, ProviderUnavailable]
    }).annotateMerge(doc(
      "The assessment provider's interview types, to link one to an interview type",
      "Asks the assessment provider for its interview types now (`GET /v1/interview-types`); an interview type's `providerInterviewTypeId` takes one of their ids. A 422 `ProviderNotConfigured` when this host has no provider that lists types (FULCRUM_PROVIDER_URL); a 502 `ProviderUnavailable` when the provider is down, slow or refuses (`reason` `Unreachable` or `Refused`). Either way, the id can still be typed by hand."
    )),
    HttpApiEndpoint.post("addInterviewType", "/api/teams/:teamId/interview-types", {
      params: team,
      payload: NewInterviewType,
      success: HttpApiSchema.WithHeaders(InterviewType.InterviewType, Created).pipe(HttpApiSchema.status(201)),
      error: setupErrors
    }).annotateMerge(doc(
      "Add an interview type with its exact, case-sensitive Lever tag",
      "Adds an interview type with its Lever tag. Answers 201 with `Location` and the interview type itself (its id generated when none was given)."
    )),
    HttpApiEndpoint.get("interviewType", "/api/teams/:teamId/interview-types/:interviewTypeId", {
      params: { teamId: Schema.String, interviewTypeId: Ids.InterviewTypeId },
      success: InterviewType.InterviewType,
      error: readErrors
    }).annotateMerge(doc(
      "One interview type and its Lever tag",
      "One interview type, as `POST .../interview-types` created it."
    )),
    HttpApiEndpoint.delete("removeInterviewType", "/api/teams/:teamId/interview-types/:interviewTypeId", {
      params: { teamId: Schema.String, interviewTypeId: Ids.InterviewTypeId },
      success: TeamView,
      error: setupErrors
    }).annotateMerge(doc(
      "Remove an interview type (sent invites are kept)",
      "Removes an interview type; candidates already invited keep their invite."
    )),
    HttpApiEndpoint.put("progressTags", "/api/teams/:teamId/progress-tags", {
      params: team,
      payload: ProgressTagsInput,
      success: TeamView,
      error: setupErrors
    }).annotateMerge(doc(
      "Turn progress tags on or off",
      "Turns progress tags (Fulcrum's own tags on the candidate in Lever) on or off and sets their prefix."
    )),
    HttpApiEndpoint.get("webhookUrls", "/api/teams/:teamId/webhook-urls", {
      params: team,
      success: WebhookUrls,
      error: readErrors
    }).annotateMerge(doc(
      "The absolute webhook URLs to give Lever",
      "The absolute webhook URLs to give Lever, one per webhook (also in every team answer as `webhookUrls`)."
    )),
    HttpApiEndpoint.post("registerWebhooks", "/api/teams/:teamId/lever/webhooks/register", {
      params: team,
      payload: RegisterWebhooks,
      success: TeamView,
      error: leverErrors
    }).annotateMerge(doc(
      "Register the webhooks in Lever and keep their signing tokens (no copy-paste)",
      "Registers Fulcrum's webhooks in the team's Lever account and keeps the signature tokens Lever issues: nothing to copy by hand. Needs the webhooks permissions on the setup key or the OAuth grant."
    )),
    HttpApiEndpoint.get("health", "/api/teams/:teamId/health", {
      params: team,
      success: HealthReport,
      error: setupErrors
    }).annotateMerge(doc(
      "The last connection health check and its findings",
      "When the team's Lever connection was last checked (on the worker's schedule or by POST .../health-check) and what was found: each finding with its kind, subject, first-seen time, message and fix. checkedAt is null before the first check."
    )),
    HttpApiEndpoint.post("healthCheck", "/api/teams/:teamId/health-check", {
      params: team,
      success: HealthReport,
      error: leverErrors
    }).annotateMerge(doc(
      "Check the Lever connection now: credentials, permissions, webhooks, stage and archive-reason drift",
      "Checks the Lever connection now and answers the same report as GET .../health: credentials, permissions, confidential access, webhooks registered and pointing at this deployment, mapped stages and archive reasons removed or renamed, reasons without an offer status, linked postings. A key stored while Lever was out of reach is checked here."
    )),
    HttpApiEndpoint.post("issueToken", "/api/teams/:teamId/tokens", {
      params: team,
      payload: NewTeamToken,
      success: HttpApiSchema.WithHeaders(IssuedTeamToken, Created).pipe(HttpApiSchema.status(201)),
      error: tokenErrors
    }).annotateMerge(doc(
      "Create a token that reaches only this team (operator only; shown once)",
      "Issues a bearer token that reaches only this team. Operator token only. Answers 201 with `Location`; the token is shown in this answer only."
    )),
    HttpApiEndpoint.get("listTokens", "/api/teams/:teamId/tokens", {
      params: team,
      success: Schema.Struct({ tokens: Schema.Array(TeamTokenInfo) }),
      error: tokenErrors
    }).annotateMerge(doc(
      "The team's tokens, without their secrets (operator only)",
      "The team's tokens with their labels and last use, never the tokens themselves. Operator token only."
    )),
    HttpApiEndpoint.delete("revokeToken", "/api/teams/:teamId/tokens/:tokenId", {
      params: { teamId: Schema.String, tokenId: Schema.String },
      success: HttpApiSchema.NoContent,
      error: tokenErrors
    }).annotateMerge(doc(
      "Revoke a team token (operator only)",
      "Revokes a team token at once. Operator token only."
    ))
  )
  .middleware(AdminAuth)
  .annotateMerge(OpenApi.annotations({ title: "Team setup", description: "Self-service setup of one team." }))
{}
