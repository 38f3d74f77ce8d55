/**
 * The seeded account: Lever's default pipeline plus custom stages, the common archive reasons, a few tagged
 * candidates, well-known API keys and a registered OAuth client. Every id and secret here is fixed, so
 * tests and demos can refer to them.
 *
 * @since 0.1.0
 */
import { ArchiveReasonMapping, Lever } from "@fulcrum/domain"
import type { ApiKey } from "./ApiKey.ts"
import type { ArchiveReason } from "./ArchiveReason.ts"
import * as Permission from "./Permission.ts"
import type { PostingRecord } from "./Posting.ts"
import type { OAuthClient } from "./SandboxOptions.ts"
import type { Stage } from "./Stage.ts"
import type { ApiKeyRecord, Data, OpportunityRecord } from "./Store.ts"
import { stableUuid } from "./internal/ids.ts"

// ---------------------------------------------------------------------------------------------------------
// API keys
// ---------------------------------------------------------------------------------------------------------

/**
 * The setup key (`stages:read`, `archive_reasons:read`, `tags:read`, `webhooks:read`, `webhooks:write`):
 * what an admin pastes once while configuring. No confidential access.
 *
 * @since 0.1.0
 */
export const SetupApiKey = "lsbx_setup_834337a25140732d6a41c9e98ad83a12f2165d3c"

/**
 * The permanent key (`opportunities:read`, `notes:read`, `notes:write`, `stages:read`,
 * `archive_reasons:read`, `opportunities:write`, which Lever requires for `addTags`/`removeTags`, and
 * `postings:read`, for teams that link job postings to interview types). No confidential access.
 *
 * @since 0.1.0
 */
export const PermanentApiKey = "lsbx_permanent_3c11b7aa364d9eefec0cb380df8d56a93d20bddd"

/**
 * The permanent key's permissions with "access to confidential data".
 *
 * @since 0.1.0
 */
export const ConfidentialApiKey = "lsbx_confidential_0483f09acced3d63426bfef139e15d12a6cfe51d"

/**
 * Every permission plus confidential access: plays the recruiter (create candidates, move stages, archive)
 * over HTTP.
 *
 * @since 0.1.0
 */
export const AdminApiKey = "lsbx_admin_cb14b319ffccf51fdf5cae60f3dc327c4314f601"

/**
 * Ids of the seeded keys (the request log and rate limiter count by key id).
 *
 * @since 0.1.0
 */
export const ApiKeyIds = {
  setup: "key_setup",
  permanent: "key_permanent",
  confidential: "key_confidential",
  admin: "key_admin"
} as const

/**
 * The seeded keys, as the store holds them.
 *
 * @since 0.1.0
 */
export const apiKeys = (now: number): ReadonlyArray<ApiKey> => [
  {
    id: ApiKeyIds.setup,
    name: "Fulcrum setup key",
    key: SetupApiKey,
    permissions: Permission.setup,
    confidential: false,
    revoked: false,
    createdAt: now
  },
  {
    id: ApiKeyIds.permanent,
    name: "Fulcrum permanent key",
    key: PermanentApiKey,
    permissions: Permission.permanent,
    confidential: false,
    revoked: false,
    createdAt: now
  },
  {
    id: ApiKeyIds.confidential,
    name: "Fulcrum permanent key (confidential access)",
    key: ConfidentialApiKey,
    permissions: Permission.permanent,
    confidential: true,
    revoked: false,
    createdAt: now
  },
  {
    id: ApiKeyIds.admin,
    name: "Sandbox admin key (all permissions)",
    key: AdminApiKey,
    permissions: Permission.all,
    confidential: true,
    revoked: false,
    createdAt: now
  }
]

// ---------------------------------------------------------------------------------------------------------
// OAuth
// ---------------------------------------------------------------------------------------------------------

/**
 * The registered partner application's client id.
 *
 * @since 0.1.0
 */
export const OAuthClientId = "lsbx-fulcrum-partner-app"

/**
 * The registered partner application's client secret.
 *
 * @since 0.1.0
 */
export const OAuthClientSecret = "lsbx_client_secret_b1e0b1cea71982a1fbfd0d0c38d0098f39511408"

/**
 * The default registered OAuth client (any http(s) redirect URI, no confidential access).
 *
 * @since 0.1.0
 */
export const oauthClient: OAuthClient = { clientId: OAuthClientId, clientSecret: OAuthClientSecret }

/**
 * The audience Lever requires on `/authorize`.
 *
 * @since 0.1.0
 */
