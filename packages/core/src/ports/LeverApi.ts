/**
 * The `LeverApi` port: every call Fulcrum makes to a team's Lever account. Adapters: `@fulcrum/lever-http`
 * (real HTTP) and `@fulcrum/lever-sandbox`'s `InProcess` (the sandbox's account model without a server,
 * the in-memory Lever of tests and embedding).
 *
 * @since 0.1.0
 */
import type { Posting, Setup } from "@fulcrum/domain"
import { Ids, Lever } from "@fulcrum/domain"
import { Context, Schema } from "effect"
import type { Effect, Redacted } from "effect"

/**
 * Runtime credentials for one team's Lever account. Both variants are `Redacted`: they never appear in
 * logs, errors or responses.
 *
 * @since 0.1.0
 */
export type LeverCredentials =
  | { readonly _tag: "ApiKey"; readonly key: Redacted.Redacted<string> }
  | { readonly _tag: "OAuth"; readonly accessToken: Redacted.Redacted<string> }

/** Builds API-key credentials. @since 0.1.0 */
export const apiKey = (key: Redacted.Redacted<string>): LeverCredentials => ({ _tag: "ApiKey", key })

/** Builds OAuth bearer-token credentials. @since 0.1.0 */
export const oauth = (accessToken: Redacted.Redacted<string>): LeverCredentials => ({ _tag: "OAuth", accessToken })

/**
 * Where and as whom a call goes: the team (for tracing and per-key fairness), the Lever base URL
 * (production, Lever's sandbox, or a custom URL such as the sandbox package) and the credentials.
 *
 * @since 0.1.0
 */
export interface LeverTarget {
  readonly teamId: Ids.TeamId
  readonly baseUrl: string
  readonly credentials: LeverCredentials
}

/** Lever's production API. @since 0.1.0 */
export const productionBaseUrl = "https://api.lever.co/v1"
/** Lever's own sandbox environment. @since 0.1.0 */
export const sandboxBaseUrl = "https://api.sandbox.lever.co/v1"

/** The base URL of a team's Lever environment. @since 0.1.0 */
export const baseUrlOf = (environment: Setup.LeverEnvironment): string =>
  environment._tag === "Production"
    ? productionBaseUrl
    : environment._tag === "Sandbox"
    ? sandboxBaseUrl
    : environment.baseUrl.replace(/\/+$/, "")

/** A webhook registered in the team's Lever account. @since 0.1.0 */
export interface LeverWebhook {
  readonly id: string
  readonly event: string
  readonly url: string
}

/** A webhook Fulcrum just registered, with the signature token Lever issued for it. @since 0.1.0 */
export interface RegisteredWebhook extends LeverWebhook {
  readonly signatureToken: Redacted.Redacted<string>
}

/** A note to post on an opportunity. @since 0.1.0 */
export interface NoteInput {
  readonly value: string
  readonly secret?: boolean
  readonly score?: number
}

/** Which key a permission check is for: the transient setup key or the stored permanent key. @since 0.1.0 */
export type KeyPurpose = "setup" | "permanent"

/** Lever permissions (scopes) each key needs; the domain owns the lists. @since 0.1.0 */
export const requiredPermissions: Record<KeyPurpose, ReadonlyArray<string>> = {
  setup: Lever.setupPermissions,
  permanent: Lever.runtimePermissions
}

/**
 * What the credentials will be used for beyond their purpose's own permissions:
 * - `registerWebhooks`: Fulcrum registers its webhooks with them (`webhooks:read:admin`,
 *   `webhooks:write:admin`);
 * - `progressTags`: the team keeps progress tags on its candidates (`opportunities:write:admin`);
 * - `postings`: the team links job postings to interview types (`postings:read:admin`).
 *
 * @since 0.1.0
 */
export interface PermissionNeeds {
  readonly registerWebhooks?: boolean | undefined
  readonly progressTags?: boolean | undefined
  readonly postings?: boolean | undefined
}

/**
 * What a team's settings make its runtime credentials need: progress tags when they are on, postings
 * once a posting is linked to an interview type.
 *
 * @since 0.2.0
 */
export const needsOf = (settings: Setup.TeamSettings): PermissionNeeds => ({
  progressTags: settings.progressTags.enabled,
  postings: Object.keys(settings.postingLinks ?? {}).length > 0
})

/** What a permission check is for. @since 0.1.0 */
export interface PermissionCheckOptions {
  readonly purpose: KeyPurpose
  readonly needs?: PermissionNeeds | undefined
}

/**
 * Every permission a check must verify: the purpose's, then those its needs add, each once.
 *
 * @example
 * ```ts
 * LeverApi.permissionsToCheck({ purpose: "permanent", needs: { progressTags: true } })
 * // [...requiredPermissions.permanent, "opportunities:write:admin"]
 * ```
 *
 * @since 0.1.0
 */
export const permissionsToCheck = (options: PermissionCheckOptions): ReadonlyArray<string> => [
  ...new Set([
    ...requiredPermissions[options.purpose],
    ...(options.needs?.registerWebhooks === true ? Lever.webhookPermissions : []),
    ...(options.needs?.progressTags === true ? [Lever.progressTagPermission] : []),
    ...(options.needs?.postings === true ? [Lever.postingsPermission] : [])
  ])
]

/**
 * Result of a permission check: every permission it verified that is missing, and whether the
 * credentials may read confidential candidates. `confidentialAccess` is only probed for the permanent
 * purpose (a setup key never reads candidates) and only when the credentials may read opportunities;
 * otherwise, or when Lever gives nothing to tell it by, it is `"unknown"`.
 *
 * @since 0.1.0
 */
