/**
 * The `InterviewScheduler` port: the assessment provider's invite system. Platform teams implement it
 * with their own service; results come back through the core's `reportResult` use case.
 *
 * @since 0.1.0
 */
import type { Candidate, Ids, InterviewType } from "@fulcrum/domain"
import { Context, Schema } from "effect"
import type { Effect } from "effect"

/** An invite to send. `key` is the idempotency key: a repeated key must return the first invite. @since 0.1.0 */
export interface InviteRequest {
  readonly key: Candidate.InviteKey
  readonly teamId: Ids.TeamId
  readonly opportunityId: Ids.OpportunityId
  readonly candidateName: string
  readonly email: string
  readonly interviewType: InterviewType.InterviewType
  readonly attempt: number
}

/** The invite the provider created. @since 0.1.0 */
export interface SentInvite {
  readonly interviewId: Ids.InterviewId
  readonly inviteUrl: string | null
  readonly expiresAt: number | null
}

/** The provider could not be reached or failed transiently; the worker retries. @since 0.1.0 */
export class SchedulerUnavailable extends Schema.TaggedError<SchedulerUnavailable>()("SchedulerUnavailable", {
  message: Schema.String
}) {}

/** The provider refused the request for good (e.g. invalid email); not retried. @since 0.1.0 */
export class SchedulerRejected extends Schema.TaggedError<SchedulerRejected>()("SchedulerRejected", {
  reason: Schema.String
}) {}

/** Every way the scheduler can fail. @since 0.1.0 */
export type SchedulerError = SchedulerUnavailable | SchedulerRejected

/**
 * The assessment provider's invite system, as the worker calls it: send an invite when a tagged
 * candidate enters the assessment stage, tell the provider the next step (onsite, offer), and cancel
 * open interviews of a candidate deleted in Lever. Results come back the other way, through
 * `Results.reportResult` and `Results.reportInterviewStatus`.
 *
 * What an implementation must guarantee (`InterviewSchedulerContract` in `@fulcrum/core/testing`
 * checks each point):
 * - `sendInvite` is idempotent by `key`: a repeated key, also from racing calls, returns the first
 *   invite and creates nothing; different keys (another attempt, another interview type) are different
 *   interviews. The worker retries after a crash with the same key, so this is what keeps a candidate
 *   from getting two invites;
 * - `notifyNextStep` and `cancel` accept repeats of a key;
 * - failures are typed: `SchedulerUnavailable` is retried with backoff; an invite refused with
 *   `SchedulerRejected` is recorded as failed (timeline and Lever note) and not retried.
 *
 * Implementations: the provider's own service (the platform team writes it; `@fulcrum/worker-host`
 * takes it as a Layer) and `InterviewSchedulerMemory` in this package, for tests and demos.
 *
 * @since 0.1.0
 */
export class InterviewScheduler extends Context.Service<InterviewScheduler, {
  /** The provider's interview types, when it can list them (used to offer them in setup). */
  readonly listInterviewTypes?: (
    teamId: Ids.TeamId
  ) => Effect.Effect<ReadonlyArray<{ readonly id: string; readonly name: string }>, SchedulerError>
  readonly sendInvite: (request: InviteRequest) => Effect.Effect<SentInvite, SchedulerError>
  readonly notifyNextStep: (request: {
    readonly key: string
    readonly teamId: Ids.TeamId
    readonly opportunityId: Ids.OpportunityId
    readonly interviewId: Ids.InterviewId | null
    readonly nextStep: Candidate.NextStep
  }) => Effect.Effect<void, SchedulerError>
  readonly cancel: (request: {
    readonly key: string
    readonly teamId: Ids.TeamId
    readonly interviewId: Ids.InterviewId
  }) => Effect.Effect<void, SchedulerError>
}>()("@fulcrum/core/InterviewScheduler") {}
