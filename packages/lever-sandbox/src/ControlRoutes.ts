/**
 * The control handle over HTTP, under `/_sandbox`, for tests running in another process. No
 * authentication: the sandbox is a local fake bound to 127.0.0.1. Bodies are JSON decoded with Schema
 * (a bad body is a 400); errors use Lever's `{code, message}` shape (OAuth errors `{error,
 * error_description}`).
 *
 * @since 0.1.0
 */
import { Effect, Layer, Schema } from "effect"
import { HttpRouter, HttpServer, HttpServerRequest, type HttpServerResponse } from "effect/http"
import { CreateApiKey } from "./ApiKey.ts"
import { ArchiveReasonStatus, ArchiveReasonType } from "./ArchiveReason.ts"
import { ControlHandle } from "./Control.ts"
import { DeliveryKind, DeliveryStatus } from "./Delivery.ts"
import type { ApiFault } from "./Faults.ts"
import { BadRequestError, type LeverError, ResourceNotFound, toResponse } from "./LeverError.ts"
import { NoteInput, NoteResponse } from "./Note.ts"
import type { OAuthError } from "./OAuth.ts"
import { CreateOpportunity } from "./Opportunity.ts"
import { CreatePosting } from "./Posting.ts"
import { TokenEncoding } from "./Pagination.ts"
import { TagsInput } from "./Tag.ts"
import { WebhookEvent } from "./Webhook.ts"
import * as Http from "./internal/http.ts"

/**
 * The control base path.
 *
 * @since 0.1.0
 */
export const BasePath = "/_sandbox"

const Count = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))
const Millis = Schema.Number.check(Schema.isGreaterThanOrEqualTo(0))

/**
 * `POST /_sandbox/faults/fail`: `count` requests, or `durationMs` of failures, answering `status` (any
 * 4xx/5xx, default 503).
 *
 * @since 0.1.0
 */
export const FailBody = Schema.Struct({
  status: Schema.optionalKey(Schema.Int),
  count: Schema.optionalKey(Count),
  durationMs: Schema.optionalKey(Millis)
})

/**
 * One API fault over HTTP (see `Faults.ApiFault`): `path` is a path prefix, `pathPattern` a RegExp source
 * (give at most one).
 *
 * @since 0.1.0
 */
export const ApiFaultBody = Schema.Struct({
  status: Schema.Int,
  count: Schema.optionalKey(Count),
  durationMs: Schema.optionalKey(Millis),
  key: Schema.optionalKey(Schema.String),
  path: Schema.optionalKey(Schema.String),
  pathPattern: Schema.optionalKey(Schema.String),
  method: Schema.optionalKey(Schema.String),
  code: Schema.optionalKey(Schema.NonEmptyString),
  message: Schema.optionalKey(Schema.String),
  retryAfterSeconds: Schema.optionalKey(Schema.NullOr(Count))
})

/**
 * `POST /_sandbox/faults/api`: one fault, or `{faults: [...]}` queued in order.
 *
 * @since 0.1.0
 */
export const ApiFaultsBody = Schema.Union([Schema.Struct({ faults: Schema.Array(ApiFaultBody) }), ApiFaultBody])

const toApiFault = (body: typeof ApiFaultBody.Type): Effect.Effect<ApiFault, BadRequestError> => {
  const { path, pathPattern, ...rest } = body
  if (pathPattern === undefined) return Effect.succeed({ ...rest, ...(path === undefined ? {} : { path }) })
  if (path !== undefined) return Effect.fail(new BadRequestError({ message: "Give path or pathPattern, not both" }))
  return Effect.try({
    try: () => ({ ...rest, path: new RegExp(pathPattern) }),
    catch: () => new BadRequestError({ message: `pathPattern is not a valid regular expression: ${pathPattern}` })
  })
}

/**
 * `POST /_sandbox/faults/latency`: `ms` on every response, or on the next `count`.
 *
 * @since 0.1.0
 */
export const LatencyBody = Schema.Struct({ ms: Millis, count: Schema.optionalKey(Count) })

/**
 * `POST /_sandbox/faults/webhooks`: how many of the next deliveries to drop, duplicate, reorder.
 *
 * @since 0.1.0
 */
export const WebhookFaultsBody = Schema.Struct({
  drop: Schema.optionalKey(Count),
  duplicate: Schema.optionalKey(Count),
  reorder: Schema.optionalKey(Count)
})

/**
 * `PUT /_sandbox/settings`.
 *
 * @since 0.1.0
 */
