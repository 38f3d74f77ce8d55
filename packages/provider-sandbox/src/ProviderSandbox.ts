/**
 * A runnable reference assessment provider speaking Fulcrum's provider protocol `v1`
 * (docs/provider-protocol.md), in memory on 127.0.0.1:
 * - the provider API under `/v1`, every request's Standard Webhooks signature checked, invites stored
 *   per `Idempotency-Key` (a repeat answers 200 with the first invite; `creates` counts per key);
 * - the candidate page at each `inviteUrl` (start → submit → graded at once with a score) and a report
 *   page; each step sends a signed webhook to Fulcrum, retried until Fulcrum answers 2xx;
 * - expiry: invites not submitted by `expiresAt` expire (`invite.expired`);
 * - a control API under `/_sandbox` for tests: invites and counts, candidate actions, deliveries, faults
 *   (5xx, 429 + Retry-After, slow answers, dropped connections, refusals), reset.
 *
 * Two ways to run it: `start(options)` (Promise) or `layer(options)` (Effect, closed with the scope),
 * and the `fulcrum-provider-sandbox` CLI.
 *
 * @since 0.1.0
 */
import { StandardWebhooks } from "@fulcrum/core"
import { ProviderProtocol } from "@fulcrum/domain"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as NodeHttpServerRequest from "@effect/platform-node/NodeHttpServerRequest"
import { Context, Effect, Exit, Layer, ManagedRuntime, Option, Redacted, Schema } from "effect"
import { HttpMiddleware, HttpRouter, HttpServer, HttpServerError, HttpServerRequest, HttpServerResponse } from "effect/http"
import { randomBytes } from "node:crypto"
import { createServer, type Server } from "node:http"
import * as Faults from "./Faults.ts"
import * as Pages from "./Pages.ts"
import * as Store from "./Store.ts"
import * as WebhookSender from "./WebhookSender.ts"

/** Options of `start`. @since 0.1.0 */
export interface Options {
  /** Port to listen on; default 0 (a free one). */
  readonly port?: number
  /** Interface to bind; default 127.0.0.1. */
  readonly host?: string
  /** The shared `whsec_` secret; default a fresh one (read it back from `secret`). */
  readonly secret?: Redacted.Redacted<string>
  /** Fulcrum's public base URL, where result webhooks go; can be set later (`setFulcrumUrl`). */
  readonly fulcrumUrl?: string
  /** How long an invite stays open; default 7 days; `null`: invites never expire. */
  readonly inviteTtlMs?: number | null
  /** The interview types offered to every team. */
  readonly interviewTypes?: ReadonlyArray<ProviderProtocol.InterviewTypeRef>
  /** First webhook retry delay, doubling; default 1000 ms. */
  readonly webhookRetryDelayMs?: number
  /** Retries after a failed webhook delivery; default 8. */
  readonly webhookMaxRetries?: number
  /** How often expired invites are looked for; default 1000 ms. */
  readonly expirySweepMs?: number
}

/** A running sandbox. @since 0.1.0 */
export interface Sandbox {
  /** `http://host:port`, the provider's base URL (`FULCRUM_PROVIDER_URL`). */
  readonly url: string
  readonly port: number
  /** The shared secret (`FULCRUM_PROVIDER_SECRET`). */
  readonly secret: Redacted.Redacted<string>
  readonly store: Store.Store
  readonly faults: Faults.Faults
  readonly sender: WebhookSender.Sender
  /** Where result webhooks go from now on. */
  readonly setFulcrumUrl: (url: string | undefined) => void
  /** Candidate actions, as the page and the control API perform them. */
  readonly actions: Actions
  readonly close: () => Promise<void>
}

/** What a candidate (or a test) does with an invite. @since 0.1.0 */
export interface Actions {
  readonly start: (interviewId: string) => Store.Invite | undefined
  /** Submits and grades at once: `interview.submitted`, then `interview.graded`. */
  readonly submit: (interviewId: string, score?: number) => Store.Invite | undefined
  readonly expire: (interviewId: string) => Store.Invite | undefined
}

const json = (status: number, body?: unknown, headers: Record<string, string> = {}) =>
  body === undefined
    ? HttpServerResponse.empty({ status, headers })
    : HttpServerResponse.jsonUnsafe(body, { status, headers })

const html = (status: number, body: string) =>
  HttpServerResponse.text(body, { status, contentType: "text/html; charset=utf-8" })

const problem = (status: number, code: string, message: string, headers?: Record<string, string>) =>
  json(status, { code, message }, headers)

