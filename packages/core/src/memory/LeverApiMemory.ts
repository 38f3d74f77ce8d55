/**
 * An in-memory Lever: several accounts, each with its stages, archive reasons, tags, opportunities,
 * notes and webhooks, reached through credentials that carry Lever's per-key permissions and
 * "access to confidential data" flag. It answers every `LeverApi` call the way Lever does (401 for a
 * bad or revoked key, 403 naming the endpoint and the missing permission, 404 for an unknown or hidden
 * confidential opportunity, 400 for a request Lever would refuse).
 *
 * The `Control` service is "the recruiter" and the test harness: seed accounts and credentials, create
 * and move candidates, archive them, read the notes Fulcrum posted, take the signed webhook deliveries
 * Lever would have sent, inject 429/503 faults and count calls per method.
 *
 * The base URL of a `LeverTarget` is ignored: whichever environment a team picked, its calls land here.
 *
 * The ids it hands out (opportunities, contacts, notes, webhooks) are UUIDs drawn from Effect's `Random`,
 * so a test that provides a seeded one (`Random.withSeed`) gets the same ids on every run. Secrets (issued
 * keys, webhook signature tokens) stay cryptographically random.
 *
 * @example
 * ```ts
 * import { LeverApi, LeverApiMemory } from "@fulcrum/core"
 * import { Effect } from "effect"
 *
 * const program = Effect.gen(function*() {
 *   const recruiter = yield* LeverApiMemory.Control
 *   const lever = yield* LeverApi.LeverApi
 *   const candidate = yield* recruiter.createOpportunity({ name: "Ada", emails: ["ada@example.com"], tags: ["JS"] })
 *   const target = LeverApiMemory.target("acme-team", LeverApiMemory.credentials.permanent)
 *   const read = yield* lever.getOpportunity(target, candidate.id)
 * }).pipe(Effect.provide(LeverApiMemory.layer))
 * ```
 *
 * @since 0.1.0
 */
import { ArchiveReasonMapping, Ids, Lever, type Posting } from "@fulcrum/domain"
import { Clock, Context, Effect, Layer, Random, Record as Rec, Redacted } from "effect"
import * as LeverSignature from "../LeverSignature.ts"
import {
  apiKey,
  LeverApi,
  LeverForbidden,
  LeverInvalidResponse,
  LeverNotFound,
  LeverRateLimited,
  LeverUnauthorized,
  LeverUnavailable,
  oauth,
  permissionsToCheck,
  requiredPermissions
} from "../ports/LeverApi.ts"
import type {
  LeverCredentials,
  LeverTarget,
  LeverWebhook,
  NoteInput,
  PermissionCheckOptions,
  PermissionReport,
  RegisteredWebhook
} from "../ports/LeverApi.ts"

// ---------------------------------------------------------------------------------------------------------
// Well-known data
// ---------------------------------------------------------------------------------------------------------

/**
 * The base URL `target` puts in a `LeverTarget`. `.invalid` is reserved: nothing real ever answers there.
 *
 * @since 0.1.0
 */
export const baseUrl = "https://lever.memory.invalid/v1"

/** The id of the account `layer` seeds. @since 0.1.0 */
export const defaultAccountId = "acme"

/**
 * The stage ids of the default account: Lever's built-in stages (`Lever.builtInStages`, readable ids such
 * as `lead-new` and `offer`) and three stages an admin added (UUIDs).
 *
 * @since 0.1.0
 */
export const stageIds = {
  ...Rec.map(Lever.builtInStages, (stage) => stage.id),
  recruiterScreen: Ids.StageId.make("5b8a9c1e-2f3d-4e5a-9b6c-7d8e9f0a1b2c"),
  technicalAssessment: Ids.StageId.make("0f6f6b52-8a43-4c8e-b1a9-3c2d5e7f9a10"),
  onsiteInterview: Ids.StageId.make("a3d2c1b0-9e8f-4a7b-8c6d-5e4f3a2b1c0d")
} as const

/** The pipeline of the default account, in Lever's order. @since 0.1.0 */
export const defaultStages: ReadonlyArray<Lever.LeverStage> = Lever.pipelineWith([
  { id: stageIds.recruiterScreen, text: "Recruiter screen" },
  { id: stageIds.technicalAssessment, text: "Technical Assessment" },
  { id: stageIds.onsiteInterview, text: "Onsite Interview" }
])

const reasonId = (n: number) => Ids.ArchiveReasonId.make(`9e3c0a71-5d2b-4f68-a1c4-${String(n).padStart(12, "0")}`)

/**
 * The archive reason ids of the default account: every name of the product's suggestion chart, the
 * hired reason "Hired", and one inactive reason (`headcountFreeze`).
 *
 * @since 0.1.0
 */
export const archiveReasonIds = {
  notAFit: reasonId(1),
  underqualified: reasonId(2),
  preferredAnotherCandidate: reasonId(3),
  overqualified: reasonId(4),
  keepForFutureOpportunities: reasonId(5),
  motivationsMisalignment: reasonId(6),
  misalignedValues: reasonId(7),
  plagiarism: reasonId(8),
  juniorForRole: reasonId(9),
  withdrew: reasonId(10),
  hired: reasonId(11),
  offerDeclined: reasonId(12),
  acceptedAnotherOffer: reasonId(13),
  duplicateApplication: reasonId(14),
  unresponsive: reasonId(15),
  timing: reasonId(16),
  positionClosed: reasonId(17),
  location: reasonId(18),
  visaStatus: reasonId(19),
  betterForAnotherRole: reasonId(20),
  compensationMisalignment: reasonId(21),
  expired: reasonId(22),
  distance: reasonId(23),
  headcountFreeze: reasonId(24)
} as const

