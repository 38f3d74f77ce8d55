/**
 * The sandbox's in-memory Lever account: stages, archive reasons, opportunities (with their tags), notes,
 * webhooks and API keys. Every read and change runs synchronously inside one `Effect.sync`, so each is atomic.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer } from "effect"
import type { ApiKey } from "./ApiKey.ts"
import type { ArchiveReason } from "./ArchiveReason.ts"
import type { Note } from "./Note.ts"
import type { Archived, Confidentiality, DataProtection, StageChange } from "./Opportunity.ts"
import type { PostingRecord } from "./Posting.ts"
import type { Stage } from "./Stage.ts"
import type { Webhook } from "./Webhook.ts"

type Mutable<A> = { -readonly [K in keyof A]: A[K] }

/**
 * An opportunity as stored. The API shape is derived from it (see `Account`).
 *
 * @since 0.1.0
 */
export interface OpportunityRecord {
  readonly id: string
  readonly contact: string
  name: string
  headline: string
  emails: Array<string>
  phones: Array<{ readonly type: string | null; readonly value: string }>
  location: string | null
  tags: Array<string>
  sources: Array<string>
  origin: string
  owner: string | null
  stage: string
  stageChanges: Array<StageChange>
  archived: Archived | null
  confidentiality: Confidentiality
  dataProtection: DataProtection | null
  applications: Array<string>
  /** The posting of the candidate's application; absent or `null`: added without one. */
  posting?: string | null
  createdAt: number
  updatedAt: number
  lastInteractionAt: number
  lastAdvancedAt: number
}

/**
 * A note as stored; `viaApi` notes can be deleted through the API, others cannot (like Lever).
 *
 * @since 0.1.0
 */
export interface NoteRecord extends Mutable<Omit<Note, "text">> {
  readonly opportunityId: string
  readonly viaApi: boolean
}

/**
 * A registered webhook as stored.
 *
 * @since 0.1.0
 */
export type WebhookRecord = Mutable<Webhook>

/**
 * An API key as stored.
 *
 * @since 0.1.0
 */
export type ApiKeyRecord = Mutable<ApiKey>

/**
 * The whole account. Maps keep insertion order, which is the order lists are returned in.
 *
 * @since 0.1.0
 */
export interface State {
  readonly stages: Map<string, Stage>
  readonly archiveReasons: Map<string, ArchiveReason>
  readonly opportunities: Map<string, OpportunityRecord>
  /** Job postings by id. */
  readonly postings: Map<string, PostingRecord>
  /** Notes by opportunity id, oldest first. */
  readonly notes: Map<string, Array<NoteRecord>>
  readonly webhooks: Map<string, WebhookRecord>
  /** API keys by id. */
  readonly apiKeys: Map<string, ApiKeyRecord>
}

/**
 * The data a store is loaded with (see `Seed.make`).
 *
 * @since 0.1.0
 */
export interface Data {
  readonly stages: ReadonlyArray<Stage>
  readonly archiveReasons: ReadonlyArray<ArchiveReason>
  readonly opportunities: ReadonlyArray<OpportunityRecord>
  readonly postings?: ReadonlyArray<PostingRecord>
  readonly notes: ReadonlyArray<NoteRecord>
  readonly webhooks: ReadonlyArray<WebhookRecord>
  readonly apiKeys: ReadonlyArray<ApiKeyRecord>
}

/**
 * The store service. `read` and `modify` run `f` atomically; `modify` marks intent to change the state.
 * `load` replaces everything (used by `resetData`).
 *
 * @since 0.1.0
 */
export class Store extends Context.Service<Store, {
  readonly read: <A>(f: (state: State) => A) => Effect.Effect<A>
  readonly modify: <A>(f: (state: State) => A) => Effect.Effect<A>
  readonly load: (data: Data) => Effect.Effect<void>
}>()("@fulcrum/lever-sandbox/Store") {}

/**
 * Builds an empty state and fills it with `data`.
 *
 * @since 0.1.0
 */
export const makeState = (data: Data): State => {
  const state: State = {
    stages: new Map(),
    archiveReasons: new Map(),
    opportunities: new Map(),
    postings: new Map(),
    notes: new Map(),
    webhooks: new Map(),
    apiKeys: new Map()
  }
  fill(state, data)
  return state
}

const fill = (state: State, data: Data): void => {
  for (const stage of data.stages) state.stages.set(stage.id, { ...stage })
  for (const reason of data.archiveReasons) state.archiveReasons.set(reason.id, { ...reason })
  for (const opportunity of data.opportunities) state.opportunities.set(opportunity.id, structuredClone(opportunity))
  for (const posting of data.postings ?? []) state.postings.set(posting.id, structuredClone(posting))
  for (const note of data.notes) {
    const list = state.notes.get(note.opportunityId) ?? []
    list.push(structuredClone(note))
    state.notes.set(note.opportunityId, list)
  }
  for (const webhook of data.webhooks) state.webhooks.set(webhook.id, structuredClone(webhook))
  for (const key of data.apiKeys) state.apiKeys.set(key.id, structuredClone(key))
}

/**
 * A store loaded with `data`.
 *
 * @since 0.1.0
 */
export const layer = (data: Data): Layer.Layer<Store> =>
  Layer.sync(Store, () => {
    const state = makeState(data)
    return Store.of({
      read: (f) => Effect.sync(() => f(state)),
      modify: (f) => Effect.sync(() => f(state)),
      load: (next) =>
        Effect.sync(() => {
          state.stages.clear()
          state.archiveReasons.clear()
          state.opportunities.clear()
          state.postings.clear()
          state.notes.clear()
          state.webhooks.clear()
          state.apiKeys.clear()
          fill(state, next)
        })
    })
  })
