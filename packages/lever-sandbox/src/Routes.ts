/**
 * The Lever API under `/v1`. Every request goes through the same pipeline: injected latency and failures,
 * authentication (401), the per-key rate limit (429), the endpoint's permission (403), then the handler;
 * the answer is recorded in the request log. A path the API has, asked with another method, answers 405
 * with an `Allow` header; any other path is a 404.
 *
 * @since 0.1.0
 */
import { Clock, Effect, Layer, Result, Schema } from "effect"
import { HttpMethod, HttpRouter, HttpServerRequest, type HttpServerResponse } from "effect/http"
import { Account } from "./Account.ts"
import { ArchiveReasonType } from "./ArchiveReason.ts"
import { authenticate, authorize, parseAuthorization } from "./Auth.ts"
import { type ApiOutcome, Faults } from "./Faults.ts"
import {
  type BadRequestError,
  fromStatus,
  type LeverError,
  MethodNotAllowed,
  ResourceNotFound,
  toResponse,
  TooManyRequests
} from "./LeverError.ts"
import { NoteInput } from "./Note.ts"
import { OAuth } from "./OAuth.ts"
import { ChangeArchived, ChangeStage, CreateOpportunity, type ListFilter } from "./Opportunity.ts"
import { PostingState } from "./Posting.ts"
import { paginate } from "./Pagination.ts"
import { type Permission, tagChanges } from "./Permission.ts"
import type { Principal } from "./Principal.ts"
import { RateLimiter } from "./RateLimiter.ts"
import { RequestLog } from "./RequestLog.ts"
import { Settings } from "./Settings.ts"
import { TagsInput } from "./Tag.ts"
import { CreateWebhook, UpdateWebhook } from "./Webhook.ts"
import * as Http from "./internal/http.ts"

/**
 * What a handler gets: the caller, the path parameters, the parsed query and the request.
 *
 * @since 0.1.0
 */
export interface RequestContext {
  readonly principal: Principal
  readonly params: Readonly<Record<string, string | undefined>>
  readonly query: Http.Query
  readonly request: HttpServerRequest.HttpServerRequest
}

/**
 * The API base path.
 *
 * @since 0.1.0
 */
export const BasePath = "/v1"

const ArchiveReasonsQuery = Schema.Struct({ type: Schema.optionalKey(ArchiveReasonType) })

// `archived` is checked here; the repeatable filters are read with `Http.values`.
const OpportunitiesQuery = Schema.Struct({ archived: Schema.optionalKey(Schema.Literals(["true", "false"])) })

const listFilter = (ctx: RequestContext): Effect.Effect<ListFilter, BadRequestError> =>
  Effect.map(Http.decode(OpportunitiesQuery, ctx.query, "query"), ({ archived }) => {
    const many = (name: string) => {
      const given = Http.values(ctx.query, name)
      return given.length === 0 ? undefined : given
    }
    return {
      tags: many("tag"),
      stageIds: many("stage_id"),
      archived: archived === undefined ? undefined : archived === "true",
      emails: many("email"),
      postingIds: many("posting_id")
    }
  })

const param = (ctx: RequestContext, name: string): string => ctx.params[name] ?? ""

const performAs = (ctx: RequestContext) => {
  const userId = Http.first(ctx.query, "perform_as")
  return userId === undefined ? {} : { performAs: userId }
}

const expandStage = (ctx: RequestContext) => Http.all(ctx.query, "expand").includes("stage")

const expand = (ctx: RequestContext) => ({
  expandStage: expandStage(ctx),
  expandApplications: Http.all(ctx.query, "expand").includes("applications")
})

const PostingStates = Schema.Array(PostingState)

