/**
 * The `LeverApi` port over HTTP (`effect/http`'s `HttpClient`): authentication (API key as Basic auth,
 * OAuth token as Bearer), pagination to the end of every list, a token bucket per key, bounded retries
 * with backoff and `Retry-After`, lenient decoding, and the port's typed errors.
 *
 * Each call runs in a span `LeverApi.<method>` with the team id, the last HTTP status and the attempt
 * count as attributes. Credentials never appear in spans, logs or errors.
 *
 * @since 0.1.0
 */
import { LeverApi } from "@fulcrum/core"
import { Ids, Lever, Posting } from "@fulcrum/domain"
import { Effect, Layer, Redacted, Schema } from "effect"
import { FetchHttpClient, HttpClient } from "effect/http"
import { decode } from "./internal/Decode.ts"
import * as Endpoint from "./internal/Endpoint.ts"
import * as Pagination from "./internal/Pagination.ts"
import * as Probe from "./internal/Probe.ts"
import * as TokenBucket from "./internal/TokenBucket.ts"
import * as Transport from "./internal/Transport.ts"
import * as Wire from "./internal/Wire.ts"
import * as LeverHttpOptions from "./LeverHttpOptions.ts"

const Stages = Schema.Array(Lever.LeverStage)
const ArchiveReasons = Schema.Array(Lever.LeverArchiveReason)
const Notes = Schema.Array(Lever.LeverNote)
const Postings = Schema.Array(Posting.LeverPosting)

/** The answer to `POST /opportunities/:id/notes`, wrapped in `data` or not. */
const NoteCreated = Schema.Union([Schema.Struct({ data: Wire.CreatedNote }), Wire.CreatedNote])

/** The answer to `POST /webhooks`. */
const WebhookCreated = Schema.Struct({
  data: Schema.Struct({
    id: Schema.String,
    event: Schema.String,
    url: Schema.String,
    configuration: Schema.Struct({ signatureToken: Schema.NonEmptyString })
  })
})

/**
 * Builds the `LeverApi` service over the `HttpClient` in context. The rate limiter lives in the returned
 * service: every fiber using it shares one bucket per key.
 *
 * @since 0.1.0
 */
