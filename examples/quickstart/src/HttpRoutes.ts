/**
 * The example's HTTP surface: Lever's webhooks, the provider's result callback, read-only admin views,
 * and health probes. Every route is a thin adapter — decode the request with Schema, call one core use
 * case, turn its outcome or typed error into JSON — so the rules live in `@fulcrum/core` and the full
 * admin API can replace this file without changing behaviour.
 *
 * Errors are always JSON `{ "error": <tag>, "message": ... }`: bad input is a 4xx (never a 500), and a
 * store that cannot be reached is a 503, which Lever retries.
 *
 * @since 0.1.0
 */
import {
  Candidates,
  ConfigStore,
  EventInbox,
  Events,
  ReceiveWebhook,
  Results,
  SignatureVerifier,
  TeamSetup
} from "@fulcrum/core"
import type { LeverAccess, StoreError } from "@fulcrum/core"
import { Candidate, Ids, type Lever, type Setup } from "@fulcrum/domain"
import { ByteSize, Cause, Clock, Effect, Option, Redacted, Schema, SchemaIssue } from "effect"
import type { Types } from "effect"
import { HttpRouter, HttpServerError, HttpServerRequest, HttpServerResponse } from "effect/http"
import { createHash, timingSafeEqual } from "node:crypto"

/** The largest body accepted (Lever's webhook bodies are a few hundred bytes). @since 0.1.0 */
export const maxBodyBytes = 1_048_576

// ---------------------------------------------------------------------------------------------------------
// Errors of the HTTP layer itself (the use cases bring their own)
// ---------------------------------------------------------------------------------------------------------

/** One problem found in a request: where (a JSON path) and what. @since 0.1.0 */
export const Problem = Schema.Struct({ path: Schema.String, message: Schema.String })
/** @since 0.1.0 */
export type Problem = typeof Problem.Type

/** The request body or query is not what the endpoint takes; `problems` lists every failing path. @since 0.1.0 */
export class InvalidRequest extends Schema.TaggedError<InvalidRequest>()("InvalidRequest", {
  message: Schema.String,
  problems: Schema.Array(Problem)
}) {}

/** The body is larger than {@link maxBodyBytes}. @since 0.1.0 */
export class PayloadTooLarge extends Schema.TaggedError<PayloadTooLarge>()("PayloadTooLarge", {
  limitBytes: Schema.Number
}) {}

/** The admin bearer token is missing or wrong. @since 0.1.0 */
export class Unauthorized extends Schema.TaggedError<Unauthorized>()("Unauthorized", {
  message: Schema.String
}) {}

/** No such route or resource. @since 0.1.0 */
export class NotFound extends Schema.TaggedError<NotFound>()("NotFound", {
  message: Schema.String
}) {}

type RouteError =
  | InvalidRequest
  | PayloadTooLarge
  | Unauthorized
  | NotFound
  | SignatureVerifier.WebhookRejection
  | StoreError.StoreError
  | ConfigStore.TeamNotFound
  | ConfigStore.VersionConflict
  | Setup.SetupRejected
  | LeverAccess.LeverNotConnected
  | Candidates.CandidateNotFound
  | Results.InterviewNotFound
  | EventInbox.EventNotFound

const json = (status: number, body: unknown, headers?: Record<string, string>) =>
  HttpServerResponse.jsonUnsafe(body, { status, ...(headers === undefined ? {} : { headers }) })

/**
 * The status and the user-facing message of every error a route can end with. The switch is exhaustive,
 * so a new error in a use case does not compile until it has an answer here.
 */
const describeError = (error: RouteError): { readonly status: number; readonly message: string } => {
  switch (error._tag) {
    case "InvalidRequest":
    case "MalformedWebhook":
      return { status: 400, message: error.message }
    case "MissingSignature":
    case "BadSignature":
    case "StaleWebhook":
    case "TokenNotSubmitted":
    case "Unauthorized":
      return { status: 401, message: error.message }
    case "NotFound":
      return { status: 404, message: error.message }
    case "UnknownTeam":
    case "TeamNotFound":
      return { status: 404, message: `No team ${error.teamId}` }
    case "CandidateNotFound":
      return { status: 404, message: `No candidate ${error.opportunityId} in team ${error.teamId}` }
    case "InterviewNotFound":
      return { status: 404, message: `No candidate of team ${error.teamId} has interview ${error.interviewId}` }
    case "EventNotFound":
      return { status: 404, message: `No event ${error.eventId}` }
    case "PayloadTooLarge":
      return { status: 413, message: `The body is larger than ${error.limitBytes} bytes` }
    case "LeverNotConnected":
      return { status: 409, message: error.message }
    case "SetupRejected":
      return { status: 409, message: `The team's settings refused the change (${error.reason})` }
    // Transient: the caller (Lever included) retries. The detail goes to the log, not to the caller.
    case "StoreError":
    case "VersionConflict":
      return { status: 503, message: "Fulcrum's store is unavailable right now; retry later" }
  }
}

