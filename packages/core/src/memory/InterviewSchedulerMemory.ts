/**
 * An in-memory interview scheduler: the assessment provider's invite system for tests, demos and
 * embedders who want to see what Fulcrum would send. It keeps every invite, next-step notification and
 * cancellation, honours idempotency keys the way the port requires (a repeated key returns the first
 * invite and creates nothing), and can be told to fail: the next calls unavailable, or one email rejected.
 * Interview ids (`interview_` and 16 hex digits) come from Effect's `Random`, so a test that provides a
 * seeded one (`Random.withSeed`) gets the same ids on every run.
 *
 * @example
 * ```ts
 * import { InterviewSchedulerMemory } from "@fulcrum/core"
 * import { Effect } from "effect"
 *
 * const program = Effect.gen(function*() {
 *   const provider = yield* InterviewSchedulerMemory.Control
 *   yield* provider.rejectEmail("bounce@example.com", "mailbox does not exist")
 *   // ... run the flow ...
 *   const invites = yield* provider.invites
 * }).pipe(Effect.provide(InterviewSchedulerMemory.layer))
 * ```
 *
 * @since 0.1.0
 */
import type { Candidate } from "@fulcrum/domain"
import { Ids } from "@fulcrum/domain"
import { Clock, Context, Effect, Layer } from "effect"
import { InterviewScheduler, SchedulerRejected, SchedulerUnavailable } from "../ports/InterviewScheduler.ts"
import type { InviteRequest, SentInvite } from "../ports/InterviewScheduler.ts"
import { randomId } from "../internal/randomId.ts"

/** The scheduler methods (calls are counted and faults targeted by them). @since 0.1.0 */
export type SchedulerMethod = "sendInvite" | "notifyNextStep" | "cancel"

/** An invite the scheduler created, with how many `sendInvite` calls carried its key. @since 0.1.0 */
export interface RecordedInvite {
  readonly request: InviteRequest
  readonly sent: SentInvite
  readonly sentAt: number
  readonly calls: number
}

/** A next-step notification the scheduler received (once per key). @since 0.1.0 */
export interface RecordedNotification {
  readonly key: string
  readonly teamId: Ids.TeamId
  readonly opportunityId: Ids.OpportunityId
  readonly interviewId: Ids.InterviewId | null
  readonly nextStep: Candidate.NextStep
  readonly at: number
}

/** A cancellation the scheduler received (once per key). @since 0.1.0 */
export interface RecordedCancellation {
  readonly key: string
  readonly teamId: Ids.TeamId
  readonly interviewId: Ids.InterviewId
  readonly reason: Candidate.CancelReason
  readonly at: number
}

/** Options of `make`. @since 0.1.0 */
export interface Options {
  /** How long an invite stays valid; default 7 days. */
  readonly inviteTtlMs?: number
  /** Where invite links point; default `https://assessments.memory.invalid/invite`. */
  readonly inviteBaseUrl?: string
  /** When given, the scheduler offers `listInterviewTypes` with these types. */
  readonly interviewTypes?: ReadonlyArray<{ readonly id: string; readonly name: string }>
}

/**
 * The assessment provider's side of an in-memory scheduler: what it received, and faults to inject.
 *
 * @since 0.1.0
 */
export class Control extends Context.Service<Control, {
  /** Every invite created, oldest first. */
  readonly invites: Effect.Effect<ReadonlyArray<RecordedInvite>>
  readonly notifications: Effect.Effect<ReadonlyArray<RecordedNotification>>
  readonly cancellations: Effect.Effect<ReadonlyArray<RecordedCancellation>>
  /** Calls received per method, repeated keys and failed calls included. */
  readonly calls: Effect.Effect<Readonly<Record<SchedulerMethod, number>>>
  /** The next `times` calls (of `method`, or of any method) fail with `SchedulerUnavailable`. */
  readonly failNext: (fault: { readonly times: number; readonly method?: SchedulerMethod }) => Effect.Effect<void>
  /** Invites to this email (case-insensitive) are refused for good with `SchedulerRejected`. */
  readonly rejectEmail: (email: string, reason: string) => Effect.Effect<void>
}>()("@fulcrum/core/InterviewSchedulerMemory/Control") {}

const dayMs = 24 * 60 * 60 * 1000

/**
 * Builds an in-memory scheduler and its control handle.
 *
 * @example
 * ```ts
 * const { scheduler, control } = yield* InterviewSchedulerMemory.make({ inviteTtlMs: 3 * 24 * 3600 * 1000 })
 * ```
 *
 * @since 0.1.0
 */
