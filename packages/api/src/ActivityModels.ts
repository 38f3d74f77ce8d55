/**
 * What the admin API returns about candidates and events: enough to answer "what happened to this
 * candidate, and why", without raw webhook bodies.
 *
 * @since 0.1.0
 */
import { Candidate, Lever } from "@fulcrum/domain"
import { Schema } from "effect"
import { IsoTime } from "./IsoTime.ts"

const PageSize = Schema.NumberFromString.check(Schema.isInt(), Schema.isBetween({ minimum: 1, maximum: 100 }))

/** An opaque cursor from a previous page's `next`. @since 0.1.0 */
export const Cursor = Schema.String.pipe(Schema.check(Schema.isMaxLength(1_000), Schema.isPattern(/^[\x21-\x7e]*$/)))

/** `GET .../candidates` query. @since 0.1.0 */
export const CandidatesQuery = {
  inviteState: Schema.optionalKey(Candidate.InviteState),
  limit: Schema.optionalKey(PageSize),
  cursor: Schema.optionalKey(Cursor)
}

/**
 * An attempt's number as the API shows it: the first invite is attempt 1 and each resend the next number,
 * as in the provider protocol's `attempt` (the domain counts resends from 0).
 *
 * @since 0.2.0
 */
export const AttemptNumber = Schema.Int.check(Schema.isGreaterThanOrEqualTo(1)).annotate({
  description: "The attempt's number: 1 for the first invite, then 2, 3, … for each resend (as the provider protocol's attempt)"
})

/** An earlier attempt of an invite, as the candidate view lists it, with ISO-8601 times. @since 0.1.0 */
export const AttemptView = Schema.Struct({
  ...Candidate.AttemptSummary.fields,
  attempt: AttemptNumber,
  requestedAt: IsoTime,
  sentAt: Schema.NullOr(IsoTime),
  expiresAt: Schema.NullOr(IsoTime)
})

/**
 * One invite as the API shows it: the domain's `Candidate.Invite` with ISO-8601 times; `attempt` starts at
 * 1 (the provider protocol's number), `previousAttempts` lists the earlier attempts with their state and
 * `expiresAt`.
 *
 * @since 0.1.0
 */
export const InviteView = Schema.Struct({
  ...Candidate.Invite.fields,
  attempt: AttemptNumber,
  requestedAt: IsoTime,
  sentAt: Schema.NullOr(IsoTime),
  startedAt: Schema.NullOr(IsoTime),
  expiresAt: Schema.NullOr(IsoTime),
  previousAttempts: Schema.optionalKey(Schema.Array(AttemptView))
})

/**
 * A candidate as the API shows it: the domain's `Candidate.CandidateState` with its `inviteState` (the
 * state `?inviteState=` filters by) and ISO-8601 times.
 *
 * @since 0.1.0
 */
export const CandidateView = Schema.Struct({
  ...Candidate.CandidateState.fields,
  inviteState: Candidate.InviteState,
  invites: Schema.Record(Schema.String, InviteView),
  archived: Schema.NullOr(Schema.Struct({ ...Lever.Archived.fields, archivedAt: IsoTime })),
  updatedAt: IsoTime
})
/** The type {@link CandidateView} decodes to. @since 0.1.0 */
export type CandidateView = typeof CandidateView.Type

/** An attempt numbered as the API shows it: from 1, where the domain counts resends from 0. */
const numbered = <A extends { readonly attempt: number }>(attempt: A): A => ({ ...attempt, attempt: attempt.attempt + 1 })

/** The API view of a candidate's state: its invite state, and attempts numbered from 1. @since 0.1.0 */
export const candidateView = (state: Candidate.CandidateState): CandidateView => ({
  ...state,
  inviteState: Candidate.inviteState(state),
  invites: Object.fromEntries(Object.entries(state.invites).map(([interviewTypeId, invite]) => [
    interviewTypeId,
    {
      ...numbered(invite),
      ...(invite.previousAttempts === undefined ? {} : { previousAttempts: invite.previousAttempts.map(numbered) })
    }
  ]))
})

/** A page of candidates, newest activity first. @since 0.1.0 */
export const CandidatePage = Schema.Struct({
  candidates: Schema.Array(CandidateView),
  next: Schema.NullOr(Schema.String)
})

/** The status of an event in Fulcrum's inbox. @since 0.1.0 */
export const EventStatus = Schema.Literals(["pending", "running", "done", "skipped", "dead"])

