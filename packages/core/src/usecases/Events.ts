/**
 * The inbox as the admin sees it: every event with its status, the dead ones first among problems, and
 * replay in one call.
 *
 * @since 0.1.0
 */
import { Ids } from "@fulcrum/domain"
import { Clock, Effect, Schema } from "effect"
import { ConfigStore } from "../ports/ConfigStore.ts"
import { EventInbox, EventNotFound, type EventQuery } from "../ports/EventInbox.ts"

const isOpportunityId = Schema.is(Ids.OpportunityId)
const isEventId = Schema.is(Ids.EventId)

/**
 * Lists a team's events, newest first, e.g. `{ status: "dead" }`. An `opportunityId` no event can have
 * (a NUL or another control character in it) lists nothing, without asking the store to compare it.
 *
 * @since 0.1.0
 */
export const listEvents = Effect.fn("Events.list")(function*(teamId: Ids.TeamId, query: EventQuery) {
  yield* (yield* ConfigStore).get(teamId)
  if (query.opportunityId !== undefined && !isOpportunityId(query.opportunityId)) return { events: [], next: null }
  return yield* (yield* EventInbox).list(teamId, query)
})

/**
 * Runs an event again with a fresh retry budget, re-evaluated against today's settings (a replay is a
 * new decision, not a repeat of the old one). Side effects already done for the candidate are not
 * repeated: invites and notes keep their idempotency keys. An id no event can have (a NUL or another
 * control character in it, say from a hand-edited URL) is `EventNotFound`, without asking the store.
 *
 * @since 0.1.0
 */
export const replayEvent = Effect.fn("Events.replay")(function*(teamId: Ids.TeamId, eventId: string) {
  if (!isEventId(eventId)) return yield* new EventNotFound({ eventId })
  const now = yield* Clock.currentTimeMillis
  return yield* (yield* EventInbox).replay(teamId, eventId, now)
})