export const make = (
  options: LeverHttpOptions.Options = {}
): Effect.Effect<LeverApi.LeverApi["Service"], never, HttpClient.HttpClient> =>
  Effect.gen(function*() {
    const resolved = yield* Effect.sync(() => LeverHttpOptions.resolve(options))
    const limits = resolved.rateLimit
    const transport = yield* Transport.make({
      timeout: resolved.timeout,
      retry: resolved.retry,
      limiter: limits === null ? undefined : TokenBucket.make(limits),
      refillIntervalMs: limits === null ? 100 : 1_000 / limits.perSecond
    })

    const listStages = Effect.fn("LeverApi.listStages")(function*(target: LeverApi.LeverTarget) {
      const stages = yield* Pagination.listAll(transport, target, {
        endpoint: Endpoint.listStages,
        path: Endpoint.path(Endpoint.listStages)
      }, Wire.Stage)
      return yield* decode(Stages, Endpoint.listStages)(stages)
    })

    const listArchiveReasons = Effect.fn("LeverApi.listArchiveReasons")(function*(target: LeverApi.LeverTarget) {
      const reasons = yield* Pagination.listAll(transport, target, {
        endpoint: Endpoint.listArchiveReasons,
        path: Endpoint.path(Endpoint.listArchiveReasons)
      }, Wire.ArchiveReason)
      return yield* decode(ArchiveReasons, Endpoint.listArchiveReasons)(reasons.map(Wire.toArchiveReason))
    })

    const listTags = Effect.fn("LeverApi.listTags")(function*(target: LeverApi.LeverTarget) {
      const tags = yield* Pagination.listAll(transport, target, {
        endpoint: Endpoint.listTags,
        path: Endpoint.path(Endpoint.listTags)
      }, Wire.Tag)
      return tags.map(Wire.toTag)
    })

    const getOpportunity = Effect.fn("LeverApi.getOpportunity")(
      function*(target: LeverApi.LeverTarget, opportunityId: Ids.OpportunityId) {
        const response = yield* transport.send(target, {
          endpoint: Endpoint.getOpportunity,
          path: Endpoint.path(Endpoint.getOpportunity, opportunityId),
          // The application objects carry the posting the candidate applied to.
          query: "expand=applications"
        })
        const { data } = yield* decode(
          Schema.Struct({ data: Wire.Opportunity }),
          Endpoint.getOpportunity
        )(response.body)
        return yield* decode(Lever.LeverOpportunity, Endpoint.getOpportunity)(Wire.toOpportunity(data))
      }
    )

    const listPostings = Effect.fn("LeverApi.listPostings")(function*(target: LeverApi.LeverTarget) {
      const postings = yield* Pagination.listAll(transport, target, {
        endpoint: Endpoint.listPostings,
        path: Endpoint.path(Endpoint.listPostings)
      }, Wire.Posting)
      return yield* decode(Postings, Endpoint.listPostings)(postings.map(Wire.toPosting))
    })

    const getPosting = Effect.fn("LeverApi.getPosting")(
      function*(target: LeverApi.LeverTarget, postingId: Ids.PostingId) {
        const response = yield* transport.send(target, {
          endpoint: Endpoint.getPosting,
          path: Endpoint.path(Endpoint.getPosting, postingId)
        })
        const { data } = yield* decode(Schema.Struct({ data: Wire.Posting }), Endpoint.getPosting)(response.body)
        return yield* decode(Posting.LeverPosting, Endpoint.getPosting)(Wire.toPosting(data))
      }
    )

    const listNotes = Effect.fn("LeverApi.listNotes")(
      function*(target: LeverApi.LeverTarget, opportunityId: Ids.OpportunityId) {
        const notes = yield* Pagination.listAll(transport, target, {
          endpoint: Endpoint.listNotes,
          path: Endpoint.path(Endpoint.listNotes, opportunityId)
        }, Wire.Note)
        return yield* decode(Notes, Endpoint.listNotes)(notes.filter(Wire.isLive).map(Wire.toNote))
      }
    )

    const addNote = Effect.fn("LeverApi.addNote")(
      function*(target: LeverApi.LeverTarget, opportunityId: Ids.OpportunityId, note: LeverApi.NoteInput) {
        const response = yield* transport.send(target, {
          endpoint: Endpoint.addNote,
          path: Endpoint.path(Endpoint.addNote, opportunityId),
          body: {
            value: note.value,
            secret: note.secret ?? false,
            ...(note.score === undefined ? {} : { score: note.score }),
            notifyFollowers: false
          }
        })
        const created = yield* decode(NoteCreated, Endpoint.addNote)(response.body)
        return { noteId: Wire.createdNoteId("data" in created ? created.data : created) }
      }
    )

    const changeTags = Effect.fnUntraced(function*(
      endpoint: Endpoint.Endpoint,
      target: LeverApi.LeverTarget,
      opportunityId: Ids.OpportunityId,
      tags: ReadonlyArray<string>
    ) {
      // Lever rejects an empty list; changing nothing needs no call.
      if (tags.length === 0) return
      yield* transport.send(target, { endpoint, path: Endpoint.path(endpoint, opportunityId), body: { tags } })
    })

    const addTags = Effect.fn("LeverApi.addTags")(
      function*(target: LeverApi.LeverTarget, opportunityId: Ids.OpportunityId, tags: ReadonlyArray<string>) {
        yield* changeTags(Endpoint.addTags, target, opportunityId, tags)
      }
    )

    const removeTags = Effect.fn("LeverApi.removeTags")(
      function*(target: LeverApi.LeverTarget, opportunityId: Ids.OpportunityId, tags: ReadonlyArray<string>) {
        yield* changeTags(Endpoint.removeTags, target, opportunityId, tags)
      }
    )

    const listWebhooks = Effect.fn("LeverApi.listWebhooks")(function*(target: LeverApi.LeverTarget) {
      const webhooks = yield* Pagination.listAll(transport, target, {
        endpoint: Endpoint.listWebhooks,
        path: Endpoint.path(Endpoint.listWebhooks)
      }, Wire.Webhook)
      return webhooks.map((w): LeverApi.LeverWebhook => ({ id: w.id, event: w.event, url: w.url }))
    })

    const registerWebhook = Effect.fn("LeverApi.registerWebhook")(
      function*(target: LeverApi.LeverTarget, webhook: { readonly event: string; readonly url: string }) {
        const response = yield* transport.send(target, {
          endpoint: Endpoint.createWebhook,
          path: Endpoint.path(Endpoint.createWebhook),
          body: { url: webhook.url, event: webhook.event }
        })
        const { data } = yield* decode(WebhookCreated, Endpoint.createWebhook)(response.body)
        return {
          id: data.id,
          event: data.event,
          url: data.url,
          signatureToken: Redacted.make(data.configuration.signatureToken)
        } satisfies LeverApi.RegisteredWebhook
      }
    )

    const deleteWebhook = Effect.fn("LeverApi.deleteWebhook")(
      function*(target: LeverApi.LeverTarget, webhookId: string) {
        yield* transport.send(target, {
          endpoint: Endpoint.deleteWebhook,
          path: Endpoint.path(Endpoint.deleteWebhook, webhookId),
          goneIsDone: true
        })
      }
    )

    const checkPermissions = Effect.fn("LeverApi.checkPermissions")(
      function*(target: LeverApi.LeverTarget, options: LeverApi.PermissionCheckOptions) {
        const { purpose } = options
        const required = LeverApi.permissionsToCheck(options)
        const held = yield* Effect.forEach(required, (permission) => Probe.holds(transport, target, permission), {
          concurrency: 4
        })
        const missing = required.filter((_, i) => held[i] !== true)
        const confidentialAccess = purpose === "permanent" && !missing.includes(Endpoint.listOpportunities.permission)
          ? yield* Probe.confidentialAccess(transport, target)
          : "unknown"
        return { purpose, missing, confidentialAccess } satisfies LeverApi.PermissionReport
      }
    )

    return LeverApi.LeverApi.of({
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
  })

/**
 * The `LeverApi` port over the `HttpClient` you provide (Node's undici client, fetch, a test client...).
 *
 * @example
 * ```ts
 * import { LeverHttp } from "@fulcrum/lever-http"
 * import { NodeHttpClient } from "@effect/platform-node"
 * import { Layer } from "effect"
 *
 * const Lever = LeverHttp.layer({ retry: { maxRetries: 4 } }).pipe(Layer.provide(NodeHttpClient.layerUndici))
 * ```
 *
 * @since 0.1.0
 */
export const layer = (
  options: LeverHttpOptions.Options = {}
): Layer.Layer<LeverApi.LeverApi, never, HttpClient.HttpClient> => Layer.effect(LeverApi.LeverApi, make(options))

/**
 * The `LeverApi` port over the platform's `fetch` (on Node, undici). Nothing else to provide.
 *
 * @since 0.1.0
 */
export const layerFetch = (options: LeverHttpOptions.Options = {}): Layer.Layer<LeverApi.LeverApi> =>
  layer(options).pipe(Layer.provide(FetchHttpClient.layer))
