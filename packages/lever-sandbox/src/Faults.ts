/**
 * Fault injection: make API requests fail or slow down, and make webhook deliveries go missing, arrive
 * twice or arrive in reverse order.
 *
 * API faults form a queue. Each request is answered by the first queued fault that matches it (by API key,
 * path and method); a fault leaves the queue once it has answered its `count` requests or its
 * `durationMs` has passed since it answered the first one. So `inject({ status: 503, count: 5 },
 * { status: 429, count: 5 })` answers five 503s, then five 429s, then the real thing.
 *
 * @since 0.1.0
 */
import { Clock, Context, Duration, Effect, Layer, Ref } from "effect"
import { BadRequestError } from "./LeverError.ts"

/**
 * The status an API fault answers with: any 4xx or 5xx.
 *
 * @since 0.1.0
 */
export type FaultStatus = number

/**
 * A fault to inject into the API. Only `status` is required.
 *
 * - `count`: how many matching requests it answers (default 1; unlimited when only `durationMs` is given).
 * - `durationMs`: how long it keeps answering, from the first request it answers.
 * - `key`: only requests made with this API key (its secret or its id) or OAuth grant (its id).
 * - `path`: only requests whose path (as the request log shows it, e.g. `/v1/opportunities/...`) starts
 *   with this string or matches this RegExp.
 * - `method`: only requests with this HTTP method.
 * - `code`, `message`: the Lever error body (default: Lever's code for the status and a plain message).
 * - `retryAfterSeconds`: the `Retry-After` header; `null` for none. Absent, a 429 gets one only with the
 *   sandbox's `retryAfterHeader` setting (the seconds left of a timed fault, else 1).
 *
 * @since 0.1.0
 */
export interface ApiFault {
  readonly status: FaultStatus
  readonly count?: number | undefined
  readonly durationMs?: number | undefined
  readonly key?: string | undefined
  readonly path?: string | RegExp | undefined
  readonly method?: string | undefined
  readonly code?: string | undefined
  readonly message?: string | undefined
  readonly retryAfterSeconds?: number | null | undefined
}

/**
 * An API fault waiting in the queue. `remaining` is the count left (`null`: until its time is up);
 * `until` is set once it has answered its first request (timed faults only). `pathPrefix`/`pathPattern`
 * (a RegExp's source) say which paths it matches. `retryAfterSeconds` is `"setting"` when the sandbox's
 * `retryAfterHeader` setting decides.
 *
 * @since 0.1.0
 */
export interface ArmedFault {
  readonly status: FaultStatus
  readonly code: string | null
  readonly message: string | null
  readonly remaining: number | null
  readonly durationMs: number | null
  readonly until: number | null
  readonly key: string | null
  readonly pathPrefix: string | null
  readonly pathPattern: string | null
  readonly method: string | null
  readonly retryAfterSeconds: number | null | "setting"
}

/**
 * The faults currently armed.
 *
 * @since 0.1.0
 */
export interface Snapshot {
  /** The API fault queue, in order. */
  readonly api: ReadonlyArray<ArmedFault>
  /** Every API response (or the next `remaining` ones) is delayed by `ms`. */
  readonly latency: { readonly ms: number; readonly remaining: number | null } | null
  readonly webhooks: {
    /** The next N deliveries are dropped (recorded, never sent). */
    readonly drop: number
    /** The next N deliveries are sent twice (same body, same token). */
    readonly duplicate: number
    /** The next N deliveries are held, then all sent in reverse order when the last one arrives. */
    readonly reorder: number
  }
}

/**
 * The API request a fault is looked up for. `keys` are what identify the caller: the API key secret it
 * presented and its key or grant id, when known.
 *
 * @since 0.1.0
 */
export interface ApiRequest {
  readonly method: string
  readonly path: string
  readonly keys: ReadonlyArray<string>
}

/**
 * What happens to one API request: a delay, and the fault answering it (if any). `remainingMs` is what is
 * left of a timed fault.
 *
 * @since 0.1.0
 */
export interface ApiOutcome {
  readonly latencyMs: number
  readonly fail: {
    readonly status: FaultStatus
    readonly code: string | null
    readonly message: string | null
    readonly retryAfterSeconds: number | null | "setting"
    readonly remainingMs: number | null
  } | null
}

