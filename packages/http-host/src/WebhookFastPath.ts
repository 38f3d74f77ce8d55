/**
 * Webhook deliveries, Lever's and the assessment provider's, answered in Node's `request` event, before
 * Effect's HTTP server builds its request, runs the router and the host's middleware, and writes the
 * response (ADR 0014). Every ack went through that pipeline, ≈ 15% of the host's CPU per Lever ack in
 * process and more for the provider's, and the ack needs none of it.
 *
 * Only the plain common case is taken: `POST /webhooks/lever/{teamId}/{stage-change|archive-change|
 * candidate-deleted}` or `POST /webhooks/provider/{teamId}` over HTTP/1.x, the team id made of URL-safe
 * characters (nothing to decode), a `content-length` within the host's body limit (and within what
 * Effect's server drains after an early answer), no `transfer-encoding`, `content-encoding` or `expect`,
 * a body nobody has started reading, and tracing off. Everything else —
 * other methods and paths, query strings, chunked or compressed bodies, oversized ones, `100-continue`,
 * and every request while spans are recorded (the request span and its `http.route`) — goes on to the
 * Effect routes untouched.
 *
 * What it answers is what the Effect route answers, byte for byte (test/WebhookFastPath.test.ts): the
 * same use cases and error answers (`WebhookHandlers.answerDelivery`,
 * `ProviderWebhookHandlers.answerDelivery`), the same request id rule (`x-request-id` echoed or
 * generated) and log annotation, the same JSON 500 for a defect, the response written as Effect's server
 * writes it. The fiber runs in the server layer's scope and is interrupted when the client goes away
 * first, as Effect's are; shutdown is the server's own (`server.close` waits for requests in flight, this
 * path's included).
 *
 * ```
 * node:http "request" ──fast?──▶ WebhookFastPath ─▶ WebhookHandlers.answerDelivery ─▶ ReceiveWebhook
 *                     │                          └▶ ProviderWebhookHandlers.answerDelivery ─▶ ReceiveProviderWebhook
 *                     └─else──▶ Effect's HTTP server ─▶ Fallback ─▶ WebhookRoutes / the API's routes
 * ```
 *
 * @since 0.2.0
 */
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import { FulcrumApi } from "@fulcrum/api"
import type { Lever } from "@fulcrum/domain"
import { Context, Effect, Exit, Fiber, Layer, References, Scope } from "effect"
import { Headers, HttpServerResponse } from "effect/http"
import { createServer } from "node:http"
import type { IncomingMessage, OutgoingHttpHeaders, Server, ServerResponse } from "node:http"
import { defectAnswer } from "./internal/internalError.ts"
import { requestIdOf } from "./internal/requestId.ts"
import * as ProviderWebhookHandlers from "./ProviderWebhookHandlers.ts"
import * as WebhookHandlers from "./WebhookHandlers.ts"

/**
 * Takes a request and answers it (`true`), or leaves it untouched for the next listener (`false`).
 *
 * @since 0.2.0
 */
export type Dispatch = (request: IncomingMessage, response: ServerResponse) => boolean

/**
 * What the fast path runs with: the services of the core's webhook use case.
 *
 * @since 0.2.0
 */
export type Services =
  | Effect.Services<ReturnType<typeof WebhookHandlers.answerDelivery<never>>>
  | Effect.Services<ReturnType<typeof ProviderWebhookHandlers.answerDelivery<never>>>

/**
 * How the fast path is configured: the host's body limit (`HostOptions.maxBodyBytes`); a body over it
 * goes to the Effect routes, which answer the 413.
 *
 * @since 0.2.0
 */
export interface Options {
  readonly maxBodyBytes: number
}

/**
 * The answer to one delivery on a fast route: the raw team id from the path, the decoded body, the
 * request (its headers and caller's address).
 */
type Answer = (
  teamId: string,
  body: string,
  request: IncomingMessage
) => Effect.Effect<HttpServerResponse.HttpServerResponse, never, Services>

/** The route's answer: Lever's webhooks, each its own kind. */
const lever = (webhook: Lever.WebhookKind): Answer => (teamId, body, request) =>
  WebhookHandlers.answerDelivery(webhook, teamId, Effect.succeed(body), request.socket.remoteAddress)

/** The provider's webhook, with the headers as Effect's server gives them (Node's, arrays joined). */
const provider: Answer = (teamId, body, request) =>
  ProviderWebhookHandlers.answerDelivery(
    teamId,
    Effect.succeed(body),
    Headers.fromInput(request.headers),
    request.socket.remoteAddress
  )

const { endpoints: leverEndpoints } = FulcrumApi.FulcrumApi.groups.webhooks
const { endpoints: providerEndpoints } = FulcrumApi.FulcrumApi.groups.providerWebhooks

/**
 * The fast routes by what comes before the team id (`/webhooks/lever/`, `/webhooks/provider/`), then by
 * what comes after it (`/stage-change`, … and `""`), from the API definition, so the two cannot name
 * different URLs.
 */
const routes = (() => {
  const byPrefix = new Map<string, Map<string, Answer>>()
  const add = (path: string, answer: Answer) => {
    const [head, rest, ...more] = path.split(":teamId")
    if (head === undefined || rest === undefined || more.length > 0 || rest.includes(":")) {
      throw new Error(`WebhookFastPath: unexpected webhook path ${path}`)
    }
    const byRest = byPrefix.get(head) ?? new Map<string, Answer>()
    byPrefix.set(head, byRest.set(rest, answer))
  }
  for (const [webhook, endpoint] of Object.entries(leverEndpoints)) add(endpoint.path, lever(webhook as Lever.WebhookKind))
  add(providerEndpoints.receive.path, provider)
  return [...byPrefix]
})()

