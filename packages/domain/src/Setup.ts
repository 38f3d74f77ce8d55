/**
 * A team's setup: the `TeamSettings` state, the commands an admin (or Fulcrum itself) issues, the events
 * they produce, and the pure `decide`/`evolve` pair. Secrets never enter the domain: a submitted key or
 * signing token is represented by when it was submitted and a short fingerprint.
 *
 * @since 0.1.0
 */
import { Effect, Result, Schema } from "effect"
import { HealthReport, Observed } from "./HealthFinding.ts"
import { ArchiveReasonId, InterviewTypeId, PostingId, StageId, TeamId } from "./Ids.ts"
import { decideSetup } from "./internal/setupDecide.ts"
import { InterviewType } from "./InterviewType.ts"
import { LeverArchiveReason, LeverStage, WebhookKind } from "./Lever.ts"
import { OfferStatus } from "./OfferStatus.ts"
import { PostingLink, PostingLinks } from "./Posting.ts"
import { StageMapping } from "./StageMapping.ts"

/** Which Lever environment a team talks to. @since 0.1.0 */
export const LeverEnvironment = Schema.Union([
  Schema.TaggedStruct("Production", {}),
  Schema.TaggedStruct("Sandbox", {}),
  Schema.TaggedStruct("Custom", { baseUrl: Schema.String })
])
/** The type {@link LeverEnvironment} decodes to. @since 0.1.0 */
export type LeverEnvironment = typeof LeverEnvironment.Type

/** A secret as the domain sees it: submitted, when, and a short non-reversible fingerprint. @since 0.1.0 */
export const SecretReceipt = Schema.Struct({ submittedAt: Schema.Number, fingerprint: Schema.String })
/** The type {@link SecretReceipt} decodes to. @since 0.1.0 */
export type SecretReceipt = typeof SecretReceipt.Type

/** How the team is connected to Lever. @since 0.1.0 */
export const LeverConnection = Schema.Union([
  Schema.TaggedStruct("NotConnected", {}),
  Schema.TaggedStruct("ApiKey", { key: SecretReceipt }),
  Schema.TaggedStruct("OAuth", {
    connectedAt: Schema.Number,
    scopes: Schema.Array(Schema.String),
    /** Set when a refresh failed: the admin must click "Connect to Lever" again. */
    reconnectNeeded: Schema.NullOr(Schema.Struct({ since: Schema.Number, reason: Schema.String }))
  })
])
/** The type {@link LeverConnection} decodes to. @since 0.1.0 */
export type LeverConnection = typeof LeverConnection.Type

/**
 * Whether the runtime credentials may read confidential candidates (Lever's "Allow access to confidential
 * data", fixed when a key is created): `"unknown"` when the check had nothing to tell it by.
 *
 * @since 0.1.0
 */
export const ConfidentialAccess = Schema.Union([Schema.Boolean, Schema.Literal("unknown")])
/** The type {@link ConfidentialAccess} decodes to. @since 0.1.0 */
export type ConfidentialAccess = typeof ConfidentialAccess.Type

/**
 * The result of the last permission check of the runtime credentials: the permissions they lack and
 * whether they may read confidential candidates.
 *
 * @since 0.1.0
 */
export const PermissionCheck = Schema.Struct({
  checkedAt: Schema.Number,
  missing: Schema.Array(Schema.String),
  // Checks recorded before confidential access was probed read as "unknown" until the next check.
  confidentialAccess: ConfidentialAccess.pipe(Schema.withDecodingDefaultKey(Effect.succeed("unknown" as const)))
})
/** The type {@link PermissionCheck} decodes to. @since 0.1.0 */
export type PermissionCheck = typeof PermissionCheck.Type

/** The team's signing token of one webhook, and whether Fulcrum registered that webhook itself. @since 0.1.0 */
export const SigningTokenReceipt = Schema.Struct({
  ...SecretReceipt.fields,
  registeredWebhookId: Schema.NullOr(Schema.String)
})
/** The type {@link SigningTokenReceipt} decodes to. @since 0.1.0 */
export type SigningTokenReceipt = typeof SigningTokenReceipt.Type

/** When a webhook was last seen arriving with a valid signature, and how. @since 0.1.0 */
export const WebhookSeen = Schema.Struct({ at: Schema.Number, via: Schema.Literals(["ping", "event"]) })
/** The type {@link WebhookSeen} decodes to. @since 0.1.0 */
export type WebhookSeen = typeof WebhookSeen.Type