const errorResponse = (error: RouteError) => {
  const { message, status } = describeError(error)
  return json(
    status,
    { error: error._tag, message, ...(error._tag === "InvalidRequest" ? { problems: error.problems } : {}) },
    error._tag === "Unauthorized" ? { "www-authenticate": "Bearer realm=\"fulcrum-admin\"" } : undefined
  )
}

/**
 * Runs a route and answers every failure: typed errors by {@link describeError}, and a defect (a bug)
 * with a logged cause and a JSON 500 that reveals nothing of it.
 */
const respond = <R>(route: Effect.Effect<HttpServerResponse.HttpServerResponse, RouteError, R>) =>
  route.pipe(
    Effect.tapError((error) =>
      error._tag === "StoreError"
        ? Effect.logWarning("store unavailable").pipe(
          Effect.annotateLogs({ operation: error.operation, detail: error.message })
        )
        : Effect.void
    ),
    Effect.catch((error: RouteError) => Effect.succeed(errorResponse(error))),
    Effect.catchDefect((defect) =>
      Effect.logError("request failed unexpectedly").pipe(
        Effect.annotateLogs({ cause: Cause.pretty(Cause.die(defect)) }),
        Effect.as(json(500, { error: "InternalError", message: "Something went wrong on our side" }))
      )
    )
  )

// ---------------------------------------------------------------------------------------------------------
// Request decoding
// ---------------------------------------------------------------------------------------------------------

const formatProblems = SchemaIssue.makeFormatterStandardSchemaV1()

const toInvalidRequest = (what: string) => (error: Schema.SchemaError) =>
  new InvalidRequest({
    message: `Invalid ${what}`,
    problems: formatProblems(error.issue).issues.map((issue) => ({
      path: ["$", ...(issue.path ?? []).map(String)].join("."),
      message: issue.message
    }))
  })

/** The body as text, refused with 413 above the limit (declared length first, then while reading). */
const readBody = Effect.fnUntraced(function*(
  request: HttpServerRequest.HttpServerRequest
): Effect.fn.Return<string, PayloadTooLarge | InvalidRequest> {
  const declared = Number(request.headers["content-length"] ?? "0")
  if (declared > maxBodyBytes) return yield* new PayloadTooLarge({ limitBytes: maxBodyBytes })
  return yield* request.text.pipe(
    Effect.provideService(HttpServerRequest.MaxBodySize, ByteSize.bytes(maxBodyBytes)),
    Effect.mapError((error) =>
      error.reason._tag === "RequestParseError" && error.reason.reason === "BodyTooLarge"
        ? new PayloadTooLarge({ limitBytes: maxBodyBytes })
        : new InvalidRequest({ message: "The request body could not be read", problems: [] })
    )
  )
})

/** Reads a JSON body and decodes it with `schema`, listing every problem. */
const decodeBody = <A, I>(schema: Schema.Codec<A, I>) =>
  Effect.gen(function*() {
    const text = yield* readBody(yield* HttpServerRequest.HttpServerRequest)
    const body = yield* Effect.try({
      try: () => JSON.parse(text) as unknown,
      catch: () => new InvalidRequest({ message: "The request body is not valid JSON", problems: [] })
    })
    return yield* Schema.decodeUnknownEffect(schema)(body, { errors: "all" }).pipe(
      Effect.mapError(toInvalidRequest("request body"))
    )
  })

/** Decodes the query string with `schema` (unknown parameters are ignored). */
const decodeQuery = <A, I>(schema: Schema.Codec<A, I>) =>
  Effect.flatMap(
    HttpServerRequest.ParsedSearchParams,
    (query) =>
      Schema.decodeUnknownEffect(schema)(query, { errors: "all", onExcessProperty: "ignore" }).pipe(
        Effect.mapError(toInvalidRequest("query"))
      )
  )

/** A path parameter as its branded id; an id that cannot exist is simply not found. */
const pathParam = <A>(name: string, schema: Schema.Decoder<A>, notFound: (raw: string) => RouteError) =>
  Effect.flatMap(HttpRouter.params, (params) => {
    const raw = params[name] ?? ""
    return Schema.decodeUnknownEffect(schema)(raw).pipe(Effect.mapError(() => notFound(raw)))
  })

