/**
 * The worker: claims due inbox events with a lease, processes them with bounded concurrency, and
 * completes, retries (exponential backoff with jitter) or kills each one. A worker that dies simply
 * stops extending its leases; its events are claimed again by any worker once the lease runs out.
 *
 * @since 0.1.0
 */
import { Cause, Clock, Duration, Effect, FiberSet, Random } from "effect"
import { type Claimed, EventInbox, type LeaseLost } from "../ports/EventInbox.ts"
import type { StoreError } from "../ports/StoreError.ts"
import { Policy, type PolicyShape } from "../Policy.ts"
import * as Metrics from "../Metrics.ts"
import * as TraceContext from "../TraceContext.ts"
import { processEvent } from "./ProcessEvent.ts"
import { ProcessFailure } from "./ProcessFailure.ts"

/** How the worker runs. @since 0.1.0 */
export interface WorkerOptions {
  /** Unique per process (e.g. host name + pid); leases are held in its name. */
  readonly workerId: string
  /** Events processed at once. Default 8. */
  readonly concurrency?: number
  /**
   * How long a claim is held before another worker may take it; extended every third of it while the
   * event runs, so a killed worker's events are taken over within this time. Default 10 s.
   */
  readonly leaseMs?: number
  /**
   * Idle wait between claims when nothing is due. Default 100 ms; it doubles with each claim that finds
   * nothing, up to {@link idleBackoff} times, and is back to this after a claim that finds work.
   */
  readonly pollIntervalMs?: number
  /** On shutdown, how long in-flight events may finish before they are handed back. Default 10 s. */
  readonly shutdownGraceMs?: number
}

/** Events processed at once by default. @since 0.1.0 */
export const defaultConcurrency = 8

/**
 * How far an idle worker's wait between claims grows (× `pollIntervalMs`): every idle worker's empty claim
 * costs the database a statement, so N idle workers would otherwise poll N times as often as one. A new
 * event waits at most this many poll intervals for an idle worker (less with several).
 *
 * @since 0.2.0
 */
export const idleBackoff = 4

/** The default lease: long enough for a slow Lever call, short enough for a quick takeover. @since 0.1.0 */
export const defaultLeaseMs = 10_000

/**
 * The delay before attempt `attempts + 1`: doubling from the base, capped, with jitter in [50 %, 100 %]
 * so a burst of failures does not retry in lockstep.
 *
 * @since 0.1.0
 */
export const retryDelay = (policy: PolicyShape, attempts: number): Effect.Effect<number> =>
  Effect.map(Random.next, (jitter) => {
    const exponential = Math.min(policy.maxRetryDelayMs, policy.baseRetryDelayMs * 2 ** Math.max(0, attempts - 1))
    return Math.round(exponential * (0.5 + jitter / 2))
  })

/**
 * Processes one claimed event and settles it. Never fails: every outcome is written to the inbox. Its
 * span continues the trace the event was accepted in (`TraceContext`), and its duration goes to
 * `fulcrum_event_duration_seconds` by outcome.
 *
 * @since 0.1.0
 */
export const handle = (claimed: Claimed, workerId: string, leaseMs: number) =>
  handleClaimed(claimed, workerId, leaseMs).pipe(
    TraceContext.spanWhenTracing("Worker.handle"),
    Metrics.timed(Metrics.eventDuration, (exit) => ({ outcome: exit._tag === "Success" ? exit.value : "unsettled" })),
    TraceContext.continueFrom(claimed.event.traceParent)
  )