export const SettingsBody = Schema.Struct({
  noteResponse: Schema.optionalKey(NoteResponse),
  nextTokens: Schema.optionalKey(TokenEncoding),
  retryAfterHeader: Schema.optionalKey(Schema.Boolean),
  rateLimit: Schema.optionalKey(Schema.NullOr(Schema.Struct({ perSecond: Millis, burst: Count }))),
  webhooks: Schema.optionalKey(Schema.Struct({
    retryBaseDelayMs: Schema.optionalKey(Millis),
    backoffFactor: Schema.optionalKey(Millis),
    maxRetries: Schema.optionalKey(Count),
    timeoutMs: Schema.optionalKey(Millis)
  })),
  accessTokenTtlSeconds: Schema.optionalKey(Count)
})

const DeliveryQuery = Schema.Struct({
  event: Schema.optionalKey(Schema.String),
  webhookId: Schema.optionalKey(Schema.String),
  status: Schema.optionalKey(DeliveryStatus),
  kind: Schema.optionalKey(DeliveryKind),
  opportunityId: Schema.optionalKey(Schema.String)
})

const RequestQuery = Schema.Struct({
  principal: Schema.optionalKey(Schema.String),
  status: Schema.optionalKey(Schema.NumberFromString),
  method: Schema.optionalKey(Schema.String),
  path: Schema.optionalKey(Schema.String)
})

type Failure = LeverError | OAuthError

const respond = (effect: Effect.Effect<HttpServerResponse.HttpServerResponse, Failure>) =>
  effect.pipe(
    Effect.catch((error: Failure) =>
      Effect.succeed(
        error._tag === "OAuthError"
          ? Http.json({ error: error.error, error_description: error.description }, error.status)
          : toResponse(error)
      )
    )
  )

/**
 * Registers the `/_sandbox` routes. `describe(url)` is what `GET /_sandbox` answers (URLs, seeded keys).
 *
 * @since 0.1.0
 */
