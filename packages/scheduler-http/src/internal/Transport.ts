/**
 * One signed request to the provider, with the protocol's retry rules:
 * - 408, 429, 5xx, timeouts and connection errors are retried with exponential backoff and jitter, never
 *   sooner than `Retry-After` (seconds or an HTTP date, capped at 5 minutes), within the call's budget
 *   (a number of attempts and a time since the first one). When the budget is spent, or the provider asks
 *   for a longer wait than it has left, the call fails with `SchedulerUnavailable` carrying that wait: the
 *   worker retries the whole event later, within the event's own retry budget.
 * - Any other 4xx is final: `SchedulerRejected` with the provider's `{code, message}`.
 * Every attempt is signed afresh (a retry late in the budget must not look stale); the `webhook-id` and
 * the `Idempotency-Key` stay the same across the attempts of one call.
 */
import { InterviewScheduler, StandardWebhooks } from "@fulcrum/core"
import { ProviderProtocol } from "@fulcrum/domain"
import { Cause, Clock, Duration, Effect, Random, Redacted, Result, Schema } from "effect"
import { Headers, HttpClient, HttpClientRequest } from "effect/http"

/** The retry budget of one call. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number
  /** No retry starts later than this after the first attempt. */
  readonly maxElapsedMs: number
  /** The first backoff; each next one doubles, up to `maxDelayMs`. */
  readonly baseDelayMs: number
  readonly maxDelayMs: number
}

/** Resolved transport settings. */
export interface Settings {
  readonly baseUrl: string
  readonly secret: Redacted.Redacted<string>
  readonly timeout: Duration.Duration
  readonly retry: RetryPolicy
}

/** One request: method, path below the base URL, JSON body, extra headers. */
export interface Request {
  readonly method: "GET" | "POST"
  readonly path: string
  readonly body?: unknown
  readonly headers?: Readonly<Record<string, string>>
}

/** A 2xx answer. */
export interface Answer {
  readonly status: number
  readonly body: unknown
}

type Attempt =
  | { readonly _tag: "Answered"; readonly status: number; readonly text: string; readonly retryAfter?: string }
  | { readonly _tag: "NoAnswer"; readonly reason: string }

const decodeError = Schema.decodeUnknownOption(ProviderProtocol.ErrorBody)

const parseJson = (text: string): unknown => {
  if (text.trim().length === 0) return undefined
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

/** Whether the protocol retries an answer with this status. */
export const retryableStatus = (status: number): boolean => status === 408 || status === 429 || status >= 500

/** The wait `Retry-After` asks for, capped at 5 minutes; `undefined` when absent or unreadable. */
export const retryAfterMs = (header: string | undefined, now: number): number | undefined => {
  if (header === undefined) return undefined
  const parsed = Headers.parseRetryAfter(header)
  if (Result.isFailure(parsed)) return undefined
  return Math.min(ProviderProtocol.maxRetryAfterMs, Math.max(0, Duration.toMillis(Headers.retryAfterDelay(parsed.success, now))))
}

/** The wait before retry `retry` (1-based): equal jitter over a doubling delay, at least `retryAfter`. */
export const delayMs = (policy: RetryPolicy, retry: number, random: number, retryAfter: number | undefined): number => {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1))
  return Math.ceil(Math.max(exponential / 2 + (random * exponential) / 2, retryAfter ?? 0))
}

const messageId = Effect.sync(() => `msg_${globalThis.crypto.randomUUID().replaceAll("-", "")}`)

/** Sends one request with retries; succeeds with a 2xx answer only. */
export const send = (client: HttpClient.HttpClient, settings: Settings) =>
  Effect.fn("SchedulerHttp.send")(function*(request: Request) {
    const id = yield* messageId
    const body = request.body === undefined ? "" : JSON.stringify(request.body)
    const url = `${settings.baseUrl}${request.path}`
    const attemptOnce = Effect.gen(function*() {
      const now = yield* Clock.currentTimeMillis
      const signed = yield* StandardWebhooks.sign(settings.secret, { id, timestampSeconds: now / 1000, body }).pipe(
        Effect.mapError((invalid) => new InterviewScheduler.SchedulerUnavailable({ message: invalid.message }))
      )
      const base = request.method === "GET" ? HttpClientRequest.get(url) : HttpClientRequest.post(url)
      const httpRequest = base.pipe(
        HttpClientRequest.setHeaders({ ...signed, ...request.headers, accept: "application/json" }),
        request.method === "POST"
          ? HttpClientRequest.bodyText(body, "application/json")
          : (r: HttpClientRequest.HttpClientRequest) => r
      )
      return yield* client.execute(httpRequest).pipe(
        Effect.flatMap((response) =>
          Effect.map(response.text, (text): Attempt => ({
            _tag: "Answered",
            status: response.status,
            text,
            ...(response.headers["retry-after"] === undefined ? {} : { retryAfter: response.headers["retry-after"] })
          }))
        ),
        Effect.timeout(settings.timeout),
        Effect.catch((error) =>
          Effect.succeed<Attempt>({
            _tag: "NoAnswer",
            reason: Cause.isTimeoutError(error)
              ? `no answer within ${Duration.format(settings.timeout)}`
              : "the connection failed"
          })
        )
      )
    })

    const started = yield* Clock.currentTimeMillis
    for (let attempt = 1;; attempt++) {
      const result = yield* attemptOnce
      const now = yield* Clock.currentTimeMillis
      const where = `${request.method} ${request.path}`
      if (result._tag === "Answered" && result.status >= 200 && result.status < 300) {
        return { status: result.status, body: parseJson(result.text) } satisfies Answer
      }
      if (result._tag === "Answered" && !retryableStatus(result.status)) {
        const error = decodeError(parseJson(result.text))
        return yield* new InterviewScheduler.SchedulerRejected(
          error._tag === "Some"
            ? { reason: error.value.message, code: error.value.code }
            : { reason: `The assessment provider refused the request (HTTP ${result.status})` }
        )
      }
      const asked = result._tag === "Answered" ? retryAfterMs(result.retryAfter, now) : undefined
      const reason = result._tag === "Answered" ? `HTTP ${result.status}` : result.reason
      const wait = delayMs(settings.retry, attempt, yield* Random.next, asked)
      if (attempt >= settings.retry.maxAttempts || now + wait - started > settings.retry.maxElapsedMs) {
        return yield* new InterviewScheduler.SchedulerUnavailable({
          message: `The assessment provider did not answer ${where} (${reason}, ${attempt} attempt${
            attempt === 1 ? "" : "s"
          })`,
          ...(asked === undefined ? {} : { retryAfterMs: asked })
        })
      }
      yield* Effect.sleep(Duration.millis(wait))
    }
  })