const handleClaimed = Effect.fnUntraced(function*(claimed: Claimed, workerId: string, leaseMs: number) {
  const inbox = yield* EventInbox
  const policy = yield* Policy
  const event = claimed.event
  yield* Effect.annotateCurrentSpan({
    "fulcrum.team_id": event.teamId,
    "fulcrum.event_id": event.eventId,
    "fulcrum.opportunity_id": event.opportunityId ?? "",
    "fulcrum.event_kind": event.kind,
    "fulcrum.attempt": event.attempts
  })
  const heartbeat = Effect.gen(function*() {
    const now = yield* Clock.currentTimeMillis
    yield* inbox.extendLease(event.eventId, workerId, { leaseMs, now })
  }).pipe(
    // A failed extension (the store briefly unreachable) must not end the heartbeat: the lease would
    // lapse while this run goes on, and a claim would run the event a second time beside it. Only a
    // lost lease ends it.
    Effect.catchTag("StoreError", (error) =>
      Effect.logWarning("could not extend the lease; trying again").pipe(
        Effect.annotateLogs({ eventId: event.eventId, error: error.message })
      )),
    Effect.delay(Duration.millis(Math.max(50, Math.floor(leaseMs / 3)))),
    Effect.forever
  )
  const settled = (effect: Effect.Effect<void, LeaseLost | StoreError>) =>
    effect.pipe(
      Effect.catchCause((cause) =>
        Effect.logWarning("could not settle event; its lease will expire and it will run again").pipe(
          Effect.annotateLogs({ eventId: event.eventId, cause: Cause.pretty(cause) })
        )
      )
    )
  const kill = (error: string, now: number) =>
    Effect.logError("event is dead").pipe(
      Effect.annotateLogs({ eventId: event.eventId, attempts: event.attempts, interruptions: event.interruptions, error }),
      Effect.andThen(inbox.kill(event.eventId, workerId, { error, now })),
      Effect.andThen(Metrics.increment(Metrics.eventsDead))
    )
  // Runs that ended without an outcome (handed back, a killed or crashed worker, a lost lease) have a budget of their
  // own: a restart is no failure of the event, but one that takes its worker down every time would
  // otherwise run forever.
  if (event.interruptions >= policy.maxInterruptions) {
    const error =
      `gave up after ${event.interruptions} runs that ended without an outcome (worker stopped, killed or crashed, or its lease lost)`
    yield* settled(kill(error, yield* Clock.currentTimeMillis))
    return "dead"
  }
  const outcome = yield* processEvent(event).pipe(
    Effect.catchDefect((defect) =>
      Effect.fail(new ProcessFailure({ retryable: true, message: `Unexpected failure: ${String(defect)}` }))
    ),
    // Losing the lease means another worker owns the event now: this run stops at once rather than
    // racing the other one.
    Effect.raceFirst(heartbeat),
    Effect.result
  )
  const now = yield* Clock.currentTimeMillis
  if (outcome._tag === "Success") {
    yield* settled(inbox.complete(event.eventId, workerId, { ...outcome.success, now }))
    return outcome.success.status
  }
  const failure = outcome.failure
  if (failure._tag === "LeaseLost") {
    yield* Effect.logWarning("lease lost: another worker runs this event now; this run stopped").pipe(
      Effect.annotateLogs({ eventId: event.eventId })
    )
    return "lease_lost"
  }
  if (!failure.retryable || event.attempts >= policy.maxAttempts) {
    yield* settled(kill(failure.message, now))
    return "dead"
  }
  // Never sooner than a remote service asked for (a provider's Retry-After, already capped).
  const delay = Math.max(yield* retryDelay(policy, event.attempts), failure.retryAfterMs ?? 0)
  yield* settled(
    Effect.logWarning("event will be retried").pipe(
      Effect.annotateLogs({ eventId: event.eventId, attempts: event.attempts, delayMs: delay, error: failure.message }),
      Effect.andThen(inbox.retry(event.eventId, workerId, { error: failure.message, nextAttemptAt: now + delay, now }))
    )
  )
  return "retried"
})

/**
 * Runs until nothing is due: claims and handles events one batch at a time. For tests, scripts and
 * embedders that process inline.
 *
 * @since 0.1.0
 */
export const drain = Effect.fn("Worker.drain")(function*(options: WorkerOptions) {
  const inbox = yield* EventInbox
  const leaseMs = options.leaseMs ?? defaultLeaseMs
  const concurrency = options.concurrency ?? defaultConcurrency
  let processed = 0
  for (;;) {
    const now = yield* Clock.currentTimeMillis
    const claimed = yield* inbox.claim({ workerId: options.workerId, limit: concurrency, leaseMs, now })
    if (claimed.length === 0) return processed
    yield* Effect.forEach(claimed, (c) => handle(c, options.workerId, leaseMs), { concurrency, discard: true })
    processed += claimed.length
  }
})

