/**
 * The Lever account's behaviour: what each API operation does to the store, which checks it makes, and
 * which webhooks it triggers. The HTTP routes and the control handle both go through here, so a change
 * made from a test behaves exactly like one made by a recruiter in Lever.
 *
 * @since 0.1.0
 */
import { Clock, Context, Effect, Layer } from "effect"
import type { ApiKey, CreateApiKey } from "./ApiKey.ts"
import type { ArchiveReason, ArchiveReasonStatus, ArchiveReasonType } from "./ArchiveReason.ts"
import { BadRequestError, ForbiddenError, ResourceNotFound } from "./LeverError.ts"
import { type Note, type NoteInput, Title as NoteTitle } from "./Note.ts"
import type { Archived, CreateOpportunity, ListFilter, Opportunity } from "./Opportunity.ts"
import { type CreatePosting, type Posting, type PostingRecord, type PostingState, toPosting } from "./Posting.ts"
import { SandboxUserId } from "./Seed.ts"
import { randomToken } from "./Signature.ts"
import type { Stage } from "./Stage.ts"
import { type ApiKeyRecord, type NoteRecord, type OpportunityRecord, type State, Store } from "./Store.ts"
import type { Tag } from "./Tag.ts"
import type { CreateWebhook, UpdateWebhook, Webhook } from "./Webhook.ts"
import { WebhookSender } from "./WebhookSender.ts"
import { uuid } from "./internal/ids.ts"

/**
 * Who is looking: without `confidential`, confidential opportunities are left out of lists and reading or
 * changing one directly answers 404 (the sandbox's choice for Lever's "reading one directly fails": it
 * does not reveal that the candidate exists).
 *
 * @since 0.1.0
 */
export interface Viewer {
  readonly confidential: boolean
}

/**
 * A viewer that sees everything (the control handle).
 *
 * @since 0.1.0
 */
export const everything: Viewer = { confidential: true }

/**
 * What a read expands: `stage` as `{id, text}`, `applications` as application objects (`?expand=`).
 *
 * @since 0.2.0
 */
export interface Expand {
  readonly expandStage?: boolean | undefined
  readonly expandApplications?: boolean | undefined
}

/**
 * Options of changes made "as" someone (`perform_as` in Lever's API).
 *
 * @since 0.1.0
 */
export interface ActAs {
  readonly performAs?: string | undefined
}

/**
 * The account service.
 *
 * @since 0.1.0
 */
export class Account extends Context.Service<Account, {
  readonly listStages: Effect.Effect<ReadonlyArray<Stage>>
  readonly getStage: (id: string) => Effect.Effect<Stage, ResourceNotFound>
  /** Adds a stage at the end of the pipeline (a UUID id unless given). */
  readonly addStage: (text: string, id?: string) => Effect.Effect<Stage, BadRequestError>
  readonly renameStage: (id: string, text: string) => Effect.Effect<Stage, ResourceNotFound>
  /** Removes a stage; fails while an opportunity is in it. */
  readonly removeStage: (id: string) => Effect.Effect<void, ResourceNotFound | BadRequestError>

  readonly listArchiveReasons: (type?: ArchiveReasonType) => Effect.Effect<ReadonlyArray<ArchiveReason>>
  readonly getArchiveReason: (id: string) => Effect.Effect<ArchiveReason, ResourceNotFound>
  readonly addArchiveReason: (reason: {
    readonly text: string
    readonly type?: ArchiveReasonType | undefined
    readonly status?: ArchiveReasonStatus | undefined
    readonly id?: string | undefined
  }) => Effect.Effect<ArchiveReason, BadRequestError>
  readonly updateArchiveReason: (
    id: string,
    patch: { readonly text?: string | undefined; readonly status?: ArchiveReasonStatus | undefined }
  ) => Effect.Effect<ArchiveReason, ResourceNotFound>

  /** The tags on at least one candidate the viewer sees, alphabetically, with how many carry each. */
  readonly listTags: (viewer: Viewer) => Effect.Effect<ReadonlyArray<Tag>>

