/**
 * The sandbox in-process: `@fulcrum/core`'s `LeverApi` port answered by the sandbox's own account model,
 * without a server or a socket. Each call takes the path an HTTP request would take through the sandbox
 * (injected faults, authentication as `Basic <key>` or `Bearer <token>`, the endpoint's permission, the
 * account operation, the request log) and then turns the outcome into the port's values and typed errors,
 * as `@fulcrum/lever-http` does after its retries. This is the in-memory Lever of Fulcrum's tests; see
 * docs/adr/0005-one-lever-model.md.
 *
 * Three things differ from the HTTP face on purpose: there is no rate limiter (a fault injects a 429
 * instead), the base URL of a `LeverTarget` is ignored, and webhook deliveries go to an in-process
 * receiver that answers 200 (read them back with `control.deliveries()`).
 *
 * @example
 * ```ts
 * import { LeverApi, LeverAuthorizationMemory } from "@fulcrum/core"
 * import { InProcess, LeverSandbox } from "@fulcrum/lever-sandbox"
 * import { Effect, Redacted } from "effect"
 *
 * const program = Effect.gen(function*() {
 *   const lever = yield* LeverApi.LeverApi
 *   const target = InProcess.target("acme", LeverApi.apiKey(Redacted.make(LeverSandbox.SetupApiKey)))
 *   const stages = yield* lever.listStages(target)
 * }).pipe(Effect.provide(InProcess.layer()))
 * ```
 *
 * @since 0.2.0
 */
import { LeverApi, LeverAuthorizationMemory } from "@fulcrum/core"
import { Ids, Lever, Posting as DomainPosting } from "@fulcrum/domain"
import { Clock, Effect, Layer, Redacted, Result, Schema } from "effect"
import { HttpClient, HttpClientResponse } from "effect/http"
import { Account } from "./Account.ts"
import { authenticate, authorize } from "./Auth.ts"
import { Faults } from "./Faults.ts"
import { BadRequestError, fromStatus, type LeverError, status } from "./LeverError.ts"
import { layerCore } from "./LeverSandbox.ts"
import { NoteInput } from "./Note.ts"
import { OAuth } from "./OAuth.ts"
import type { Opportunity } from "./Opportunity.ts"
import { type Permission, tagChanges } from "./Permission.ts"
import type { Posting } from "./Posting.ts"
import type { Principal } from "./Principal.ts"
import { RequestLog } from "./RequestLog.ts"
import type { Options } from "./SandboxOptions.ts"
import { CreateWebhook } from "./Webhook.ts"

/**
 * The base URL `target` puts in a `LeverTarget`. `.invalid` is reserved: nothing real answers there, and
 * the in-process face ignores it.
 *
 * @since 0.2.0
 */
export const baseUrl = "https://lever-sandbox.invalid/v1"

/**
 * A `LeverTarget` for the in-process sandbox.
 *
 * @since 0.2.0
 */
export const target = (teamId: string, credentials: LeverApi.LeverCredentials): LeverApi.LeverTarget => ({
  teamId: Ids.TeamId.make(teamId),
  baseUrl,
  credentials
})

/** One API operation as the request log and the fault matcher see it. */
interface Endpoint {
  readonly method: "GET" | "POST" | "PUT" | "DELETE"
  /** The path under `/v1`, with the ids filled in. */
  readonly path: string
  /** The status a success answers with. */
  readonly ok: number
  readonly permission: Permission | null
}

const endpoint = (
  method: Endpoint["method"],
  path: string,
  permission: Permission | null,
  ok = method === "POST" ? 201 : 200
): Endpoint => ({ method, path, permission, ok })

const describe = (e: Endpoint) => `${e.method} ${e.path}`

const authorizationHeader = (credentials: LeverApi.LeverCredentials): string =>
  credentials._tag === "ApiKey"
    ? `Basic ${Buffer.from(`${Redacted.value(credentials.key)}:`).toString("base64")}`
    : `Bearer ${Redacted.value(credentials.accessToken)}`

