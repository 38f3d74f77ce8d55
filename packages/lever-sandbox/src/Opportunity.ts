/**
 * An opportunity (a candidate in a pipeline), as `GET /opportunities/:id` returns it, and the bodies of
 * the endpoints that change one.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { Application } from "./Posting.ts"
import { Stage } from "./Stage.ts"

/**
 * `null` when active, otherwise the archive reason id and when it happened (epoch ms).
 *
 * @since 0.1.0
 */
export const Archived = Schema.Struct({
  reason: Schema.String,
  archivedAt: Schema.Number
})

/** The type {@link Archived} decodes to. @since 0.1.0 */
export type Archived = typeof Archived.Type

/**
 * One consent of a candidate's data protection status: whether it is given and until when (epoch ms, or
 * `null` for no expiry).
 *
 * @since 0.1.0
 */
export const Consent = Schema.Struct({
  allowed: Schema.Boolean,
  expiresAt: Schema.NullOr(Schema.Number)
})

/**
 * Lever's `dataProtection`: may Lever store the candidate's data, and may the team contact them. Lever
 * answers `null` when no data policy applies to the candidate.
 *
 * @since 0.1.0
 */
export const DataProtection = Schema.Struct({
  store: Consent,
  contact: Consent
})

/** The type {@link DataProtection} decodes to. @since 0.1.0 */
export type DataProtection = typeof DataProtection.Type

/** Whether an opportunity is confidential (only keys with confidential access see it). @since 0.1.0 */
export const Confidentiality = Schema.Literals(["non-confidential", "confidential"])

/** Whether an opportunity is confidential (only keys with confidential access see it). @since 0.1.0 */
export type Confidentiality = typeof Confidentiality.Type

/**
 * One entry of the opportunity's stage history.
 *
 * @since 0.1.0
 */
export const StageChange = Schema.Struct({
  toStageId: Schema.String,
  toStageIndex: Schema.Int,
  updatedAt: Schema.Number,
  userId: Schema.String
})

/** The type {@link StageChange} decodes to. @since 0.1.0 */
export type StageChange = typeof StageChange.Type

/**
 * The opportunity as the API returns it. `stage` is the stage id, or `{id, text}` with `?expand=stage`.
 * All times are epoch milliseconds; `contact` is the person id. Like Lever, the archive state is served
 * twice: as `archived` and as the legacy top-level `archivedAt`/`archiveReason` (both `null` when active).
 *
 * @since 0.1.0
 */
export const Opportunity = Schema.Struct({
  id: Schema.String,
  name: Schema.String,
  headline: Schema.String,
  contact: Schema.String,
  emails: Schema.Array(Schema.String),
  phones: Schema.Array(Schema.Struct({ type: Schema.NullOr(Schema.String), value: Schema.String })),
  location: Schema.NullOr(Schema.String),
  links: Schema.Array(Schema.String),
  tags: Schema.Array(Schema.String),
  sources: Schema.Array(Schema.String),
  origin: Schema.String,
  owner: Schema.NullOr(Schema.String),
  followers: Schema.Array(Schema.String),
  stage: Schema.Union([Schema.String, Stage]),
  stageChanges: Schema.Array(StageChange),
  archived: Schema.NullOr(Archived),
  archivedAt: Schema.NullOr(Schema.Number),
  archiveReason: Schema.NullOr(Schema.String),
  confidentiality: Confidentiality,
  /** Application ids, or the applications themselves with `?expand=applications`. */
  applications: Schema.Array(Schema.Union([Schema.String, Application])),
  urls: Schema.Struct({ list: Schema.String, show: Schema.String }),
  isAnonymized: Schema.Boolean,
  dataProtection: Schema.NullOr(DataProtection),
  snoozedUntil: Schema.NullOr(Schema.Number),
  createdAt: Schema.Number,
  updatedAt: Schema.Number,
  lastInteractionAt: Schema.Number,
  lastAdvancedAt: Schema.Number
})

/** The type {@link Opportunity} decodes to. @since 0.1.0 */
export type Opportunity = typeof Opportunity.Type

/**
 * The filters of `GET /opportunities` (query `tag`, `stage_id`, `archived`, `email`). Several values of one
 * filter match any of them; several filters must all match. Tags match exactly (case-sensitive); emails are
 * compared canonicalized (trimmed, lower case).
 *
 * @since 0.1.0
 */
export interface ListFilter {
  readonly tags?: ReadonlyArray<string> | undefined
  readonly stageIds?: ReadonlyArray<string> | undefined
  /** `true`: archived only; `false`: active only; absent: both. */
  readonly archived?: boolean | undefined
  readonly emails?: ReadonlyArray<string> | undefined
  /** `posting_id`: the posting of the candidate's application. */
  readonly postingIds?: ReadonlyArray<string> | undefined
}

/**
 * The body of `POST /opportunities` (a test candidate). `confidential: true` is a shorthand for
 * `confidentiality: "confidential"`. With a `stage`, a `candidateStageChange` webhook is delivered.
 * `dataProtection` defaults to `null` (no data policy applies).
 *
 * @since 0.1.0
 */
export const CreateOpportunity = Schema.Struct({
  name: Schema.NonEmptyString,
  headline: Schema.optionalKey(Schema.String),
  emails: Schema.optionalKey(Schema.Array(Schema.String)),
  phones: Schema.optionalKey(Schema.Array(Schema.Struct({ type: Schema.optionalKey(Schema.String), value: Schema.String }))),
  location: Schema.optionalKey(Schema.String),
  tags: Schema.optionalKey(Schema.Array(Schema.NonEmptyString)),
  sources: Schema.optionalKey(Schema.Array(Schema.String)),
  origin: Schema.optionalKey(Schema.String),
  stage: Schema.optionalKey(Schema.String),
  confidentiality: Schema.optionalKey(Confidentiality),
  confidential: Schema.optionalKey(Schema.Boolean),
  archived: Schema.optionalKey(Schema.Struct({ reason: Schema.String })),
  dataProtection: Schema.optionalKey(Schema.NullOr(DataProtection)),
  /** The job posting the candidate applies to (its application's posting); none by default. */
  posting: Schema.optionalKey(Schema.String)
})

/** The type {@link CreateOpportunity} decodes to. @since 0.1.0 */
export type CreateOpportunity = typeof CreateOpportunity.Type

/**
 * The body of `PUT /opportunities/:id/stage`.
 *
 * @since 0.1.0
 */
export const ChangeStage = Schema.Struct({
  stage: Schema.NonEmptyString
})

/**
 * The body of `PUT /opportunities/:id/archived`; a `null` reason unarchives.
 *
 * @since 0.1.0
 */
export const ChangeArchived = Schema.Struct({
  reason: Schema.NullOr(Schema.NonEmptyString),
  cleanInterviews: Schema.optionalKey(Schema.Boolean),
  requisitionId: Schema.optionalKey(Schema.String)
})