const teamIdParam = pathParam("teamId", Ids.TeamId, (teamId) => new ConfigStore.TeamNotFound({ teamId }))
/** On webhook routes an impossible team id is answered like any team we do not know. */
const webhookTeamIdParam = pathParam("teamId", Ids.TeamId, (teamId) => new SignatureVerifier.UnknownTeam({ teamId }))
const opportunityIdParam = pathParam(
  "opportunityId",
  Ids.OpportunityId,
  (opportunityId) => new NotFound({ message: `No candidate ${opportunityId}` })
)
const interviewIdParam = pathParam(
  "interviewId",
  Ids.InterviewId,
  (interviewId) => new NotFound({ message: `No interview ${interviewId}` })
)
const eventIdParam = pathParam("eventId", Schema.NonEmptyString, (eventId) => new EventInbox.EventNotFound({ eventId }))

const PageSize = Schema.NumberFromString.check(Schema.isInt(), Schema.isBetween({ minimum: 1, maximum: 100 }))

/** `GET .../candidates` query. @since 0.1.0 */
export const CandidatesQuery = Schema.Struct({
  inviteState: Schema.optionalKey(Candidate.InviteState),
  limit: Schema.optionalKey(PageSize),
  cursor: Schema.optionalKey(Schema.String)
})

/** `GET .../events` query. @since 0.1.0 */
export const EventsQuery = Schema.Struct({
  status: Schema.optionalKey(EventInbox.EventStatus),
  opportunityId: Schema.optionalKey(Schema.String),
  limit: Schema.optionalKey(PageSize),
  cursor: Schema.optionalKey(Schema.String)
})

// ---------------------------------------------------------------------------------------------------------
// Admin authentication
// ---------------------------------------------------------------------------------------------------------

const digest = (value: string) => createHash("sha256").update(value, "utf8").digest()

/** Compares digests, so neither the length nor the content of the token leaks through timing. */
const sameToken = (given: string, expected: Redacted.Redacted<string>) =>
  timingSafeEqual(digest(given), digest(Redacted.value(expected)))

const requireAdmin = (token: Redacted.Redacted<string>) =>
  Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) => {
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(request.headers["authorization"] ?? "")
    return match !== null && sameToken(match[1]!, token)
      ? Effect.void
      : Effect.fail(
        new Unauthorized({ message: "Send the admin token as `Authorization: Bearer <FULCRUM_ADMIN_TOKEN>`" })
      )
  })

// ---------------------------------------------------------------------------------------------------------
// Routes
// ---------------------------------------------------------------------------------------------------------

/**
 * The webhook routes are the very paths `TeamSetup` registers in Lever, with the team id as a route
 * parameter, so the URLs given to Lever and the routes that answer them cannot drift apart.
 */
const webhookRoutes = TeamSetup.webhookPaths(":teamId" as Ids.TeamId)

/** Lever treats any 2xx as delivered: 202 when work was queued, 200 for everything acknowledged without. */
const webhookAnswer = (outcome: ReceiveWebhook.WebhookOutcome) => {
  switch (outcome._tag) {
    case "Accepted":
      return json(202, { status: "accepted", eventId: outcome.eventId })
    case "Duplicate":
      return json(200, { status: "duplicate", eventId: outcome.eventId, message: "Already received; nothing new to do" })
    case "ConnectionVerified":
      return json(200, { status: "connection verified", eventId: outcome.eventId })
    case "Skipped":
      return json(200, { status: "skipped", eventId: outcome.eventId, reason: outcome.reason })
    case "Ignored":
      return json(200, { status: "ignored", eventId: outcome.eventId, event: outcome.event })
  }
}

const receiveWebhook = (webhook: Lever.WebhookKind) =>
  respond(Effect.gen(function*() {
    const request = yield* HttpServerRequest.HttpServerRequest
    const teamId = yield* webhookTeamIdParam
    const rawBody = yield* readBody(request)
    const receivedAt = yield* Clock.currentTimeMillis
    const outcome = yield* ReceiveWebhook.receiveWebhook(
      { teamId, webhook, rawBody, receivedAt },
      { remoteAddress: Option.getOrUndefined(request.remoteAddress) }
    ).pipe(
      Effect.tapError((rejection) =>
        rejection._tag === "StoreError" ? Effect.void : Effect.logWarning("webhook rejected").pipe(
          Effect.annotateLogs({ teamId, webhook, rejection: rejection._tag })
        )
      )
    )
    yield* Effect.logDebug("webhook received").pipe(Effect.annotateLogs({ teamId, webhook, outcome: outcome._tag }))
    return webhookAnswer(outcome)
  }))