export const OAuthAudience = "https://api.lever.co/v1/"

// ---------------------------------------------------------------------------------------------------------
// Stages
// ---------------------------------------------------------------------------------------------------------

const builtIn = Lever.builtInStages

/**
 * Ids of the seeded stages: Lever's built-in ones have readable ids, custom ones are UUIDs.
 *
 * @since 0.1.0
 */
export const StageIds = {
  newLead: builtIn.leadNew.id,
  reachedOut: builtIn.leadReachedOut.id,
  responded: builtIn.leadResponded.id,
  newApplicant: builtIn.applicantNew.id,
  recruiterScreen: "a69f1a21-e1e6-45be-8ea8-522003459a0f",
  phoneInterview: "6a8d9938-9856-4f71-b203-4eb74a2e86be",
  technicalAssessment: "deea7b10-1653-4ad0-965b-2ce6134cbfd4",
  onsiteInterview: "0c81b936-c35c-433a-aafb-75c87f43b49c",
  referenceCheck: "45650cbe-2311-4d24-bd34-2d4cb789d54f",
  offer: builtIn.offer.id
} as const

/**
 * The seeded pipeline, in Lever's order: the built-in stages around five custom ones.
 *
 * @since 0.1.0
 */
export const stages: ReadonlyArray<Stage> = Lever.pipelineWith([
  { id: StageIds.recruiterScreen, text: "Recruiter screen" },
  { id: StageIds.phoneInterview, text: "Phone interview" },
  { id: StageIds.technicalAssessment, text: "Technical Assessment" },
  { id: StageIds.onsiteInterview, text: "Onsite Interview" },
  { id: StageIds.referenceCheck, text: "Reference check" }
])

/**
 * `count` generated stages ("Extra stage 0001", ...), with stable UUIDs.
 *
 * @since 0.1.0
 */
export const extraStages = (count: number): ReadonlyArray<Stage> =>
  Array.from({ length: count }, (_, i) => {
    const text = `Extra stage ${String(i + 1).padStart(4, "0")}`
    return { id: stableUuid(`stage:${text}`), text }
  })

// ---------------------------------------------------------------------------------------------------------
// Archive reasons
// ---------------------------------------------------------------------------------------------------------

/**
 * Ids of the seeded archive reasons: every common reason of the product's suggestion chart, "Hired"
 * (type `hired`) and one inactive reason.
 *
 * @since 0.1.0
 */
export const ArchiveReasonIds = {
  notAFit: "afd59b8d-8d6f-4234-b437-aad005ec7825",
  underqualified: "3f951992-a443-4d7b-885d-94d5c1598a9f",
  preferredAnotherCandidate: "b9a62acf-1dd8-4c30-8e0d-431153c5ca8a",
  overqualified: "bfb14868-3b06-4034-900c-3a234ad9f05b",
  keepForFutureOpportunities: "25458a8a-68c3-4040-a08a-e3a0b83f57e1",
  motivationsMisalignment: "00d92ca7-dabb-4d9e-bcc3-43de7bb48a0d",
  misalignedValues: "394751ed-f918-4c66-9ad4-1e0483ceaa5f",
  plagiarism: "c38873bc-606e-42d4-9356-3ff2cc4ae85e",
  juniorForRole: "25038743-8071-495d-9025-ce2fd88cf9b5",
  withdrew: "8fa69c99-6182-4094-9a4d-0ee9dc6de901",
  offerDeclined: "de5ed749-1808-48ca-8ea6-c97bfe1ffb5e",
  acceptedAnotherOffer: "a3b88a49-58c3-4fde-a653-05fd8d0ca4f1",
  duplicateApplication: "63fdd14b-bb3e-40ba-a9bf-7fb50cc66a8a",
  unresponsive: "a2f90ad8-d3c8-4b8b-86db-57f07e3d4352",
  timing: "6e05be96-6fcf-42ea-b98d-0f4311020901",
  positionClosed: "b9133736-3e2e-4caa-b4ae-1e363920d7a1",
  location: "924b5819-39f6-4888-9b91-d0200a4da979",
  visaStatus: "30f29b7c-9ccb-43e9-8ade-1cbbea7fd22d",
  betterForAnotherRole: "fa7fd751-07d2-4670-9731-f9e10a5aec7d",
  compensationMisalignment: "1981a9f8-b784-4091-8e20-f279f1a4b897",
  expired: "c74b1560-fdaf-4802-8892-f4a10a4c3440",
  distance: "4bec993e-1573-46dc-b424-d94f31a4fc9d",
  hired: "8cb04018-40b8-4c52-a50e-66434e1da91b",
  noShowInactive: "aab60964-30d2-4f5d-b9de-44978efd38f5"
} as const