/**
 * What happens to one webhook delivery. `releaseHeld` is set on the last delivery of a reorder batch.
 *
 * @since 0.1.0
 */
export interface WebhookFault {
  readonly drop: boolean
  readonly duplicate: boolean
  readonly hold: boolean
  readonly releaseHeld: boolean
}

// Queued faults keep their RegExp beside the JSON-friendly view.
interface Queued {
  readonly armed: ArmedFault
  readonly pattern: RegExp | null
}

interface State {
  readonly api: ReadonlyArray<Queued>
  readonly latency: Snapshot["latency"]
  readonly webhooks: Snapshot["webhooks"]
}

const empty: State = { api: [], latency: null, webhooks: { drop: 0, duplicate: 0, reorder: 0 } }

/**
 * The fault service.
 *
 * @since 0.1.0
 */
export class Faults extends Context.Service<Faults, {
  /** Appends faults to the API fault queue, in order. A fault that cannot be answered is a 400. */
  readonly inject: (faults: ReadonlyArray<ApiFault>) => Effect.Effect<void, BadRequestError>
  /** Queues `count` answers of `status` (default 503). */
  readonly failNext: (count: number, status?: FaultStatus) => Effect.Effect<void>
  /** Queues `duration` (e.g. `"2 seconds"` or `2000`) of `status` answers (default 503). */
  readonly failFor: (duration: Duration.Input, status?: FaultStatus) => Effect.Effect<void>
  /** Delays API responses by `duration`: all of them, or the next `count`. `0` clears. */
  readonly latency: (duration: Duration.Input, count?: number) => Effect.Effect<void>
  readonly dropWebhooks: (count: number) => Effect.Effect<void>
  readonly duplicateWebhooks: (count: number) => Effect.Effect<void>
  readonly reorderWebhooks: (count: number) => Effect.Effect<void>
  /** Disarms every fault (held deliveries are released by `WebhookSender.releaseHeld`). */
  readonly reset: Effect.Effect<void>
  readonly snapshot: Effect.Effect<Snapshot>
  /** Consumes the latency and the fault (if any) for one API request. */
  readonly takeApiFault: (request: ApiRequest) => Effect.Effect<ApiOutcome>
  /** Consumes the fault (if any) for one event delivery. */
  readonly takeWebhookFault: Effect.Effect<WebhookFault>
}>()("@fulcrum/lever-sandbox/Faults") {}

const count = (n: number): number => Math.max(0, Math.floor(n))

const isCount = (n: number | undefined): boolean => n === undefined || (Number.isInteger(n) && n >= 0)

// Checks a fault and turns it into its queue entry; `undefined` when it would answer nothing (count 0).
const arm = (fault: ApiFault): Queued | BadRequestError | undefined => {
  const invalid = (why: string) => new BadRequestError({ message: `Invalid fault: ${why}` })
  if (!Number.isInteger(fault.status) || fault.status < 400 || fault.status > 599) {
    return invalid(`status ${fault.status} is not a 4xx or 5xx`)
  }
  if (!isCount(fault.count)) return invalid("count must be a whole number, 0 or more")
  if (fault.durationMs !== undefined && !(fault.durationMs >= 0)) return invalid("durationMs must be 0 or more")
  if (!isCount(fault.retryAfterSeconds ?? undefined)) return invalid("retryAfterSeconds must be a whole number")
  if (fault.count === 0 || fault.durationMs === 0) return undefined
  const pattern = fault.path instanceof RegExp ? fault.path : null
  return {
    pattern,
    armed: {
      status: fault.status,
      code: fault.code ?? null,
      message: fault.message ?? null,
      remaining: fault.count ?? (fault.durationMs === undefined ? 1 : null),
      durationMs: fault.durationMs ?? null,
      until: null,
      key: fault.key ?? null,
      pathPrefix: typeof fault.path === "string" ? fault.path : null,
      pathPattern: pattern === null ? null : pattern.source,
      method: fault.method === undefined ? null : fault.method.toUpperCase(),
      retryAfterSeconds: fault.retryAfterSeconds === undefined ? "setting" : fault.retryAfterSeconds
    }
  }
}

const matches = ({ armed, pattern }: Queued, request: ApiRequest): boolean =>
  (armed.key === null || request.keys.includes(armed.key)) &&
  (armed.method === null || armed.method === request.method.toUpperCase()) &&
  (armed.pathPrefix === null || request.path.startsWith(armed.pathPrefix)) &&
  (pattern === null || pattern.test(request.path))

