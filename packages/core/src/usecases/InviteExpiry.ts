/**
 * The worker's sweep of invites past their `expiresAt`: a provider that never sends `invite.expired`
 * (or whose webhook was lost) still sees its lapsed invites marked `expired`, with the recruiter's Lever
 * note and the `expired` progress tag. The sweep only queues an inbox event per lapsed interview (the
 * same event a provider's `invite.expired` webhook becomes), so the note, the tag and the timeline come
 * from the one rule in the domain, and a later `invite.expired` from the provider changes nothing.
 *
 * @since 0.1.0
 */
import { Candidate, type Ids } from "@fulcrum/domain"
import { Cause, Clock, Duration, Effect } from "effect"
import { CandidateStore } from "../ports/CandidateStore.ts"
import { ConfigStore } from "../ports/ConfigStore.ts"
import { EventInbox } from "../ports/EventInbox.ts"

/** How often the worker sweeps by default: every minute. @since 0.1.0 */
export const defaultIntervalMs = 60_000

/** The invite states that can lapse: sent and not submitted. */
const lapsable: ReadonlyArray<Candidate.InviteState> = ["sent", "started"]

/**
 * One sweep over every team: queues an `expired` report for each current invite whose `expiresAt` has
 * passed. Idempotent (one event per interview, deduplicated by the inbox). Returns how many it queued.
 *
 * @since 0.1.0
 */
export const sweepOnce = Effect.fn("InviteExpiry.sweepOnce")(function*() {
  const now = yield* Clock.currentTimeMillis
  const inbox = yield* EventInbox
  const candidates = yield* CandidateStore
  let queued = 0
  for (const team of yield* (yield* ConfigStore).list()) {
    const teamId = team.settings.teamId as Ids.TeamId
    for (const inviteState of lapsable) {
      let cursor: string | undefined = undefined
      for (;;) {
        const page: { readonly candidates: ReadonlyArray<Candidate.CandidateState>; readonly next: string | null } =
          yield* candidates.list(teamId, { inviteState, limit: 100, ...(cursor === undefined ? {} : { cursor }) })
        for (const candidate of page.candidates) {
          const invite = Candidate.currentInvite(candidate)
          if (invite === undefined || invite.interviewId === null || invite.expiresAt === null) continue
          if (invite.expiresAt > now) continue
          const accepted = yield* inbox.accept({
            teamId,
            dedupeKey: `expiry:${invite.interviewId}`,
            source: "admin",
            kind: "inviteExpirySweep",
            opportunityId: candidate.opportunityId,
            payload: { _tag: "InterviewStatusReported", interviewId: invite.interviewId, status: "expired" },
            rawBody: null,
            receivedAt: now,
            status: "pending",
            note: null
          })
          if (accepted._tag === "Accepted") queued++
        }
        if (page.next === null) break
        cursor = page.next
      }
    }
  }
  if (queued > 0) yield* Effect.logInfo("lapsed invites queued as expired").pipe(Effect.annotateLogs({ queued }))
  return queued
})

/**
 * Sweeps every `intervalMs` until interrupted; a failed round is logged and the next one tries again.
 *
 * @since 0.1.0
 */
export const run = (
  options: { readonly intervalMs?: number } = {}
): Effect.Effect<never, never, ConfigStore | CandidateStore | EventInbox> =>
  Effect.forever(
    sweepOnce().pipe(
      Effect.catchCause((cause) =>
        Cause.hasInterruptsOnly(cause)
          ? Effect.interrupt
          : Effect.logWarning("invite expiry sweep failed; the next one tries again").pipe(
            Effect.annotateLogs({ cause: Cause.pretty(cause) })
          )
      ),
      Effect.andThen(Effect.sleep(Duration.millis(options.intervalMs ?? defaultIntervalMs)))
    )
  )