const nonHired = (id: string, text: string): ArchiveReason => ({ id, text, status: "active", type: "non-hired" })

/** The key of a reason name in `ArchiveReasonIds`: "Not a fit" → `notAFit`. */
const reasonKey = (text: string): string =>
  text.replace(/ (\w)/g, (_, c: string) => c.toUpperCase()).replace(/^\w/, (c) => c.toLowerCase())

const commonReason = (text: string): ArchiveReason => {
  const id: string | undefined = (ArchiveReasonIds as Record<string, string>)[reasonKey(text)]
  if (id === undefined) throw new Error(`ArchiveReasonIds has no id for the common reason "${text}"`)
  return nonHired(id, text)
}

/**
 * The seeded archive reasons: the chart's non-hired names in its order
 * (`ArchiveReasonMapping.commonReasonNames`), then "Hired" (type `hired`), then the inactive
 * "No show (legacy)".
 *
 * @since 0.1.0
 */
export const archiveReasons: ReadonlyArray<ArchiveReason> = [
  ...ArchiveReasonMapping.commonReasonNames.filter((text) => text !== "Hired").map(commonReason),
  { id: ArchiveReasonIds.hired, text: "Hired", status: "active", type: "hired" },
  { id: ArchiveReasonIds.noShowInactive, text: "No show (legacy)", status: "inactive", type: "non-hired" }
]

/**
 * `count` generated active non-hired reasons ("Extra reason 0001", ...), with stable UUIDs.
 *
 * @since 0.1.0
 */
export const extraArchiveReasons = (count: number): ReadonlyArray<ArchiveReason> =>
  Array.from({ length: count }, (_, i) => {
    const text = `Extra reason ${String(i + 1).padStart(4, "0")}`
    return nonHired(stableUuid(`archive-reason:${text}`), text)
  })

// ---------------------------------------------------------------------------------------------------------
// Candidates (their tags are the account's tags: Lever lists a tag only while a candidate carries it)
// ---------------------------------------------------------------------------------------------------------

/**
 * Ids of the seeded candidates: Ada (new applicant, tagged "Backend Assessment"), Grace (confidential, in
 * Technical Assessment) and Alan (archived as "Withdrew").
 *
 * @since 0.1.0
 */
export const OpportunityIds = {
  ada: "cbbef481-afba-42cc-a68a-92404a06cb1c",
  grace: "b9484e07-e587-4661-8fa0-2ec1d70471d6",
  alan: "802741dd-61ea-48ed-ad83-45fb35fe78d4"
} as const

const DAY = 86_400_000

/**
 * Ids of the seeded job postings: "Senior Backend Engineer" and "Frontend Engineer" (published) and
 * "Data Analyst" (closed). Ada applied to the backend posting; the others were sourced without one.
 *
 * @since 0.2.0
 */
export const PostingIds = {
  backend: "5f0c2b8e-7d4a-4e1f-9c3b-2a6d8e4f1b01",
  frontend: "5f0c2b8e-7d4a-4e1f-9c3b-2a6d8e4f1b02",
  dataAnalyst: "5f0c2b8e-7d4a-4e1f-9c3b-2a6d8e4f1b03"
} as const

/**
 * The seeded job postings, relative to `now`.
 *
 * @since 0.2.0
 */
export const postings = (now: number): ReadonlyArray<PostingRecord> => {
  const posting = (
    id: string,
    text: string,
    state: PostingRecord["state"],
    categories: Partial<PostingRecord["categories"]>,
    ageDays: number
  ): PostingRecord => ({
    id,
    text,
    state,
    categories: { team: null, department: null, location: null, commitment: null, level: null, ...categories },
    tags: [],
    createdAt: now - ageDays * DAY,
    updatedAt: now - ageDays * DAY
  })
  return [
    posting(PostingIds.backend, "Senior Backend Engineer", "published", {
      team: "Platform",
      department: "Engineering",
      location: "Berlin",
      commitment: "Full-time",
      level: "Senior"
    }, 30),
    posting(PostingIds.frontend, "Frontend Engineer", "published", {
      team: "Web",
      department: "Engineering",
      location: "Remote",
      commitment: "Full-time"
    }, 20),
    posting(PostingIds.dataAnalyst, "Data Analyst", "closed", {
      team: "Data",
      location: "London",
      commitment: "Contract"
    }, 60)
  ]
}

