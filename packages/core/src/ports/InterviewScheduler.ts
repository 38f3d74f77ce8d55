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

/** @since 0.1.0 */
export type SchedulerError = SchedulerUnavailable | SchedulerRejected

/** @since 0.1.0 */
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
