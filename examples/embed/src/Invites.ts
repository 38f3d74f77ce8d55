/**
 * The platform team's own interview scheduler: their invite system, which Fulcrum calls from its
 * worker. Here it keeps invites in memory; a real one calls the assessment product's API. What
 * Fulcrum relies on is the idempotency: a repeated `key` returns the first invite.
 */
import type { CancelRequest, InviteRequest, NextStepRequest, Scheduler, SentInvite } from "@fulcrum/embed"
import { randomUUID } from "node:crypto"

/** One invite this service sent, as its own `/internal/invites` route lists it. */
export interface Invite {
  readonly key: string
  readonly teamId: string
  readonly opportunityId: string
  readonly email: string
  readonly interviewId: string
  readonly interviewType: string
}

/** An in-memory invite system: the scheduler Fulcrum calls, and what it did. */
export const make = (): { readonly scheduler: Scheduler; readonly invites: () => ReadonlyArray<Invite> } => {
  const byKey = new Map<string, Invite>()
  const scheduler: Scheduler = {
    sendInvite: async (request: InviteRequest): Promise<SentInvite> => {
      const existing = byKey.get(request.key)
      const invite = existing ?? {
        key: request.key,
        teamId: request.teamId,
        opportunityId: request.opportunityId,
        email: request.email,
        interviewId: `int_${randomUUID()}`,
        interviewType: request.interviewType.name
      }
      byKey.set(request.key, invite)
      return { interviewId: invite.interviewId, inviteUrl: `https://assess.example/i/${invite.interviewId}`, expiresAt: null }
    },
    notifyNextStep: async (_request: NextStepRequest) => {},
    cancel: async (_request: CancelRequest) => {}
  }
  return { scheduler, invites: () => [...byKey.values()] }
}
