/**
 * The inbox as the admin sees it: every event with its status, the dead ones first among problems, and
 * replay in one call.
 *
 * @since 0.1.0
 */
import type { Ids } from "@fulcrum/domain"
import { Clock, Effect } from "effect"
import { ConfigStore } from "../ports/ConfigStore.ts"
import { EventInbox, type EventQuery } from "../ports/EventInbox.ts"

/** Lists a team's events, newest first, e.g. `{ status: "dead" }`. @since 0.1.0 */
export const listEvents = Effect.fn("Events.list")(function*(teamId: Ids.TeamId, query: EventQuery) {
  yield* (yield* ConfigStore).get(teamId)
  return yield* (yield* EventInbox).list(teamId, query)
})

/**
 * Runs an event again with a fresh retry budget, re-evaluated against today's settings (a replay is a
 * new decision, not a repeat of the old one). Side effects already done for the candidate are not
 * repeated: invites and notes keep their idempotency keys.
 *
 * @since 0.1.0
 */
export const replayEvent = Effect.fn("Events.replay")(function*(teamId: Ids.TeamId, eventId: string) {
  const now = yield* Clock.currentTimeMillis
  return yield* (yield* EventInbox).replay(teamId, eventId, now)
})