/** One received event (webhook, result report, admin action) and what became of it. @since 0.1.0 */
export const EventView = Schema.Struct({
  eventId: Schema.String,
  source: Schema.Literals(["lever", "provider", "admin"]),
  kind: Schema.String,
  opportunityId: Schema.NullOr(Schema.String),
  status: EventStatus,
  attempts: Schema.Number,
  replays: Schema.Number,
  receivedAt: IsoTime,
  updatedAt: IsoTime,
  nextAttemptAt: IsoTime,
  note: Schema.NullOr(Schema.String),
  lastError: Schema.NullOr(Schema.String)
})
/** The type {@link EventView} decodes to. @since 0.1.0 */
export type EventView = typeof EventView.Type

/**
 * An inbox event as the admin sees it: what happened to it, without the raw body (any event with these
 * fields; the store's has more).
 *
 * @since 0.2.0
 */
export const eventView = (event: EventView): EventView => ({
  eventId: event.eventId,
  source: event.source,
  kind: event.kind,
  opportunityId: event.opportunityId,
  status: event.status,
  attempts: event.attempts,
  replays: event.replays,
  receivedAt: event.receivedAt,
  updatedAt: event.updatedAt,
  nextAttemptAt: event.nextAttemptAt,
  note: event.note,
  lastError: event.lastError
})

/** `GET .../events` query. @since 0.1.0 */
export const EventsQuery = {
  status: Schema.optionalKey(EventStatus),
  opportunityId: Schema.optionalKey(Schema.String.pipe(Schema.check(Schema.isMaxLength(200)))),
  limit: Schema.optionalKey(PageSize),
  cursor: Schema.optionalKey(Cursor)
}

/** A page of events, newest first. @since 0.1.0 */
export const EventPage = Schema.Struct({ events: Schema.Array(EventView), next: Schema.NullOr(Schema.String) })

/** One line of a candidate's timeline. @since 0.1.0 */
export const TimelineEntry = Schema.Struct({
  at: IsoTime,
  kind: Schema.String,
  message: Schema.String,
  eventId: Schema.NullOr(Schema.String)
})

/** `GET .../candidates/{opportunityId}`: the state (null when only skipped events exist), timeline and events. @since 0.1.0 */
export const CandidateDetail = Schema.Struct({
  candidate: Schema.NullOr(CandidateView),
  timeline: Schema.Array(TimelineEntry),
  events: Schema.Array(EventView)
})
/** The type {@link CandidateDetail} decodes to. @since 0.2.0 */
export type CandidateDetail = typeof CandidateDetail.Type

/**
 * One candidate as `GET .../candidates/{opportunityId}` shows it, from what the core's
 * `Candidates.candidateTimeline` returns.
 *
 * @since 0.2.0
 */
export const candidateDetail = (detail: {
  readonly candidate: Candidate.CandidateState | null
  readonly timeline: ReadonlyArray<typeof TimelineEntry.Type>
  readonly events: ReadonlyArray<EventView>
}): CandidateDetail => ({
  candidate: detail.candidate === null ? null : candidateView(detail.candidate),
  timeline: detail.timeline.map(({ at, eventId, kind, message }) => ({ at, kind, message, eventId })),
  events: detail.events.map(eventView)
})

/** The answer to a replay: the event, queued again. @since 0.1.0 */
export const Replayed = Schema.Struct({ status: Schema.Literal("replayed"), event: EventView })

/** A graded result reported by the assessment provider. @since 0.1.0 */
export const GradedResult = Candidate.GradedResult

/** What a webhook or result report became: queued (202) or acknowledged without new work (200). @since 0.1.0 */
export const Receipt = Schema.Struct({
  status: Schema.Literals(["accepted", "duplicate", "connection verified", "skipped", "ignored"]),
  eventId: Schema.String,
  message: Schema.optionalKey(Schema.String)
})
/** The body of a webhook's or result report's 2xx answer. @since 0.1.0 */
export type Receipt = typeof Receipt.Type

/**
 * The HTTP status a receipt is answered with: 202 when work was queued (`accepted`), 200 when the
 * delivery was acknowledged without new work. Lever retries anything that is not 2xx, so every receipt
 * is a success.
 *
 * @since 0.1.0
 */
export const receiptStatus = (receipt: Receipt): 200 | 202 => receipt.status === "accepted" ? 202 : 200
