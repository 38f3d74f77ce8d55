/**
 * The embedder's interview scheduler as async functions, turned into the core's `InterviewScheduler`
 * port. The worker calls it; a rejected promise is retried with backoff unless it is a
 * {@link SchedulerRejectedError} (the provider refused for good: recorded as failed, not retried).
 *
 * @since 0.1.0
 */
import { InterviewScheduler } from "@fulcrum/core"
import { Ids } from "@fulcrum/domain"
import { Effect, Layer } from "effect"

/** An invite to send; `key` is the idempotency key: a repeated key must return the first invite. @since 0.1.0 */
export interface InviteRequest {
  readonly key: string
  readonly teamId: string
  readonly opportunityId: string
  readonly candidateName: string
  readonly email: string
  readonly interviewType: { readonly id: string; readonly name: string; readonly tag: string }
  readonly attempt: number
}

/** The invite the provider created. @since 0.1.0 */
export interface SentInvite {
  readonly interviewId: string
  readonly inviteUrl: string | null
  readonly expiresAt: number | null
}

/** The next step of a candidate, told to the provider (repeats of `key` must be accepted). @since 0.1.0 */
export interface NextStepRequest {
  readonly key: string
  readonly teamId: string
  readonly opportunityId: string
  readonly interviewId: string | null
  readonly nextStep: string
}

/** An interview to cancel (the candidate was deleted in Lever); repeats of `key` must be accepted. @since 0.1.0 */
export interface CancelRequest {
  readonly key: string
  readonly teamId: string
  readonly interviewId: string
}

/**
 * The provider's invite system. Each function may reject: with {@link SchedulerRejectedError} when
 * the provider refuses for good, with anything else when it failed transiently (retried).
 *
 * @since 0.1.0
 */
export interface Scheduler {
  readonly sendInvite: (request: InviteRequest) => Promise<SentInvite>
  readonly notifyNextStep: (request: NextStepRequest) => Promise<void>
  readonly cancel: (request: CancelRequest) => Promise<void>
  /** The provider's interview types, offered in setup when given. */
  readonly listInterviewTypes?: (teamId: string) => Promise<ReadonlyArray<{ readonly id: string; readonly name: string }>>
}

/** Throw it from a scheduler function when the provider refuses for good (e.g. an invalid email). @since 0.1.0 */
export class SchedulerRejectedError extends Error {
  override readonly name = "SchedulerRejectedError"
  /** Why, in the provider's words; it goes into the candidate's timeline and the Lever note. */
  readonly reason: string
  constructor(reason: string) {
    super(reason)
    this.reason = reason
  }
}

const call = <A>(f: () => Promise<A>) =>
  Effect.tryPromise({
    try: f,
    catch: (error) =>
      error instanceof SchedulerRejectedError
        ? new InterviewScheduler.SchedulerRejected({ reason: error.reason })
        : new InterviewScheduler.SchedulerUnavailable({
          message: error instanceof Error ? error.message : String(error)
        })
  })

/** The core's `InterviewScheduler` over the embedder's async functions. @since 0.1.0 */
export const layer = (scheduler: Scheduler): Layer.Layer<InterviewScheduler.InterviewScheduler> =>
  Layer.succeed(InterviewScheduler.InterviewScheduler, {
    sendInvite: (request) =>
      Effect.map(
        call(() => scheduler.sendInvite(request)),
        (sent) => ({ ...sent, interviewId: Ids.InterviewId.make(sent.interviewId) })
      ),
    notifyNextStep: (request) => call(() => scheduler.notifyNextStep(request)),
    cancel: (request) => call(() => scheduler.cancel(request)),
    ...(scheduler.listInterviewTypes === undefined ? {} : {
      listInterviewTypes: (teamId) => call(() => scheduler.listInterviewTypes!(teamId))
    })
  })