/** The key of a reason name in `archiveReasonIds`: "Not a fit" → `notAFit`. */
const reasonKey = (text: string): string =>
  text.replace(/ (\w)/g, (_, c: string) => c.toUpperCase()).replace(/^\w/, (c) => c.toLowerCase())

const commonReason = (text: string): Lever.LeverArchiveReason => {
  const id: Ids.ArchiveReasonId | undefined = (archiveReasonIds as Record<string, Ids.ArchiveReasonId>)[reasonKey(text)]
  if (id === undefined) throw new Error(`archiveReasonIds has no id for the common reason "${text}"`)
  return { id, text, status: "active", type: text === "Hired" ? "hired" : "non-hired" }
}

/**
 * The archive reasons of the default account: the chart's names in its order
 * (`ArchiveReasonMapping.commonReasonNames`, "Hired" of type `hired`), then the inactive "Headcount freeze".
 *
 * @since 0.1.0
 */
export const defaultArchiveReasons: ReadonlyArray<Lever.LeverArchiveReason> = [
  ...ArchiveReasonMapping.commonReasonNames.map(commonReason),
  { id: archiveReasonIds.headcountFreeze, text: "Headcount freeze", status: "inactive", type: "non-hired" }
]

/** Tags the default account already uses before Fulcrum arrives. @since 0.1.0 */
export const defaultTags: ReadonlyArray<string> = ["Referral", "Sourced"]

/**
 * The job postings of the default account: two published, one closed.
 *
 * @since 0.2.0
 */
export const defaultPostings: ReadonlyArray<Posting.LeverPosting> = [
  {
    id: Ids.PostingId.make("7c1d2e3f-4a5b-4c6d-8e7f-000000000001"),
    text: "Senior Backend Engineer",
    state: "published",
    team: "Engineering",
    department: "R&D",
    location: "Berlin",
    commitment: "Full-time"
  },
  {
    id: Ids.PostingId.make("7c1d2e3f-4a5b-4c6d-8e7f-000000000002"),
    text: "Frontend Engineer",
    state: "published",
    team: "Engineering",
    department: "R&D",
    location: "Remote",
    commitment: "Full-time"
  },
  {
    id: Ids.PostingId.make("7c1d2e3f-4a5b-4c6d-8e7f-000000000003"),
    text: "Data Analyst",
    state: "closed",
    team: "Data",
    department: null,
    location: "London",
    commitment: "Contract"
  }
]

/** Every permission this Lever knows: Lever's (`Lever.allPermissions`). @since 0.1.0 */
export const allPermissions: ReadonlyArray<string> = Lever.allPermissions

/**
 * Permission sets of the well-known keys: `setup` is exactly what a setup key needs plus webhook
 * registration; `permanent` is what the stored key needs plus writing progress tags.
 *
 * @since 0.1.0
 */
export const permissionSets = {
  setup: [...requiredPermissions.setup, ...Lever.webhookPermissions],
  permanent: [...requiredPermissions.permanent, Lever.progressTagPermission, Lever.postingsPermission]
} as const

/**
 * The secrets of the default account's well-known credentials. `unknown` was never issued.
 *
 * @since 0.1.0
 */
export const keys = {
  setup: Redacted.make("memory-setup-key"),
  permanent: Redacted.make("memory-permanent-key"),
  confidential: Redacted.make("memory-confidential-key"),
  noNotesPermission: Redacted.make("memory-no-notes-key"),
  revoked: Redacted.make("memory-revoked-key"),
  oauth: Redacted.make("memory-oauth-access-token"),
  unknown: Redacted.make("memory-never-issued-key")
} as const

/**
 * The default account's well-known credentials:
 * - `setup`: `permissionSets.setup`, no confidential access;
 * - `permanent`: `permissionSets.permanent`, no confidential access;
 * - `confidential`: `permissionSets.permanent` with confidential access;
 * - `noNotesPermission`: `permissionSets.permanent` without `notes:write:admin`;
 * - `revoked`: like `permanent`, but revoked (401);
 * - `oauth`: a partner OAuth token with both sets, no confidential access;
 * - `unknown`: never issued (401).
 *
 * @since 0.1.0
 */
export const credentials = {
  setup: apiKey(keys.setup),
  permanent: apiKey(keys.permanent),
  confidential: apiKey(keys.confidential),
  noNotesPermission: apiKey(keys.noNotesPermission),
  revoked: apiKey(keys.revoked),
  oauth: oauth(keys.oauth),
  unknown: apiKey(keys.unknown)
} as const

/**
 * A `LeverTarget` for this in-memory Lever.
 *
 * @example
 * ```ts
 * const target = LeverApiMemory.target("acme-team", LeverApiMemory.credentials.setup)
 * ```
 *
 * @since 0.1.0
 */
export const target = (teamId: Ids.TeamId | string, leverCredentials: LeverCredentials): LeverTarget => ({
  teamId: Ids.TeamId.make(teamId),
  baseUrl,
  credentials: leverCredentials
})

/** The webhook events Lever can send (`Lever.webhookEvents`). @since 0.1.0 */
export const webhookEvents: ReadonlyArray<string> = Lever.webhookEvents

// ---------------------------------------------------------------------------------------------------------
// Control
// ---------------------------------------------------------------------------------------------------------

