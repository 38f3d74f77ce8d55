/**
 * What Fulcrum reads from Lever, in Fulcrum's terms. Adapters decode Lever's wire format leniently and
 * produce these; the domain never sees Lever's JSON.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { ArchiveReasonId, OpportunityId, StageId } from "./Ids.ts"
import { PostingRef } from "./Posting.ts"

/** A stage of the team's Lever pipeline. @since 0.1.0 */
export const LeverStage = Schema.Struct({ id: StageId, text: Schema.String })
/** The type {@link LeverStage} decodes to. @since 0.1.0 */
export type LeverStage = typeof LeverStage.Type

/**
 * The stages Lever creates in every account, named as Lever names them until an admin renames them.
 * Unlike the stages an admin adds (UUIDs), their ids are readable. The lead and applicant stages open the
 * pipeline and `offer` closes it; the stages an admin adds go between.
 *
 * @since 0.1.0
 */
export const builtInStages = {
  leadNew: { id: StageId.make("lead-new"), text: "New lead" },
  leadReachedOut: { id: StageId.make("lead-reached-out"), text: "Reached out" },
  leadResponded: { id: StageId.make("lead-responded"), text: "Responded" },
  applicantNew: { id: StageId.make("applicant-new"), text: "New applicant" },
  offer: { id: StageId.make("offer"), text: "Offer" }
} as const satisfies Record<string, LeverStage>

/**
 * A pipeline in the order of a new Lever account: the lead and applicant stages, then `added` (the
 * interview stages an admin adds), then `offer`.
 *
 * @since 0.1.0
 */
export const pipelineWith = <S extends { readonly id: string; readonly text: string }>(
  added: ReadonlyArray<S>
): ReadonlyArray<S | LeverStage> => [
  builtInStages.leadNew,
  builtInStages.leadReachedOut,
  builtInStages.leadResponded,
  builtInStages.applicantNew,
  ...added,
  builtInStages.offer
]

/** A Lever archive reason. Inactive reasons can still appear on old archive events. @since 0.1.0 */
export const LeverArchiveReason = Schema.Struct({
  id: ArchiveReasonId,
  text: Schema.String,
  status: Schema.Literals(["active", "inactive"]),
  type: Schema.Literals(["hired", "non-hired"])
})
/** The type {@link LeverArchiveReason} decodes to. @since 0.1.0 */
export type LeverArchiveReason = typeof LeverArchiveReason.Type

/** A Lever tag with its usage count. Tags are case-sensitive strings without ids. @since 0.1.0 */
export const LeverTag = Schema.Struct({ text: Schema.String, count: Schema.Number })
/** The type {@link LeverTag} decodes to. @since 0.1.0 */
export type LeverTag = typeof LeverTag.Type

/** The archive status of an opportunity. @since 0.1.0 */
export const Archived = Schema.Struct({ reason: ArchiveReasonId, archivedAt: Schema.Number })
/** The type {@link Archived} decodes to. @since 0.1.0 */
export type Archived = typeof Archived.Type

/**
 * An opportunity as read after a webhook: the truth for tags, stage and emails.
 *
 * @since 0.1.0
 */
export const LeverOpportunity = Schema.Struct({
  id: OpportunityId,
  name: Schema.String,
  contact: Schema.optionalKey(Schema.String),
  emails: Schema.Array(Schema.String),
  tags: Schema.Array(Schema.String),
  stageId: Schema.NullOr(StageId),
  archived: Schema.NullOr(Archived),
  confidential: Schema.Boolean,
  url: Schema.optionalKey(Schema.String),
  /**
   * The job posting of the opportunity's application (`?expand=applications`); `null` for a candidate
   * added without one, absent when it was not read.
   */
  posting: Schema.optionalKey(Schema.NullOr(PostingRef))
})
/** The type {@link LeverOpportunity} decodes to. @since 0.1.0 */
export type LeverOpportunity = typeof LeverOpportunity.Type

/** A note on an opportunity, as read back to find Fulcrum's markers. @since 0.1.0 */
export const LeverNote = Schema.Struct({
  id: Schema.String,
  value: Schema.String,
  createdAt: Schema.optionalKey(Schema.Number)
})
/** The type {@link LeverNote} decodes to. @since 0.1.0 */
export type LeverNote = typeof LeverNote.Type

/**
 * The Lever webhooks Fulcrum listens to, each with its own signing token. `stageChange` and
 * `archiveChange` are required; `candidateDeleted` is optional (erases personal data).
 *
 * @since 0.1.0
 */
