/**
 * The control handle: what a test (or the example host's "push a test candidate" button) uses to play the
 * recruiter, inspect what the integration did, and inject faults. `Control` is Effect-based;
 * `Control.Promised` is the same handle with Promises (returned by `LeverSandbox.start`).
 *
 * @since 0.1.0
 */
import { Clock, Context, Duration, Effect, Layer } from "effect"
import { Account, everything } from "./Account.ts"
import type { ApiKey, CreateApiKey } from "./ApiKey.ts"
import type { ArchiveReason, ArchiveReasonStatus, ArchiveReasonType } from "./ArchiveReason.ts"
import type { Delivery } from "./Delivery.ts"
import { type ApiFault, type FaultStatus, Faults, type Snapshot } from "./Faults.ts"
import type { BadRequestError, ForbiddenError, ResourceNotFound } from "./LeverError.ts"
import { type ControlNote, type NoteInput, toControlNote } from "./Note.ts"
import { type Grant, OAuth, type OAuthError, type TokenResponse } from "./OAuth.ts"
import type { CreateOpportunity, ListFilter, Opportunity } from "./Opportunity.ts"
import type { CreatePosting, Posting } from "./Posting.ts"
import { RateLimiter } from "./RateLimiter.ts"
import { type Counts, type Entry, type Filter, RequestLog } from "./RequestLog.ts"
import { type Patch, Settings, type Value } from "./Settings.ts"
import type { Stage } from "./Stage.ts"
import { type Data, Store } from "./Store.ts"
import type { Webhook, WebhookEvent } from "./Webhook.ts"
import { type DeliveryFilter, WebhookSender } from "./WebhookSender.ts"

/**
 * The Effect-based control handle. Every member is a function, so the Promise variant mirrors it exactly.
 *
 * @since 0.1.0
 */
export interface Control {
  // Candidates (act as a recruiter in Lever; webhooks fire exactly as for API calls)
  readonly createOpportunity: (input: CreateOpportunity) => Effect.Effect<Opportunity, BadRequestError | ForbiddenError>
  readonly getOpportunity: (
    id: string,
    options?: { readonly expandStage?: boolean | undefined }
  ) => Effect.Effect<Opportunity, ResourceNotFound>
  /** Every candidate, or those passing `filter` (the filters of `GET /opportunities`). */
  readonly listOpportunities: (filter?: ListFilter) => Effect.Effect<ReadonlyArray<Opportunity>>
  readonly moveToStage: (id: string, stageId: string) => Effect.Effect<Opportunity, ResourceNotFound | BadRequestError>
  /** Archives with any existing reason, inactive ones included (to simulate old events). */
  readonly archive: (id: string, reasonId: string) => Effect.Effect<Opportunity, ResourceNotFound | BadRequestError>
  readonly unarchive: (id: string) => Effect.Effect<Opportunity, ResourceNotFound | BadRequestError>
  readonly addTags: (id: string, tags: ReadonlyArray<string>) => Effect.Effect<Opportunity, ResourceNotFound>
  readonly removeTags: (id: string, tags: ReadonlyArray<string>) => Effect.Effect<Opportunity, ResourceNotFound>
  /** Deletes the candidate and delivers `candidateDeleted`. */
  readonly deleteOpportunity: (id: string) => Effect.Effect<void, ResourceNotFound>
  /**
   * The notes on a candidate, oldest first, to assert what the integration wrote: `text` is each note's
   * words (the API serves them in `fields[].value`, with the form title as `text`).
   */
  readonly listNotes: (opportunityId: string) => Effect.Effect<ReadonlyArray<ControlNote>, ResourceNotFound>
  /** Adds a note as a Lever user would (not deletable through the API). */
  readonly addNote: (
    opportunityId: string,
    input: NoteInput
  ) => Effect.Effect<ControlNote, ResourceNotFound | BadRequestError>

