/**
 * What the admin API sends and returns about a team's setup. Settings never carry a secret: keys and
 * signing tokens show only when they were submitted and a short fingerprint.
 *
 * @since 0.1.0
 */
import {
  ArchiveReasonMapping,
  Checklist,
  Ids,
  InterviewType,
  Lever,
  LeverBaseUrl,
  OfferStatus,
  Posting,
  Setup,
  StageMapping,
  Text
} from "@fulcrum/domain"
import { Schema } from "effect"
import { IsoTime } from "./IsoTime.ts"

/**
 * A secret in a request body (an API key, a signing token), never echoed back: 1 to 4,096 printable
 * ASCII characters. Lever's keys and tokens are; a NUL, a control character, a space or a lone surrogate
 * is a copy-paste accident that no store should keep.
 *
 * @since 0.1.0
 */
export const SecretInput = Schema.String.pipe(
  Schema.check(
    Schema.isMinLength(1),
    Schema.isMaxLength(4_096),
    Schema.isPattern(/^[\x21-\x7e]+$/, {
      expected: "printable ASCII without spaces",
      message: "must be printable ASCII characters only: no spaces, line breaks, control characters or accents"
    })
  )
)

/**
 * Which Lever a team talks to: production, Lever's sandbox, or (when the operator allows it) a custom
 * base URL such as the Lever sandbox package. The same shape in requests (`POST /api/teams` as `lever`,
 * `PUT .../lever/environment`) and in responses (`settings.lever`).
 *
 * @since 0.1.0
 */
export const LeverChoice = Schema.Struct({
  environment: Schema.Literals(["production", "sandbox", "custom"]),
  baseUrl: Schema.optionalKey(LeverBaseUrl.LeverBaseUrl)
})
/** The type {@link LeverChoice} decodes to. @since 0.1.0 */
export type LeverChoice = typeof LeverChoice.Type

/** The API shape of the domain's Lever environment. @since 0.1.0 */
export const leverChoiceOf = (environment: Setup.LeverEnvironment): LeverChoice => {
  switch (environment._tag) {
    case "Production":
      return { environment: "production" }
    case "Sandbox":
      return { environment: "sandbox" }
    case "Custom":
      return { environment: "custom", baseUrl: environment.baseUrl }
  }
}

/** `POST /api/teams`. `custom` needs `baseUrl` and an operator who allows custom Lever URLs. @since 0.1.0 */
export const CreateTeam = Schema.Struct({
  name: Text.SafeLine,
  lever: LeverChoice
})
/** The type {@link CreateTeam} decodes to. @since 0.1.0 */
export type CreateTeam = typeof CreateTeam.Type

/** A submitted secret: when, and a short non-reversible fingerprint. @since 0.1.0 */
export const SecretReceiptView = Schema.Struct({ submittedAt: IsoTime, fingerprint: Schema.String })

/** How the team is connected to Lever (`_tag`: `NotConnected`, `ApiKey` or `OAuth`). @since 0.1.0 */
export const LeverConnectionView = Schema.Union([
  Schema.TaggedStruct("NotConnected", {}),
  Schema.TaggedStruct("ApiKey", { key: SecretReceiptView }),
  Schema.TaggedStruct("OAuth", {
    connectedAt: IsoTime,
    scopes: Schema.Array(Schema.String),
    reconnectNeeded: Schema.NullOr(Schema.Struct({ since: IsoTime, reason: Schema.String }))
  })
])

/** A setup problem found while processing events, shown on the checklist until fixed. @since 0.1.0 */
export const SetupProblemView = Schema.Union([
  Schema.TaggedStruct("UnmappedArchiveReason", { reasonId: Ids.ArchiveReasonId, seenAt: IsoTime }),
  Schema.TaggedStruct("CredentialsRejected", { at: IsoTime, detail: Schema.String })
])

/**
 * A team's settings without secrets, as the API shows them: the domain's `Setup.TeamSettings` with the
 * Lever environment in the request's shape (`lever`) and ISO-8601 times.
 *
 * @since 0.1.0
 */
export const TeamSettingsView = Schema.Struct({
  teamId: Ids.TeamId,
  name: Schema.String,
  createdAt: IsoTime,
  integrationEnabled: Schema.Boolean,
  lever: LeverChoice,
  connection: LeverConnectionView,
  permissions: Schema.NullOr(Schema.Struct({ ...Setup.PermissionCheck.fields, checkedAt: IsoTime })),
  leverStages: Schema.NullOr(Schema.Struct({ readAt: IsoTime, stages: Schema.Array(Lever.LeverStage) })),
  leverArchiveReasons: Schema.NullOr(
    Schema.Struct({ readAt: IsoTime, reasons: Schema.Array(Lever.LeverArchiveReason) })
  ),
  stageMapping: Schema.NullOr(StageMapping.StageMapping),
  archiveReasonMapping: Schema.Record(Schema.String, OfferStatus.OfferStatus),
  signingTokens: Schema.Record(
    Schema.String,
    Schema.Struct({ ...SecretReceiptView.fields, registeredWebhookId: Schema.NullOr(Schema.String) })
  ),
  webhooksSeen: Schema.Record(Schema.String, Schema.Struct({ at: IsoTime, via: Setup.WebhookSeen.fields.via })),
  interviewTypes: Schema.Array(InterviewType.InterviewType),
  progressTags: Setup.ProgressTags,
  problems: Schema.Array(SetupProblemView),
  /** Job postings linked to interview types, by posting id (absent: none linked yet). */
  postingLinks: Schema.optionalKey(Schema.Record(
    Schema.String,
    Schema.Struct({ ...Posting.PostingLink.fields, linkedAt: IsoTime, missingSince: Schema.NullOr(IsoTime) })
  ))
})
/** The type {@link TeamSettingsView} decodes to. @since 0.1.0 */
export type TeamSettingsView = typeof TeamSettingsView.Type