/** The port's error for what the sandbox would have answered, as an HTTP client sees it after its retries. */
const toPortError = (e: Endpoint, error: LeverError): LeverApi.LeverError => {
  const name = describe(e)
  const code = status(error)
  const message = `Lever answered ${code} on ${name}: ${error.message}`
  if (code === 401) return new LeverApi.LeverUnauthorized({ message })
  if (code === 403) {
    const permission = error._tag === "ForbiddenError" ? error.missing ?? e.permission : e.permission
    return new LeverApi.LeverForbidden({ endpoint: name, permission, message })
  }
  if (code === 404) return new LeverApi.LeverNotFound({ endpoint: name, message })
  if (code === 429) return new LeverApi.LeverRateLimited({ endpoint: name, message })
  if (code >= 500) return new LeverApi.LeverUnavailable({ endpoint: name, message })
  return new LeverApi.LeverInvalidResponse({ endpoint: name, message })
}

/** Decodes with a domain schema; the sandbox's data always fits, so a mismatch is a defect. */
const as = <S extends Schema.Top & { readonly DecodingServices: never }>(schema: S) => (value: unknown) =>
  Effect.orDie(Schema.decodeUnknownEffect(schema)(value))

const toOpportunity = (o: Opportunity): unknown => {
  const application = o.applications.find((a) => typeof a === "object" && a.posting !== null)
  return {
    id: o.id,
    name: o.name,
    contact: o.contact,
    emails: o.emails,
    tags: o.tags,
    stageId: typeof o.stage === "string" ? o.stage : o.stage.id,
    archived: o.archived,
    confidential: o.confidentiality === "confidential",
    url: o.urls.show,
    posting: typeof application === "object" && application.posting !== null
      ? { id: application.posting, title: null }
      : null
  }
}

/**
 * A sandbox posting as the port describes one (its categories flattened).
 *
 * @since 0.2.0
 */
export const toLeverPosting = (p: Posting): DomainPosting.LeverPosting => ({
  id: Ids.PostingId.make(p.id),
  text: p.text,
  state: p.state,
  team: p.categories.team,
  department: p.categories.department,
  location: p.categories.location,
  commitment: p.categories.commitment
})

/**
 * The `LeverApi` over the sandbox's services in context.
 *
 * @since 0.2.0
 */