  // Account configuration
  readonly postings: {
    readonly list: () => Effect.Effect<ReadonlyArray<Posting>>
    readonly add: (input: CreatePosting) => Effect.Effect<Posting, BadRequestError>
    readonly remove: (id: string) => Effect.Effect<void, ResourceNotFound>
  }
  readonly stages: {
    readonly list: () => Effect.Effect<ReadonlyArray<Stage>>
    readonly add: (text: string, id?: string) => Effect.Effect<Stage, BadRequestError>
    readonly rename: (id: string, text: string) => Effect.Effect<Stage, ResourceNotFound>
    readonly remove: (id: string) => Effect.Effect<void, ResourceNotFound | BadRequestError>
  }
  readonly archiveReasons: {
    readonly list: (type?: ArchiveReasonType) => Effect.Effect<ReadonlyArray<ArchiveReason>>
    readonly add: (reason: {
      readonly text: string
      readonly type?: ArchiveReasonType | undefined
      readonly status?: ArchiveReasonStatus | undefined
      readonly id?: string | undefined
    }) => Effect.Effect<ArchiveReason, BadRequestError>
    readonly update: (
      id: string,
      patch: { readonly text?: string | undefined; readonly status?: ArchiveReasonStatus | undefined }
    ) => Effect.Effect<ArchiveReason, ResourceNotFound>
  }

  // Webhooks
  readonly webhooks: {
    readonly list: () => Effect.Effect<ReadonlyArray<Webhook>>
    readonly register: (input: { readonly url: string; readonly event: WebhookEvent }) => Effect.Effect<Webhook>
    readonly remove: (id: string) => Effect.Effect<void, ResourceNotFound>
    /**
     * Puts back a webhook as an earlier sandbox had it, with its id and signature token, so the
     * registration an integration stored stays valid across a restart of the sandbox.
     */
    readonly restore: (webhook: Webhook) => Effect.Effect<Webhook>
  }
  /** The delivery history, oldest first. */
  readonly deliveries: (filter?: DeliveryFilter) => Effect.Effect<ReadonlyArray<Delivery>>
  /** Waits until no delivery is in flight (default timeout 10 s); `false` on timeout. */
  readonly awaitDeliveries: (timeout?: Duration.Input) => Effect.Effect<boolean>
  /** "Verify connection": sends the signed ping (`data: {}`) and returns its delivery. */
  readonly verifyWebhook: (webhookId: string) => Effect.Effect<Delivery, ResourceNotFound>
  /** "Rerun": resends a past delivery's body (same token) once. */
  readonly rerun: (deliveryId: string) => Effect.Effect<Delivery, ResourceNotFound>

  // Faults
  readonly faults: {
    /**
     * Queues API faults, answered in order: each request gets the first queued fault that matches it (by
     * key, path, method). E.g. `inject({ status: 503, count: 5 }, { status: 429, count: 5 })`.
     */
    readonly inject: (...faults: ReadonlyArray<ApiFault>) => Effect.Effect<void, BadRequestError>
    /** Queues `count` answers of `status` (any 4xx/5xx, default 503). */
    readonly failNext: (count: number, status?: FaultStatus) => Effect.Effect<void>
    /** Queues `duration` (e.g. `"2 seconds"`, or ms, from the first answer) of `status` answers (default 503). */
    readonly failFor: (duration: Duration.Input, status?: FaultStatus) => Effect.Effect<void>
    /** Adds `duration` of latency to every API response, or to the next `count`. `0` clears it. */
    readonly latency: (duration: Duration.Input, count?: number) => Effect.Effect<void>
    readonly dropWebhooks: (count: number) => Effect.Effect<void>
    readonly duplicateWebhooks: (count: number) => Effect.Effect<void>
    /** Holds the next `count` deliveries and sends them in reverse order once the last one is held. */
    readonly reorderWebhooks: (count: number) => Effect.Effect<void>
    /** Sends the held deliveries now (reverse order); returns how many. */
    readonly releaseHeldWebhooks: () => Effect.Effect<number>
    /** Disarms every fault and drops held deliveries. */
    readonly reset: () => Effect.Effect<void>
    readonly current: () => Effect.Effect<Snapshot>
  }