// The error an injected fault answers with. Without its own Retry-After, a 429 gets one only with the
// `retryAfterHeader` setting: the seconds left of a timed fault, else 1.
const faultError = (fail: NonNullable<ApiOutcome["fail"]>, retryAfterHeader: boolean) => {
  const retryAfterSeconds = fail.retryAfterSeconds === "setting"
    ? retryAfterHeader && fail.status === 429 ? Math.max(1, Math.ceil((fail.remainingMs ?? 1000) / 1000)) : undefined
    : fail.retryAfterSeconds ?? undefined
  return fromStatus(fail.status, {
    code: fail.code ?? undefined,
    message: fail.message ?? undefined,
    retryAfterSeconds
  })
}

/**
 * Registers the `/v1` routes.
 *
 * @since 0.1.0
 */
export const layer: Layer.Layer<
  never,
  never,
  HttpRouter.HttpRouter | Account | OAuth | Faults | RateLimiter | RequestLog | Settings
> = HttpRouter.use((router) =>
  Effect.gen(function*() {
    const account = yield* Account
    const oauth = yield* OAuth
    const faults = yield* Faults
    const rateLimiter = yield* RateLimiter
    const requestLog = yield* RequestLog
    const settings = yield* Settings

    const listPage = <A>(ctx: RequestContext, list: string, items: ReadonlyArray<A>) =>
      Effect.gen(function*() {
        const { nextTokens } = yield* settings.get
        const page = yield* paginate(items, {
          list,
          limit: Http.first(ctx.query, "limit"),
          offset: Http.first(ctx.query, "offset"),
          tokens: nextTokens
        })
        return Http.page(page)
      })

    const api = (
      permission: Permission | ReadonlyArray<Permission> | null,
      handler: (ctx: RequestContext) => Effect.Effect<HttpServerResponse.HttpServerResponse, LeverError>
    ) =>
      Effect.gen(function*() {
        const request = yield* HttpServerRequest.HttpServerRequest
        const params = yield* HttpRouter.params
        const query = yield* HttpServerRequest.ParsedSearchParams
        const startedAt = yield* Clock.currentTimeMillis
        const header = request.headers["authorization"]
        const auth = yield* Effect.result(authenticate(account, oauth, header))
        // A revoked key or an expired token is still attributed to its key or grant.
        const subject = Result.isSuccess(auth) ? auth.success : auth.failure.subject
        const credentials = parseAuthorization(header)
        const fault = yield* faults.takeApiFault({
          method: request.method,
          path: Http.pathOf(request.url),
          keys: [
            ...(credentials?._tag === "ApiKey" ? [credentials.key] : []),
            ...(subject === undefined ? [] : [subject.id])
          ]
        })
        if (fault.latencyMs > 0) yield* Effect.sleep(fault.latencyMs)
        const { retryAfterHeader } = yield* settings.get

        const response = yield* Effect.gen(function*() {
          if (fault.fail !== null) return yield* Effect.fail(faultError(fault.fail, retryAfterHeader))
          if (Result.isFailure(auth)) return yield* auth.failure
          const principal = auth.success
          const decision = yield* rateLimiter.take(principal.id)
          if (decision._tag === "Limited") {
            return yield* new TooManyRequests({
              message: "Rate limit exceeded: at most 10 requests per second per API key (bursts of 20)",
              ...(retryAfterHeader ? { retryAfterSeconds: Math.max(1, Math.ceil(decision.retryAfterMs / 1000)) } : {})
            })
          }
          if (permission !== null) yield* authorize(principal, typeof permission === "string" ? [permission] : permission)
          return yield* handler({ principal, params, query, request })
        }).pipe(
          Effect.catch((error: LeverError) => Effect.succeed(toResponse(error))),
          Effect.catchDefect((defect) =>
            Effect.as(
              Effect.logError("Lever sandbox handler defect", defect),
              toResponse(fromStatus(500))
            )
          )
        )

        const finishedAt = yield* Clock.currentTimeMillis
        yield* requestLog.record({
          at: startedAt,
          method: request.method,
          path: Http.pathOf(request.url),
          query: Http.queryOf(request.url),
          principalKind: subject?.kind ?? "anonymous",
          principalId: subject?.id ?? null,
          status: response.status,
          durationMs: finishedAt - startedAt
        })
        return response
      })

    // The methods of every registered path, so that another method on it answers 405 with `Allow`.
    const methods = new Map<`/${string}`, Array<HttpMethod.HttpMethod>>()
    const route = (
      method: "GET" | "POST" | "PUT" | "DELETE",
      path: `/${string}`,
      permission: Permission | ReadonlyArray<Permission> | null,
      handler: (ctx: RequestContext) => Effect.Effect<HttpServerResponse.HttpServerResponse, LeverError>
    ) => {
      methods.set(`${BasePath}${path}`, [...(methods.get(`${BasePath}${path}`) ?? []), method])
      return router.add(method, `${BasePath}${path}`, api(permission, handler))
    }

    // Stages, archive reasons, tags
    yield* route("GET", "/stages", "stages:read:admin", (ctx) =>
      Effect.flatMap(account.listStages, (stages) => listPage(ctx, "stages", stages)))
    yield* route("GET", "/stages/:id", "stages:read:admin", (ctx) =>
      Effect.map(account.getStage(param(ctx, "id")), (s) => Http.data(s)))
    yield* route("GET", "/archive_reasons", "archive_reasons:read:admin", (ctx) =>
      Effect.gen(function*() {
        const { type } = yield* Http.decode(ArchiveReasonsQuery, ctx.query, "query")
        const reasons = yield* account.listArchiveReasons(type)
        return yield* listPage(ctx, `archive_reasons?type=${type ?? ""}`, reasons)
      }))
    yield* route("GET", "/archive_reasons/:id", "archive_reasons:read:admin", (ctx) =>
      Effect.map(account.getArchiveReason(param(ctx, "id")), (r) => Http.data(r)))
    yield* route("GET", "/tags", "tags:read:admin", (ctx) =>
      Effect.flatMap(account.listTags(ctx.principal), (tags) => listPage(ctx, "tags", tags)))

    // Opportunities
    yield* route("GET", "/opportunities", "opportunities:read:admin", (ctx) =>
      Effect.gen(function*() {
        const filter = yield* listFilter(ctx)
        const list = yield* account.listOpportunities(ctx.principal, { ...expand(ctx), filter })
        // The filter is part of the list's name, so a token only pages the list it came from.
        const name = `opportunities?confidential=${ctx.principal.confidential}&filter=${JSON.stringify(filter)}`
        return yield* listPage(ctx, name, list)
      }))
    yield* route("POST", "/opportunities", "opportunities:write:admin", (ctx) =>
      Effect.gen(function*() {
        const input = yield* Http.decodeJsonBody(ctx.request, CreateOpportunity)
        const created = yield* account.createOpportunity(ctx.principal, input, performAs(ctx))
        return Http.data(created, 201)
      }))
    yield* route("GET", "/opportunities/:id", "opportunities:read:admin", (ctx) =>
      Effect.map(
        account.getOpportunity(ctx.principal, param(ctx, "id"), expand(ctx)),
        (o) => Http.data(o)
      ))
    yield* route("PUT", "/opportunities/:id/stage", "opportunities:write:admin", (ctx) =>
      Effect.gen(function*() {
        const input = yield* Http.decodeJsonBody(ctx.request, ChangeStage)
        const o = yield* account.moveToStage(ctx.principal, param(ctx, "id"), input.stage, performAs(ctx))
        return Http.data(o)
      }))
    yield* route("PUT", "/opportunities/:id/archived", "opportunities:write:admin", (ctx) =>
      Effect.gen(function*() {
        const input = yield* Http.decodeJsonBody(ctx.request, ChangeArchived)
        const o = yield* account.setArchived(ctx.principal, param(ctx, "id"), input.reason)
        return Http.data(o)
      }))
    for (const action of ["addTags", "removeTags"] as const) {
      yield* route("POST", `/opportunities/:id/${action}`, tagChanges, (ctx) =>
        Effect.gen(function*() {
          const input = yield* Http.decodeJsonBody(ctx.request, TagsInput)
          const o = yield* account[action](ctx.principal, param(ctx, "id"), input.tags)
          return Http.data(o)
        }))
    }

    // Postings
    yield* route("GET", "/postings", "postings:read:admin", (ctx) =>
      Effect.gen(function*() {
        const states = yield* Http.decode(PostingStates, Http.values(ctx.query, "state"), "query.state")
        const postings = yield* account.listPostings(states)
        return yield* listPage(ctx, `postings?state=${states.join(",")}`, postings)
      }))
    yield* route("GET", "/postings/:id", "postings:read:admin", (ctx) =>
      Effect.map(account.getPosting(param(ctx, "id")), (p) => Http.data(p)))

    // Notes
    yield* route("GET", "/opportunities/:id/notes", "notes:read:admin", (ctx) =>
      Effect.flatMap(
        account.listNotes(ctx.principal, param(ctx, "id")),
        (notes) => listPage(ctx, `notes:${param(ctx, "id")}`, notes)
      ))
    yield* route("GET", "/opportunities/:id/notes/:noteId", "notes:read:admin", (ctx) =>
      Effect.map(account.getNote(ctx.principal, param(ctx, "id"), param(ctx, "noteId")), (n) => Http.data(n)))
    yield* route("POST", "/opportunities/:id/notes", "notes:write:admin", (ctx) =>
      Effect.gen(function*() {
        const input = yield* Http.decodeJsonBody(ctx.request, NoteInput)
        const note = yield* account.addNote(ctx.principal, param(ctx, "id"), input, performAs(ctx))
        const { noteResponse } = yield* settings.get
        return Http.data(noteResponse === "full" ? note : { noteId: note.id }, 201)
      }))
    yield* route("DELETE", "/opportunities/:id/notes/:noteId", "notes:write:admin", (ctx) =>
      Effect.as(account.deleteNote(ctx.principal, param(ctx, "id"), param(ctx, "noteId")), Http.noContent))

    // Webhooks
    yield* route("GET", "/webhooks", "webhooks:read:admin", (ctx) =>
      Effect.flatMap(account.listWebhooks, (hooks) => listPage(ctx, "webhooks", hooks)))
    yield* route("GET", "/webhooks/:id", "webhooks:read:admin", (ctx) =>
      Effect.map(account.getWebhook(param(ctx, "id")), (w) => Http.data(w)))
    yield* route("POST", "/webhooks", "webhooks:write:admin", (ctx) =>
      Effect.gen(function*() {
        const input = yield* Http.decodeJsonBody(ctx.request, CreateWebhook)
        return Http.data(yield* account.createWebhook(input), 201)
      }))
    yield* route("PUT", "/webhooks/:id", "webhooks:write:admin", (ctx) =>
      Effect.gen(function*() {
        const input = yield* Http.decodeJsonBody(ctx.request, UpdateWebhook)
        return Http.data(yield* account.updateWebhook(param(ctx, "id"), input))
      }))
    yield* route("DELETE", "/webhooks/:id", "webhooks:write:admin", (ctx) =>
      Effect.as(account.deleteWebhook(param(ctx, "id")), Http.noContent))

    // Another method on a known path is a 405; any other path under /v1 is a 404.
    for (const [path, allow] of methods) {
      const notAllowed = api(null, (ctx) =>
        Effect.fail(
          new MethodNotAllowed({
            message: `${ctx.request.method} is not allowed on ${Http.pathOf(ctx.request.url)}`,
            allow: allow.toSorted()
          })
        ))
      yield* router.addAll(
        [...HttpMethod.all].filter((m) => !allow.includes(m)).map((m) => HttpRouter.route(m, path, notAllowed))
      )
    }
    yield* router.add(
      "*",
      `${BasePath}/*`,
      api(null, (ctx) =>
        Effect.fail(
          new ResourceNotFound({ message: `No such endpoint: ${ctx.request.method} ${Http.pathOf(ctx.request.url)}` })
        ))
    )
  })
)