export interface PermissionReport {
  readonly purpose: KeyPurpose
  readonly missing: ReadonlyArray<string>
  readonly confidentialAccess: Setup.ConfidentialAccess
}

/** The key or token was rejected (bad, revoked or expired). @since 0.1.0 */
export class LeverUnauthorized extends Schema.TaggedError<LeverUnauthorized>()("LeverUnauthorized", {
  message: Schema.String
}) {}

/** The credentials lack a permission; `endpoint` and `permission` say which. @since 0.1.0 */
export class LeverForbidden extends Schema.TaggedError<LeverForbidden>()("LeverForbidden", {
  endpoint: Schema.String,
  permission: Schema.NullOr(Schema.String),
  message: Schema.String
}) {}

/** The resource does not exist (or is confidential and hidden from these credentials). @since 0.1.0 */
export class LeverNotFound extends Schema.TaggedError<LeverNotFound>()("LeverNotFound", {
  endpoint: Schema.String,
  message: Schema.String
}) {}

/** Lever kept answering 429 after the retry budget. @since 0.1.0 */
export class LeverRateLimited extends Schema.TaggedError<LeverRateLimited>()("LeverRateLimited", {
  endpoint: Schema.String,
  message: Schema.String
}) {}

/** Lever was down, slow or unreachable after the retry budget. @since 0.1.0 */
export class LeverUnavailable extends Schema.TaggedError<LeverUnavailable>()("LeverUnavailable", {
  endpoint: Schema.String,
  message: Schema.String
}) {}

/** Lever answered something Fulcrum cannot understand or refused the request as invalid. @since 0.1.0 */
export class LeverInvalidResponse extends Schema.TaggedError<LeverInvalidResponse>()("LeverInvalidResponse", {
  endpoint: Schema.String,
  message: Schema.String
}) {}

/** Every failure of a Lever call. @since 0.1.0 */
export type LeverError =
  | LeverUnauthorized
  | LeverForbidden
  | LeverNotFound
  | LeverRateLimited
  | LeverUnavailable
  | LeverInvalidResponse

/** Errors worth retrying later (the worker backs off; a use case may report "try again"). @since 0.1.0 */
export const isTransient = (error: LeverError): boolean =>
  error._tag === "LeverRateLimited" || error._tag === "LeverUnavailable"

/**
 * The Lever API as Fulcrum uses it. Every list call returns the whole list (adapters follow
 * pagination to the end).
 *
 * @since 0.1.0
 */
export class LeverApi extends Context.Service<LeverApi, {
  readonly listStages: (target: LeverTarget) => Effect.Effect<ReadonlyArray<Lever.LeverStage>, LeverError>
  readonly listArchiveReasons: (
    target: LeverTarget
  ) => Effect.Effect<ReadonlyArray<Lever.LeverArchiveReason>, LeverError>
  readonly listTags: (target: LeverTarget) => Effect.Effect<ReadonlyArray<Lever.LeverTag>, LeverError>
  /**
   * The opportunity with its posting: that of its application (`?expand=applications`), with `title:
   * null` (an application carries only the posting's id), or `null` for a candidate without one.
   */
  readonly getOpportunity: (
    target: LeverTarget,
    opportunityId: Ids.OpportunityId
  ) => Effect.Effect<Lever.LeverOpportunity, LeverError>
  /** Every job posting of the account, whatever its state (`GET /postings`, `postings:read:admin`). */
  readonly listPostings: (target: LeverTarget) => Effect.Effect<ReadonlyArray<Posting.LeverPosting>, LeverError>
  /** One job posting (`GET /postings/:id`); `LeverNotFound` when Lever has no such posting. */
  readonly getPosting: (
    target: LeverTarget,
    postingId: Ids.PostingId
  ) => Effect.Effect<Posting.LeverPosting, LeverError>
  readonly listNotes: (
    target: LeverTarget,
    opportunityId: Ids.OpportunityId
  ) => Effect.Effect<ReadonlyArray<Lever.LeverNote>, LeverError>
  readonly addNote: (
    target: LeverTarget,
    opportunityId: Ids.OpportunityId,
    note: NoteInput
  ) => Effect.Effect<{ readonly noteId: string }, LeverError>
  readonly addTags: (
    target: LeverTarget,
    opportunityId: Ids.OpportunityId,
    tags: ReadonlyArray<string>
  ) => Effect.Effect<void, LeverError>
  readonly removeTags: (
    target: LeverTarget,
    opportunityId: Ids.OpportunityId,
    tags: ReadonlyArray<string>
  ) => Effect.Effect<void, LeverError>
  readonly listWebhooks: (target: LeverTarget) => Effect.Effect<ReadonlyArray<LeverWebhook>, LeverError>
  readonly registerWebhook: (
    target: LeverTarget,
    webhook: { readonly event: string; readonly url: string }
  ) => Effect.Effect<RegisteredWebhook, LeverError>
  readonly deleteWebhook: (target: LeverTarget, webhookId: string) => Effect.Effect<void, LeverError>
  /**
   * Probes, without changing anything, each permission of `permissionsToCheck(options)` and reports the
   * missing ones, with whether the credentials may read confidential candidates.
   */
  readonly checkPermissions: (
    target: LeverTarget,
    options: PermissionCheckOptions
  ) => Effect.Effect<PermissionReport, LeverUnauthorized | LeverRateLimited | LeverUnavailable | LeverInvalidResponse>
}>()("@fulcrum/core/LeverApi") {}
