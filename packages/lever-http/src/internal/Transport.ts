/**
 * The request path of every Lever call: rate limiter → HTTP (with a per-attempt timeout) → classify →
 * retry or typed error. Only 2xx answers come out; everything else becomes one of the port's errors.
 *
 * Retry rules:
 * - 429 and 503 are retried for every request: Lever refused it before doing anything.
 * - 500/502/504/408, timeouts and broken connections are retried only for idempotent requests; for a
 *   POST that creates something (a note, a webhook) they may mean Lever did the work, so they end the
 *   call with `LeverUnavailable` and the caller's idempotency logic (reading back note markers) decides.
 *   A connection that was never established (refused, DNS failure) proves nothing was sent and is
 *   retried for every request.
 * - Anything else (401, 403, 404, 400, ...) is never retried.
 * - The budget is both a number of retries and a time since the first attempt; `Retry-After` (seconds or
 *   an HTTP date) sets the least wait. When Lever asks for more time than the budget has left, the call
 *   stops at once instead of sleeping towards a certain failure.
 */
import { LeverApi } from "@fulcrum/core"
import { Clock, Duration, Effect, Schedule } from "effect"
import { HttpClient, HttpClientRequest } from "effect/http"
import type { Resolved } from "../LeverHttpOptions.ts"
import * as Attempts from "./Attempt.ts"
import type { Attempt } from "./Attempt.ts"
import * as Backoff from "./Backoff.ts"
import * as Credential from "./Credential.ts"
import { describe, type Endpoint } from "./Endpoint.ts"
import * as Failure from "./Failure.ts"
import type { TokenBucket } from "./TokenBucket.ts"

/** One HTTP request to Lever. */
export interface Request {
  readonly endpoint: Endpoint
  /** The path below the base URL, ids already percent-encoded (`/opportunities/abc`). */
  readonly path: string
  /** The query string without `?`, sent exactly as given (pagination tokens must not be re-encoded). */
  readonly query?: string | undefined
  /** A JSON body. */
  readonly body?: unknown
  /**
   * For a DELETE: a 404 that follows an attempt which may have reached Lever means that attempt already
   * deleted it, so it counts as success.
   */
  readonly goneIsDone?: boolean | undefined
}

/** A 2xx answer, its JSON body (`undefined` when empty) and how many attempts it took. */
export interface Response {
  readonly status: number
  readonly body: unknown
  readonly attempts: number
}

/** Sends requests to Lever. */
export interface Transport {
  readonly send: (target: LeverApi.LeverTarget, request: Request) => Effect.Effect<Response, LeverApi.LeverError>
}

/** What to do after an attempt. */
type Verdict =
  | { readonly _tag: "Done"; readonly response: Response }
  | { readonly _tag: "Fail"; readonly error: LeverApi.LeverError }
  | {
    readonly _tag: "Retry"
    /** What the call fails with if the budget runs out. */
    readonly rateLimited: boolean
    readonly reason: string
    readonly retryAfterMs: number | undefined
    /** A timeout, a broken connection or a 5xx other than 503: Lever may have done the work. */
    readonly mayHaveReachedLever: boolean
  }

/** Options of the transport, already resolved. */
export interface Settings {
  readonly timeout: Duration.Duration
  readonly retry: Resolved["retry"]
  /** `undefined`: no client-side rate limit. */
  readonly limiter: TokenBucket | undefined
  /** The bucket's refill interval, the least pause after a 429 without `Retry-After`. */
  readonly refillIntervalMs: number
}