/** The name of a `LeverApi` method (calls are counted and faults targeted by it). @since 0.1.0 */
export type LeverMethod = keyof LeverApi["Service"]

const leverMethods: ReadonlyArray<LeverMethod> = [
  "listStages",
  "listArchiveReasons",
  "listTags",
  "getOpportunity",
  "listPostings",
  "getPosting",
  "listNotes",
  "addNote",
  "addTags",
  "removeTags",
  "listWebhooks",
  "registerWebhook",
  "deleteWebhook",
  "checkPermissions"
]

/** A Lever account to seed. Omitted lists default to the default account's. @since 0.1.0 */
export interface AccountSeed {
  readonly id: string
  readonly stages?: ReadonlyArray<Lever.LeverStage>
  readonly archiveReasons?: ReadonlyArray<Lever.LeverArchiveReason>
  readonly tags?: ReadonlyArray<string>
  readonly postings?: ReadonlyArray<Posting.LeverPosting>
}

/** Credentials to issue. Without `secret`, a random one is generated. @since 0.1.0 */
export interface CredentialsSeed {
  /** Defaults to `defaultAccountId`. */
  readonly account?: string
  /** An API key (default) or a partner OAuth access token. */
  readonly kind?: LeverCredentials["_tag"]
  readonly secret?: Redacted.Redacted<string>
  readonly permissions: ReadonlyArray<string>
  /** Lever's "Allow access to confidential data"; default false. */
  readonly confidential?: boolean
}

/** A candidate the recruiter adds. @since 0.1.0 */
export interface OpportunitySeed {
  /** Defaults to `defaultAccountId`. */
  readonly account?: string
  /** Defaults to a fresh UUID. */
  readonly id?: string
  readonly name: string
  readonly emails?: ReadonlyArray<string>
  readonly tags?: ReadonlyArray<string>
  /** Defaults to `applicant-new` when the account has it, else its first stage. */
  readonly stageId?: Ids.StageId | null
  readonly confidential?: boolean
  /** Created already archived with this reason. */
  readonly archiveReasonId?: Ids.ArchiveReasonId
  /** The posting of the candidate's application; none by default. */
  readonly postingId?: Ids.PostingId
}

/** A note as the recruiter sees it in Lever. @since 0.1.0 */
export interface RecordedNote {
  readonly id: string
  readonly value: string
  readonly secret: boolean
  readonly score: number | null
  readonly createdAt: number
}

/**
 * A webhook delivery Lever would POST: the registered URL and the signed JSON body, ready for a
 * `SignatureVerifier` or an HTTP handler.
 *
 * @since 0.1.0
 */
export interface Delivery {
  readonly webhookId: string
  readonly url: string
  readonly event: string
  readonly body: string
}

/**
 * A fault to inject: the next `times` calls (of `method`, or of any method) fail with Lever's 429 or 503,
 * already past the adapter's retries.
 *
 * @since 0.1.0
 */
export interface Fault {
  readonly times: number
  readonly error: "RateLimited" | "Unavailable"
  readonly method?: LeverMethod
}

/**
 * The recruiter and test harness of an in-memory Lever. Failures mirror what Lever would answer to the
 * recruiter's own request (unknown opportunity → `LeverNotFound`, unknown stage → `LeverInvalidResponse`).
 *
 * @since 0.1.0
 */
export class Control extends Context.Service<Control, {
  /** Adds an account. An id already in use is refused. */
  readonly seedAccount: (seed: AccountSeed) => Effect.Effect<void, LeverInvalidResponse>
  /** Issues credentials for an account. */
  readonly createCredentials: (seed: CredentialsSeed) => Effect.Effect<LeverCredentials, LeverNotFound>
  /** Revokes credentials: every later call with them is `LeverUnauthorized`. */
  readonly revokeCredentials: (credentials: LeverCredentials) => Effect.Effect<void>
  readonly createOpportunity: (
    seed: OpportunitySeed
  ) => Effect.Effect<Lever.LeverOpportunity, LeverNotFound | LeverInvalidResponse>
  /** The opportunity as the recruiter sees it (confidential ones included). */
  readonly opportunity: (id: Ids.OpportunityId) => Effect.Effect<Lever.LeverOpportunity, LeverNotFound>
  /** Moves the candidate; queues `candidateStageChange` deliveries. Moving to the current stage does nothing. */
  readonly moveStage: (
    id: Ids.OpportunityId,
    stageId: Ids.StageId
  ) => Effect.Effect<void, LeverNotFound | LeverInvalidResponse>
  /** Archives with a reason (inactive ones too); queues `candidateArchiveChange` deliveries. */
  readonly archive: (
    id: Ids.OpportunityId,
    reasonId: Ids.ArchiveReasonId
  ) => Effect.Effect<void, LeverNotFound | LeverInvalidResponse>
  /** Unarchives; queues `candidateArchiveChange` deliveries with `toArchived: null`. */
  readonly unarchive: (id: Ids.OpportunityId) => Effect.Effect<void, LeverNotFound>
  readonly addTags: (id: Ids.OpportunityId, tags: ReadonlyArray<string>) => Effect.Effect<void, LeverNotFound>
  readonly removeTags: (id: Ids.OpportunityId, tags: ReadonlyArray<string>) => Effect.Effect<void, LeverNotFound>
  /** Deletes the candidate; queues `candidateDeleted` deliveries. */
  readonly deleteOpportunity: (id: Ids.OpportunityId) => Effect.Effect<void, LeverNotFound>
  /** Adds a job posting to an account (replacing one with the same id). */
  readonly putPosting: (posting: Posting.LeverPosting, account?: string) => Effect.Effect<void, LeverNotFound>
  /** Deletes a job posting: Lever no longer lists it, and reading it is a 404. */
  readonly deletePosting: (postingId: Ids.PostingId, account?: string) => Effect.Effect<void, LeverNotFound>
  /** Every note on the opportunity, oldest first. */
  readonly notes: (id: Ids.OpportunityId) => Effect.Effect<ReadonlyArray<RecordedNote>, LeverNotFound>
  /** The account's webhooks with their signature tokens. */
  readonly webhooks: (account?: string) => Effect.Effect<ReadonlyArray<RegisteredWebhook>, LeverNotFound>
  /** Lever's "Verify connection": a signed delivery with empty `data` (returned, not queued). */
  readonly ping: (webhookId: string) => Effect.Effect<Delivery, LeverNotFound>
  /** Returns the queued deliveries, oldest first, and empties the queue. */
  readonly takeDeliveries: Effect.Effect<ReadonlyArray<Delivery>>
  readonly failNext: (fault: Fault) => Effect.Effect<void>
  /** How many calls of `method` arrived (failed ones included). */
  readonly calls: (method: LeverMethod) => Effect.Effect<number>
  readonly callCounts: Effect.Effect<Readonly<Record<LeverMethod, number>>>
  readonly resetCalls: Effect.Effect<void>
}>()("@fulcrum/core/LeverApiMemory/Control") {}