/** A setup problem found while processing events, shown on the checklist until fixed. @since 0.1.0 */
export const SetupProblem = Schema.Union([
  Schema.TaggedStruct("UnmappedArchiveReason", { reasonId: ArchiveReasonId, seenAt: Schema.Number }),
  Schema.TaggedStruct("CredentialsRejected", { at: Schema.Number, detail: Schema.String })
])
/** The type {@link SetupProblem} decodes to. @since 0.1.0 */
export type SetupProblem = typeof SetupProblem.Type

/** Progress tags (flow 9): off by default. @since 0.1.0 */
export const ProgressTags = Schema.Struct({ enabled: Schema.Boolean, prefix: Schema.String })
/** The type {@link ProgressTags} decodes to. @since 0.1.0 */
export type ProgressTags = typeof ProgressTags.Type

/**
 * Everything Fulcrum knows about a team's setup, without secrets. `leverStages` and
 * `leverArchiveReasons` are the catalog last read from Lever (for drift detection and the
 * "all active reasons mapped" rule); `null` until first read.
 *
 * @since 0.1.0
 */
export const TeamSettings = Schema.Struct({
  teamId: TeamId,
  name: Schema.String,
  createdAt: Schema.Number,
  integrationEnabled: Schema.Boolean,
  environment: LeverEnvironment,
  connection: LeverConnection,
  permissions: Schema.NullOr(PermissionCheck),
  leverStages: Schema.NullOr(Schema.Struct({ readAt: Schema.Number, stages: Schema.Array(LeverStage) })),
  leverArchiveReasons: Schema.NullOr(
    Schema.Struct({ readAt: Schema.Number, reasons: Schema.Array(LeverArchiveReason) })
  ),
  stageMapping: Schema.NullOr(StageMapping),
  archiveReasonMapping: Schema.Record(Schema.String, OfferStatus),
  signingTokens: Schema.Record(Schema.String, SigningTokenReceipt),
  webhooksSeen: Schema.Record(Schema.String, WebhookSeen),
  interviewTypes: Schema.Array(InterviewType),
  progressTags: ProgressTags,
  problems: Schema.Array(SetupProblem),
  /** Job postings linked to interview types, by posting id; absent in settings saved before links existed. */
  postingLinks: Schema.optionalKey(PostingLinks),
  /** The last connection health check (`null` until one ran; settings stored before it read as `null`). */
  health: Schema.NullOr(HealthReport).pipe(Schema.withDecodingDefaultKey(Effect.succeed(null)))
})
/** The type {@link TeamSettings} decodes to. @since 0.1.0 */
export type TeamSettings = typeof TeamSettings.Type

/**
 * Setup commands. `at` is the time the command was issued (epoch ms); the domain never reads a clock.
 *
 * @since 0.1.0
 */