// A handler gets the request, its body as text and its path parameters.
type Handler = (
  request: HttpServerRequest.HttpServerRequest,
  body: string,
  params: Readonly<Record<string, string | undefined>>
) => Effect.Effect<HttpServerResponse.HttpServerResponse>

const pathOf = (request: HttpServerRequest.HttpServerRequest) => new URL(request.url, "http://sandbox.invalid").pathname

const noRoute = (what: string): Handler => (request) =>
  Effect.succeed(problem(404, "NotFound", `No ${what} ${request.method} ${pathOf(request)}`))

const decode = <S extends Schema.Top>(schema: S, text: string): { ok: true; value: S["Type"] } | { ok: false; message: string } => {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { ok: false, message: "The body is not JSON" }
  }
  const exit = Schema.decodeUnknownExit(schema as never)(value)
  return Exit.isSuccess(exit)
    ? { ok: true, value: exit.value as S["Type"] }
    : { ok: false, message: String(exit.cause).slice(0, 500) }
}

const FaultBody = Schema.Struct({
  kind: Schema.optionalKey(Schema.Literals(["status", "slow", "drop"])),
  status: Schema.optionalKey(Schema.Int),
  retryAfter: Schema.optionalKey(Schema.String),
  code: Schema.optionalKey(Schema.String),
  message: Schema.optionalKey(Schema.String),
  delayMs: Schema.optionalKey(Schema.Int),
  path: Schema.optionalKey(Schema.String),
  method: Schema.optionalKey(Schema.String),
  count: Schema.optionalKey(Schema.Int)
})

/**
 * Starts a sandbox.
 *
 * @example
 * ```ts
 * import { ProviderSandbox } from "@fulcrum/provider-sandbox"
 * const provider = await ProviderSandbox.start({ fulcrumUrl: "http://127.0.0.1:3000" })
 * // FULCRUM_PROVIDER_URL=provider.url FULCRUM_PROVIDER_SECRET=Redacted.value(provider.secret)
 * ```
 *
 * @since 0.1.0
 */