const reportResult = (adminToken: Redacted.Redacted<string>) =>
  respond(Effect.gen(function*() {
    yield* requireAdmin(adminToken)
    const teamId = yield* teamIdParam
    const interviewId = yield* interviewIdParam
    const result = yield* decodeBody(Results.GradedResult)
    const accepted = yield* Results.reportResult(teamId, interviewId, result)
    return accepted._tag === "Accepted"
      ? json(202, { status: "accepted", eventId: accepted.eventId })
      : json(200, { status: "duplicate", eventId: accepted.eventId, message: "This result was already reported" })
  }))

const admin = <R>(adminToken: Redacted.Redacted<string>, route: Effect.Effect<unknown, RouteError, R>, status = 200) =>
  respond(Effect.andThen(requireAdmin(adminToken), Effect.map(route, (body) => json(status, body))))

/** The JSON 404 of a request no route answers. */
const noRoute = respond(Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) =>
  Effect.fail(new NotFound({ message: `No route ${request.method} ${request.url.split("?")[0]}` }))))

/** Whether the router found no route at all (it fails with `RouteNotFound`, next to its own empty 404). */
const unrouted = (cause: Cause.Cause<unknown>) =>
  cause.reasons.some((reason) =>
    reason._tag === "Fail" && HttpServerError.isHttpServerError(reason.error) &&
    reason.error.reason._tag === "RouteNotFound"
  )

/**
 * Some requests match no route at all, not even the catch-all: a path that cannot be percent-decoded
 * (`/webhooks/lever/%E0%A4%A/stage-change`) or a path parameter longer than the router's limit. The router
 * would answer them with an empty 404; this router-wide middleware answers the same JSON 404 as any
 * unknown route.
 */
const answerUnrouted = (app: Effect.Effect<HttpServerResponse.HttpServerResponse, Types.unhandled>) =>
  Effect.catchCauseIf(app, unrouted, () => noRoute)

/**
 * Registers every route. `adminToken` guards the admin views and the result callback (in this example
 * the demo provider and the admin share it; the HTTP host brings per-caller authentication).
 *
 * @since 0.1.0
 */
export const layer = (options: { readonly adminToken: Redacted.Redacted<string> }) =>
  HttpRouter.use(Effect.fnUntraced(function*(router) {
    const { adminToken } = options
    for (const [webhook, path] of Object.entries(webhookRoutes) as Array<[Lever.WebhookKind, `/${string}`]>) {
      yield* router.add("POST", path, receiveWebhook(webhook))
    }
    yield* router.add("POST", "/api/teams/:teamId/interviews/:interviewId/result", reportResult(adminToken))

    yield* router.add(
      "GET",
      "/api/teams/:teamId",
      admin(adminToken, Effect.flatMap(teamIdParam, TeamSetup.getTeam))
    )
    yield* router.add(
      "GET",
      "/api/teams/:teamId/candidates",
      admin(
        adminToken,
        Effect.flatMap(
          Effect.all([teamIdParam, decodeQuery(CandidatesQuery)]),
          ([teamId, query]) => Candidates.listCandidates(teamId, query)
        )
      )
    )
    yield* router.add(
      "GET",
      "/api/teams/:teamId/candidates/:opportunityId",
      admin(
        adminToken,
        Effect.flatMap(
          Effect.all([teamIdParam, opportunityIdParam]),
          ([teamId, opportunityId]) => Candidates.candidateTimeline(teamId, opportunityId)
        )
      )
    )
    yield* router.add(
      "GET",
      "/api/teams/:teamId/events",
      admin(
        adminToken,
        Effect.flatMap(
          Effect.all([teamIdParam, decodeQuery(EventsQuery)]),
          ([teamId, query]) => Events.listEvents(teamId, query)
        )
      )
    )
    yield* router.add(
      "POST",
      "/api/teams/:teamId/events/:eventId/replay",
      admin(
        adminToken,
        Effect.flatMap(
          Effect.all([teamIdParam, eventIdParam]),
          ([teamId, eventId]) => Effect.map(Events.replayEvent(teamId, eventId), (event) => ({ status: "replayed", event }))
        ),
        202
      )
    )

    // Anything else: a JSON 404 like every other error, instead of an empty body.
    yield* router.add("*", "/*", noRoute)
    yield* router.addGlobalMiddleware(answerUnrouted)

    yield* router.add("GET", "/healthz", Effect.succeed(json(200, { status: "ok" })))
    // Ready means the store answers: without it no webhook can be accepted.
    yield* router.add(
      "GET",
      "/readyz",
      respond(Effect.flatMap(EventInbox.EventInbox, (inbox) => inbox.stats()).pipe(
        Effect.as(json(200, { status: "ready" }))
      ))
    )
  }))