const opportunity = (
  now: number,
  fields: Pick<
    OpportunityRecord,
    "id" | "contact" | "name" | "emails" | "tags" | "stage" | "confidentiality" | "dataProtection"
  > & {
    readonly ageDays: number
    readonly archived?: string
    readonly posting?: string
  }
): OpportunityRecord => {
  const createdAt = now - fields.ageDays * DAY
  const stageIndex = stages.findIndex((s) => s.id === fields.stage)
  return {
    id: fields.id,
    contact: fields.contact,
    name: fields.name,
    headline: "",
    emails: [...fields.emails],
    phones: [],
    location: null,
    tags: [...fields.tags],
    sources: ["Sandbox seed"],
    origin: "sourced",
    owner: null,
    stage: fields.stage,
    stageChanges: [{ toStageId: fields.stage, toStageIndex: stageIndex, updatedAt: createdAt, userId: SandboxUserId }],
    archived: fields.archived === undefined ? null : { reason: fields.archived, archivedAt: createdAt + DAY },
    confidentiality: fields.confidentiality,
    dataProtection: fields.dataProtection,
    applications: [stableUuid(`application:${fields.id}`)],
    posting: fields.posting ?? null,
    createdAt,
    updatedAt: createdAt,
    lastInteractionAt: createdAt,
    lastAdvancedAt: createdAt
  }
}

/**
 * The Lever user the sandbox acts as (the author of notes and stage changes made through the API, unless
 * `perform_as` says otherwise).
 *
 * @since 0.1.0
 */
export const SandboxUserId = "1eb3cf5c-a480-4283-a850-4f93da5692b3"

/**
 * The seeded candidates, relative to `now`.
 *
 * @since 0.1.0
 */
export const opportunities = (now: number): ReadonlyArray<OpportunityRecord> => [
  opportunity(now, {
    id: OpportunityIds.ada,
    contact: "56a22748-6d08-4fd3-acb8-7055e4987647",
    name: "Ada Lovelace",
    emails: ["ada@example.com"],
    tags: ["Backend Assessment"],
    stage: StageIds.newApplicant,
    confidentiality: "non-confidential",
    // Consented under a data policy: stored for a year, contactable without expiry.
    dataProtection: {
      store: { allowed: true, expiresAt: now + 362 * DAY },
      contact: { allowed: true, expiresAt: null }
    },
    ageDays: 3,
    posting: PostingIds.backend
  }),
  opportunity(now, {
    id: OpportunityIds.grace,
    contact: "a434d2f4-e146-462a-8e25-e920b2f16a34",
    name: "Grace Hopper",
    emails: ["grace@example.com", "grace.hopper@example.org"],
    tags: ["Frontend Assessment", "Senior"],
    stage: StageIds.technicalAssessment,
    confidentiality: "confidential",
    dataProtection: {
      store: { allowed: true, expiresAt: null },
      contact: { allowed: false, expiresAt: null }
    },
    ageDays: 5
  }),
  opportunity(now, {
    id: OpportunityIds.alan,
    contact: "c3d01cfc-f210-479b-9806-3c6034e98277",
    name: "Alan Turing",
    emails: [],
    tags: ["Referral"],
    stage: StageIds.phoneInterview,
    confidentiality: "non-confidential",
    // No data policy applies.
    dataProtection: null,
    ageDays: 9,
    archived: ArchiveReasonIds.withdrew
  })
]

/**
 * What to seed: the default account, or nothing (`empty`), plus generated stages and archive reasons.
 *
 * @since 0.1.0
 */
export interface SeedOptions {
  readonly empty: boolean
  readonly extraStages: number
  readonly extraArchiveReasons: number
  readonly apiKeys?: ReadonlyArray<ApiKeyRecord> | undefined
}

/**
 * The initial store data. The seeded API keys are always present, even when `empty`.
 *
 * @since 0.1.0
 */
export const make = (options: SeedOptions, now: number): Data => ({
  stages: [...(options.empty ? [] : stages), ...extraStages(options.extraStages)],
  archiveReasons: [...(options.empty ? [] : archiveReasons), ...extraArchiveReasons(options.extraArchiveReasons)],
  opportunities: options.empty ? [] : opportunities(now),
  postings: options.empty ? [] : postings(now),
  notes: [],
  webhooks: [],
  apiKeys: [...apiKeys(now).map((key) => ({ ...key, permissions: [...key.permissions] })), ...(options.apiKeys ?? [])]
})