/**
 * Runs the worker until interrupted. On interruption it stops claiming, lets in-flight events finish
 * within `shutdownGraceMs`, then hands back whatever is still held so another worker takes it at once.
 *
 * @since 0.1.0
 */
export const run = (options: WorkerOptions) =>
  Effect.scoped(Effect.gen(function*() {
    const inbox = yield* EventInbox
    const concurrency = options.concurrency ?? defaultConcurrency
    const leaseMs = options.leaseMs ?? defaultLeaseMs
    const pollIntervalMs = options.pollIntervalMs ?? 100
    let idleMs = pollIntervalMs
    const inFlight = yield* FiberSet.make<void, never>()
    // The events this process is running. A lease that ran out while its run goes on (the database was
    // unreachable for longer than the lease) may be claimed again by this very worker: that run keeps
    // going and its heartbeat extends the lease again, so no second run starts beside it.
    const running = new Set<string>()
    yield* Effect.addFinalizer(() =>
      FiberSet.awaitEmpty(inFlight).pipe(
        Effect.timeoutOption(Duration.millis(options.shutdownGraceMs ?? 10_000)),
        Effect.andThen(FiberSet.clear(inFlight)),
        Effect.andThen(Clock.currentTimeMillis),
        Effect.flatMap((now) => inbox.release(options.workerId, now)),
        Effect.flatMap((released) =>
          Effect.logInfo("worker stopped").pipe(Effect.annotateLogs({ workerId: options.workerId, handedBack: released }))
        ),
        Effect.ignore
      )
    )
    yield* Effect.logInfo("worker started").pipe(Effect.annotateLogs({ workerId: options.workerId, concurrency }))
    // A claim costs the database about as much for one event as for eight, and with several workers
    // every claim contends with the others' on the same rows: while events run, wait until half the
    // slots are free and claim them together, instead of one claim per finished event. Never longer
    // than a poll interval, though: slow events must not keep free slots (and another team's next
    // event) waiting.
    const batch = Math.max(1, Math.ceil(concurrency / 2))
    let slotFreeSince: number | undefined = undefined
    const tick = Effect.gen(function*() {
      const busy = yield* FiberSet.size(inFlight)
      const free = concurrency - busy
      if (free <= 0) return yield* Effect.sleep(Duration.millis(10))
      const now = yield* Clock.currentTimeMillis
      if (busy > 0 && free < batch) {
        slotFreeSince ??= now
        if (now - slotFreeSince < pollIntervalMs) return yield* Effect.sleep(Duration.millis(10))
      }
      slotFreeSince = undefined
      // Polling makes no trace (an idle worker would export one every poll); each event's run continues
      // the trace it was accepted in.
      const claimed = yield* inbox.claim({ workerId: options.workerId, limit: free, leaseMs, now }).pipe(
        Effect.withTracerEnabled(false)
      )
      for (const c of claimed) {
        const eventId = c.event.eventId
        if (running.has(eventId)) continue
        running.add(eventId)
        yield* FiberSet.run(
          inFlight,
          handle(c, options.workerId, leaseMs).pipe(Effect.ensuring(Effect.sync(() => running.delete(eventId))))
        )
      }
      if (claimed.length > 0) {
        idleMs = pollIntervalMs
      } else {
        yield* Effect.sleep(Duration.millis(idleMs))
        idleMs = Math.min(idleMs * 2, pollIntervalMs * idleBackoff)
      }
    }).pipe(
      Effect.catchCause((cause) =>
        // Interruption is the worker being stopped, not a failed claim: let it through.
        Cause.hasInterruptsOnly(cause) ? Effect.failCause(cause) : Effect.logWarning("claim failed; retrying").pipe(
          Effect.annotateLogs({ cause: Cause.pretty(cause) }),
          Effect.andThen(Effect.sleep(Duration.seconds(1)))
        )
      )
    )
    return yield* Effect.forever(tick)
  }))