/**
 * The fault service, nothing armed.
 *
 * @since 0.1.0
 */
export const layer: Layer.Layer<Faults> = Layer.effect(
  Faults,
  Effect.gen(function*() {
    const ref = yield* Ref.make<State>(empty)
    const update = (f: (s: State) => State) => Ref.update(ref, f)

    const takeLatency = (s: State): [number, State] => {
      if (s.latency === null) return [0, s]
      if (s.latency.remaining === null) return [s.latency.ms, s]
      const remaining = s.latency.remaining - 1
      return [s.latency.ms, { ...s, latency: remaining > 0 ? { ms: s.latency.ms, remaining } : null }]
    }

    const takeApiFault = (request: ApiRequest) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) =>
        Ref.modify(ref, (before): [ApiOutcome, State] => {
          const [latencyMs, s] = takeLatency(before)
          const live = s.api.filter((q) => q.armed.until === null || q.armed.until > now)
          const index = live.findIndex((q) => matches(q, request))
          if (index === -1) return [{ latencyMs, fail: null }, { ...s, api: live }]
          const { armed, pattern } = live[index]!
          const until = armed.until ?? (armed.durationMs === null ? null : now + armed.durationMs)
          const remaining = armed.remaining === null ? null : armed.remaining - 1
          const api = remaining !== null && remaining <= 0
            ? live.filter((_, i) => i !== index)
            : live.map((q, i) => i === index ? { pattern, armed: { ...armed, until, remaining } } : q)
          const fail: ApiOutcome["fail"] = {
            status: armed.status,
            code: armed.code,
            message: armed.message,
            retryAfterSeconds: armed.retryAfterSeconds,
            remainingMs: until === null ? null : until - now
          }
          return [{ latencyMs, fail }, { ...s, api }]
        }))

    const inject = Effect.fn("LeverSandbox.Faults.inject")(function*(faults: ReadonlyArray<ApiFault>) {
      const queued: Array<Queued> = []
      for (const fault of faults) {
        const entry = arm(fault)
        if (entry instanceof BadRequestError) return yield* entry
        if (entry !== undefined) queued.push(entry)
      }
      yield* update((s) => ({ ...s, api: [...s.api, ...queued] }))
    })

    const takeWebhookFault = Ref.modify(ref, (s): [WebhookFault, State] => {
      const w = s.webhooks
      if (w.drop > 0) {
        return [
          { drop: true, duplicate: false, hold: false, releaseHeld: false },
          { ...s, webhooks: { ...w, drop: w.drop - 1 } }
        ]
      }
      const fault: WebhookFault = {
        drop: false,
        duplicate: w.duplicate > 0,
        hold: w.reorder > 0,
        releaseHeld: w.reorder === 1
      }
      return [fault, {
        ...s,
        webhooks: { drop: 0, duplicate: Math.max(0, w.duplicate - 1), reorder: Math.max(0, w.reorder - 1) }
      }]
    })

    return Faults.of({
      inject,
      // A status outside 4xx/5xx here is a mistake in the calling test, so it is a defect.
      failNext: (n, status = 503) => Effect.orDie(inject([{ status, count: count(n) }])),
      failFor: (duration, status = 503) => Effect.orDie(inject([{ status, durationMs: Duration.toMillis(duration) }])),
      latency: (duration, n) =>
        update((s) => {
          const ms = Duration.toMillis(duration)
          return {
            ...s,
            latency: ms <= 0 || (n !== undefined && count(n) === 0) ? null : { ms, remaining: n === undefined ? null : count(n) }
          }
        }),
      dropWebhooks: (n) => update((s) => ({ ...s, webhooks: { ...s.webhooks, drop: count(n) } })),
      duplicateWebhooks: (n) => update((s) => ({ ...s, webhooks: { ...s.webhooks, duplicate: count(n) } })),
      reorderWebhooks: (n) => update((s) => ({ ...s, webhooks: { ...s.webhooks, reorder: count(n) } })),
      reset: Ref.set(ref, empty),
      snapshot: Effect.map(Ref.get(ref), (s) => ({ api: s.api.map((q) => q.armed), latency: s.latency, webhooks: s.webhooks })),
      takeApiFault,
      takeWebhookFault
    })
  })
)