export const SetupCommand = Schema.TaggedUnion({
  CreateTeam: { teamId: TeamId, name: Schema.String, environment: LeverEnvironment, at: Schema.Number },
  Rename: { name: Schema.String, at: Schema.Number },
  ToggleIntegration: { enabled: Schema.Boolean, at: Schema.Number },
  ChooseEnvironment: { environment: LeverEnvironment, at: Schema.Number },
  SubmitPermanentKey: { fingerprint: Schema.String, at: Schema.Number },
  ConnectOAuth: { scopes: Schema.Array(Schema.String), at: Schema.Number },
  MarkReconnectNeeded: { reason: Schema.String, at: Schema.Number },
  Disconnect: { at: Schema.Number },
  RecordPermissionCheck: {
    missing: Schema.Array(Schema.String),
    confidentialAccess: ConfidentialAccess,
    at: Schema.Number
  },
  RecordLeverStages: { stages: Schema.Array(LeverStage), at: Schema.Number },
  RecordLeverArchiveReasons: { reasons: Schema.Array(LeverArchiveReason), at: Schema.Number },
  MapStages: {
    assessment: StageId,
    onsite: StageId,
    offer: StageId,
    assessmentDefaultInterviewTypeId: Schema.optionalKey(InterviewTypeId),
    extraAssessments: Schema.optionalKey(Schema.Array(Schema.Struct({
      stageId: StageId,
      defaultInterviewTypeId: Schema.optionalKey(InterviewTypeId)
    }))),
    at: Schema.Number
  },
  MapArchiveReason: { reasonId: ArchiveReasonId, offerStatus: OfferStatus, at: Schema.Number },
  SubmitSigningToken: {
    webhook: WebhookKind,
    fingerprint: Schema.String,
    registeredWebhookId: Schema.NullOr(Schema.String),
    at: Schema.Number
  },
  RecordWebhookSeen: { webhook: WebhookKind, via: Schema.Literals(["ping", "event"]), at: Schema.Number },
  AddInterviewType: { interviewType: InterviewType, at: Schema.Number },
  RemoveInterviewType: { interviewTypeId: InterviewTypeId, at: Schema.Number },
  ConfigureProgressTags: { enabled: Schema.Boolean, prefix: Schema.String, at: Schema.Number },
  RecordSetupProblem: { problem: SetupProblem, at: Schema.Number },
  /** Links a posting (as just read from Lever) to an interview type; `null` unlinks it. */
  LinkPosting: {
    postingId: PostingId,
    title: Schema.String,
    interviewTypeId: Schema.NullOr(InterviewTypeId),
    at: Schema.Number
  },
  /** The postings Lever has now (all of them, or at least every linked one it still has). */
  RecordLeverPostings: {
    postings: Schema.Array(Schema.Struct({ id: PostingId, text: Schema.String })),
    at: Schema.Number
  },
  RecordHealthCheck: { findings: Schema.Array(Observed), at: Schema.Number }
})
/** The type {@link SetupCommand} decodes to. @since 0.1.0 */
export type SetupCommand = typeof SetupCommand.Type

/**
 * Setup events: facts, in the past tense, carrying absolute values so that applying one twice changes
 * nothing.
 *
 * @since 0.1.0
 */
export const SetupEvent = Schema.TaggedUnion({
  TeamCreated: { teamId: TeamId, name: Schema.String, environment: LeverEnvironment, at: Schema.Number },
  TeamRenamed: { name: Schema.String, at: Schema.Number },
  IntegrationToggled: { enabled: Schema.Boolean, at: Schema.Number },
  EnvironmentChosen: { environment: LeverEnvironment, at: Schema.Number },
  PermanentKeySubmitted: { key: SecretReceipt },
  OAuthConnected: { scopes: Schema.Array(Schema.String), at: Schema.Number },
  ReconnectNeeded: { reason: Schema.String, at: Schema.Number },
  Disconnected: { at: Schema.Number },
  PermissionsChecked: { check: PermissionCheck },
  LeverStagesRead: { stages: Schema.Array(LeverStage), at: Schema.Number },
  LeverArchiveReasonsRead: { reasons: Schema.Array(LeverArchiveReason), at: Schema.Number },
  StagesMapped: { mapping: StageMapping, at: Schema.Number },
  ArchiveReasonMapped: { reasonId: ArchiveReasonId, offerStatus: OfferStatus, at: Schema.Number },
  SigningTokenSubmitted: { webhook: WebhookKind, receipt: SigningTokenReceipt },
  WebhookSeenRecorded: { webhook: WebhookKind, seen: WebhookSeen },
  InterviewTypeAdded: { interviewType: InterviewType, at: Schema.Number },
  InterviewTypeRemoved: { interviewTypeId: InterviewTypeId, at: Schema.Number },
  ProgressTagsConfigured: { progressTags: ProgressTags, at: Schema.Number },
  SetupProblemRecorded: { problem: SetupProblem },
  PostingLinked: { link: PostingLink },
  PostingUnlinked: { postingId: PostingId, at: Schema.Number },
  /** The links whose title or presence in Lever changed, as they are now. */
  LinkedPostingsChecked: { links: Schema.Array(PostingLink), at: Schema.Number },
  HealthChecked: { report: HealthReport }
})
/** The type {@link SetupEvent} decodes to. @since 0.1.0 */
export type SetupEvent = typeof SetupEvent.Type

/**
 * Why a setup command was refused, in the admin's terms, with what to do instead.
 *
 * @since 0.1.0
 */