export const make = Effect.fn("InterviewSchedulerMemory.make")(function*(options?: Options) {
  const inviteTtlMs = options?.inviteTtlMs ?? 7 * dayMs
  const inviteBaseUrl = (options?.inviteBaseUrl ?? "https://assessments.memory.invalid/invite").replace(/\/+$/, "")
  const invites = new Map<string, RecordedInvite>()
  const notifications = new Map<string, RecordedNotification>()
  const cancellations = new Map<string, RecordedCancellation>()
  const rejectedEmails = new Map<string, string>()
  const faults: Array<{ remaining: number; readonly method: SchedulerMethod | undefined }> = []
  const counts: Record<SchedulerMethod, number> = { sendInvite: 0, notifyNextStep: 0, cancel: 0 }

  // Counts the call and applies an injected outage, before anything else: a provider that is down
  // neither answers nor remembers.
  const arrive = (method: SchedulerMethod) =>
    Effect.suspend(() => {
      counts[method]++
      const index = faults.findIndex((f) => f.method === undefined || f.method === method)
      const fault = faults[index]
      if (fault === undefined) return Effect.void
      fault.remaining--
      if (fault.remaining <= 0) faults.splice(index, 1)
      return Effect.fail(
        new SchedulerUnavailable({ message: `The assessment provider did not answer ${method} (injected outage)` })
      )
    })

  const sendInvite = Effect.fn("InterviewSchedulerMemory.sendInvite")(function*(request: InviteRequest) {
    yield* arrive("sendInvite")
    const existing = invites.get(request.key)
    if (existing !== undefined) {
      invites.set(request.key, { ...existing, calls: existing.calls + 1 })
      return existing.sent
    }
    const email = request.email.trim()
    if (email.length === 0 || !email.includes("@")) {
      return yield* new SchedulerRejected({ reason: "The candidate has no valid email address" })
    }
    const rejection = rejectedEmails.get(email.toLowerCase())
    if (rejection !== undefined) return yield* new SchedulerRejected({ reason: rejection })
    const now = yield* Clock.currentTimeMillis
    const interviewId = Ids.InterviewId.make(yield* randomId("interview"))
    const sent: SentInvite = {
      interviewId,
      inviteUrl: `${inviteBaseUrl}/${interviewId}`,
      expiresAt: now + inviteTtlMs,
      recordedOnly: true
    }
    invites.set(request.key, { request, sent, sentAt: now, calls: 1 })
    return sent
  })

  const notifyNextStep = Effect.fn("InterviewSchedulerMemory.notifyNextStep")(function*(
    request: Omit<RecordedNotification, "at">
  ) {
    yield* arrive("notifyNextStep")
    if (notifications.has(request.key)) return
    notifications.set(request.key, { ...request, at: yield* Clock.currentTimeMillis })
  })

  // Cancelling an unknown or already cancelled interview succeeds: the outcome the caller wants holds.
  const cancel = Effect.fn("InterviewSchedulerMemory.cancel")(function*(request: Omit<RecordedCancellation, "at">) {
    yield* arrive("cancel")
    if (cancellations.has(request.key)) return
    cancellations.set(request.key, { ...request, at: yield* Clock.currentTimeMillis })
  })

  const interviewTypes = options?.interviewTypes
  const scheduler = InterviewScheduler.of({
    sendInvite,
    notifyNextStep: (request) =>
      notifyNextStep({
        key: request.key,
        teamId: request.teamId,
        opportunityId: request.opportunityId,
        interviewId: request.interviewId,
        nextStep: request.nextStep
      }),
    cancel: (request) =>
      cancel({ key: request.key, teamId: request.teamId, interviewId: request.interviewId, reason: request.reason }),
    ...(interviewTypes === undefined ? {} : { listInterviewTypes: () => Effect.succeed(interviewTypes) })
  })

  const control = Control.of({
    invites: Effect.sync(() => [...invites.values()]),
    notifications: Effect.sync(() => [...notifications.values()]),
    cancellations: Effect.sync(() => [...cancellations.values()]),
    calls: Effect.sync(() => ({ ...counts })),
    failNext: (fault) =>
      Effect.sync(() => {
        if (fault.times > 0) faults.push({ remaining: fault.times, method: fault.method })
      }),
    rejectEmail: (email, reason) => Effect.sync(() => void rejectedEmails.set(email.trim().toLowerCase(), reason))
  })

  return { scheduler, control }
})

/**
 * Provides `InterviewScheduler` and its `Control` from one fresh in-memory scheduler built with `options`.
 *
 * @since 0.1.0
 */
export const layerWith = (options: Options): Layer.Layer<InterviewScheduler | Control> =>
  Layer.effectContext(
    Effect.map(
      make(options),
      ({ control, scheduler }) => Context.make(InterviewScheduler, scheduler).pipe(Context.add(Control, control))
    )
  )

/**
 * Provides `InterviewScheduler` and its `Control` from one fresh in-memory scheduler with default options.
 *
 * @since 0.1.0
 */
export const layer: Layer.Layer<InterviewScheduler | Control> = layerWith({})