  // Credentials
  readonly keys: {
    readonly list: () => Effect.Effect<ReadonlyArray<ApiKey>>
    readonly create: (input: CreateApiKey) => Effect.Effect<ApiKey, BadRequestError>
    /** Revokes a key by id or by secret: it then answers 401. */
    readonly revoke: (idOrKey: string) => Effect.Effect<ApiKey, ResourceNotFound>
  }
  readonly oauth: {
    /** Skips the browser redirect: grants `scopes` to the client (default: the seeded one) and returns tokens. */
    readonly connect: (options: {
      readonly scopes: ReadonlyArray<string>
      readonly clientId?: string | undefined
    }) => Effect.Effect<TokenResponse, OAuthError>
    readonly grants: () => Effect.Effect<ReadonlyArray<Grant>>
    /** Refreshing with this token then fails with `invalid_grant` ("reconnect needed"). */
    readonly revokeRefreshToken: (refreshToken: string) => Effect.Effect<void, ResourceNotFound>
    /** The app is disconnected: every token of the grant stops working. */
    readonly revokeGrant: (grantId: string) => Effect.Effect<void, ResourceNotFound>
    /** Expires access tokens now (all, or one grant's); returns how many. */
    readonly expireAccessTokens: (grantId?: string) => Effect.Effect<number>
  }

  // Observing the integration
  readonly requests: {
    readonly list: (filter?: Filter) => Effect.Effect<ReadonlyArray<Entry>>
    readonly count: (filter?: Filter) => Effect.Effect<number>
    readonly counts: (filter?: Filter) => Effect.Effect<Counts>
    readonly clear: () => Effect.Effect<void>
  }
  readonly settings: {
    readonly get: () => Effect.Effect<Value>
    readonly update: (patch: Patch) => Effect.Effect<Value>
  }

  /**
   * Back to a clean run without touching the data: faults off (held deliveries dropped), request log,
   * delivery history and rate-limit buckets cleared, settings back to the start options.
   */
  readonly reset: () => Effect.Effect<void>
  /** `reset()` plus the account data back to its seed (webhooks and created keys are removed). */
  readonly resetData: () => Effect.Effect<void>
}

/**
 * The control handle as a service.
 *
 * @since 0.1.0
 */
export class ControlHandle extends Context.Service<ControlHandle, Control>()("@fulcrum/lever-sandbox/Control") {}

/**
 * Builds the control handle. `seed` produces the data `resetData` reloads.
 *
 * @since 0.1.0
 */
export const make = (seed: Effect.Effect<Data>): Effect.Effect<
  Control,
  never,
  Account | WebhookSender | Faults | OAuth | RequestLog | Settings | RateLimiter | Store