  /** The visible opportunities that pass `filter`, in creation order. */
  readonly listOpportunities: (
    viewer: Viewer,
    options?: Expand & { readonly filter?: ListFilter | undefined }
  ) => Effect.Effect<ReadonlyArray<Opportunity>>
  readonly getOpportunity: (
    viewer: Viewer,
    id: string,
    options?: Expand
  ) => Effect.Effect<Opportunity, ResourceNotFound>
  /** Creates a candidate; with a `stage` a `candidateStageChange` is delivered (`fromStageId: null`). */
  readonly createOpportunity: (
    viewer: Viewer,
    input: CreateOpportunity,
    options?: ActAs
  ) => Effect.Effect<Opportunity, BadRequestError | ForbiddenError>
  /** Moves a candidate; a real move delivers `candidateStageChange`. Moving to the current stage is a no-op. */
  readonly moveToStage: (
    viewer: Viewer,
    id: string,
    stageId: string,
    options?: ActAs
  ) => Effect.Effect<Opportunity, ResourceNotFound | BadRequestError>
  /**
   * Archives with `reason` or unarchives with `null`; a change delivers `candidateArchiveChange` (and
   * `candidateHired` for a hired reason). Inactive reasons are refused unless `allowInactive`.
   */
  readonly setArchived: (
    viewer: Viewer,
    id: string,
    reason: string | null,
    options?: { readonly allowInactive?: boolean | undefined }
  ) => Effect.Effect<Opportunity, ResourceNotFound | BadRequestError>
  readonly addTags: (viewer: Viewer, id: string, tags: ReadonlyArray<string>) => Effect.Effect<Opportunity, ResourceNotFound>
  readonly removeTags: (
    viewer: Viewer,
    id: string,
    tags: ReadonlyArray<string>
  ) => Effect.Effect<Opportunity, ResourceNotFound>
  /** The job postings, oldest first; with `states`, only those in one of them. */
  readonly listPostings: (states?: ReadonlyArray<PostingState>) => Effect.Effect<ReadonlyArray<Posting>>
  readonly getPosting: (id: string) => Effect.Effect<Posting, ResourceNotFound>
  /** Adds a posting (a UUID id unless given; an id in use is refused). */
  readonly addPosting: (input: CreatePosting) => Effect.Effect<Posting, BadRequestError>
  /** Deletes a posting; candidates who applied to it keep the posting's id on their application, as in Lever. */
  readonly deletePosting: (id: string) => Effect.Effect<void, ResourceNotFound>
  /** Deletes a candidate (and its notes) and delivers `candidateDeleted`. */
  readonly deleteOpportunity: (id: string) => Effect.Effect<void, ResourceNotFound>

  readonly listNotes: (viewer: Viewer, opportunityId: string) => Effect.Effect<ReadonlyArray<Note>, ResourceNotFound>
  readonly getNote: (viewer: Viewer, opportunityId: string, noteId: string) => Effect.Effect<Note, ResourceNotFound>
  readonly addNote: (
    viewer: Viewer,
    opportunityId: string,
    input: NoteInput,
    options?: ActAs & { readonly viaApi?: boolean | undefined }
  ) => Effect.Effect<Note, ResourceNotFound | BadRequestError>
  /** Deletes a note created through the API; other notes answer 403, like Lever. */
  readonly deleteNote: (
    viewer: Viewer,
    opportunityId: string,
    noteId: string
  ) => Effect.Effect<void, ResourceNotFound | ForbiddenError>

  readonly listWebhooks: Effect.Effect<ReadonlyArray<Webhook>>
  readonly getWebhook: (id: string) => Effect.Effect<Webhook, ResourceNotFound>
  /** Registers a webhook with a fresh random `signatureToken`. */
  readonly createWebhook: (input: CreateWebhook) => Effect.Effect<Webhook>
  /** Puts back a webhook an earlier sandbox had, id and signature token included (replacing one with its id). */
  readonly restoreWebhook: (webhook: Webhook) => Effect.Effect<Webhook>
  readonly updateWebhook: (id: string, input: UpdateWebhook) => Effect.Effect<Webhook, ResourceNotFound>
  readonly deleteWebhook: (id: string) => Effect.Effect<void, ResourceNotFound>

  readonly listApiKeys: Effect.Effect<ReadonlyArray<ApiKey>>
  readonly createApiKey: (input: CreateApiKey) => Effect.Effect<ApiKey, BadRequestError>
  /** Revokes a key, named by id or by its secret. */
  readonly revokeApiKey: (idOrKey: string) => Effect.Effect<ApiKey, ResourceNotFound>
  /** Looks a key up by its secret (revoked keys included). */
  readonly findApiKey: (key: string) => Effect.Effect<ApiKey | undefined>
}>()("@fulcrum/lever-sandbox/Account") {}