export class SetupRejected extends Schema.TaggedError<SetupRejected>()("SetupRejected", {
  reason: Schema.Literals([
    "TeamAlreadyExists",
    "TeamNotFound",
    "StageNotChosen",
    "StageMappedTwice",
    "UnknownLeverStage",
    "StagesNotRead",
    "UnknownArchiveReason",
    "ArchiveReasonsNotRead",
    "InvalidTag",
    "DuplicateTag",
    "DuplicateInterviewType",
    "UnknownInterviewType",
    "InvalidProgressTagPrefix",
    "CustomEnvironmentNotAllowed",
    "InvalidLeverBaseUrl",
    "InvalidName",
    "UnknownPosting"
  ]),
  message: Schema.String
}) {}

/** What the host allows every team to do. @since 0.1.0 */
export interface SetupPolicy {
  /** Whether a team may point at a custom Lever base URL (`FULCRUM_ALLOW_CUSTOM_LEVER_URL`). */
  readonly allowCustomEnvironment: boolean
}

/** The policy when the host says nothing: Lever production or sandbox only. @since 0.1.0 */
export const defaultPolicy: SetupPolicy = { allowCustomEnvironment: false }

/** The progress-tag prefix a new team starts with (progress tags themselves start off). @since 0.1.0 */
export const defaultProgressTagPrefix = "Assessment"

/** The event that starts a team. @since 0.1.0 */
export type TeamCreated = typeof SetupEvent.cases.TeamCreated.Type

/**
 * The settings of a team that was just created: integration off, not connected, nothing read or mapped,
 * no interview types, progress tags off.
 *
 * @since 0.1.0
 */
export const initial = (created: TeamCreated): TeamSettings => ({
  teamId: created.teamId,
  name: created.name,
  createdAt: created.at,
  integrationEnabled: false,
  environment: created.environment,
  connection: { _tag: "NotConnected" },
  permissions: null,
  leverStages: null,
  leverArchiveReasons: null,
  stageMapping: null,
  archiveReasonMapping: {},
  signingTokens: {},
  webhooksSeen: {},
  interviewTypes: [],
  progressTags: { enabled: false, prefix: defaultProgressTagPrefix },
  problems: [],
  health: null
})

/**
 * Decides a setup command against the team's settings (`null` before the team exists). Returns the events
 * to record, none when the command changes nothing (so retrying a command is harmless), or why it was
 * refused.
 *
 * @since 0.1.0
 */
export const decide = (
  state: TeamSettings | null,
  command: SetupCommand,
  policy: SetupPolicy = defaultPolicy
): Result.Result<ReadonlyArray<SetupEvent>, SetupRejected> =>
  Result.mapError(decideSetup(state, command, policy), (refusal) => new SetupRejected(refusal))

const problemKey = (problem: SetupProblem): string =>
  problem._tag === "UnmappedArchiveReason" ? `UnmappedArchiveReason:${problem.reasonId}` : problem._tag

/** Problems are kept one per kind (and per reason), in a stable order, so folding is order-proof. */
const withProblem = (problems: ReadonlyArray<SetupProblem>, problem: SetupProblem): ReadonlyArray<SetupProblem> =>
  [...problems.filter((known) => problemKey(known) !== problemKey(problem)), problem].sort((a, b) =>
    problemKey(a) < problemKey(b) ? -1 : problemKey(a) > problemKey(b) ? 1 : 0
  )

const withoutCredentialsRejected = (problems: ReadonlyArray<SetupProblem>): ReadonlyArray<SetupProblem> =>
  problems.filter((problem) => problem._tag !== "CredentialsRejected")

/** An added interview type goes last: the list keeps the order of addition, however often it is replayed. */
const withInterviewType = (
  types: ReadonlyArray<InterviewType>,
  type: InterviewType
): ReadonlyArray<InterviewType> => [...types.filter((known) => known.id !== type.id), type]