/** The API view of a team's settings. @since 0.1.0 */
export const settingsView = ({ environment, ...settings }: Setup.TeamSettings): TeamSettingsView => ({
  ...settings,
  lever: leverChoiceOf(environment)
})

/** `GET .../webhook-urls`: the absolute URLs to give Lever, one per webhook. @since 0.1.0 */
export const WebhookUrls = Schema.Struct({
  stageChange: Schema.String,
  archiveChange: Schema.String,
  candidateDeleted: Schema.String
})
/** The type {@link WebhookUrls} decodes to. @since 0.1.0 */
export type WebhookUrls = typeof WebhookUrls.Type

/**
 * A team: its id, settings without secrets, the version to name on updates, the live checklist and
 * the webhook URLs to give Lever.
 *
 * @since 0.1.0
 */
export const TeamView = Schema.Struct({
  teamId: Ids.TeamId,
  settings: TeamSettingsView,
  version: Schema.Number,
  checklist: Checklist.Checklist,
  webhookUrls: WebhookUrls
})
/** The type {@link TeamView} decodes to. @since 0.1.0 */
export type TeamView = typeof TeamView.Type

/** The API view of a team (`webhookUrls` are the host's: they depend on its public base URL). @since 0.1.0 */
export const teamView = (
  team: { readonly settings: Setup.TeamSettings; readonly version: number; readonly checklist: Checklist.Checklist },
  webhookUrls: WebhookUrls
): TeamView => ({
  teamId: team.settings.teamId,
  settings: settingsView(team.settings),
  version: team.version,
  checklist: team.checklist,
  webhookUrls
})

/** One line of `GET /api/teams`. @since 0.1.0 */
export const TeamSummary = Schema.Struct({
  teamId: Ids.TeamId,
  name: Schema.String,
  integrationEnabled: Schema.Boolean,
  ready: Schema.Boolean
})
/** The type {@link TeamSummary} decodes to. @since 0.1.0 */
export type TeamSummary = typeof TeamSummary.Type

/** `PUT .../integration`. @since 0.1.0 */
export const Integration = Schema.Struct({ enabled: Schema.Boolean })

/** `PUT .../permanent-key`: the key Fulcrum stores (encrypted) for everyday calls. @since 0.1.0 */
export const PermanentKey = Schema.Struct({ key: SecretInput })

/** Body of `POST .../lever/stages` and `.../lever/archive-reasons`: a setup key used once, never stored. @since 0.1.0 */
export const SetupKey = Schema.Struct({ setupKey: Schema.optionalKey(SecretInput) })

/** `POST .../lever/stages`: Lever's stages, the current mapping and what drifted. @since 0.1.0 */
export const LeverStages = Schema.Struct({
  stages: Schema.Array(Lever.LeverStage),
  mapping: Schema.NullOr(StageMapping.StageMapping),
  drift: Schema.Array(Schema.String),
  checklist: Checklist.Checklist
})
/** The type {@link LeverStages} decodes to. @since 0.1.0 */
export type LeverStages = typeof LeverStages.Type

/** One Lever archive reason with its mapping and, when unmapped, the suggested offer status. @since 0.1.0 */
export const ArchiveReasonRow = Schema.Struct({
  ...Lever.LeverArchiveReason.fields,
  offerStatus: Schema.NullOr(OfferStatus.OfferStatus),
  suggestedOfferStatus: Schema.NullOr(OfferStatus.OfferStatus)
})
/** The type {@link ArchiveReasonRow} decodes to. @since 0.1.0 */
export type ArchiveReasonRow = typeof ArchiveReasonRow.Type

/** `POST .../lever/archive-reasons`. @since 0.1.0 */
export const LeverArchiveReasons = Schema.Struct({
  reasons: Schema.Array(ArchiveReasonRow),
  suggestions: Schema.Array(ArchiveReasonMapping.Suggestion),
  checklist: Checklist.Checklist
})
/** The type {@link LeverArchiveReasons} decodes to. @since 0.1.0 */
export type LeverArchiveReasons = typeof LeverArchiveReasons.Type