export const start = async (options: Options = {}): Promise<Sandbox> => {
  const secret = options.secret ?? StandardWebhooks.generateSecret()
  const store = Store.make(options.interviewTypes)
  const faults = Faults.make()
  const sender = WebhookSender.make({
    secret,
    fulcrumUrl: options.fulcrumUrl,
    retryDelayMs: options.webhookRetryDelayMs ?? 1000,
    maxRetries: options.webhookMaxRetries ?? 8,
    timeoutMs: 10_000
  })
  const ttlMs = options.inviteTtlMs === undefined ? 7 * 24 * 3600 * 1000 : options.inviteTtlMs
  let url = ""

  const emit = (invite: Store.Invite, type: ProviderProtocol.WebhookType, extra: Record<string, unknown> = {}) =>
    WebhookSender.send(sender, invite.request.teamId, type, { interviewId: invite.interviewId, ...extra })

  const open = (invite: Store.Invite | undefined) =>
    invite !== undefined && invite.state !== "expired" && invite.state !== "cancelled" ? invite : undefined

  const actions: Actions = {
    start: (interviewId) => {
      const invite = open(store.byInterview.get(interviewId))
      if (invite === undefined || invite.state !== "sent") return invite
      invite.state = "started"
      emit(invite, "interview.started")
      return invite
    },
    submit: (interviewId, score = Pages.defaultScore) => {
      const invite = open(store.byInterview.get(interviewId))
      if (invite === undefined || (invite.state !== "sent" && invite.state !== "started")) return invite
      if (invite.state === "sent") actions.start(interviewId)
      invite.state = "submitted"
      emit(invite, "interview.submitted")
      invite.state = "graded"
      invite.score = Math.max(0, Math.min(100, Math.round(score)))
      invite.outcome = invite.score >= 70 ? "pass" : "fail"
      invite.reportUrl = `${url}/reports/${encodeURIComponent(invite.interviewId)}`
      emit(invite, "interview.graded", { score: invite.score, outcome: invite.outcome, reportUrl: invite.reportUrl })
      return invite
    },
    expire: (interviewId) => {
      const invite = store.byInterview.get(interviewId)
      if (invite === undefined || (invite.state !== "sent" && invite.state !== "started")) return invite
      invite.state = "expired"
      emit(invite, "invite.expired")
      return invite
    }
  }

  const count = (name: string) => store.requests.set(name, (store.requests.get(name) ?? 0) + 1)

  // Reads the body first: one that cannot be read is a 400.
  const handle = (handler: Handler) =>
    Effect.gen(function*() {
      const request = yield* HttpServerRequest.HttpServerRequest
      const params = yield* HttpRouter.params
      return yield* Effect.matchEffect(request.text, {
        onFailure: () => Effect.succeed(problem(400, "InvalidRequest", "The request could not be read")),
        onSuccess: (body) => handler(request, body, params)
      })
    })

  // Every provider API request: counted, then a queued fault, then the signature check, then the handler
  // (answered late under a `slow` fault).
  const providerApi = (handler: Handler) =>
    Effect.flatMap(HttpRouter.RouteContext, ({ route }) =>
      handle((request, body, params) =>
        Effect.gen(function*() {
          const path = pathOf(request)
          const template = route.path.endsWith("*") ? path : route.path.replace(/:(\w+)/g, "{$1}")
          count(`${request.method} ${template}`)
          const key = request.headers[ProviderProtocol.headerIdempotencyKey]
          if (template === "/v1/invites" && request.method === "POST" && key !== undefined) {
            store.createRequests.set(key, (store.createRequests.get(key) ?? 0) + 1)
          }
          const fault = Faults.take(faults, request.method, path)
          if (fault?.kind === "drop") {
            NodeHttpServerRequest.toIncomingMessage(request).socket.destroy()
            return HttpServerResponse.empty()
          }
          if (fault?.kind === "status") {
            return problem(
              fault.status ?? 503,
              fault.code ?? (fault.status === 429 ? "RateLimited" : "Unavailable"),
              fault.message ?? "Injected fault",
              fault.retryAfter === undefined ? {} : { "retry-after": fault.retryAfter }
            )
          }
          const signed = yield* Effect.exit(StandardWebhooks.verify(secret, { headers: request.headers, body, nowMs: Date.now() }))
          if (Exit.isFailure(signed)) {
            return problem(401, "InvalidSignature", "The webhook-signature does not match, or the timestamp is stale")
          }
          const response = yield* handler(request, body, params)
          return fault?.kind === "slow" ? yield* Effect.as(Effect.sleep(fault.delayMs ?? 5_000), response) : response
        })
      ))

  const created = (invite: Store.Invite) => ({
    interviewId: invite.interviewId,
    inviteUrl: invite.inviteUrl,
    expiresAt: invite.expiresAt === null ? null : new Date(invite.expiresAt).toISOString()
  })

  const ProviderRoutes = HttpRouter.addAll([
    HttpRouter.route("GET", "/v1/interview-types", providerApi((request) => {
      const teamId = new URL(request.url, "http://sandbox.invalid").searchParams.get("teamId")
      return Effect.succeed(
        teamId === null || teamId.length === 0
          ? problem(400, "InvalidRequest", "teamId is required")
          : json(200, { data: store.interviewTypes })
      )
    })),
    HttpRouter.route("POST", "/v1/invites", providerApi((request, body) => Effect.sync(() => {
      const key = request.headers[ProviderProtocol.headerIdempotencyKey]
      if (key === undefined || key.length === 0) {
        return problem(400, "InvalidRequest", "The Idempotency-Key header is required")
      }
      const existing = store.byKey.get(key)
      if (existing !== undefined) return json(200, created(existing))
      const decoded = decode(ProviderProtocol.CreateInvite, body)
      if (!decoded.ok) return problem(400, "InvalidRequest", decoded.message)
      if (!/^[^@\s]+@[^@\s]+$/.test(decoded.value.candidate.email.trim())) {
        return problem(422, "InvalidEmail", `"${decoded.value.candidate.email}" cannot receive an invite`)
      }
      const interviewId = `iv_${randomBytes(8).toString("hex")}`
      const now = Date.now()
      const invite: Store.Invite = {
        interviewId,
        key,
        request: decoded.value,
        inviteUrl: `${url}/interview/${interviewId}`,
        createdAt: now,
        expiresAt: ttlMs === null ? null : now + ttlMs,
        state: "sent",
        score: null,
        outcome: null,
        reportUrl: null,
        nextSteps: [],
        cancelReason: null
      }
      store.byKey.set(key, invite)
      store.byInterview.set(interviewId, invite)
      store.creates.set(key, (store.creates.get(key) ?? 0) + 1)
      return json(201, created(invite))
    }))),
    HttpRouter.route("POST", "/v1/invites/:interviewId/next-step", providerApi((_, body, params) => Effect.sync(() => {
      const interviewId = params["interviewId"] ?? ""
      const invite = store.byInterview.get(interviewId)
      const decoded = decode(ProviderProtocol.NextStepRequest, body)
      if (!decoded.ok) return problem(400, "InvalidRequest", decoded.message)
      if (invite === undefined || invite.request.teamId !== decoded.value.teamId) {
        return problem(404, "NotFound", `No interview ${interviewId} for this team`)
      }
      if (!invite.nextSteps.includes(decoded.value.nextStep)) invite.nextSteps.push(decoded.value.nextStep)
      return json(204)
    }))),
    HttpRouter.route("POST", "/v1/invites/:interviewId/cancel", providerApi((_, body, params) => Effect.sync(() => {
      const invite = store.byInterview.get(params["interviewId"] ?? "")
      const decoded = decode(ProviderProtocol.CancelRequest, body)
      if (!decoded.ok) return problem(400, "InvalidRequest", decoded.message)
      if (invite !== undefined && invite.request.teamId === decoded.value.teamId && invite.state !== "graded") {
        invite.state = "cancelled"
        invite.cancelReason ??= decoded.value.reason
      }
      return json(204)
    }))),
    HttpRouter.route("*", "/v1/*", providerApi(noRoute("route")))
  ])

  // A lenient JSON object body: anything else is `{}`.
  const lenient = (body: string): Record<string, unknown> => {
    try {
      return body.trim().length === 0 ? {} : JSON.parse(body)
    } catch {
      return {}
    }
  }
  const invite = (action: (id: string, body: string) => Store.Invite | undefined) =>
    handle((_, body, params) => {
      const id = params["id"] ?? ""
      const found = action(id, body)
      return Effect.succeed(found === undefined ? problem(404, "NotFound", `No interview ${id}`) : json(200, Store.view(found)))
    })
  const done = (effect: () => void) => handle(() => Effect.sync(() => (effect(), json(204))))

  const ControlRoutes = HttpRouter.addAll([
    HttpRouter.route("GET", "/_sandbox/invites", Effect.sync(() => json(200, { data: [...store.byKey.values()].map(Store.view) }))),
    HttpRouter.route("GET", "/_sandbox/creates", Effect.sync(() =>
      json(200, {
        creates: Object.fromEntries(store.creates),
        createRequests: Object.fromEntries(store.createRequests),
        requests: Object.fromEntries(store.requests)
      }))),
    HttpRouter.route("POST", "/_sandbox/invites/:id/start", invite((id) => actions.start(id))),
    HttpRouter.route("POST", "/_sandbox/invites/:id/submit", invite((id, body) => {
      const score = lenient(body)["score"]
      return actions.submit(id, typeof score === "number" ? score : undefined)
    })),
    HttpRouter.route("POST", "/_sandbox/invites/:id/expire", invite((id) => actions.expire(id))),
    HttpRouter.route("POST", "/_sandbox/faults", handle((_, body) => Effect.sync(() => {
      const decoded = decode(FaultBody, body)
      if (!decoded.ok) return problem(400, "InvalidRequest", decoded.message)
      const { count: times, kind, ...rest } = decoded.value
      faults.queue.push({ ...rest, kind: kind ?? "status", count: times ?? 1 })
      return json(204)
    }))),
    HttpRouter.route("DELETE", "/_sandbox/faults", done(() => (faults.queue.length = 0))),
    HttpRouter.route("GET", "/_sandbox/deliveries", Effect.sync(() => json(200, { data: sender.deliveries }))),
    HttpRouter.route("POST", "/_sandbox/deliveries/:id/redeliver", handle((_, __, params) => Effect.sync(() => {
      const delivery = sender.deliveries.find((d) => d.webhookId === params["id"])
      if (delivery === undefined) return problem(404, "NotFound", "No such delivery")
      WebhookSender.redeliver(sender, delivery)
      return json(202, { webhookId: delivery.webhookId })
    }))),
    HttpRouter.route("PUT", "/_sandbox/fulcrum-url", handle((_, body) => Effect.sync(() => {
      const value = lenient(body)["url"]
      sender.options.fulcrumUrl = typeof value === "string" ? value : undefined
      return json(204)
    }))),
    HttpRouter.route("PUT", "/_sandbox/interview-types", handle((_, body) => Effect.sync(() => {
      const decoded = decode(ProviderProtocol.InterviewTypeList, body)
      if (!decoded.ok) return problem(400, "InvalidRequest", decoded.message)
      store.interviewTypes = decoded.value.data
      return json(204)
    }))),
    HttpRouter.route("POST", "/_sandbox/reset", done(() => {
      Store.reset(store)
      faults.queue.length = 0
      sender.deliveries.length = 0
    })),
    HttpRouter.route("*", "/_sandbox/*", handle(noRoute("control route")))
  ])

  // The candidate's pages: the invite (a form POST to start or submit, then 303 back) and the report.
  const page = (found: Store.Invite | undefined, render: (invite: Store.Invite) => string) =>
    found === undefined ? html(404, Pages.notFoundPage()) : html(200, render(found))
  const step = (action: (id: string, form: URLSearchParams) => void) =>
    handle((_, body, params) => Effect.sync(() => {
      const id = params["id"] ?? ""
      action(id, new URLSearchParams(body))
      return HttpServerResponse.redirect(`/interview/${encodeURIComponent(id)}`, { status: 303 })
    }))

  const PageRoutes = HttpRouter.addAll([
    HttpRouter.route("*", "/interview/:id", handle((_, __, params) =>
      Effect.succeed(page(store.byInterview.get(params["id"] ?? ""), Pages.invitePage)))),
    HttpRouter.route("POST", "/interview/:id/start", step((id) => actions.start(id))),
    HttpRouter.route("POST", "/interview/:id/submit", step((id, form) => {
      const score = form.get("score")
      actions.submit(id, score === null || score === "" || Number.isNaN(Number(score)) ? undefined : Number(score))
    })),
    HttpRouter.route("*", "/reports/:id", handle((_, __, params) => {
      const found = store.byInterview.get(params["id"] ?? "")
      return Effect.succeed(page(found?.state === "graded" ? found : undefined, Pages.reportPage))
    })),
    HttpRouter.route("*", "*", handle(noRoute("route")))
  ])

  let server: Server | undefined
  const runtime = ManagedRuntime.make(
    HttpRouter.serve(Layer.mergeAll(ProviderRoutes, ControlRoutes, PageRoutes), { disableLogger: true, disableListenLog: true }).pipe(
      // No span per request: a test double's requests are not worth a fifth of its CPU time.
      Layer.provide(Layer.succeed(HttpMiddleware.TracerDisabledWhen)(() => true)),
      Layer.provideMerge(NodeHttpServer.layer(() => (server = createServer()), { port: options.port ?? 0, host: options.host ?? "127.0.0.1" }))
    )
  )
  const { address } = await runtime.runPromise(Effect.service(HttpServer.HttpServer)).catch(async (error: unknown) => {
    await runtime.dispose()
    // The listen error itself (e.g. EADDRINUSE), as `node:http` reports it.
    throw error instanceof HttpServerError.ServeError ? error.cause : error
  })
  const port = address._tag === "UnixPathAddress" ? 0 : address.port
  const host = options.host === undefined || options.host === "0.0.0.0" ? "127.0.0.1" : options.host
  url = `http://${host}:${port}`

  const sweep = setInterval(() => {
    const now = Date.now()
    for (const invite of store.byInterview.values()) {
      if (invite.expiresAt !== null && invite.expiresAt <= now) actions.expire(invite.interviewId)
    }
  }, options.expirySweepMs ?? 1000)
  sweep.unref()

  return {
    url,
    port,
    secret,
    store,
    faults,
    sender,
    actions,
    setFulcrumUrl: (next) => {
      sender.options.fulcrumUrl = next
    },
    close: async () => {
      clearInterval(sweep)
      WebhookSender.close(sender)
      server?.closeAllConnections()
      await runtime.dispose()
    }
  }
}

/** The running sandbox as an Effect service. @since 0.1.0 */
export class ProviderSandbox extends Context.Service<ProviderSandbox, Sandbox>()("@fulcrum/provider-sandbox/ProviderSandbox") {}

/**
 * Starts a sandbox for the scope of the layer and closes it after; a port it cannot listen on is a
 * `ServeError`.
 *
 * @since 0.1.0
 */
export const layer = (options: Options = {}): Layer.Layer<ProviderSandbox, HttpServerError.ServeError> =>
  Layer.effect(
    ProviderSandbox,
    Effect.acquireRelease(
      Effect.tryPromise({ try: () => start(options), catch: (cause) => new HttpServerError.ServeError({ cause }) }),
      (sandbox) => Effect.promise(() => sandbox.close())
    )
  )

/** The secret as the environment variable carries it. @since 0.1.0 */
export const secretValue = (sandbox: Sandbox): string => Redacted.value(sandbox.secret)

/** The invite the provider knows as `interviewId`, if any. @since 0.1.0 */
export const findInvite = (sandbox: Sandbox, interviewId: string): Option.Option<Store.Invite> =>
  Option.fromNullishOr(sandbox.store.byInterview.get(interviewId))
