/**
 * Fault injection for the provider API (`/v1/...`), queued by tests through the control API: answer
 * with an error status (5xx, 429 with `Retry-After`, a 4xx refusal with `{code, message}`), answer
 * slowly (after doing the work, the nastiest case for idempotency), or drop the connection. Each fault
 * applies to the next `count` matching requests.
 *
 * @since 0.1.0
 */

/** One queued fault. @since 0.1.0 */
export interface Fault {
  /** `status`: answer with `status` before doing anything; `slow`: do the work, then wait `delayMs`
   * before answering; `drop`: close the connection without an answer, before doing anything. */
  readonly kind: "status" | "slow" | "drop"
  readonly status?: number
  /** The `Retry-After` header to send with the status (seconds or an HTTP date), verbatim. */
  readonly retryAfter?: string
  readonly code?: string
  readonly message?: string
  readonly delayMs?: number
  /** Only requests whose path starts with this (e.g. `/v1/invites`); default every `/v1` request. */
  readonly path?: string
  /** Only this method. */
  readonly method?: string
  /** How many requests it applies to; default 1. */
  count: number
}

/** The queue of faults. @since 0.1.0 */
export interface Faults {
  readonly queue: Array<Fault>
}

/** An empty queue. @since 0.1.0 */
export const make = (): Faults => ({ queue: [] })

/** Takes the first fault matching a request, counting it down. @since 0.1.0 */
export const take = (faults: Faults, method: string, path: string): Fault | undefined => {
  const index = faults.queue.findIndex((fault) =>
    (fault.path === undefined || path.startsWith(fault.path)) &&
    (fault.method === undefined || fault.method.toUpperCase() === method)
  )
  const fault = faults.queue[index]
  if (fault === undefined) return undefined
  fault.count--
  if (fault.count <= 0) faults.queue.splice(index, 1)
  return fault
}