export const layer = (
  describe: (url: string) => Readonly<Record<string, unknown>>
): Layer.Layer<never, never, HttpRouter.HttpRouter | ControlHandle | HttpServer.HttpServer> =>
  HttpRouter.use((router) =>
    Effect.gen(function*() {
      const control = yield* ControlHandle
      const server = yield* HttpServer.HttpServer
      const info = describe(HttpServer.formatAddress(server.address).replace(/\/+$/, ""))

      const route = (
        method: "GET" | "POST" | "PUT" | "DELETE",
        path: string,
        handler: (ctx: {
          readonly params: Readonly<Record<string, string | undefined>>
          readonly query: Http.Query
          readonly request: HttpServerRequest.HttpServerRequest
        }) => Effect.Effect<HttpServerResponse.HttpServerResponse, Failure>
      ) =>
        router.add(
          method,
          `${BasePath}${path}` as `/${string}`,
          Effect.gen(function*() {
            const request = yield* HttpServerRequest.HttpServerRequest
            const params = yield* HttpRouter.params
            const query = yield* HttpServerRequest.ParsedSearchParams
            return yield* respond(handler({ params, query, request }))
          })
        )

      const id = (ctx: { readonly params: Readonly<Record<string, string | undefined>> }, name = "id") =>
        ctx.params[name] ?? ""
      const body = <A, I>(request: HttpServerRequest.HttpServerRequest, schema: Schema.Codec<A, I>) =>
        Http.decodeJsonBody(request, schema)
      const ok = <A, E>(effect: Effect.Effect<A, E>, status = 200) =>
        Effect.map(effect, (value) => Http.json(value === undefined ? { ok: true } : value, status))

      yield* route("GET", "", () => Effect.succeed(Http.json(info)))

      // Candidates
      yield* route("GET", "/opportunities", () => ok(control.listOpportunities()))
      yield* route("POST", "/opportunities", ({ request }) =>
        Effect.flatMap(body(request, CreateOpportunity), (input) => ok(control.createOpportunity(input), 201)))
      yield* route("GET", "/opportunities/:id", (ctx) =>
        ok(control.getOpportunity(id(ctx), { expandStage: Http.all(ctx.query, "expand").includes("stage") })))
      yield* route("DELETE", "/opportunities/:id", (ctx) => ok(control.deleteOpportunity(id(ctx))))
      yield* route("PUT", "/opportunities/:id/stage", (ctx) =>
        Effect.flatMap(
          body(ctx.request, Schema.Struct({ stage: Schema.NonEmptyString })),
          (input) => ok(control.moveToStage(id(ctx), input.stage))
        ))
      yield* route("PUT", "/opportunities/:id/archived", (ctx) =>
        Effect.flatMap(
          body(ctx.request, Schema.Struct({ reason: Schema.NullOr(Schema.NonEmptyString) })),
          (input) => ok(input.reason === null ? control.unarchive(id(ctx)) : control.archive(id(ctx), input.reason))
        ))
      yield* route("POST", "/opportunities/:id/addTags", (ctx) =>
        Effect.flatMap(body(ctx.request, TagsInput), (input) => ok(control.addTags(id(ctx), input.tags))))
      yield* route("POST", "/opportunities/:id/removeTags", (ctx) =>
        Effect.flatMap(body(ctx.request, TagsInput), (input) => ok(control.removeTags(id(ctx), input.tags))))
      yield* route("GET", "/opportunities/:id/notes", (ctx) => ok(control.listNotes(id(ctx))))
      yield* route("POST", "/opportunities/:id/notes", (ctx) =>
        Effect.flatMap(body(ctx.request, NoteInput), (input) => ok(control.addNote(id(ctx), input), 201)))

      // Postings
      yield* route("GET", "/postings", () => ok(control.postings.list()))
      yield* route("POST", "/postings", ({ request }) =>
        Effect.flatMap(body(request, CreatePosting), (input) => ok(control.postings.add(input), 201)))
      yield* route("DELETE", "/postings/:id", (ctx) => ok(control.postings.remove(id(ctx))))

      // Stages and archive reasons
      yield* route("GET", "/stages", () => ok(control.stages.list()))
      yield* route("POST", "/stages", ({ request }) =>
        Effect.flatMap(
          body(request, Schema.Struct({ text: Schema.NonEmptyString, id: Schema.optionalKey(Schema.NonEmptyString) })),
          (input) => ok(control.stages.add(input.text, input.id), 201)
        ))
      yield* route("PUT", "/stages/:id", (ctx) =>
        Effect.flatMap(
          body(ctx.request, Schema.Struct({ text: Schema.NonEmptyString })),
          (input) => ok(control.stages.rename(id(ctx), input.text))
        ))
      yield* route("DELETE", "/stages/:id", (ctx) => ok(control.stages.remove(id(ctx))))
      yield* route("GET", "/archive_reasons", () => ok(control.archiveReasons.list()))
      yield* route("POST", "/archive_reasons", ({ request }) =>
        Effect.flatMap(
          body(
            request,
            Schema.Struct({
              text: Schema.NonEmptyString,
              type: Schema.optionalKey(ArchiveReasonType),
              status: Schema.optionalKey(ArchiveReasonStatus),
              id: Schema.optionalKey(Schema.NonEmptyString)
            })
          ),
          (input) => ok(control.archiveReasons.add(input), 201)
        ))
      yield* route("PUT", "/archive_reasons/:id", (ctx) =>
        Effect.flatMap(
          body(
            ctx.request,
            Schema.Struct({ text: Schema.optionalKey(Schema.NonEmptyString), status: Schema.optionalKey(ArchiveReasonStatus) })
          ),
          (input) => ok(control.archiveReasons.update(id(ctx), input))
        ))

      // Webhooks and deliveries
      yield* route("GET", "/webhooks", () => ok(control.webhooks.list()))
      yield* route("POST", "/webhooks", ({ request }) =>
        Effect.flatMap(
          body(request, Schema.Struct({ url: Schema.NonEmptyString, event: WebhookEvent })),
          (input) => ok(control.webhooks.register(input), 201)
        ))
      yield* route("DELETE", "/webhooks/:id", (ctx) => ok(control.webhooks.remove(id(ctx))))
      yield* route("POST", "/webhooks/:id/verify", (ctx) => ok(control.verifyWebhook(id(ctx))))
      yield* route("GET", "/deliveries", (ctx) =>
        Effect.flatMap(
          Http.decode(DeliveryQuery, ctx.query, "query"),
          (filter) => ok(control.deliveries(filter))
        ))
      yield* route("POST", "/deliveries/await", (ctx) =>
        Effect.flatMap(
          Http.decode(Schema.Struct({ timeoutMs: Schema.optionalKey(Schema.NumberFromString) }), ctx.query, "query"),
          (q) => Effect.map(control.awaitDeliveries(q.timeoutMs ?? 10_000), (idle) => Http.json({ idle }))
        ))
      yield* route("GET", "/deliveries/:id", (ctx) =>
        Effect.flatMap(control.deliveries(), (all) => {
          const found = all.find((d) => d.id === id(ctx))
          return found === undefined
            ? Effect.fail(new ResourceNotFound({ message: `Delivery ${id(ctx)} not found` }))
            : Effect.succeed(Http.json(found))
        }))
      yield* route("POST", "/deliveries/:id/rerun", (ctx) => ok(control.rerun(id(ctx))))

      // Faults
      yield* route("GET", "/faults", () => ok(control.faults.current()))
      yield* route("POST", "/faults/fail", ({ request }) =>
        Effect.gen(function*() {
          const input = yield* body(request, FailBody)
          if ((input.count === undefined) === (input.durationMs === undefined)) {
            return yield* new BadRequestError({ message: "Give exactly one of count and durationMs" })
          }
          const status = input.status ?? 503
          yield* control.faults.inject(
            input.count !== undefined ? { status, count: input.count } : { status, durationMs: input.durationMs ?? 0 }
          )
          return Http.json(yield* control.faults.current())
        }))
      yield* route("POST", "/faults/api", ({ request }) =>
        Effect.gen(function*() {
          const input = yield* body(request, ApiFaultsBody)
          const faults = yield* Effect.forEach("faults" in input ? input.faults : [input], toApiFault)
          yield* control.faults.inject(...faults)
          return Http.json(yield* control.faults.current())
        }))
      yield* route("POST", "/faults/latency", ({ request }) =>
        Effect.gen(function*() {
          const input = yield* body(request, LatencyBody)
          yield* control.faults.latency(input.ms, input.count)
          return Http.json(yield* control.faults.current())
        }))
      yield* route("POST", "/faults/webhooks", ({ request }) =>
        Effect.gen(function*() {
          const input = yield* body(request, WebhookFaultsBody)
          if (input.drop !== undefined) yield* control.faults.dropWebhooks(input.drop)
          if (input.duplicate !== undefined) yield* control.faults.duplicateWebhooks(input.duplicate)
          if (input.reorder !== undefined) yield* control.faults.reorderWebhooks(input.reorder)
          return Http.json(yield* control.faults.current())
        }))
      yield* route("POST", "/faults/webhooks/release", () =>
        Effect.map(control.faults.releaseHeldWebhooks(), (released) => Http.json({ released })))
      yield* route("POST", "/faults/reset", () => ok(control.faults.reset()))

      // Credentials
      yield* route("GET", "/keys", () => ok(control.keys.list()))
      yield* route("POST", "/keys", ({ request }) =>
        Effect.flatMap(body(request, CreateApiKey), (input) => ok(control.keys.create(input), 201)))
      yield* route("POST", "/keys/:id/revoke", (ctx) => ok(control.keys.revoke(id(ctx))))
      yield* route("DELETE", "/keys/:id", (ctx) => ok(control.keys.revoke(id(ctx))))
      yield* route("POST", "/oauth/connect", ({ request }) =>
        Effect.flatMap(
          body(request, Schema.Struct({ scopes: Schema.Array(Schema.String), clientId: Schema.optionalKey(Schema.String) })),
          (input) => ok(control.oauth.connect(input))
        ))
      yield* route("GET", "/oauth/grants", () => ok(control.oauth.grants()))
      yield* route("POST", "/oauth/revoke", ({ request }) =>
        Effect.gen(function*() {
          const input = yield* body(
            request,
            Schema.Struct({ refreshToken: Schema.optionalKey(Schema.String), grantId: Schema.optionalKey(Schema.String) })
          )
          if (input.refreshToken !== undefined) yield* control.oauth.revokeRefreshToken(input.refreshToken)
          else if (input.grantId !== undefined) yield* control.oauth.revokeGrant(input.grantId)
          else return yield* new BadRequestError({ message: "Give refreshToken or grantId" })
          return Http.json({ ok: true })
        }))
      yield* route("POST", "/oauth/expire", (ctx) =>
        Effect.map(
          control.oauth.expireAccessTokens(Http.first(ctx.query, "grantId")),
          (expired) => Http.json({ expired })
        ))

      // Request log, settings, reset
      yield* route("GET", "/requests", (ctx) =>
        Effect.gen(function*() {
          const filter = yield* Http.decode(RequestQuery, ctx.query, "query")
          return Http.json({
            counts: yield* control.requests.counts(filter),
            entries: yield* control.requests.list(filter)
          })
        }))
      yield* route("DELETE", "/requests", () => ok(control.requests.clear()))
      yield* route("GET", "/settings", () => ok(control.settings.get()))
      yield* route("PUT", "/settings", ({ request }) =>
        Effect.flatMap(body(request, SettingsBody), (patch) => ok(control.settings.update(patch))))
      yield* route("POST", "/reset", () => ok(control.reset()))
      yield* route("POST", "/reset-data", () => ok(control.resetData()))
    })
  )