// A stage a select box left empty may arrive as "", "   " or null: all mean "not chosen" (a 422 naming
// the stage), never a 400 about JSON types.
const StageChoiceInput = Schema.optionalKey(
  Schema.NullOr(Schema.String.pipe(Schema.check(Schema.isMaxLength(200), Text.noControlCharacters)))
)

/**
 * `PUT .../stage-mapping`: the Lever stage id of each provider stage. All three are needed; a missing,
 * empty, blank or `null` one is refused with a 422 `StageNotChosen` that names it, like a duplicate or
 * unknown stage.
 *
 * @since 0.1.0
 */
export const StageMappingInput = Schema.Struct({
  assessment: StageChoiceInput,
  onsite: StageChoiceInput,
  offer: StageChoiceInput,
  /** The interview type sent from the assessment stage when neither a tag nor the posting chooses one. */
  assessmentDefaultInterviewTypeId: Schema.optionalKey(Ids.InterviewTypeId),
  /**
   * Further assessment stages (a short screen early, a take-home later), each with an optional default
   * interview type. Entering any assessment stage invites; each Lever stage still maps to one role only.
   */
  extraAssessments: Schema.optionalKey(Schema.Array(Schema.Struct({
    stageId: Ids.StageId,
    defaultInterviewTypeId: Schema.optionalKey(Ids.InterviewTypeId)
  })).pipe(Schema.check(Schema.isMaxLength(20))))
})

/**
 * `PUT .../archive-reasons/{reasonId}`. Any string is taken here so that one that is not an offer status
 * is a 422 listing the `accepted` values, like an unknown reason id.
 *
 * @since 0.1.0
 */
export const ArchiveReasonInput = Schema.Struct({
  offerStatus: Schema.String.annotate({ description: `one of ${OfferStatus.values.join(", ")}` })
})

/** The webhook names in paths (`signing-tokens/{webhook}`). @since 0.1.0 */
export const WebhookPathName = Schema.Literals(["stage-change", "archive-change", "candidate-deleted"])
/** The type {@link WebhookPathName} decodes to. @since 0.1.0 */
export type WebhookPathName = typeof WebhookPathName.Type

/** The webhook kind a path name stands for. @since 0.1.0 */
export const webhookKindOf: Record<WebhookPathName, Lever.WebhookKind> = {
  "stage-change": "stageChange",
  "archive-change": "archiveChange",
  "candidate-deleted": "candidateDeleted"
}

/** `PUT .../signing-tokens/{webhook}`: the token Lever shows for that webhook. @since 0.1.0 */
export const SigningToken = Schema.Struct({ token: SecretInput })

/** `POST .../interview-types`. The id is generated when absent. @since 0.1.0 */
export const NewInterviewType = Schema.Struct({
  id: Schema.optionalKey(Ids.InterviewTypeId),
  name: Text.SafeLine,
  tag: Text.SafeLine,
  passThreshold: Schema.optionalKey(Schema.Finite),
  /** The provider's interview type it is linked to (from the provider's `GET /v1/interview-types`). */
  providerInterviewTypeId: Schema.optionalKey(Text.SafeLine.pipe(Schema.check(Schema.isMinLength(1), Schema.isMaxLength(255))))
})

/** `GET .../interview-types`. @since 0.1.0 */
export const InterviewTypes = Schema.Struct({ interviewTypes: Schema.Array(InterviewType.InterviewType) })

/**
 * `GET .../provider/interview-types`: the assessment provider's own interview types, as it lists them
 * now; an interview type's `providerInterviewTypeId` takes one of these ids.
 *
 * @since 0.2.0
 */
export const ProviderInterviewTypes = Schema.Struct({
  interviewTypes: Schema.Array(Schema.Struct({ id: Schema.String, name: Schema.String }))
})

/** `PUT .../progress-tags`. @since 0.1.0 */
export const ProgressTagsInput = Setup.ProgressTags

/** `POST .../lever/webhooks/register`. @since 0.1.0 */
export const RegisterWebhooks = Schema.Struct({
  setupKey: Schema.optionalKey(SecretInput),
  includeCandidateDeleted: Schema.optionalKey(Schema.Boolean)
})

/** `POST .../tokens`. @since 0.1.0 */
export const NewTeamToken = Schema.Struct({ label: Text.SafeLine.pipe(Schema.check(Schema.isMaxLength(200))) })

/** A team token as listed: never the token itself. @since 0.1.0 */
export const TeamTokenInfo = Schema.Struct({
  tokenId: Schema.String,
  label: Schema.String,
  createdAt: IsoTime,
  lastUsedAt: Schema.NullOr(IsoTime)
})
/** The type {@link TeamTokenInfo} decodes to. @since 0.1.0 */
export type TeamTokenInfo = typeof TeamTokenInfo.Type

/** The answer to `POST .../tokens`: the token, shown this once. @since 0.1.0 */
export const IssuedTeamToken = Schema.Struct({
  ...TeamTokenInfo.fields,
  token: Schema.String
})
