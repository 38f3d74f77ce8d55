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
import { Context, Effect, Exit, Layer, Option, Redacted, Schema } from "effect"
import { randomBytes } from "node:crypto"
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
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

const json = (res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}) => {
  if (body === undefined) {
    res.writeHead(status, headers).end()
    return
  }
  res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body))
}

const html = (res: ServerResponse, status: number, body: string) =>
  res.writeHead(status, { "content-type": "text/html; charset=utf-8" }).end(body)

const problem = (res: ServerResponse, status: number, code: string, message: string, headers?: Record<string, string>) =>
  json(res, status, { code, message }, headers)

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Array<Buffer> = []
    let size = 0
    req.on("data", (chunk: Buffer) => {
      size += chunk.length
      if (size > 1_000_000) {
        reject(new Error("body too large"))
        req.destroy()
        return
      }
      chunks.push(chunk)
    })
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")))
    req.on("error", reject)
  })

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

  const verified = async (req: IncomingMessage, body: string) => {
    const headers = Object.fromEntries(
      Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(" ") : v])
    )
    const exit = await Effect.runPromiseExit(StandardWebhooks.verify(secret, { headers, body, nowMs: Date.now() }))
    return Exit.isSuccess(exit) ? undefined : exit.cause
  }

  const count = (name: string) => store.requests.set(name, (store.requests.get(name) ?? 0) + 1)

  const providerApi = async (req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams) => {
    const method = req.method ?? "GET"
    const body = await readBody(req)
    const inviteMatch = /^\/v1\/invites\/([^/]+)\/(next-step|cancel)$/.exec(path)
    const template = inviteMatch === null ? path : `/v1/invites/{interviewId}/${inviteMatch[2]}`
    count(`${method} ${template}`)
    if (method === "POST" && path === "/v1/invites") {
      const key = req.headers[ProviderProtocol.headerIdempotencyKey]
      if (typeof key === "string") store.createRequests.set(key, (store.createRequests.get(key) ?? 0) + 1)
    }
    const fault = Faults.take(faults, method, path)
    if (fault?.kind === "drop") {
      req.socket.destroy()
      return
    }
    if (fault?.kind === "status") {
      return problem(
        res,
        fault.status ?? 503,
        fault.code ?? (fault.status === 429 ? "RateLimited" : "Unavailable"),
        fault.message ?? "Injected fault",
        fault.retryAfter === undefined ? {} : { "retry-after": fault.retryAfter }
      )
    }
    if ((await verified(req, body)) !== undefined) {
      return problem(res, 401, "InvalidSignature", "The webhook-signature does not match, or the timestamp is stale")
    }
    const answer = (status: number, value?: unknown) => {
      const delay = fault?.kind === "slow" ? fault.delayMs ?? 5_000 : 0
      if (delay === 0) return json(res, status, value)
      setTimeout(() => json(res, status, value), delay)
    }

    if (method === "GET" && path === "/v1/interview-types") {
      const teamId = query.get("teamId")
      if (teamId === null || teamId.length === 0) return problem(res, 400, "InvalidRequest", "teamId is required")
      return answer(200, { data: store.interviewTypes })
    }
    if (method === "POST" && path === "/v1/invites") {
      const key = req.headers[ProviderProtocol.headerIdempotencyKey]
      if (typeof key !== "string" || key.length === 0) {
        return problem(res, 400, "InvalidRequest", "The Idempotency-Key header is required")
      }
      const existing = store.byKey.get(key)
      const created = (invite: Store.Invite) => ({
        interviewId: invite.interviewId,
        inviteUrl: invite.inviteUrl,
        expiresAt: invite.expiresAt === null ? null : new Date(invite.expiresAt).toISOString()
      })
      if (existing !== undefined) return answer(200, created(existing))
      const decoded = decode(ProviderProtocol.CreateInvite, body)
      if (!decoded.ok) return problem(res, 400, "InvalidRequest", decoded.message)
      if (!/^[^@\s]+@[^@\s]+$/.test(decoded.value.candidate.email.trim())) {
        return problem(res, 422, "InvalidEmail", `"${decoded.value.candidate.email}" cannot receive an invite`)
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
      return answer(201, created(invite))
    }
    if (method === "POST" && inviteMatch !== null) {
      const interviewId = decodeURIComponent(inviteMatch[1]!)
      const invite = store.byInterview.get(interviewId)
      if (inviteMatch[2] === "next-step") {
        const decoded = decode(ProviderProtocol.NextStepRequest, body)
        if (!decoded.ok) return problem(res, 400, "InvalidRequest", decoded.message)
        if (invite === undefined || invite.request.teamId !== decoded.value.teamId) {
          return problem(res, 404, "NotFound", `No interview ${interviewId} for this team`)
        }
        if (!invite.nextSteps.includes(decoded.value.nextStep)) invite.nextSteps.push(decoded.value.nextStep)
        return answer(204)
      }
      const decoded = decode(ProviderProtocol.CancelRequest, body)
      if (!decoded.ok) return problem(res, 400, "InvalidRequest", decoded.message)
      if (invite !== undefined && invite.request.teamId === decoded.value.teamId && invite.state !== "graded") {
        invite.state = "cancelled"
        invite.cancelReason ??= decoded.value.reason
      }
      return answer(204)
    }
    return problem(res, 404, "NotFound", `No route ${method} ${path}`)
  }

  const control = async (req: IncomingMessage, res: ServerResponse, path: string) => {
    const method = req.method ?? "GET"
    const body = await readBody(req)
    const parsed = (): Record<string, unknown> => {
      try {
        return body.trim().length === 0 ? {} : JSON.parse(body)
      } catch {
        return {}
      }
    }
    if (method === "GET" && path === "/_sandbox/invites") {
      return json(res, 200, { data: [...store.byKey.values()].map(Store.view) })
    }
    if (method === "GET" && path === "/_sandbox/creates") {
      return json(res, 200, {
        creates: Object.fromEntries(store.creates),
        createRequests: Object.fromEntries(store.createRequests),
        requests: Object.fromEntries(store.requests)
      })
    }
    const action = /^\/_sandbox\/invites\/([^/]+)\/(start|submit|expire)$/.exec(path)
    if (method === "POST" && action !== null) {
      const id = decodeURIComponent(action[1]!)
      const score = parsed()["score"]
      const invite = action[2] === "start"
        ? actions.start(id)
        : action[2] === "submit"
        ? actions.submit(id, typeof score === "number" ? score : undefined)
        : actions.expire(id)
      return invite === undefined ? problem(res, 404, "NotFound", `No interview ${id}`) : json(res, 200, Store.view(invite))
    }
    if (path === "/_sandbox/faults" && method === "POST") {
      const decoded = decode(FaultBody, body)
      if (!decoded.ok) return problem(res, 400, "InvalidRequest", decoded.message)
      const { count: times, kind, ...rest } = decoded.value
      faults.queue.push({ ...rest, kind: kind ?? "status", count: times ?? 1 })
      return json(res, 204)
    }
    if (path === "/_sandbox/faults" && method === "DELETE") {
      faults.queue.length = 0
      return json(res, 204)
    }
    if (method === "GET" && path === "/_sandbox/deliveries") {
      return json(res, 200, { data: sender.deliveries })
    }
    const redeliver = /^\/_sandbox\/deliveries\/([^/]+)\/redeliver$/.exec(path)
    if (method === "POST" && redeliver !== null) {
      const delivery = sender.deliveries.find((d) => d.webhookId === decodeURIComponent(redeliver[1]!))
      if (delivery === undefined) return problem(res, 404, "NotFound", "No such delivery")
      WebhookSender.redeliver(sender, delivery)
      return json(res, 202, { webhookId: delivery.webhookId })
    }
    if (method === "PUT" && path === "/_sandbox/fulcrum-url") {
      const value = parsed()["url"]
      sender.options.fulcrumUrl = typeof value === "string" ? value : undefined
      return json(res, 204)
    }
    if (method === "PUT" && path === "/_sandbox/interview-types") {
      const decoded = decode(ProviderProtocol.InterviewTypeList, body)
      if (!decoded.ok) return problem(res, 400, "InvalidRequest", decoded.message)
      store.interviewTypes = decoded.value.data
      return json(res, 204)
    }
    if (method === "POST" && path === "/_sandbox/reset") {
      Store.reset(store)
      faults.queue.length = 0
      sender.deliveries.length = 0
      return json(res, 204)
    }
    return problem(res, 404, "NotFound", `No control route ${method} ${path}`)
  }

  const pages = async (req: IncomingMessage, res: ServerResponse, path: string) => {
    const interview = /^\/interview\/([^/]+)(?:\/(start|submit))?$/.exec(path)
    const report = /^\/reports\/([^/]+)$/.exec(path)
    if (interview !== null) {
      const id = decodeURIComponent(interview[1]!)
      if (req.method === "POST" && interview[2] !== undefined) {
        const form = new URLSearchParams(await readBody(req))
        const score = form.get("score")
        if (interview[2] === "start") actions.start(id)
        else actions.submit(id, score === null || score === "" || Number.isNaN(Number(score)) ? undefined : Number(score))
        return res.writeHead(303, { location: `/interview/${encodeURIComponent(id)}` }).end()
      }
      const invite = store.byInterview.get(id)
      return invite === undefined ? html(res, 404, Pages.notFoundPage()) : html(res, 200, Pages.invitePage(invite))
    }
    if (report !== null) {
      const invite = store.byInterview.get(decodeURIComponent(report[1]!))
      return invite === undefined || invite.state !== "graded"
        ? html(res, 404, Pages.notFoundPage())
        : html(res, 200, Pages.reportPage(invite))
    }
    return problem(res, 404, "NotFound", `No route ${req.method} ${path}`)
  }

  const server = createServer((req, res) => {
    const parsedUrl = new URL(req.url ?? "/", "http://sandbox.invalid")
    const path = parsedUrl.pathname
    const route = path.startsWith("/v1/")
      ? providerApi(req, res, path, parsedUrl.searchParams)
      : path.startsWith("/_sandbox/")
      ? control(req, res, path)
      : pages(req, res, path)
    route.catch(() => {
      if (!res.headersSent) problem(res, 400, "InvalidRequest", "The request could not be read")
    })
  })
  server.keepAliveTimeout = 5_000

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject)
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve())
  })
  const address = server.address() as AddressInfo
  const host = options.host === undefined || options.host === "0.0.0.0" ? "127.0.0.1" : options.host
  url = `http://${host}:${address.port}`

  const sweep = setInterval(() => {
    const now = Date.now()
    for (const invite of store.byInterview.values()) {
      if (invite.expiresAt !== null && invite.expiresAt <= now) actions.expire(invite.interviewId)
    }
  }, options.expirySweepMs ?? 1000)
  sweep.unref()

  return {
    url,
    port: address.port,
    secret,
    store,
    faults,
    sender,
    actions,
    setFulcrumUrl: (next) => {
      sender.options.fulcrumUrl = next
    },
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(sweep)
        WebhookSender.close(sender)
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

/** The running sandbox as an Effect service. @since 0.1.0 */
export class ProviderSandbox extends Context.Service<ProviderSandbox, Sandbox>()("@fulcrum/provider-sandbox/ProviderSandbox") {}

/**
 * Starts a sandbox for the scope of the layer and closes it after.
 *
 * @since 0.1.0
 */
export const layer = (options: Options = {}): Layer.Layer<ProviderSandbox> =>
  Layer.effect(
    ProviderSandbox,
    Effect.acquireRelease(Effect.promise(() => start(options)), (sandbox) => Effect.promise(() => sandbox.close()))
  )

/** The secret as the environment variable carries it. @since 0.1.0 */
export const secretValue = (sandbox: Sandbox): string => Redacted.value(sandbox.secret)

/** The invite the provider knows as `interviewId`, if any. @since 0.1.0 */
export const findInvite = (sandbox: Sandbox, interviewId: string): Option.Option<Store.Invite> =>
  Option.fromNullishOr(sandbox.store.byInterview.get(interviewId))