const notFound = (what: string, id: string) => new ResourceNotFound({ message: `${what} ${id} not found` })

const isVisible = (viewer: Viewer, o: OpportunityRecord): boolean =>
  viewer.confidential || o.confidentiality !== "confidential"

const toNote = (n: NoteRecord): Note => ({
  id: n.id,
  text: NoteTitle,
  fields: n.fields.map((f) => ({ ...f })),
  user: n.user,
  secret: n.secret,
  completedAt: n.completedAt,
  createdAt: n.createdAt,
  deletedAt: n.deletedAt
})

// Tags are listed alphabetically as people read them ("alpha" before "Backend"), whatever the host's locale.
const byText = new Intl.Collator("en")

const canonicalEmail = (email: string): string => email.trim().toLowerCase()

const passes = (filter: ListFilter, o: OpportunityRecord): boolean => {
  const { archived, emails, stageIds, tags } = filter
  if (tags !== undefined && !tags.some((t) => o.tags.includes(t))) return false
  if (stageIds !== undefined && !stageIds.includes(o.stage)) return false
  if (filter.postingIds !== undefined && !filter.postingIds.includes(o.posting ?? "")) return false
  if (archived !== undefined && archived !== (o.archived !== null)) return false
  if (emails !== undefined) {
    const wanted = new Set(emails.map(canonicalEmail))
    if (!o.emails.some((e) => wanted.has(canonicalEmail(e)))) return false
  }
  return true
}

const toWebhook = (w: Webhook): Webhook => structuredClone(w)

const toApiKey = (k: ApiKeyRecord): ApiKey => ({ ...k, permissions: [...k.permissions] })

/**
 * The account service over the `Store`, delivering webhooks through the `WebhookSender`. `webUrl` is the
 * origin of the opportunity `urls`.
 *
 * @since 0.1.0
 */