// ---------------------------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------------------------

interface AccountRecord {
  readonly id: string
  readonly stages: ReadonlyArray<Lever.LeverStage>
  readonly archiveReasons: ReadonlyArray<Lever.LeverArchiveReason>
  readonly tagCatalog: Set<string>
  readonly postings: Map<string, Posting.LeverPosting>
  readonly opportunities: Map<string, OpportunityRecord>
  readonly webhooks: Map<string, RegisteredWebhook>
}

interface CredentialRecord {
  readonly account: AccountRecord
  readonly permissions: ReadonlySet<string>
  readonly confidential: boolean
  revoked: boolean
}

interface OpportunityRecord {
  readonly id: Ids.OpportunityId
  readonly account: AccountRecord
  readonly contact: string
  readonly name: string
  readonly emails: ReadonlyArray<string>
  readonly confidential: boolean
  readonly postingId: Ids.PostingId | null
  tags: Array<string>
  stageId: Ids.StageId | null
  archived: Lever.Archived | null
  deleted: boolean
  readonly notes: Array<RecordedNote>
}

const credentialKey = (c: LeverCredentials): string =>
  c._tag === "ApiKey" ? `ApiKey:${Redacted.value(c.key)}` : `OAuth:${Redacted.value(c.accessToken)}`

const describeCredentials = (c: LeverCredentials): string => c._tag === "ApiKey" ? "API key" : "OAuth token"

const toOpportunity = (record: OpportunityRecord): Lever.LeverOpportunity => ({
  id: record.id,
  name: record.name,
  contact: record.contact,
  emails: [...record.emails],
  tags: [...record.tags],
  stageId: record.stageId,
  archived: record.archived,
  confidential: record.confidential,
  url: `https://hire.lever.co/candidates/${record.id}`,
  // Lever's application names its posting by id only.
  posting: record.postingId === null ? null : { id: record.postingId, title: null }
})

const unique = (values: ReadonlyArray<string>): Array<string> => [...new Set(values)]

/**
 * A version 4 UUID, the shape of Lever's ids, drawn from Effect's `Random`: a test that provides a
 * seeded `Random` (`Random.withSeed`) gets the same ids on every run.
 */
const randomUuid: Effect.Effect<string> = Effect.map(
  Effect.forEach(Array.from({ length: 8 }), () => Random.nextIntBetween(0, 0xffff), { concurrency: 1 }),
  (groups) => {
    // The version (4) and variant (10xx) bits of RFC 9562.
    groups[3] = (groups[3]! & 0x0fff) | 0x4000
    groups[4] = (groups[4]! & 0x3fff) | 0x8000
    const hex = groups.map((group) => group.toString(16).padStart(4, "0"))
    return `${hex[0]}${hex[1]}-${hex[2]}-${hex[3]}-${hex[4]}-${hex[5]}${hex[6]}${hex[7]}`
  }
)

/**
 * Builds an in-memory Lever and its control handle. With `seedDefault` (the default), the account
 * `defaultAccountId` exists with `defaultStages`, `defaultArchiveReasons`, `defaultTags` and every
 * credential of `credentials`.
 *
 * @example
 * ```ts
 * const { api, control } = yield* LeverApiMemory.make({ seedDefault: false })
 * yield* control.seedAccount({ id: "globex" })
 * ```
 *
 * @since 0.1.0
 */
