/**
 * What happened, as async functions (part of `fulcrum.setup.*`): candidates and their timelines, the
 * inbox's events (the dead ones with `{ status: "dead" }`), replay and resend. The answers are the admin
 * API's views (`ActivityModels`: attempts numbered from 1, times in epoch milliseconds), built by the
 * same functions the routes use.
 *
 * | function | admin API route |
 * | --- | --- |
 * | `listCandidates` | `GET /api/teams/{teamId}/candidates` |
 * | `getCandidate` | `GET .../candidates/{opportunityId}` (state, timeline, events) |
 * | `resendInvite` | `POST .../candidates/{opportunityId}/resend` |
 * | `listEvents` | `GET .../events` |
 * | `replayEvent` | `POST .../events/{eventId}/replay` |
 *
 * @since 0.2.0
 */
import { ActivityModels } from "@fulcrum/api"
import { Candidates, Events } from "@fulcrum/core"
import { type Candidate, Ids } from "@fulcrum/domain"
import { Effect } from "effect"
import { id, type Run, team } from "./internal/input.ts"

/** A page of candidates, newest activity first; pass `next` as `cursor` for the following page. @since 0.2.0 */
export interface CandidatePage {
  readonly candidates: ReadonlyArray<ActivityModels.CandidateView>
  readonly next: string | null
}

/** A page of events, newest first; pass `next` as `cursor` for the following page. @since 0.2.0 */
export interface EventPage {
  readonly events: ReadonlyArray<ActivityModels.EventView>
  readonly next: string | null
}

/** The status of an inbox event (`dead`: out of retries, waiting for a replay). @since 0.2.0 */
export type EventStatus = ActivityModels.EventView["status"]

/**
 * Candidates and events, as the admin API shows them.
 *
 * @since 0.2.0
 */
export interface FulcrumActivity {
  /** The team's candidates, newest activity first, optionally by invite state (e.g. `expired`). */
  readonly listCandidates: (teamId: string, query?: {
    readonly inviteState?: Candidate.InviteState
    readonly limit?: number
    readonly cursor?: string
  }) => Promise<CandidatePage>
  /** One candidate: state (`null` when only skipped events exist), timeline, and the events behind it. */
  readonly getCandidate: (teamId: string, opportunityId: string) => Promise<ActivityModels.CandidateDetail>
  /**
   * Queues a new attempt of the candidate's invite (a new key): `UnprocessableError` with `reason`
   * `InterviewInProgress`, `AlreadyGraded` or `NothingToResend` when it cannot be resent now.
   */
  readonly resendInvite: (teamId: string, opportunityId: string, interviewTypeId?: string) => Promise<{ readonly eventId: string }>
  /** The team's events, newest first: `{ status: "dead" }` lists the ones that ran out of retries. */
  readonly listEvents: (teamId: string, query?: {
    readonly status?: EventStatus
    readonly opportunityId?: string
    readonly limit?: number
    readonly cursor?: string
  }) => Promise<EventPage>
  /** Runs an event again with a fresh retry budget, against today's settings; answers the event as queued. */
  readonly replayEvent: (teamId: string, eventId: string) => Promise<ActivityModels.EventView>
}

/**
 * The activity functions over a `run` (the façade's runtime).
 *
 * @since 0.2.0
 */
export const make = (run: Run): FulcrumActivity => ({
  listCandidates: (teamId, query = {}) =>
    run(Effect.gen(function*() {
      const page = yield* Candidates.listCandidates(yield* team(teamId), query)
      return { candidates: page.candidates.map(ActivityModels.candidateView), next: page.next }
    })),
  getCandidate: (teamId, opportunityId) =>
    run(Effect.gen(function*() {
      const detail = yield* Candidates.candidateTimeline(
        yield* team(teamId),
        yield* id(Ids.OpportunityId.make, opportunityId, "opportunityId")
      )
      return ActivityModels.candidateDetail(detail)
    })),
  resendInvite: (teamId, opportunityId, interviewTypeId) =>
    run(Effect.gen(function*() {
      const queued = yield* Candidates.requestResend(
        yield* team(teamId),
        yield* id(Ids.OpportunityId.make, opportunityId, "opportunityId"),
        interviewTypeId === undefined ? null : yield* id(Ids.InterviewTypeId.make, interviewTypeId, "interviewTypeId")
      )
      return { eventId: queued.eventId }
    })),
  listEvents: (teamId, query = {}) =>
    run(Effect.gen(function*() {
      const page = yield* Events.listEvents(yield* team(teamId), query)
      return { events: page.events.map(ActivityModels.eventView), next: page.next }
    })),
  replayEvent: (teamId, eventId) =>
    run(Effect.gen(function*() {
      return ActivityModels.eventView(yield* Events.replayEvent(yield* team(teamId), eventId))
    }))
})
