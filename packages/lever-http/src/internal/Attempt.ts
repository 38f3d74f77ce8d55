/**
 * One HTTP attempt, answered or not: the status, body text and `Retry-After` of an answer, or why there
 * was none and whether the request may have reached the server. Both the API transport and the OAuth
 * token endpoint decide what to retry from it.
 */
import { Metrics } from "@fulcrum/core"
import { Cause, Duration, Effect } from "effect"
import type { HttpClient, HttpClientRequest } from "effect/http"

/** What one attempt produced. */
export type Attempt =
  | {
    readonly _tag: "Answered"
    readonly status: number
    readonly text: string
    readonly retryAfter: string | undefined
  }
  | {
    readonly _tag: "NoAnswer"
    /**
     * `"invalid"`: the request could not even be built (bad base URL); `"unsent"`: the connection was
     * never made, so the server cannot have seen the request; `"maybe"`: it may have reached the server.
     */
    readonly sent: "invalid" | "unsent" | "maybe"
    readonly reason: string
  }

/** Error codes (anywhere in a cause chain) meaning no connection was made, so nothing was sent. */
const unsentCodes = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT"
])

const neverSent = (error: unknown): boolean => {
  let current: unknown = error
  for (let depth = 0; depth < 6 && typeof current === "object" && current !== null; depth++) {
    const code = (current as { readonly code?: unknown }).code
    if (typeof code === "string" && unsentCodes.has(code)) return true
    current = (current as { readonly cause?: unknown }).cause
  }
  return false
}

/**
 * Sends `request` once, the whole answer read within `timeout`. Never fails: every outcome is an
 * `Attempt`, counted in `fulcrum_lever_requests_total` by status.
 */
export const run = (
  client: HttpClient.HttpClient,
  request: HttpClientRequest.HttpClientRequest,
  timeout: Duration.Duration
): Effect.Effect<Attempt> =>
  client.execute(request).pipe(
    Effect.flatMap((response) =>
      Effect.map(response.text, (text): Attempt => ({
        _tag: "Answered",
        status: response.status,
        text,
        retryAfter: response.headers["retry-after"]
      }))
    ),
    Effect.timeout(timeout),
    Effect.catch((error): Effect.Effect<Attempt> => {
      if (Cause.isTimeoutError(error)) {
        return Effect.succeed({ _tag: "NoAnswer", sent: "maybe", reason: `no answer within ${Duration.format(timeout)}` })
      }
      const reason = error.reason
      if (reason._tag === "InvalidUrlError" || reason._tag === "EncodeError") {
        // Nothing left the process, and repeating cannot help: report it without retrying.
        return Effect.succeed({ _tag: "NoAnswer", sent: "invalid", reason: `the request is invalid (${reason._tag})` })
      }
      return Effect.succeed({
        _tag: "NoAnswer",
        sent: reason._tag === "TransportError" && neverSent(reason.cause) ? "unsent" : "maybe",
        reason: reason._tag === "TransportError" ? "connection failed" : "the answer could not be read"
      })
    }),
    // Every attempt counts, retries included: a 429 storm shows as such.
    Effect.tap((attempt) =>
      Metrics.increment(Metrics.leverRequests, { status: attempt._tag === "Answered" ? String(attempt.status) : "no_answer" }))
  )

/** The answer's JSON body: `undefined` when empty; `ok: false` when it is not JSON. */
export const parseJson = (text: string): { readonly ok: true; readonly value: unknown } | { readonly ok: false } => {
  if (text.trim().length === 0) return { ok: true, value: undefined }
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch {
    return { ok: false }
  }
}