/**
 * A team id the router passes on exactly as written: unreserved URL characters, as long as the router
 * takes a path parameter. Anything else (percent-escapes, over-long segments) is the router's to decode.
 */
const plainSegment = /^[A-Za-z0-9._~-]{1,100}$/

/** A plain webhook path: its answer and raw team id. */
interface Route {
  readonly answer: Answer
  readonly teamId: string
}

/** The route of a plain webhook path, else undefined. */
const match = (url: string): Route | undefined => {
  for (const [prefix, byRest] of routes) {
    if (!url.startsWith(prefix)) continue
    const slash = url.indexOf("/", prefix.length)
    const end = slash < 0 ? url.length : slash
    const answer = byRest.get(url.slice(end))
    if (answer === undefined) continue
    const teamId = url.slice(prefix.length, end)
    return plainSegment.test(teamId) ? { answer, teamId } : undefined
  }
  return undefined
}

/**
 * Effect's Node server closes the connection (`connection: close`) when it answers with more than this
 * of the body unread, as the webhook route does for an unknown team; bodies above it go the Effect way so
 * that answer stays the same.
 */
const maxDrainBytes = 256 * 1024

/** The body as `HttpServerRequest.text` decodes it (UTF-8, a leading byte order mark dropped). */
const decoder = new TextDecoder()

/** Writes `response` as Effect's Node server writes a small JSON answer, with the request id. */
const write = (res: ServerResponse, response: HttpServerResponse.HttpServerResponse, requestId: string) => {
  if (res.destroyed || res.writableEnded) return
  const sent = HttpServerResponse.setHeader(response, "x-request-id", requestId)
  const body = sent.body
  res.strictContentLength = true
  res.writeHead(sent.status, sent.statusText, sent.headers as OutgoingHttpHeaders)
  res.end(body._tag === "Uint8Array" ? (body.text ?? body.body) : undefined)
}

/**
 * The dispatch for the services in context, its fibers in the current scope. Takes nothing while
 * spans are recorded (`References.TracerEnabled`): the request span is the Effect server's.
 *
 * @since 0.2.0
 */
export const make = (options: Options): Effect.Effect<Dispatch, never, Services | Scope.Scope> => Effect.gen(function*() {
  const context = yield* Effect.context<Services>()
  if (Context.get(context, References.TracerEnabled)) return () => false
  const scope = yield* Scope.fork(yield* Scope.Scope, "parallel")
  const limit = Math.min(options.maxBodyBytes, maxDrainBytes)
  const run = Effect.runForkWith(context)

  const answer = (req: IncomingMessage, res: ServerResponse, route: Route, requestId: string, body: Buffer) => {
    const effect = route.answer(route.teamId, decoder.decode(body), req).pipe(
      Effect.catchDefect((defect) => defectAnswer(defect, requestId)),
      Effect.annotateLogs("requestId", requestId)
    )
    const fiber = Fiber.runIn(run(effect), scope)
    fiber.addObserver((exit) => {
      if (Exit.isSuccess(exit)) write(res, exit.value, requestId)
      // Interrupted (nothing else can end it): the client went away, or the host stopped after its grace
      // period, as the Effect server's fibers are.
      else if (!res.writableEnded) res.destroy()
    })
    if (fiber.pollUnsafe() === undefined) {
      res.on("close", () => {
        if (!res.writableEnded) fiber.interruptUnsafe()
      })
    }
  }

  const dispatch: Dispatch = (req, res) => {
    // A body already being read (an embedder's body parser ran first) is not the plain case either.
    if (req.method !== "POST" || req.httpVersionMajor !== 1 || req.readableFlowing !== null || req.readableEnded) {
      return false
    }
    const route = match(req.url ?? "")
    if (route === undefined) return false
    const headers = req.headers
    const length = headers["content-length"]
    if (
      length === undefined || headers["transfer-encoding"] !== undefined ||
      headers["content-encoding"] !== undefined || headers.expect !== undefined
    ) return false
    const bytes = Number(length)
    // Node joins repeated custom headers into one string; an array here is not the plain case.
    const callerId = headers["x-request-id"]
    if (!(bytes <= limit) || Array.isArray(callerId)) return false
    const requestId = requestIdOf(callerId)
    const chunks: Array<Buffer> = []
    req.on("data", (chunk: Buffer) => chunks.push(chunk))
    // A body cut off by the client: nobody is left to answer.
    req.on("error", () => {})
    req.once("end", () =>
      answer(req, res, route, requestId, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)))
    return true
  }
  return dispatch
})

/**
 * `server` with `dispatch` ahead of its `request` listeners: what `dispatch` takes never reaches them.
 * Listening, `checkContinue`, upgrades and `close` are the server's own.
 *
 * @since 0.2.0
 */
export const serveFirst = <S extends Server>(server: S, dispatch: Dispatch): S => {
  const emit = server.emit
  server.emit = function(this: S, event: string | symbol, ...args: Array<any>) {
    if (event === "request" && dispatch(args[0], args[1])) return true
    return emit.apply(this, [event, ...args] as Parameters<S["emit"]>)
  } as S["emit"]
  return server
}

/**
 * `NodeHttpServer.layer` on a `node:http` server with the fast path in front: `fulcrum-http`'s and the
 * quickstart's server.
 *
 * @since 0.2.0
 */
export const layerNodeServer = (options: Options, listen: Parameters<typeof NodeHttpServer.layer>[1]) =>
  Layer.unwrap(Effect.map(make(options), (dispatch) => NodeHttpServer.layer(() => serveFirst(createServer(), dispatch), listen)))