export const make = Effect.fn("LeverApiMemory.make")(function*(options?: { readonly seedDefault?: boolean }) {
  const accounts = new Map<string, AccountRecord>()
  const issued = new Map<string, CredentialRecord>()
  const opportunities = new Map<string, OpportunityRecord>()
  const deliveries: Array<Delivery> = []
  const faults: Array<{ remaining: number; readonly error: Fault["error"]; readonly method: LeverMethod | undefined }> =
    []
  const counts = Object.fromEntries(leverMethods.map((m) => [m, 0])) as Record<LeverMethod, number>

  // --- sync helpers (every state change happens inside one synchronous block, so calls never interleave)

  const addAccount = (seed: AccountSeed): AccountRecord => {
    const account: AccountRecord = {
      id: seed.id,
      stages: [...(seed.stages ?? defaultStages)],
      archiveReasons: [...(seed.archiveReasons ?? defaultArchiveReasons)],
      tagCatalog: new Set(seed.tags ?? defaultTags),
      postings: new Map((seed.postings ?? defaultPostings).map((posting) => [posting.id, posting])),
      opportunities: new Map(),
      webhooks: new Map()
    }
    accounts.set(seed.id, account)
    return account
  }

  const issue = (account: AccountRecord, seed: CredentialsSeed): LeverCredentials => {
    const secret = seed.secret ?? Redacted.make(LeverSignature.randomToken())
    const issuedCredentials = (seed.kind ?? "ApiKey") === "ApiKey" ? apiKey(secret) : oauth(secret)
    issued.set(credentialKey(issuedCredentials), {
      account,
      permissions: new Set(seed.permissions),
      confidential: seed.confidential ?? false,
      revoked: false
    })
    return issuedCredentials
  }

  const takeFault = (method: LeverMethod): Fault["error"] | undefined => {
    const index = faults.findIndex((f) => f.method === undefined || f.method === method)
    const fault = faults[index]
    if (fault === undefined) return undefined
    fault.remaining--
    if (fault.remaining <= 0) faults.splice(index, 1)
    return fault.error
  }

  // --- the API's guard: count, inject faults, authenticate, authorize

  const authenticate = (method: LeverMethod, target: LeverTarget, endpoint: string) =>
    Effect.suspend((): Effect.Effect<CredentialRecord, LeverRateLimited | LeverUnavailable | LeverUnauthorized> => {
      counts[method]++
      const fault = takeFault(method)
      if (fault === "RateLimited") {
        return Effect.fail(
          new LeverRateLimited({ endpoint, message: `Lever kept answering 429 Too Many Requests for ${endpoint}` })
        )
      }
      if (fault === "Unavailable") {
        return Effect.fail(
          new LeverUnavailable({ endpoint, message: `Lever kept answering 503 Service Unavailable for ${endpoint}` })
        )
      }
      const record = issued.get(credentialKey(target.credentials))
      if (record === undefined || record.revoked) {
        const what = describeCredentials(target.credentials)
        return Effect.fail(
          new LeverUnauthorized({
            message: record === undefined
              ? `Lever does not recognise this ${what} (401)`
              : `This ${what} was revoked in Lever (401)`
          })
        )
      }
      return Effect.succeed(record)
    })

  const access = (method: LeverMethod, target: LeverTarget, endpoint: string, permission: string) =>
    Effect.flatMap(authenticate(method, target, endpoint), (record) =>
      record.permissions.has(permission)
        ? Effect.succeed(record)
        : Effect.fail(
          new LeverForbidden({
            endpoint,
            permission,
            message: `The ${
              describeCredentials(target.credentials)
            } lacks the "${permission}" permission that ${endpoint} needs (403)`
          })
        ))

  const visibleOpportunity = (record: CredentialRecord, id: Ids.OpportunityId, endpoint: string) => {
    const found = record.account.opportunities.get(id)
    // Lever answers a confidential opportunity exactly like a missing one when the key may not see it.
    return found === undefined || found.deleted || (found.confidential && !record.confidential)
      ? Effect.fail(
        new LeverNotFound({ endpoint, message: `Lever has no opportunity ${id} visible to these credentials` })
      )
      : Effect.succeed(found)
  }

  // --- webhooks Lever would send

  const enqueue = (account: AccountRecord, event: string, data: unknown) =>
    Effect.forEach(
      [...account.webhooks.values()].filter((w) => w.event === event),
      (webhook) =>
        Effect.map(LeverSignature.sign(webhook.signatureToken, { event, data }), (body) => {
          deliveries.push({ webhookId: webhook.id, url: webhook.url, event, body: JSON.stringify(body) })
        }),
      { discard: true }
    )

  const eventIds = (record: OpportunityRecord) => ({
    opportunityId: record.id,
    candidateId: record.id,
    contactId: record.contact
  })

  // --- the LeverApi

  const listStages = Effect.fn("LeverApiMemory.listStages")(function*(target: LeverTarget) {
    const record = yield* access("listStages", target, "GET /stages", "stages:read:admin")
    return [...record.account.stages]
  })

  const listArchiveReasons = Effect.fn("LeverApiMemory.listArchiveReasons")(function*(target: LeverTarget) {
    const record = yield* access("listArchiveReasons", target, "GET /archive_reasons", "archive_reasons:read:admin")
    return [...record.account.archiveReasons]
  })

  const listTags = Effect.fn("LeverApiMemory.listTags")(function*(target: LeverTarget) {
    const record = yield* access("listTags", target, "GET /tags", "tags:read:admin")
    const visible = [...record.account.opportunities.values()].filter((o) =>
      !o.deleted && (!o.confidential || record.confidential)
    )
    return [...record.account.tagCatalog].map((text): Lever.LeverTag => ({
      text,
      count: visible.filter((o) => o.tags.includes(text)).length
    }))
  })

  const getOpportunity = Effect.fn("LeverApiMemory.getOpportunity")(
    function*(target: LeverTarget, opportunityId: Ids.OpportunityId) {
      const endpoint = `GET /opportunities/${opportunityId}`
      const record = yield* access("getOpportunity", target, endpoint, "opportunities:read:admin")
      return toOpportunity(yield* visibleOpportunity(record, opportunityId, endpoint))
    }
  )

  const listPostings = Effect.fn("LeverApiMemory.listPostings")(function*(target: LeverTarget) {
    const record = yield* access("listPostings", target, "GET /postings", Lever.postingsPermission)
    return [...record.account.postings.values()]
  })

  const getPosting = Effect.fn("LeverApiMemory.getPosting")(function*(target: LeverTarget, postingId: Ids.PostingId) {
    const endpoint = `GET /postings/${postingId}`
    const record = yield* access("getPosting", target, endpoint, Lever.postingsPermission)
    const posting = record.account.postings.get(postingId)
    if (posting === undefined) return yield* new LeverNotFound({ endpoint, message: `Lever has no posting ${postingId}` })
    return posting
  })

  const listNotes = Effect.fn("LeverApiMemory.listNotes")(
    function*(target: LeverTarget, opportunityId: Ids.OpportunityId) {
      const endpoint = `GET /opportunities/${opportunityId}/notes`
      const record = yield* access("listNotes", target, endpoint, "notes:read:admin")
      const opportunity = yield* visibleOpportunity(record, opportunityId, endpoint)
      return opportunity.notes.map((n): Lever.LeverNote => ({ id: n.id, value: n.value, createdAt: n.createdAt }))
    }
  )

  const addNote = Effect.fn("LeverApiMemory.addNote")(
    function*(target: LeverTarget, opportunityId: Ids.OpportunityId, note: NoteInput) {
      const endpoint = `POST /opportunities/${opportunityId}/notes`
      const record = yield* access("addNote", target, endpoint, "notes:write:admin")
      const opportunity = yield* visibleOpportunity(record, opportunityId, endpoint)
      if (note.value.trim().length === 0) {
        return yield* new LeverInvalidResponse({ endpoint, message: "Lever refused the note: value is required (400)" })
      }
      if (note.score !== undefined && !(Number.isInteger(note.score) && note.score >= 1 && note.score <= 4)) {
        return yield* new LeverInvalidResponse({
          endpoint,
          message: `Lever refused the note: score must be 1 to 4, got ${note.score} (400)`
        })
      }
      const createdAt = yield* Clock.currentTimeMillis
      const noteId = yield* randomUuid
      opportunity.notes.push({
        id: noteId,
        value: note.value,
        secret: note.secret ?? false,
        score: note.score ?? null,
        createdAt
      })
      return { noteId }
    }
  )

  const addTags = Effect.fn("LeverApiMemory.addTags")(
    function*(target: LeverTarget, opportunityId: Ids.OpportunityId, tags: ReadonlyArray<string>) {
      const endpoint = `POST /opportunities/${opportunityId}/addTags`
      const record = yield* access("addTags", target, endpoint, Lever.progressTagPermission)
      const opportunity = yield* visibleOpportunity(record, opportunityId, endpoint)
      opportunity.tags = unique([...opportunity.tags, ...tags])
      for (const tag of tags) record.account.tagCatalog.add(tag)
    }
  )

  const removeTags = Effect.fn("LeverApiMemory.removeTags")(
    function*(target: LeverTarget, opportunityId: Ids.OpportunityId, tags: ReadonlyArray<string>) {
      const endpoint = `POST /opportunities/${opportunityId}/removeTags`
      const record = yield* access("removeTags", target, endpoint, Lever.progressTagPermission)
      const opportunity = yield* visibleOpportunity(record, opportunityId, endpoint)
      opportunity.tags = opportunity.tags.filter((t) => !tags.includes(t))
    }
  )

  const listWebhooks = Effect.fn("LeverApiMemory.listWebhooks")(function*(target: LeverTarget) {
    const record = yield* access("listWebhooks", target, "GET /webhooks", "webhooks:read:admin")
    return [...record.account.webhooks.values()].map(({ event, id, url }): LeverWebhook => ({ id, event, url }))
  })

  const registerWebhook = Effect.fn("LeverApiMemory.registerWebhook")(
    function*(target: LeverTarget, webhook: { readonly event: string; readonly url: string }) {
      const endpoint = "POST /webhooks"
      const record = yield* access("registerWebhook", target, endpoint, "webhooks:write:admin")
      if (!webhookEvents.includes(webhook.event)) {
        return yield* new LeverInvalidResponse({
          endpoint,
          message: `Lever refused the webhook: unknown event "${webhook.event}" (400)`
        })
      }
      if (!URL.canParse(webhook.url)) {
        return yield* new LeverInvalidResponse({ endpoint, message: "Lever refused the webhook: invalid url (400)" })
      }
      const registered: RegisteredWebhook = {
        id: yield* randomUuid,
        event: webhook.event,
        url: webhook.url,
        signatureToken: Redacted.make(LeverSignature.randomToken())
      }
      record.account.webhooks.set(registered.id, registered)
      return registered
    }
  )

  const deleteWebhook = Effect.fn("LeverApiMemory.deleteWebhook")(function*(target: LeverTarget, webhookId: string) {
    const endpoint = `DELETE /webhooks/${webhookId}`
    const record = yield* access("deleteWebhook", target, endpoint, "webhooks:write:admin")
    if (!record.account.webhooks.delete(webhookId)) {
      return yield* new LeverNotFound({ endpoint, message: `Lever has no webhook ${webhookId}` })
    }
  })

  const checkPermissions = Effect.fn("LeverApiMemory.checkPermissions")(
    function*(target: LeverTarget, options: PermissionCheckOptions) {
      const { purpose } = options
      const record = yield* authenticate("checkPermissions", target, `permission probes (${purpose} key)`)
      // This Lever knows the key's flag, so it never needs candidates to tell by, unlike Lever itself.
      const confidentialAccess = purpose === "permanent" && record.permissions.has("opportunities:read:admin")
        ? record.confidential
        : "unknown"
      const report: PermissionReport = {
        purpose,
        missing: permissionsToCheck(options).filter((p) => !record.permissions.has(p)),
        confidentialAccess
      }
      return report
    }
  )

  const api = LeverApi.of({
    listStages,
    listArchiveReasons,
    listTags,
    getOpportunity,
    listPostings,
    getPosting,
    listNotes,
    addNote,
    addTags,
    removeTags,
    listWebhooks,
    registerWebhook,
    deleteWebhook,
    checkPermissions
  })

  // --- the control handle

  const accountOf = (id: string | undefined, endpoint: string) => {
    const account = accounts.get(id ?? defaultAccountId)
    return account === undefined
      ? Effect.fail(new LeverNotFound({ endpoint, message: `No Lever account ${id ?? defaultAccountId}` }))
      : Effect.succeed(account)
  }

  const opportunityOf = (id: Ids.OpportunityId, endpoint: string) => {
    const found = opportunities.get(id)
    return found === undefined || found.deleted
      ? Effect.fail(new LeverNotFound({ endpoint, message: `Lever has no opportunity ${id}` }))
      : Effect.succeed(found)
  }

  const seedAccount = (seed: AccountSeed) =>
    Effect.suspend((): Effect.Effect<void, LeverInvalidResponse> => {
      if (accounts.has(seed.id)) {
        return Effect.fail(
          new LeverInvalidResponse({ endpoint: "seed account", message: `The Lever account ${seed.id} already exists` })
        )
      }
      addAccount(seed)
      return Effect.void
    })

  const createCredentials = (seed: CredentialsSeed) =>
    Effect.map(accountOf(seed.account, "issue credentials"), (account) => issue(account, seed))

  const revokeCredentials = (revoked: LeverCredentials) =>
    Effect.sync(() => {
      const record = issued.get(credentialKey(revoked))
      if (record !== undefined) record.revoked = true
    })

  const createOpportunity = Effect.fn("LeverApiMemory.Control.createOpportunity")(function*(seed: OpportunitySeed) {
    const endpoint = "POST /opportunities"
    const account = yield* accountOf(seed.account, endpoint)
    const id = Ids.OpportunityId.make(seed.id ?? (yield* randomUuid))
    if (opportunities.has(id)) {
      return yield* new LeverInvalidResponse({ endpoint, message: `An opportunity ${id} already exists` })
    }
    const stageId = seed.stageId === undefined
      ? (account.stages.find((s) => s.id === "applicant-new") ?? account.stages[0])?.id ?? null
      : seed.stageId
    if (stageId !== null && !account.stages.some((s) => s.id === stageId)) {
      return yield* new LeverInvalidResponse({ endpoint, message: `The account has no stage ${stageId}` })
    }
    let archived: Lever.Archived | null = null
    if (seed.archiveReasonId !== undefined) {
      const reason = seed.archiveReasonId
      if (!account.archiveReasons.some((r) => r.id === reason)) {
        return yield* new LeverInvalidResponse({ endpoint, message: `The account has no archive reason ${reason}` })
      }
      archived = { reason, archivedAt: yield* Clock.currentTimeMillis }
    }
    if (seed.postingId !== undefined && !account.postings.has(seed.postingId)) {
      return yield* new LeverInvalidResponse({ endpoint, message: `The account has no posting ${seed.postingId}` })
    }
    const tags = unique(seed.tags ?? [])
    const record: OpportunityRecord = {
      id,
      account,
      contact: yield* randomUuid,
      name: seed.name,
      emails: [...(seed.emails ?? [])],
      confidential: seed.confidential ?? false,
      postingId: seed.postingId ?? null,
      tags,
      stageId,
      archived,
      deleted: false,
      notes: []
    }
    for (const tag of tags) account.tagCatalog.add(tag)
    account.opportunities.set(id, record)
    opportunities.set(id, record)
    return toOpportunity(record)
  })

  const moveStage = Effect.fn("LeverApiMemory.Control.moveStage")(
    function*(id: Ids.OpportunityId, stageId: Ids.StageId) {
      const endpoint = `PUT /opportunities/${id}/stage`
      const record = yield* opportunityOf(id, endpoint)
      if (!record.account.stages.some((s) => s.id === stageId)) {
        return yield* new LeverInvalidResponse({ endpoint, message: `The account has no stage ${stageId}` })
      }
      if (record.stageId === stageId) return
      const fromStageId = record.stageId
      record.stageId = stageId
      yield* enqueue(record.account, "candidateStageChange", { ...eventIds(record), toStageId: stageId, fromStageId })
    }
  )

  const archive = Effect.fn("LeverApiMemory.Control.archive")(
    function*(id: Ids.OpportunityId, reason: Ids.ArchiveReasonId) {
      const endpoint = `PUT /opportunities/${id}/archived`
      const record = yield* opportunityOf(id, endpoint)
      if (!record.account.archiveReasons.some((r) => r.id === reason)) {
        return yield* new LeverInvalidResponse({ endpoint, message: `The account has no archive reason ${reason}` })
      }
      if (record.archived?.reason === reason) return
      const fromArchived = record.archived
      record.archived = { reason, archivedAt: yield* Clock.currentTimeMillis }
      yield* enqueue(record.account, "candidateArchiveChange", {
        ...eventIds(record),
        fromArchived,
        toArchived: record.archived
      })
    }
  )

  const unarchive = Effect.fn("LeverApiMemory.Control.unarchive")(function*(id: Ids.OpportunityId) {
    const record = yield* opportunityOf(id, `PUT /opportunities/${id}/archived`)
    if (record.archived === null) return
    const fromArchived = record.archived
    record.archived = null
    yield* enqueue(record.account, "candidateArchiveChange", { ...eventIds(record), fromArchived, toArchived: null })
  })

  const controlAddTags = (id: Ids.OpportunityId, tags: ReadonlyArray<string>) =>
    Effect.map(opportunityOf(id, `POST /opportunities/${id}/addTags`), (record) => {
      record.tags = unique([...record.tags, ...tags])
      for (const tag of tags) record.account.tagCatalog.add(tag)
    })

  const controlRemoveTags = (id: Ids.OpportunityId, tags: ReadonlyArray<string>) =>
    Effect.map(opportunityOf(id, `POST /opportunities/${id}/removeTags`), (record) => {
      record.tags = record.tags.filter((t) => !tags.includes(t))
    })

  const deleteOpportunity = Effect.fn("LeverApiMemory.Control.deleteOpportunity")(function*(id: Ids.OpportunityId) {
    const record = yield* opportunityOf(id, `DELETE /opportunities/${id}`)
    record.deleted = true
    yield* enqueue(record.account, "candidateDeleted", eventIds(record))
  })

  const notes = (id: Ids.OpportunityId) =>
    Effect.map(opportunityOf(id, `GET /opportunities/${id}/notes`), (record) => [...record.notes])

  const webhooks = (account?: string) =>
    Effect.map(accountOf(account, "GET /webhooks"), (found) => [...found.webhooks.values()])

  const ping = Effect.fn("LeverApiMemory.Control.ping")(function*(webhookId: string) {
    const webhook = [...accounts.values()].map((a) => a.webhooks.get(webhookId)).find((w) => w !== undefined)
    if (webhook === undefined) {
      return yield* new LeverNotFound({
        endpoint: `POST /webhooks/${webhookId}/test`,
        message: `Lever has no webhook ${webhookId}`
      })
    }
    const body = yield* LeverSignature.sign(webhook.signatureToken, { event: webhook.event, data: {} })
    const delivery: Delivery = { webhookId, url: webhook.url, event: webhook.event, body: JSON.stringify(body) }
    return delivery
  })

  const control = Control.of({
    seedAccount,
    createCredentials,
    revokeCredentials,
    createOpportunity,
    opportunity: (id) => Effect.map(opportunityOf(id, `GET /opportunities/${id}`), toOpportunity),
    moveStage,
    archive,
    unarchive,
    addTags: controlAddTags,
    removeTags: controlRemoveTags,
    deleteOpportunity,
    putPosting: (posting, account) =>
      Effect.map(accountOf(account, "POST /postings"), (found) => {
        found.postings.set(posting.id, posting)
      }),
    deletePosting: (postingId, account) =>
      Effect.flatMap(accountOf(account, `DELETE /postings/${postingId}`), (found) =>
        found.postings.delete(postingId)
          ? Effect.void
          : Effect.fail(
            new LeverNotFound({ endpoint: `DELETE /postings/${postingId}`, message: `Lever has no posting ${postingId}` })
          )),
    notes,
    webhooks,
    ping,
    takeDeliveries: Effect.sync(() => deliveries.splice(0, deliveries.length)),
    failNext: (fault) =>
      Effect.sync(() => {
        if (fault.times > 0) faults.push({ remaining: fault.times, error: fault.error, method: fault.method })
      }),
    calls: (method) => Effect.sync(() => counts[method]),
    callCounts: Effect.sync(() => ({ ...counts })),
    resetCalls: Effect.sync(() => {
      for (const method of leverMethods) counts[method] = 0
    })
  })

  if (options?.seedDefault ?? true) {
    const account = addAccount({ id: defaultAccountId })
    issue(account, { secret: keys.setup, permissions: permissionSets.setup })
    issue(account, { secret: keys.permanent, permissions: permissionSets.permanent })
    issue(account, { secret: keys.confidential, permissions: permissionSets.permanent, confidential: true })
    issue(account, {
      secret: keys.noNotesPermission,
      permissions: permissionSets.permanent.filter((p) => p !== "notes:write:admin")
    })
    issue(account, { secret: keys.revoked, permissions: permissionSets.permanent })
    const revoked = issued.get(credentialKey(credentials.revoked))
    if (revoked !== undefined) revoked.revoked = true
    issue(account, {
      kind: "OAuth",
      secret: keys.oauth,
      permissions: unique([...permissionSets.setup, ...permissionSets.permanent])
    })
  }

  return { api, control }
})

/**
 * Provides `LeverApi` and its `Control` from one fresh in-memory Lever seeded with the default account
 * and the well-known `credentials`.
 *
 * @since 0.1.0
 */
export const layer: Layer.Layer<LeverApi | Control> = Layer.effectContext(
  Effect.map(make(), ({ api, control }) => Context.make(LeverApi, api).pipe(Context.add(Control, control)))
)

/**
 * Like `layer`, without any account: seed accounts and credentials through `Control`.
 *
 * @since 0.1.0
 */
export const layerEmpty: Layer.Layer<LeverApi | Control> = Layer.effectContext(
  Effect.map(
    make({ seedDefault: false }),
    ({ api, control }) => Context.make(LeverApi, api).pipe(Context.add(Control, control))
  )
)