> =>
  Effect.gen(function*() {
    const account = yield* Account
    const sender = yield* WebhookSender
    const faults = yield* Faults
    const oauth = yield* OAuth
    const requestLog = yield* RequestLog
    const settings = yield* Settings
    const rateLimiter = yield* RateLimiter
    const store = yield* Store
    // The handle runs on the sandbox's clock, whoever calls it (e.g. a test fiber on a TestClock), and so
    // do the webhook deliveries it forks.
    const clock = yield* Clock.Clock

    const reset = Effect.fn("LeverSandbox.Control.reset")(function*() {
      yield* faults.reset
      yield* sender.discardHeld
      yield* sender.clear
      yield* requestLog.clear
      yield* rateLimiter.reset
      yield* settings.reset
    })

    const control: Control = {
      createOpportunity: (input) => account.createOpportunity(everything, input),
      getOpportunity: (id, options) => account.getOpportunity(everything, id, options),
      listOpportunities: (filter) => account.listOpportunities(everything, { filter }),
      moveToStage: (id, stageId) => account.moveToStage(everything, id, stageId),
      archive: (id, reasonId) => account.setArchived(everything, id, reasonId, { allowInactive: true }),
      unarchive: (id) => account.setArchived(everything, id, null),
      addTags: (id, tags) => account.addTags(everything, id, tags),
      removeTags: (id, tags) => account.removeTags(everything, id, tags),
      deleteOpportunity: (id) => account.deleteOpportunity(id),
      listNotes: (id) => Effect.map(account.listNotes(everything, id), (notes) => notes.map(toControlNote)),
      addNote: (id, input) => Effect.map(account.addNote(everything, id, input, { viaApi: false }), toControlNote),
      postings: {
        list: () => account.listPostings(),
        add: (input) => account.addPosting(input),
        remove: (id) => account.deletePosting(id)
      },
      stages: {
        list: () => account.listStages,
        add: (text, id) => account.addStage(text, id),
        rename: (id, text) => account.renameStage(id, text),
        remove: (id) => account.removeStage(id)
      },
      archiveReasons: {
        list: (type) => account.listArchiveReasons(type),
        add: (reason) => account.addArchiveReason(reason),
        update: (id, patch) => account.updateArchiveReason(id, patch)
      },
      webhooks: {
        list: () => account.listWebhooks,
        register: (input) => account.createWebhook(input),
        remove: (id) => account.deleteWebhook(id),
        restore: (webhook) => account.restoreWebhook(webhook)
      },
      deliveries: (filter) => sender.deliveries(filter),
      awaitDeliveries: (timeout) => sender.awaitIdle(timeout),
      verifyWebhook: (id) => sender.verify(id),
      rerun: (id) => sender.rerun(id),
      faults: {
        inject: (...list) => faults.inject(list),
        failNext: (count, status) => faults.failNext(count, status),
        failFor: (duration, status) => faults.failFor(duration, status),
        latency: (duration, count) => faults.latency(duration, count),
        dropWebhooks: (count) => faults.dropWebhooks(count),
        duplicateWebhooks: (count) => faults.duplicateWebhooks(count),
        reorderWebhooks: (count) => faults.reorderWebhooks(count),
        releaseHeldWebhooks: () => sender.releaseHeld,
        reset: () => Effect.andThen(faults.reset, sender.discardHeld).pipe(Effect.asVoid),
        current: () => faults.snapshot
      },
      keys: {
        list: () => account.listApiKeys,
        create: (input) => account.createApiKey(input),
        revoke: (idOrKey) => account.revokeApiKey(idOrKey)
      },
      oauth: {
        connect: (options) => oauth.connect(options),
        grants: () => oauth.grants,
        revokeRefreshToken: (token) => oauth.revokeRefreshToken(token),
        revokeGrant: (grantId) => oauth.revokeGrant(grantId),
        expireAccessTokens: (grantId) => oauth.expireAccessTokens(grantId)
      },
      requests: {
        list: (filter) => requestLog.list(filter),
        count: (filter) => requestLog.count(filter),
        counts: (filter) => requestLog.counts(filter),
        clear: () => requestLog.clear
      },
      settings: {
        get: () => settings.get,
        update: (patch) => settings.update(patch)
      },
      reset,
      resetData: Effect.fn("LeverSandbox.Control.resetData")(function*() {
        yield* reset()
        yield* store.load(yield* seed)
      })
    }
    return mapFunctions(control, (effect) => Effect.provideService(effect, Clock.Clock, clock)) as Control
  })

const mapFunctions = (
  value: object,
  f: (effect: Effect.Effect<unknown, unknown>) => unknown
): unknown =>
  Object.fromEntries(
    Object.entries(value).map(([name, member]) => [
      name,
      typeof member === "function"
        ? (...args: ReadonlyArray<unknown>) => f(member(...args) as Effect.Effect<unknown, unknown>)
        : mapFunctions(member as object, f)
    ])
  )

/**
 * The control handle layer.
 *
 * @since 0.1.0
 */
export const layer = (seed: Effect.Effect<Data>): Layer.Layer<
  ControlHandle,
  never,
  Account | WebhookSender | Faults | OAuth | RequestLog | Settings | RateLimiter | Store
> => Layer.effect(ControlHandle, make(seed))

/**
 * The control handle with Promises instead of Effects (for code that does not use Effect). A failed
 * operation rejects with the same tagged error (e.g. `ResourceNotFound`).
 *
 * @since 0.1.0
 */
export type Promised<T> = {
  readonly [K in keyof T]: T[K] extends (...args: infer A) => Effect.Effect<infer R, infer _E, infer _X>
    ? (...args: A) => Promise<R>
    : T[K] extends object ? Promised<T[K]>
    : T[K]
}

/**
 * Turns the Effect-based handle into the Promise-based one.
 *
 * @since 0.1.0
 */
export const toPromise = (control: Control): Promised<Control> =>
  mapFunctions(control, (effect) => Effect.runPromise(effect)) as Promised<Control>