const apply = (state: TeamSettings, event: SetupEvent): TeamSettings => {
  switch (event._tag) {
    case "TeamCreated":
      return state
    case "TeamRenamed":
      return { ...state, name: event.name }
    case "IntegrationToggled":
      return { ...state, integrationEnabled: event.enabled }
    case "EnvironmentChosen":
      // Production and sandbox credentials are not interchangeable: the team must connect again.
      return { ...state, environment: event.environment, connection: { _tag: "NotConnected" }, permissions: null }
    case "PermanentKeySubmitted":
      return {
        ...state,
        connection: { _tag: "ApiKey", key: event.key },
        permissions: null,
        problems: withoutCredentialsRejected(state.problems)
      }
    case "OAuthConnected":
      return {
        ...state,
        connection: { _tag: "OAuth", connectedAt: event.at, scopes: event.scopes, reconnectNeeded: null },
        permissions: null,
        problems: withoutCredentialsRejected(state.problems)
      }
    case "ReconnectNeeded":
      return state.connection._tag === "OAuth"
        ? { ...state, connection: { ...state.connection, reconnectNeeded: { since: event.at, reason: event.reason } } }
        : state
    case "Disconnected":
      return { ...state, connection: { _tag: "NotConnected" }, permissions: null }
    case "PermissionsChecked":
      // Lever answered the check, so it accepts the credentials.
      return { ...state, permissions: event.check, problems: withoutCredentialsRejected(state.problems) }
    case "LeverStagesRead":
      return { ...state, leverStages: { readAt: event.at, stages: event.stages } }
    case "LeverArchiveReasonsRead":
      return { ...state, leverArchiveReasons: { readAt: event.at, reasons: event.reasons } }
    case "StagesMapped":
      return { ...state, stageMapping: event.mapping }
    case "ArchiveReasonMapped":
      return {
        ...state,
        archiveReasonMapping: { ...state.archiveReasonMapping, [event.reasonId]: event.offerStatus },
        problems: state.problems.filter((problem) =>
          !(problem._tag === "UnmappedArchiveReason" && problem.reasonId === event.reasonId)
        )
      }
    case "SigningTokenSubmitted": {
      // A new token (decide records only changes): a sighting verified with the old one proves nothing.
      const { [event.webhook]: _verifiedWithOldToken, ...otherSightings } = state.webhooksSeen
      return {
        ...state,
        signingTokens: { ...state.signingTokens, [event.webhook]: event.receipt },
        webhooksSeen: otherSightings
      }
    }
    case "WebhookSeenRecorded":
      return { ...state, webhooksSeen: { ...state.webhooksSeen, [event.webhook]: event.seen } }
    case "InterviewTypeAdded":
      return { ...state, interviewTypes: withInterviewType(state.interviewTypes, event.interviewType) }
    case "InterviewTypeRemoved":
      return { ...state, interviewTypes: state.interviewTypes.filter((type) => type.id !== event.interviewTypeId) }
    case "ProgressTagsConfigured":
      return { ...state, progressTags: event.progressTags }
    case "SetupProblemRecorded":
      return { ...state, problems: withProblem(state.problems, event.problem) }
    case "HealthChecked":
      return { ...state, health: event.report }
    case "PostingLinked":
      return { ...state, postingLinks: { ...state.postingLinks, [event.link.postingId]: event.link } }
    case "PostingUnlinked": {
      const { [event.postingId]: _unlinked, ...others } = state.postingLinks ?? {}
      return { ...state, postingLinks: others }
    }
    case "LinkedPostingsChecked":
      return {
        ...state,
        postingLinks: {
          ...state.postingLinks,
          // Only links still there are updated: one unlinked meanwhile stays unlinked.
          ...Object.fromEntries(
            event.links.filter((link) => state.postingLinks?.[link.postingId] !== undefined).map((
              link
            ) => [link.postingId, link])
          )
        }
      }
  }
}

/**
 * Applies one event to a team's settings. `TeamCreated` starts a team; every other event needs one and
 * leaves `null` as it is, and `TeamCreated` leaves an existing team as it is. Events carry absolute
 * values, so applying a sequence again yields the same settings.
 *
 * @since 0.1.0
 */
export function evolve(state: TeamSettings, event: SetupEvent): TeamSettings
export function evolve(state: TeamSettings | null, event: SetupEvent): TeamSettings | null
export function evolve(state: TeamSettings | null, event: SetupEvent): TeamSettings | null {
  if (state === null) return event._tag === "TeamCreated" ? initial(event) : null
  return apply(state, event)
}

/**
 * A team's settings from its recorded events (`null` when they do not start with `TeamCreated`).
 *
 * @since 0.1.0
 */
export const replay = (
  events: Iterable<SetupEvent>,
  from: TeamSettings | null = null
): TeamSettings | null => {
  let state = from
  for (const event of events) state = evolve(state, event)
  return state
}
