/**
 * What the sandbox provider holds, in memory: its interview types, the invites by idempotency key and
 * by interview id, and how many times each key created an invite (the number reliability tests check:
 * it must stay 1 whatever Fulcrum retries).
 *
 * @since 0.1.0
 */
import type { ProviderProtocol } from "@fulcrum/domain"

/** Where an invite stands at the provider. @since 0.1.0 */
export type InviteState = "sent" | "started" | "submitted" | "graded" | "expired" | "cancelled"

/** One invite as the provider keeps it. @since 0.1.0 */
export interface Invite {
  readonly interviewId: string
  readonly key: string
  readonly request: ProviderProtocol.CreateInvite
  readonly inviteUrl: string
  readonly createdAt: number
  expiresAt: number | null
  state: InviteState
  score: number | null
  outcome: ProviderProtocol.Outcome | null
  reportUrl: string | null
  readonly nextSteps: Array<ProviderProtocol.NextStep>
  cancelReason: ProviderProtocol.CancelReason | null
}

/** The interview types every team gets unless the sandbox was given others. @since 0.1.0 */
export const defaultInterviewTypes: ReadonlyArray<ProviderProtocol.InterviewTypeRef> = [
  { id: "sbx-take-home", name: "Take-home exercise" },
  { id: "sbx-live-coding", name: "Live coding" },
  { id: "sbx-system-design", name: "System design" }
]

/** The sandbox's memory. @since 0.1.0 */
export interface Store {
  interviewTypes: ReadonlyArray<ProviderProtocol.InterviewTypeRef>
  readonly byKey: Map<string, Invite>
  readonly byInterview: Map<string, Invite>
  /** Invites created per idempotency key (a correct client keeps every count at 1). */
  readonly creates: Map<string, number>
  /** `POST /v1/invites` requests received per key, retries included. */
  readonly createRequests: Map<string, number>
  /** Requests received per `METHOD path-template`, signed or not. */
  readonly requests: Map<string, number>
  nextId: number
}

/** An empty store with the given interview types. @since 0.1.0 */
export const make = (interviewTypes: ReadonlyArray<ProviderProtocol.InterviewTypeRef> = defaultInterviewTypes): Store => ({
  interviewTypes,
  byKey: new Map(),
  byInterview: new Map(),
  creates: new Map(),
  createRequests: new Map(),
  requests: new Map(),
  nextId: 1
})

/** Forgets every invite and count (interview types stay). @since 0.1.0 */
export const reset = (store: Store): void => {
  store.byKey.clear()
  store.byInterview.clear()
  store.creates.clear()
  store.createRequests.clear()
  store.requests.clear()
}

/** An invite as the control API shows it. @since 0.1.0 */
export const view = (invite: Invite) => ({
  interviewId: invite.interviewId,
  key: invite.key,
  teamId: invite.request.teamId,
  opportunityId: invite.request.opportunityId,
  candidate: invite.request.candidate,
  interviewType: invite.request.interviewType,
  attempt: invite.request.attempt,
  inviteUrl: invite.inviteUrl,
  createdAt: new Date(invite.createdAt).toISOString(),
  expiresAt: invite.expiresAt === null ? null : new Date(invite.expiresAt).toISOString(),
  state: invite.state,
  score: invite.score,
  outcome: invite.outcome,
  reportUrl: invite.reportUrl,
  nextSteps: invite.nextSteps,
  cancelReason: invite.cancelReason
})