export const WebhookKind = Schema.Literals(["stageChange", "archiveChange", "candidateDeleted"])
/** The type {@link WebhookKind} decodes to. @since 0.1.0 */
export type WebhookKind = typeof WebhookKind.Type

/**
 * Every event a Lever webhook can be registered for, as Lever names them. Fulcrum listens to
 * `candidateStageChange`, `candidateArchiveChange` and optionally `candidateDeleted` (see `WebhookKind`).
 *
 * @since 0.1.0
 */
export const webhookEvents = [
  "applicationCreated",
  "candidateHired",
  "candidateStageChange",
  "candidateArchiveChange",
  "candidateDeleted",
  "interviewCreated",
  "interviewUpdated",
  "interviewDeleted",
  "contactCreated",
  "contactUpdated"
] as const

/** A Lever webhook event name. @since 0.1.0 */
export const LeverWebhookEvent = Schema.Literals(webhookEvents)
/** The type {@link LeverWebhookEvent} decodes to. @since 0.1.0 */
export type LeverWebhookEvent = typeof LeverWebhookEvent.Type

/** Lever's event name for each webhook kind. @since 0.1.0 */
export const leverEventName: Record<WebhookKind, LeverWebhookEvent> = {
  stageChange: "candidateStageChange",
  archiveChange: "candidateArchiveChange",
  candidateDeleted: "candidateDeleted"
}

/** The webhook kinds every team must register. @since 0.1.0 */
export const requiredWebhookKinds: ReadonlyArray<WebhookKind> = ["stageChange", "archiveChange"]

/**
 * Every Lever permission, in the order Lever's settings page lists them. They are named as Lever's OAuth
 * scopes (`<resource>:<read|write>:admin`), which mirror the per-endpoint read/write checkboxes chosen when
 * an API key is created.
 *
 * @since 0.1.0
 */
export const allPermissions = [
  "stages:read:admin",
  "archive_reasons:read:admin",
  "tags:read:admin",
  "tags:write:admin",
  "opportunities:read:admin",
  "opportunities:write:admin",
  "notes:read:admin",
  "notes:write:admin",
  "webhooks:read:admin",
  "webhooks:write:admin",
  "postings:read:admin"
] as const

/** A Lever permission (an OAuth scope, or an API-key checkbox). @since 0.1.0 */
export const LeverPermission = Schema.Literals(allPermissions)
/** The type {@link LeverPermission} decodes to. @since 0.1.0 */
export type LeverPermission = typeof LeverPermission.Type

/**
 * The Lever permissions the permanent key (or OAuth connection) needs at runtime: read opportunities,
 * post notes and read them back (a retry after a crash looks for its note before posting it again, so
 * a candidate never gets the same note twice), and read stages and archive reasons for health checks.
 * Named as Lever's OAuth scopes, which mirror the API-key checkboxes.
 *
 * @since 0.1.0
 */
export const runtimePermissions: ReadonlyArray<LeverPermission> = [
  "opportunities:read:admin",
  "notes:read:admin",
  "notes:write:admin",
  "stages:read:admin",
  "archive_reasons:read:admin"
]

/**
 * The extra permission progress tags need. Lever files `POST /opportunities/:id/addTags` and `removeTags`
 * under opportunity writes, so it is `opportunities:write:admin`, not a tags permission.
 *
 * @since 0.1.0
 */
export const progressTagPermission: LeverPermission = "opportunities:write:admin"

/**
 * The permissions of the setup key, used once to list stages, archive reasons and tags (and optionally to
 * register the webhooks).
 *
 * @since 0.1.0
 */
export const setupPermissions: ReadonlyArray<LeverPermission> = [
  "stages:read:admin",
  "archive_reasons:read:admin",
  "tags:read:admin"
]

/**
 * The optional permissions that let the setup key register Fulcrum's webhooks itself, so the admin does
 * not copy URLs and signing tokens by hand.
 *
 * @since 0.1.0
 */
export const webhookPermissions: ReadonlyArray<LeverPermission> = ["webhooks:read:admin", "webhooks:write:admin"]

/**
 * The permission to read job postings (`GET /postings`), needed only once a team links postings to
 * interview types: to list them, to check a link, and to name a candidate's posting.
 *
 * @since 0.2.0
 */
export const postingsPermission: LeverPermission = "postings:read:admin"