/** Builds the transport over the `HttpClient` in context. */
export const make = (settings: Settings): Effect.Effect<Transport, never, HttpClient.HttpClient> =>
  Effect.gen(function*() {
    const client = yield* HttpClient.HttpClient
    const attempt = (target: LeverApi.LeverTarget, request: Request): Effect.Effect<Attempt> => {
      const url = `${target.baseUrl.replace(/\/+$/, "")}${request.path}${
        request.query === undefined || request.query.length === 0 ? "" : `?${request.query}`
      }`
      let http = HttpClientRequest.make(request.endpoint.method)(url).pipe(HttpClientRequest.acceptJson)
      http = Credential.authorize(http, target.credentials)
      if (request.body !== undefined) http = HttpClientRequest.bodyJsonUnsafe(http, request.body)
      return Attempts.run(client, http, settings.timeout)
    }

    const judge = (
      target: LeverApi.LeverTarget,
      request: Request,
      outcome: Attempt,
      attempts: number,
      now: number
    ): Verdict => {
      const { endpoint } = request
      const name = describe(endpoint)
      const unavailable = (message: string): Verdict => ({
        _tag: "Fail",
        error: new LeverApi.LeverUnavailable({ endpoint: name, message })
      })
      const retry = (
        reason: string,
        retryAfterMs: number | undefined,
        mayHaveReachedLever: boolean,
        rateLimited = false
      ): Verdict => ({
        _tag: "Retry",
        rateLimited,
        reason,
        retryAfterMs,
        mayHaveReachedLever
      })
      if (outcome._tag === "NoAnswer") {
        if (outcome.sent === "invalid") return unavailable(`${name} could not be sent: ${outcome.reason}`)
        if (outcome.sent === "unsent" || endpoint.idempotent) {
          return retry(outcome.reason, undefined, outcome.sent === "maybe")
        }
        return unavailable(
          `${name}: ${outcome.reason} after the request was sent; Lever may have processed it, ` +
            `so it is not repeated automatically (check before sending it again)`
        )
      }
      const json = Attempts.parseJson(outcome.text)
      if (outcome.status >= 200 && outcome.status < 300) {
        return json.ok
          ? { _tag: "Done", response: { status: outcome.status, body: json.value, attempts } }
          : { _tag: "Fail", error: Failure.notJson(endpoint, outcome.status) }
      }
      const body = json.ok ? json.value : undefined
      const retryAfterMs = Backoff.retryAfterMs(outcome.retryAfter, now)
      const reason = `status ${outcome.status}`
      if (outcome.status === 429 || outcome.status === 503) {
        return retry(reason, retryAfterMs, false, outcome.status === 429)
      }
      if ((outcome.status >= 500 || outcome.status === 408) && endpoint.idempotent) {
        return retry(reason, retryAfterMs, true)
      }
      if (outcome.status >= 500 || outcome.status === 408) {
        return unavailable(
          `Lever answered ${outcome.status} to ${name}; it may have processed the request, so it is ` +
            `not repeated automatically (check before sending it again)` +
            Failure.diagnostics(body, target.credentials)
        )
      }
      return { _tag: "Fail", error: Failure.fromStatus(outcome.status, endpoint, body, target.credentials) }
    }

    const giveUp = (
      request: Request,
      last: Extract<Verdict, { _tag: "Retry" }>,
      attempts: number,
      elapsedMs: number
    ) => {
      const name = describe(request.endpoint)
      const message = `${name} still failed (${last.reason}) after ${attempts} attempts in ${
        (elapsedMs / 1000).toFixed(1)
      } s; giving up`
      return last.rateLimited
        ? new LeverApi.LeverRateLimited({ endpoint: name, message: `Lever kept rate-limiting ${message}` })
        : new LeverApi.LeverUnavailable({ endpoint: name, message: `Lever unavailable: ${message}` })
    }

    const send = Effect.fnUntraced(function*(target: LeverApi.LeverTarget, request: Request) {
      const { limiter } = settings
      const bucket = limiter === undefined ? "" : Credential.bucketKey(target.credentials)
      const started = yield* Clock.currentTimeMillis
      let attempts = 0
      let elapsed = 0
      // Whether an earlier attempt may have been carried out by Lever although we saw no 2xx.
      let maybeDone = false
      const once = Effect.gen(function*() {
        const ticket = limiter === undefined ? undefined : yield* limiter.take(bucket)
        attempts++
        const outcome = yield* attempt(target, request)
        const now = yield* Clock.currentTimeMillis
        elapsed = now - started
        if (limiter !== undefined && ticket !== undefined && outcome._tag === "Answered") {
          yield* limiter.answered(ticket, now)
        }
        yield* Effect.annotateCurrentSpan({
          "lever.team_id": target.teamId,
          "lever.endpoint": describe(request.endpoint),
          "lever.attempts": attempts,
          ...(outcome._tag === "Answered" ? { "http.response.status_code": outcome.status } : {})
        })
        if (request.goneIsDone === true && maybeDone && outcome._tag === "Answered" && outcome.status === 404) {
          return { _tag: "Done", response: { status: 404, body: undefined, attempts } } satisfies Verdict
        }
        const verdict = judge(target, request, outcome, attempts, now)
        if (verdict._tag !== "Retry") return verdict
        if (verdict.rateLimited && limiter !== undefined) {
          // Lever's bucket for this key is empty: hold everyone of this key back, not just this fiber.
          yield* limiter.drain(bucket, now + (verdict.retryAfterMs ?? settings.refillIntervalMs))
        }
        maybeDone = maybeDone || verdict.mayHaveReachedLever
        return yield* Effect.fail(verdict)
      })
      const retrying = Backoff.schedule<Extract<Verdict, { _tag: "Retry" }>>(settings.retry, started).pipe(
        Schedule.tap(({ attempt, duration, input }) =>
          Effect.logWarning("Lever call failed; retrying").pipe(
            Effect.annotateLogs({
              teamId: target.teamId,
              endpoint: describe(request.endpoint),
              reason: input.reason,
              attempt,
              retryInMs: Duration.toMillis(duration)
            })
          )
        )
      )
      const verdict = yield* once.pipe(
        Effect.retry(retrying),
        Effect.catch((last) => Effect.fail(giveUp(request, last, attempts, elapsed)))
      )
      return verdict._tag === "Done" ? verdict.response : yield* Effect.fail(verdict.error)
    })

    return { send }
  })