export const make: Effect.Effect<LeverApi.LeverApi["Service"], never, Account | OAuth | Faults | RequestLog> = Effect
  .gen(function*() {
    const account = yield* Account
    const oauth = yield* OAuth
    const faults = yield* Faults
    const requestLog = yield* RequestLog

    // The sandbox's request pipeline without the socket: fault, 401, 403, the operation, the log entry.
    const call = <A>(
      e: Endpoint,
      target: LeverApi.LeverTarget,
      operation: (principal: Principal) => Effect.Effect<A, LeverError>
    ): Effect.Effect<A, LeverApi.LeverError> =>
      Effect.gen(function*() {
        const startedAt = yield* Clock.currentTimeMillis
        const auth = yield* Effect.result(authenticate(account, oauth, authorizationHeader(target.credentials)))
        const subject = Result.isSuccess(auth) ? auth.success : auth.failure.subject
        const credentials = target.credentials
        const fault = yield* faults.takeApiFault({
          method: e.method,
          path: `/v1${e.path}`,
          keys: [
            ...(credentials._tag === "ApiKey" ? [Redacted.value(credentials.key)] : []),
            ...(subject === undefined ? [] : [subject.id])
          ]
        })
        if (fault.latencyMs > 0) yield* Effect.sleep(fault.latencyMs)
        const outcome = yield* Effect.result(Effect.gen(function*() {
          if (fault.fail !== null) return yield* fromStatus(fault.fail.status, { message: fault.fail.message ?? undefined })
          if (Result.isFailure(auth)) return yield* auth.failure
          if (e.permission !== null) yield* authorize(auth.success, [e.permission])
          return yield* operation(auth.success)
        }))
        yield* requestLog.record({
          at: startedAt,
          method: e.method,
          path: `/v1${e.path}`,
          query: "",
          principalKind: subject?.kind ?? "anonymous",
          principalId: subject?.id ?? null,
          status: Result.isSuccess(outcome) ? e.ok : status(outcome.failure),
          durationMs: (yield* Clock.currentTimeMillis) - startedAt
        })
        if (Result.isFailure(outcome)) return yield* Effect.fail(toPortError(e, outcome.failure))
        return outcome.success
      })

    // A body the HTTP face would decode, decoded the same way: what it refuses is a 400 here too.
    const body = <A, I>(schema: Schema.Codec<A, I>, value: I) =>
      Schema.decodeUnknownEffect(schema)(value).pipe(
        Effect.mapError((error) => new BadRequestError({ message: `Invalid request body: ${error.message}` }))
      )

    const opportunityPath = (id: string, rest = "") => `/opportunities/${encodeURIComponent(id)}${rest}`

    const changeTags = (action: "addTags" | "removeTags") =>
      Effect.fn(`LeverSandbox.InProcess.${action}`)(function*(
        target: LeverApi.LeverTarget,
        id: Ids.OpportunityId,
        tags: ReadonlyArray<string>
      ) {
        yield* call(
          endpoint("POST", opportunityPath(id, `/${action}`), tagChanges, 200),
          target,
          (principal) => account[action](principal, id, tags)
        )
      })

    return LeverApi.LeverApi.of({
      listStages: Effect.fn("LeverSandbox.InProcess.listStages")(function*(target) {
        const stages = yield* call(endpoint("GET", "/stages", "stages:read:admin"), target, () => account.listStages)
        return yield* as(Schema.Array(Lever.LeverStage))(stages)
      }),
      listArchiveReasons: Effect.fn("LeverSandbox.InProcess.listArchiveReasons")(function*(target) {
        const e = endpoint("GET", "/archive_reasons", "archive_reasons:read:admin")
        return yield* as(Schema.Array(Lever.LeverArchiveReason))(
          yield* call(e, target, () => account.listArchiveReasons())
        )
      }),
      listTags: Effect.fn("LeverSandbox.InProcess.listTags")(function*(target) {
        const tags = yield* call(endpoint("GET", "/tags", "tags:read:admin"), target, account.listTags)
        return tags.map((tag): Lever.LeverTag => ({ text: tag.text, count: tag.count }))
      }),
      getOpportunity: Effect.fn("LeverSandbox.InProcess.getOpportunity")(function*(target, id) {
        const e = endpoint("GET", opportunityPath(id), "opportunities:read:admin")
        const found = yield* call(e, target, (principal) =>
          account.getOpportunity(principal, id, { expandApplications: true }))
        return yield* as(Lever.LeverOpportunity)(toOpportunity(found))
      }),
      listPostings: Effect.fn("LeverSandbox.InProcess.listPostings")(function*(target) {
        const postings = yield* call(endpoint("GET", "/postings", "postings:read:admin"), target, () =>
          account.listPostings())
        return postings.map(toLeverPosting)
      }),
      getPosting: Effect.fn("LeverSandbox.InProcess.getPosting")(function*(target, id) {
        const e = endpoint("GET", `/postings/${encodeURIComponent(id)}`, "postings:read:admin")
        return toLeverPosting(yield* call(e, target, () => account.getPosting(id)))
      }),
      listNotes: Effect.fn("LeverSandbox.InProcess.listNotes")(function*(target, id) {
        const e = endpoint("GET", opportunityPath(id, "/notes"), "notes:read:admin")
        const notes = yield* call(e, target, (principal) => account.listNotes(principal, id))
        return notes.map((note): Lever.LeverNote => ({
          id: note.id,
          value: note.fields.map((field) => field.value).join("\n"),
          createdAt: note.createdAt
        }))
      }),
      addNote: Effect.fn("LeverSandbox.InProcess.addNote")(function*(target, id, note) {
        const e = endpoint("POST", opportunityPath(id, "/notes"), "notes:write:admin")
        const added = yield* call(e, target, (principal) =>
          Effect.flatMap(body(NoteInput, note), (input) => account.addNote(principal, id, input)))
        return { noteId: added.id }
      }),
      addTags: changeTags("addTags"),
      removeTags: changeTags("removeTags"),
      listWebhooks: Effect.fn("LeverSandbox.InProcess.listWebhooks")(function*(target) {
        const hooks = yield* call(endpoint("GET", "/webhooks", "webhooks:read:admin"), target, () =>
          account.listWebhooks)
        return hooks.map(({ event, id, url }): LeverApi.LeverWebhook => ({ id, event, url }))
      }),
      registerWebhook: Effect.fn("LeverSandbox.InProcess.registerWebhook")(function*(target, webhook) {
        const e = endpoint("POST", "/webhooks", "webhooks:write:admin")
        const { configuration, event, id, url } = yield* call(e, target, () =>
          Effect.flatMap(body(CreateWebhook, webhook as typeof CreateWebhook.Encoded), account.createWebhook))
        const registered: LeverApi.RegisteredWebhook = {
          id,
          event,
          url,
          signatureToken: Redacted.make(configuration.signatureToken)
        }
        return registered
      }),
      deleteWebhook: Effect.fn("LeverSandbox.InProcess.deleteWebhook")(function*(target, webhookId) {
        const e = endpoint("DELETE", `/webhooks/${encodeURIComponent(webhookId)}`, "webhooks:write:admin", 204)
        yield* call(e, target, () => account.deleteWebhook(webhookId))
      }),
      // In-process the sandbox knows the key's checkboxes and its confidential flag, so it reads them
      // instead of probing endpoints as the HTTP adapter must.
      checkPermissions: Effect.fn("LeverSandbox.InProcess.checkPermissions")(function*(target, options) {
        const principal = yield* call(endpoint("GET", "/permissions", null), target, Effect.succeed).pipe(
          // Only an injected 403/404 gets here (a probe needs no permission): Lever made no sense of it.
          Effect.mapError((error) =>
            error._tag === "LeverForbidden" || error._tag === "LeverNotFound"
              ? new LeverApi.LeverInvalidResponse({ endpoint: error.endpoint, message: error.message })
              : error
          )
        )
        const holds = (permission: string) => (principal.permissions as ReadonlySet<string>).has(permission)
        return {
          purpose: options.purpose,
          missing: LeverApi.permissionsToCheck(options).filter((permission) => !holds(permission)),
          confidentialAccess: options.purpose === "permanent" && holds("opportunities:read:admin")
            ? principal.confidential
            : "unknown"
        } satisfies LeverApi.PermissionReport
      })
    })
  })

