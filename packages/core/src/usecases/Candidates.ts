/**
 * What the admin sees of candidates: the list (e.g. every invited candidate), one candidate with its
 * timeline and the events behind it, and the deliberate resend of an invite.
 *
 * @since 0.1.0
 */
import type { Candidate, Ids } from "@fulcrum/domain"
import { Clock, Effect, Option, Schema } from "effect"
import { type CandidateQuery, CandidateStore } from "../ports/CandidateStore.ts"
import { ConfigStore } from "../ports/ConfigStore.ts"
import { EventInbox } from "../ports/EventInbox.ts"
import * as TraceContext from "../TraceContext.ts"

/** No candidate with that opportunity id in the team. @since 0.1.0 */
export class CandidateNotFound extends Schema.TaggedError<CandidateNotFound>()("CandidateNotFound", {
  teamId: Schema.String,
  opportunityId: Schema.String
}) {}

/** Lists a team's candidates, newest activity first, optionally by invite state. @since 0.1.0 */
export const listCandidates = Effect.fn("Candidates.list")(function*(teamId: Ids.TeamId, query: CandidateQuery) {
  yield* (yield* ConfigStore).get(teamId)
  return yield* (yield* CandidateStore).list(teamId, query)
})

/**
 * One candidate: state, timeline, and the inbox events about it (so "what happened" is never a guess).
 * A candidate Fulcrum only skipped events for (integration off, unmapped stage) has no state yet but
 * still has a timeline and events.
 *
 * @since 0.1.0
 */
export const candidateTimeline = Effect.fn("Candidates.timeline")(function*(
  teamId: Ids.TeamId,
  opportunityId: Ids.OpportunityId
) {
  const store = yield* CandidateStore
  const candidate = yield* store.get(teamId, opportunityId)
  const timeline = yield* store.timeline(teamId, opportunityId)
  const { events } = yield* (yield* EventInbox).list(teamId, { opportunityId, limit: 100 })
  if (Option.isNone(candidate) && timeline.length === 0 && events.length === 0) {
    return yield* new CandidateNotFound({ teamId, opportunityId })
  }
  return {
    candidate: Option.getOrNull(Option.map(candidate, (c): Candidate.CandidateState => c.state)),
    timeline,
    events
  }
})

/**
 * Asks for the invite to be sent again (expired, failed, or never started). Queued like a webhook, so it
 * is durable and ordered with the candidate's other events; the domain decides whether a resend is due.
 *
 * @since 0.1.0
 */
export const requestResend = Effect.fn("Candidates.requestResend")(function*(
  teamId: Ids.TeamId,
  opportunityId: Ids.OpportunityId,
  interviewTypeId: Ids.InterviewTypeId | null
) {
  const store = yield* CandidateStore
  const candidate = yield* store.get(teamId, opportunityId)
  if (Option.isNone(candidate)) return yield* new CandidateNotFound({ teamId, opportunityId })
  const now = yield* Clock.currentTimeMillis
  return yield* (yield* EventInbox).accept({
    teamId,
    dedupeKey: `resend:${opportunityId}:${interviewTypeId ?? "current"}:${now}`,
    source: "admin",
    kind: "resendRequested",
    opportunityId,
    payload: { _tag: "ResendRequested", opportunityId, interviewTypeId },
    rawBody: null,
    receivedAt: now,
    status: "pending",
    note: null,
    traceParent: yield* TraceContext.current
  })
})
