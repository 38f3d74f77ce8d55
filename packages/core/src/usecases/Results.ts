/**
 * The assessment provider's side of the flow: an interview's status (started, completed, expired) and
 * its graded result. Both are queued durably and processed like webhooks, so a Lever outage delays the
 * results note but never loses it.
 *
 * @since 0.1.0
 */
import type { Ids } from "@fulcrum/domain"
import { Candidate } from "@fulcrum/domain"
import { Clock, Effect, Option, Schema } from "effect"
import { CandidateStore } from "../ports/CandidateStore.ts"
import { EventInbox } from "../ports/EventInbox.ts"
import { sha256Hex } from "../internal/sha256.ts"
import * as TraceContext from "../TraceContext.ts"

/** No candidate of the team has that interview. @since 0.1.0 */
export class InterviewNotFound extends Schema.TaggedError<InterviewNotFound>()("InterviewNotFound", {
  teamId: Schema.String,
  interviewId: Schema.String
}) {}

/** A graded result (the domain's `Candidate.GradedResult`). @since 0.1.0 */
export const GradedResult = Candidate.GradedResult
/** A graded result as the provider reports it. @since 0.1.0 */
export type GradedResult = Candidate.GradedResult

const locate = Effect.fnUntraced(function*(teamId: Ids.TeamId, interviewId: Ids.InterviewId) {
  const found = yield* (yield* CandidateStore).findByInterviewId(teamId, interviewId)
  if (Option.isNone(found)) return yield* new InterviewNotFound({ teamId, interviewId })
  return found.value.state
})

/**
 * Records a graded result: a Lever note with the score summary and the report URL follows, and the
 * candidate becomes `graded`. Reporting the same result twice does nothing new.
 *
 * @since 0.1.0
 */
export const reportResult = Effect.fn("Results.reportResult")(function*(
  teamId: Ids.TeamId,
  interviewId: Ids.InterviewId,
  result: GradedResult
) {
  const candidate = yield* locate(teamId, interviewId)
  const now = yield* Clock.currentTimeMillis
  return yield* (yield* EventInbox).accept({
    teamId,
    // The whole report is the key: the same report twice is one event, a corrected one is another.
    dedupeKey: `result:${interviewId}:${yield* sha256Hex(JSON.stringify([result.score, result.summary, result.reportUrl]))}`,
    source: "provider",
    kind: "resultReported",
    opportunityId: candidate.opportunityId,
    payload: { _tag: "ResultReported", interviewId, ...result },
    rawBody: null,
    receivedAt: now,
    status: "pending",
    note: null,
    traceParent: yield* TraceContext.current
  })
})

/** Records an interview's status change reported by the provider. @since 0.1.0 */
export const reportInterviewStatus = Effect.fn("Results.reportInterviewStatus")(function*(
  teamId: Ids.TeamId,
  interviewId: Ids.InterviewId,
  status: Candidate.InterviewStatus
) {
  const candidate = yield* locate(teamId, interviewId)
  const now = yield* Clock.currentTimeMillis
  return yield* (yield* EventInbox).accept({
    teamId,
    dedupeKey: `status:${interviewId}:${status}`,
    source: "provider",
    kind: "interviewStatusReported",
    opportunityId: candidate.opportunityId,
    payload: { _tag: "InterviewStatusReported", interviewId, status },
    rawBody: null,
    receivedAt: now,
    status: "pending",
    note: null,
    traceParent: yield* TraceContext.current
  })
})