/**
 * Where in-process webhook deliveries go: every `POST` is answered 200 at once, nothing leaves the process.
 * The delivery history (`control.deliveries()`) keeps each signed body.
 *
 * @since 0.2.0
 */
export const receiver: Layer.Layer<HttpClient.HttpClient> = Layer.succeed(
  HttpClient.HttpClient,
  HttpClient.make((request) => Effect.succeed(HttpClientResponse.fromWeb(request, new Response(null, { status: 200 }))))
)

/**
 * The sandbox's OAuth as the Lever that `LeverAuthorizationMemory`'s access tokens open: each token is a
 * grant of the seeded client with the granted permissions, and revoking it disconnects that grant.
 *
 * @since 0.2.0
 */
export const issuer: Layer.Layer<LeverAuthorizationMemory.Issuer, never, OAuth> = Layer.effect(
  LeverAuthorizationMemory.Issuer,
  Effect.map(Effect.service(OAuth), (oauth) =>
    LeverAuthorizationMemory.Issuer.of({
      issue: (permissions) =>
        oauth.connect({ scopes: permissions }).pipe(
          Effect.map((tokens) => Redacted.make(tokens.access_token)),
          Effect.orDie
        ),
      revoke: (accessToken) =>
        oauth.authenticate(Redacted.value(accessToken)).pipe(
          Effect.flatMap((principal) => oauth.revokeGrant(principal.id)),
          Effect.ignore
        )
    }))
)

/**
 * The sandbox's services and control handle without a server, webhooks going to `receiver`, on the clock
 * of the context (a `TestClock` under `it.effect`) unless `options.clock` says `"live"`, and without the
 * rate limiter unless `options.rateLimit` asks for it. Each build is a fresh, seeded account.
 *
 * @since 0.2.0
 */
export const layerServices = (options: Options = {}) =>
  layerCore({ clock: "inherit", rateLimit: false, ...options }, receiver)

/**
 * The in-process sandbox: `LeverApi` and the `Issuer` of in-memory OAuth tokens over `layerServices`.
 *
 * @since 0.2.0
 */
export const layer = (options: Options = {}) =>
  Layer.mergeAll(Layer.effect(LeverApi.LeverApi, make), issuer).pipe(Layer.provideMerge(layerServices(options)))