export const layer = (options: { readonly webUrl: string }): Layer.Layer<Account, never, Store | WebhookSender> =>
  Layer.effect(
    Account,
    Effect.gen(function*() {
      const store = yield* Store
      const sender = yield* WebhookSender

      const toOpportunity = (
        state: State,
        o: OpportunityRecord,
        expandStage: boolean,
        expandApplications = false
      ): Opportunity => ({
        id: o.id,
        name: o.name,
        headline: o.headline,
        contact: o.contact,
        emails: [...o.emails],
        phones: o.phones.map((p) => ({ ...p })),
        location: o.location,
        links: [],
        tags: [...o.tags],
        sources: [...o.sources],
        origin: o.origin,
        owner: o.owner,
        followers: [],
        stage: expandStage ? { id: o.stage, text: state.stages.get(o.stage)?.text ?? "" } : o.stage,
        stageChanges: o.stageChanges.map((c) => ({ ...c })),
        archived: o.archived === null ? null : { ...o.archived },
        archivedAt: o.archived?.archivedAt ?? null,
        archiveReason: o.archived?.reason ?? null,
        confidentiality: o.confidentiality,
        applications: expandApplications
          ? o.applications.map((id) => ({
            id,
            type: o.posting === undefined || o.posting === null ? "user" as const : "posting" as const,
            candidateId: o.id,
            opportunityId: o.id,
            posting: o.posting ?? null,
            postingHiringManager: null,
            postingOwner: null,
            createdAt: o.createdAt
          }))
          : [...o.applications],
        urls: {
          list: `${options.webUrl}/candidates`,
          show: `${options.webUrl}/candidates/${o.contact}`
        },
        isAnonymized: false,
        dataProtection: o.dataProtection === null ? null : structuredClone(o.dataProtection),
        snoozedUntil: null,
        createdAt: o.createdAt,
        updatedAt: o.updatedAt,
        lastInteractionAt: o.lastInteractionAt,
        lastAdvancedAt: o.lastAdvancedAt
      })

      const stageIndex = (state: State, stageId: string) => [...state.stages.keys()].indexOf(stageId)

      // Reads a visible opportunity inside a store transaction, or explains why not.
      const visible = (state: State, viewer: Viewer, id: string): OpportunityRecord | ResourceNotFound => {
        const o = state.opportunities.get(id)
        return o === undefined || !isVisible(viewer, o) ? notFound("Opportunity", id) : o
      }

      const opportunity = (viewer: Viewer, id: string, expandStage = false, expandApplications = false) =>
        Effect.flatMap(store.read((state) => {
          const o = visible(state, viewer, id)
          return o instanceof ResourceNotFound ? o : toOpportunity(state, o, expandStage, expandApplications)
        }), (result) => result instanceof ResourceNotFound ? Effect.fail(result) : Effect.succeed(result))

      const candidateData = (o: OpportunityRecord) => ({
        opportunityId: o.id,
        candidateId: o.id,
        contactId: o.contact
      })

      const emitArchiveChange = (o: OpportunityRecord, from: Archived | null, to: Archived | null, hired: boolean) =>
        Effect.gen(function*() {
          yield* sender.emit("candidateArchiveChange", { ...candidateData(o), fromArchived: from, toArchived: to })
          if (hired) yield* sender.emit("candidateHired", candidateData(o))
        })

      const listStages = store.read((state) => [...state.stages.values()].map((s) => ({ ...s })))

      const getStage = Effect.fn("LeverSandbox.Account.getStage")(function*(id: string) {
        const stage = yield* store.read((state) => state.stages.get(id))
        if (stage === undefined) return yield* notFound("Stage", id)
        return { ...stage }
      })

      const addStage = Effect.fn("LeverSandbox.Account.addStage")(function*(text: string, id?: string) {
        const stage: Stage = { id: id ?? (yield* uuid), text }
        const added = yield* store.modify((state) => {
          if (state.stages.has(stage.id)) return false
          state.stages.set(stage.id, stage)
          return true
        })
        if (!added) return yield* new BadRequestError({ message: `Stage ${stage.id} already exists` })
        return stage
      })

      const renameStage = Effect.fn("LeverSandbox.Account.renameStage")(function*(id: string, text: string) {
        const stage = yield* store.modify((state) => {
          if (!state.stages.has(id)) return undefined
          const renamed = { id, text }
          state.stages.set(id, renamed)
          return renamed
        })
        if (stage === undefined) return yield* notFound("Stage", id)
        return stage
      })

      const removeStage = Effect.fn("LeverSandbox.Account.removeStage")(function*(id: string) {
        const outcome = yield* store.modify((state) => {
          if (!state.stages.has(id)) return "missing" as const
          for (const o of state.opportunities.values()) if (o.stage === id) return "in-use" as const
          state.stages.delete(id)
          return "removed" as const
        })
        if (outcome === "missing") return yield* notFound("Stage", id)
        if (outcome === "in-use") {
          return yield* new BadRequestError({ message: `Stage ${id} still has candidates; move them first` })
        }
      })

      const listArchiveReasons = (type?: ArchiveReasonType) =>
        store.read((state) =>
          [...state.archiveReasons.values()].filter((r) => type === undefined || r.type === type).map((r) => ({ ...r }))
        )

      const getArchiveReason = Effect.fn("LeverSandbox.Account.getArchiveReason")(function*(id: string) {
        const reason = yield* store.read((state) => state.archiveReasons.get(id))
        if (reason === undefined) return yield* notFound("Archive reason", id)
        return { ...reason }
      })

      const addArchiveReason = Effect.fn("LeverSandbox.Account.addArchiveReason")(function*(input: {
        readonly text: string
        readonly type?: ArchiveReasonType | undefined
        readonly status?: ArchiveReasonStatus | undefined
        readonly id?: string | undefined
      }) {
        const reason: ArchiveReason = {
          id: input.id ?? (yield* uuid),
          text: input.text,
          status: input.status ?? "active",
          type: input.type ?? "non-hired"
        }
        const added = yield* store.modify((state) => {
          if (state.archiveReasons.has(reason.id)) return false
          state.archiveReasons.set(reason.id, reason)
          return true
        })
        if (!added) return yield* new BadRequestError({ message: `Archive reason ${reason.id} already exists` })
        return reason
      })

      const updateArchiveReason = Effect.fn("LeverSandbox.Account.updateArchiveReason")(function*(
        id: string,
        patch: { readonly text?: string | undefined; readonly status?: ArchiveReasonStatus | undefined }
      ) {
        const reason = yield* store.modify((state) => {
          const current = state.archiveReasons.get(id)
          if (current === undefined) return undefined
          const next: ArchiveReason = { ...current, text: patch.text ?? current.text, status: patch.status ?? current.status }
          state.archiveReasons.set(id, next)
          return next
        })
        if (reason === undefined) return yield* notFound("Archive reason", id)
        return reason
      })

      const listTags = (viewer: Viewer) =>
        store.read((state) => {
          const counts = new Map<string, number>()
          for (const o of state.opportunities.values()) {
            if (!isVisible(viewer, o)) continue
            for (const t of o.tags) counts.set(t, (counts.get(t) ?? 0) + 1)
          }
          return [...counts].map(([text, count]) => ({ text, count })).sort((a, b) => byText.compare(a.text, b.text))
        })

      const listOpportunities = (
        viewer: Viewer,
        opts?: Expand & { readonly filter?: ListFilter | undefined }
      ) =>
        store.read((state) =>
          [...state.opportunities.values()]
            .filter((o) => isVisible(viewer, o) && passes(opts?.filter ?? {}, o))
            .map((o) => toOpportunity(state, o, opts?.expandStage ?? false, opts?.expandApplications ?? false))
        )

      const getOpportunity = Effect.fn("LeverSandbox.Account.getOpportunity")(function*(
        viewer: Viewer,
        id: string,
        opts?: Expand
      ) {
        return yield* opportunity(viewer, id, opts?.expandStage ?? false, opts?.expandApplications ?? false)
      })

      const listPostings = (states?: ReadonlyArray<PostingState>) =>
        store.read((state) =>
          [...state.postings.values()]
            .filter((posting) => states === undefined || states.length === 0 || states.includes(posting.state))
            .map((posting) => toPosting(posting, options.webUrl))
        )

      const getPosting = Effect.fn("LeverSandbox.Account.getPosting")(function*(id: string) {
        const posting = yield* store.read((state) => state.postings.get(id))
        if (posting === undefined) return yield* notFound("Posting", id)
        return toPosting(posting, options.webUrl)
      })

      const addPosting = Effect.fn("LeverSandbox.Account.addPosting")(function*(input: CreatePosting) {
        const now = yield* Clock.currentTimeMillis
        const record: PostingRecord = {
          id: input.id ?? (yield* uuid),
          text: input.text,
          state: input.state ?? "published",
          categories: {
            team: input.team ?? null,
            department: input.department ?? null,
            location: input.location ?? null,
            commitment: input.commitment ?? null,
            level: input.level ?? null
          },
          tags: [...(input.tags ?? [])],
          createdAt: now,
          updatedAt: now
        }
        const added = yield* store.modify((state) => {
          if (state.postings.has(record.id)) return false
          state.postings.set(record.id, record)
          return true
        })
        if (!added) return yield* new BadRequestError({ message: `Posting ${record.id} already exists` })
        return toPosting(record, options.webUrl)
      })

      const deletePosting = Effect.fn("LeverSandbox.Account.deletePosting")(function*(id: string) {
        const deleted = yield* store.modify((state) => state.postings.delete(id))
        if (!deleted) return yield* notFound("Posting", id)
      })

      const createOpportunity = Effect.fn("LeverSandbox.Account.createOpportunity")(function*(
        viewer: Viewer,
        input: CreateOpportunity,
        actAs?: ActAs
      ) {
        const confidential = input.confidential === true || input.confidentiality === "confidential"
        if (confidential && !viewer.confidential) {
          return yield* new ForbiddenError({
            message: "This API key does not have access to confidential data, so it cannot create a confidential candidate"
          })
        }
        const now = yield* Clock.currentTimeMillis
        const userId = actAs?.performAs ?? SandboxUserId
        const [id, contact, application] = [yield* uuid, yield* uuid, yield* uuid]
        const created = yield* store.modify((state) => {
          const firstStage = state.stages.keys().next()
          const stageId = input.stage ?? (firstStage.done ? undefined : firstStage.value)
          if (stageId === undefined || !state.stages.has(stageId)) {
            return new BadRequestError({ message: `Unknown stage "${stageId ?? ""}"` })
          }
          const reason = input.archived === undefined ? undefined : state.archiveReasons.get(input.archived.reason)
          if (input.archived !== undefined && (reason === undefined || reason.status !== "active")) {
            return new BadRequestError({ message: `Unknown or inactive archive reason "${input.archived.reason}"` })
          }
          if (input.posting !== undefined && !state.postings.has(input.posting)) {
            return new BadRequestError({ message: `Unknown posting "${input.posting}"` })
          }
          const record: OpportunityRecord = {
            id,
            contact,
            name: input.name,
            headline: input.headline ?? "",
            emails: [...(input.emails ?? [])],
            phones: (input.phones ?? []).map((p) => ({ type: p.type ?? null, value: p.value })),
            location: input.location ?? null,
            tags: [...new Set(input.tags ?? [])],
            sources: [...(input.sources ?? [])],
            origin: input.origin ?? "sourced",
            owner: null,
            stage: stageId,
            stageChanges: [{ toStageId: stageId, toStageIndex: stageIndex(state, stageId), updatedAt: now, userId }],
            archived: reason === undefined ? null : { reason: reason.id, archivedAt: now },
            confidentiality: confidential ? "confidential" : "non-confidential",
            dataProtection: input.dataProtection === undefined || input.dataProtection === null
              ? null
              : structuredClone(input.dataProtection),
            applications: [application],
            posting: input.posting ?? null,
            createdAt: now,
            updatedAt: now,
            lastInteractionAt: now,
            lastAdvancedAt: now
          }
          state.opportunities.set(id, record)
          return { record: structuredClone(record), opportunity: toOpportunity(state, record, false), reason }
        })
        if (created instanceof BadRequestError) return yield* created
        if (input.stage !== undefined) {
          yield* sender.emit("candidateStageChange", {
            ...candidateData(created.record),
            toStageId: created.record.stage,
            fromStageId: null
          })
        }
        if (created.record.archived !== null) {
          yield* emitArchiveChange(created.record, null, created.record.archived, created.reason?.type === "hired")
        }
        return created.opportunity
      })

      const moveToStage = Effect.fn("LeverSandbox.Account.moveToStage")(function*(
        viewer: Viewer,
        id: string,
        stageId: string,
        actAs?: ActAs
      ) {
        const now = yield* Clock.currentTimeMillis
        const moved = yield* store.modify((state) => {
          const o = visible(state, viewer, id)
          if (o instanceof ResourceNotFound) return o
          if (!state.stages.has(stageId)) return new BadRequestError({ message: `Unknown stage "${stageId}"` })
          const from = o.stage
          if (from !== stageId) {
            o.stage = stageId
            o.stageChanges.push({
              toStageId: stageId,
              toStageIndex: stageIndex(state, stageId),
              updatedAt: now,
              userId: actAs?.performAs ?? SandboxUserId
            })
            o.updatedAt = now
            o.lastInteractionAt = now
            o.lastAdvancedAt = now
          }
          return { from, record: structuredClone(o), opportunity: toOpportunity(state, o, false) }
        })
        if (moved instanceof ResourceNotFound || moved instanceof BadRequestError) return yield* moved
        if (moved.from !== stageId) {
          yield* sender.emit("candidateStageChange", {
            ...candidateData(moved.record),
            toStageId: stageId,
            fromStageId: moved.from
          })
        }
        return moved.opportunity
      })

      const setArchived = Effect.fn("LeverSandbox.Account.setArchived")(function*(
        viewer: Viewer,
        id: string,
        reasonId: string | null,
        opts?: { readonly allowInactive?: boolean | undefined }
      ) {
        const now = yield* Clock.currentTimeMillis
        const changed = yield* store.modify((state) => {
          const o = visible(state, viewer, id)
          if (o instanceof ResourceNotFound) return o
          const reason = reasonId === null ? undefined : state.archiveReasons.get(reasonId)
          if (reasonId !== null && reason === undefined) {
            return new BadRequestError({ message: `Unknown archive reason "${reasonId}"` })
          }
          if (reason !== undefined && reason.status !== "active" && opts?.allowInactive !== true) {
            return new BadRequestError({ message: `Archive reason "${reason.text}" is inactive` })
          }
          const from = o.archived
          const same = (from === null && reasonId === null) || (from !== null && from.reason === reasonId)
          if (!same) {
            o.archived = reasonId === null ? null : { reason: reasonId, archivedAt: now }
            o.updatedAt = now
            o.lastInteractionAt = now
          }
          return {
            same,
            from,
            hired: reason?.type === "hired",
            record: structuredClone(o),
            opportunity: toOpportunity(state, o, false)
          }
        })
        if (changed instanceof ResourceNotFound || changed instanceof BadRequestError) return yield* changed
        if (!changed.same) yield* emitArchiveChange(changed.record, changed.from, changed.record.archived, changed.hired)
        return changed.opportunity
      })

      const changeTags = (viewer: Viewer, id: string, update: (o: OpportunityRecord) => void) =>
        Effect.gen(function*() {
          const now = yield* Clock.currentTimeMillis
          const result = yield* store.modify((state) => {
            const o = visible(state, viewer, id)
            if (o instanceof ResourceNotFound) return o
            update(o)
            o.updatedAt = now
            return toOpportunity(state, o, false)
          })
          if (result instanceof ResourceNotFound) return yield* result
          return result
        })

      const addTags = Effect.fn("LeverSandbox.Account.addTags")(function*(
        viewer: Viewer,
        id: string,
        tags: ReadonlyArray<string>
      ) {
        return yield* changeTags(viewer, id, (o) => {
          for (const t of tags) if (!o.tags.includes(t)) o.tags.push(t)
        })
      })

      const removeTags = Effect.fn("LeverSandbox.Account.removeTags")(function*(
        viewer: Viewer,
        id: string,
        tags: ReadonlyArray<string>
      ) {
        return yield* changeTags(viewer, id, (o) => {
          o.tags = o.tags.filter((t) => !tags.includes(t))
        })
      })

      const deleteOpportunity = Effect.fn("LeverSandbox.Account.deleteOpportunity")(function*(id: string) {
        const removed = yield* store.modify((state) => {
          const o = state.opportunities.get(id)
          if (o === undefined) return undefined
          state.opportunities.delete(id)
          state.notes.delete(id)
          return o
        })
        if (removed === undefined) return yield* notFound("Opportunity", id)
        yield* sender.emit("candidateDeleted", candidateData(removed))
      })

      const listNotes = Effect.fn("LeverSandbox.Account.listNotes")(function*(viewer: Viewer, opportunityId: string) {
        const notes = yield* store.read((state) => {
          const o = visible(state, viewer, opportunityId)
          if (o instanceof ResourceNotFound) return o
          return (state.notes.get(opportunityId) ?? []).filter((n) => n.deletedAt === null).map(toNote)
        })
        if (notes instanceof ResourceNotFound) return yield* notes
        return notes
      })

      const getNote = Effect.fn("LeverSandbox.Account.getNote")(function*(
        viewer: Viewer,
        opportunityId: string,
        noteId: string
      ) {
        const notes = yield* listNotes(viewer, opportunityId)
        const note = notes.find((n) => n.id === noteId)
        if (note === undefined) return yield* notFound("Note", noteId)
        return note
      })

      const addNote = Effect.fn("LeverSandbox.Account.addNote")(function*(
        viewer: Viewer,
        opportunityId: string,
        input: NoteInput,
        opts?: ActAs & { readonly viaApi?: boolean | undefined }
      ) {
        const now = yield* Clock.currentTimeMillis
        if (input.createdAt !== undefined && input.createdAt > now) {
          return yield* new BadRequestError({ message: "createdAt must be in the past" })
        }
        const noteId = yield* uuid
        const note = yield* store.modify((state) => {
          const o = visible(state, viewer, opportunityId)
          if (o instanceof ResourceNotFound) return o
          const user = opts?.performAs ?? SandboxUserId
          const createdAt = input.createdAt ?? now
          const record: NoteRecord = {
            id: noteId,
            opportunityId,
            viaApi: opts?.viaApi ?? true,
            fields: [{
              type: "note",
              text: "Comment",
              value: input.value,
              createdAt,
              user,
              score: input.score ?? null,
              stage: o.stage
            }],
            user,
            secret: input.secret ?? false,
            completedAt: createdAt,
            createdAt,
            deletedAt: null
          }
          const list = state.notes.get(opportunityId) ?? []
          list.push(record)
          state.notes.set(opportunityId, list)
          o.lastInteractionAt = now
          return toNote(record)
        })
        if (note instanceof ResourceNotFound) return yield* note
        return note
      })

      const deleteNote = Effect.fn("LeverSandbox.Account.deleteNote")(function*(
        viewer: Viewer,
        opportunityId: string,
        noteId: string
      ) {
        const outcome = yield* store.modify((state) => {
          const o = visible(state, viewer, opportunityId)
          if (o instanceof ResourceNotFound) return o
          const list = state.notes.get(opportunityId) ?? []
          const note = list.find((n) => n.id === noteId && n.deletedAt === null)
          if (note === undefined) return notFound("Note", noteId)
          if (!note.viaApi) {
            return new ForbiddenError({ message: "Only notes created through the API can be deleted through it" })
          }
          state.notes.set(opportunityId, list.filter((n) => n !== note))
          return undefined
        })
        if (outcome !== undefined) return yield* outcome
      })

      const getWebhook = Effect.fn("LeverSandbox.Account.getWebhook")(function*(id: string) {
        const hook = yield* store.read((state) => state.webhooks.get(id))
        if (hook === undefined) return yield* notFound("Webhook", id)
        return toWebhook(hook)
      })

      const createWebhook = Effect.fn("LeverSandbox.Account.createWebhook")(function*(input: CreateWebhook) {
        const now = yield* Clock.currentTimeMillis
        const hook: Webhook = {
          id: yield* uuid,
          event: input.event,
          url: input.url,
          configuration: {
            ...(input.configuration?.conditions === undefined ? {} : { conditions: input.configuration.conditions }),
            signatureToken: randomToken()
          },
          createdAt: now,
          updatedAt: now
        }
        yield* store.modify((state) => state.webhooks.set(hook.id, structuredClone(hook)))
        return hook
      })

      const restoreWebhook = Effect.fn("LeverSandbox.Account.restoreWebhook")(function*(webhook: Webhook) {
        yield* store.modify((state) => state.webhooks.set(webhook.id, structuredClone(webhook)))
        return toWebhook(webhook)
      })

      const updateWebhook = Effect.fn("LeverSandbox.Account.updateWebhook")(function*(id: string, input: UpdateWebhook) {
        const now = yield* Clock.currentTimeMillis
        const hook = yield* store.modify((state) => {
          const current = state.webhooks.get(id)
          if (current === undefined) return undefined
          if (input.url !== undefined) current.url = input.url
          if (input.event !== undefined) current.event = input.event
          if (input.configuration !== undefined) {
            current.configuration = {
              ...(input.configuration.conditions === undefined ? {} : { conditions: input.configuration.conditions }),
              signatureToken: current.configuration.signatureToken
            }
          }
          current.updatedAt = now
          return toWebhook(current)
        })
        if (hook === undefined) return yield* notFound("Webhook", id)
        return hook
      })

      const deleteWebhook = Effect.fn("LeverSandbox.Account.deleteWebhook")(function*(id: string) {
        const deleted = yield* store.modify((state) => state.webhooks.delete(id))
        if (!deleted) return yield* notFound("Webhook", id)
      })

      const createApiKey = Effect.fn("LeverSandbox.Account.createApiKey")(function*(input: CreateApiKey) {
        const now = yield* Clock.currentTimeMillis
        const key: ApiKeyRecord = {
          id: `key_${yield* uuid}`,
          name: input.name ?? "Sandbox key",
          key: input.key ?? `lsbx_${randomToken()}`,
          permissions: [...new Set(input.permissions)],
          confidential: input.confidential ?? false,
          revoked: false,
          createdAt: now
        }
        const added = yield* store.modify((state) => {
          for (const k of state.apiKeys.values()) if (k.key === key.key) return false
          state.apiKeys.set(key.id, key)
          return true
        })
        if (!added) return yield* new BadRequestError({ message: "An API key with that secret already exists" })
        return toApiKey(key)
      })

      const revokeApiKey = Effect.fn("LeverSandbox.Account.revokeApiKey")(function*(idOrKey: string) {
        const key = yield* store.modify((state) => {
          const found = state.apiKeys.get(idOrKey) ?? [...state.apiKeys.values()].find((k) => k.key === idOrKey)
          if (found === undefined) return undefined
          found.revoked = true
          return toApiKey(found)
        })
        if (key === undefined) return yield* new ResourceNotFound({ message: "API key not found" })
        return key
      })

      return Account.of({
        listStages,
        getStage,
        addStage,
        renameStage,
        removeStage,
        listArchiveReasons,
        getArchiveReason,
        addArchiveReason,
        updateArchiveReason,
        listTags,
        listOpportunities,
        getOpportunity,
        createOpportunity,
        listPostings,
        getPosting,
        addPosting,
        deletePosting,
        moveToStage,
        setArchived,
        addTags,
        removeTags,
        deleteOpportunity,
        listNotes,
        getNote,
        addNote,
        deleteNote,
        listWebhooks: store.read((state) => [...state.webhooks.values()].map(toWebhook)),
        getWebhook,
        createWebhook,
        restoreWebhook,
        updateWebhook,
        deleteWebhook,
        listApiKeys: store.read((state) => [...state.apiKeys.values()].map(toApiKey)),
        createApiKey,
        revokeApiKey,
        findApiKey: (key) =>
          store.read((state) => {
            const found = [...state.apiKeys.values()].find((k) => k.key === key)
            return found === undefined ? undefined : toApiKey(found)
          })
      })
    })
  )
