/**
 * The contract of the `InterviewScheduler` port, for the platform team's own implementation as much as
 * for the adapters in this repository: invites are idempotent by key, distinct keys are distinct
 * interviews, and next-step notifications and cancellations are accepted, repeats included.
 *
 * The suite shares one layer across its tests and runs on the live clock (an HTTP scheduler may sleep
 * between retries). Requests use keys unique to the run, so the scheduler may already hold data.
 *
 * @example
 * ```ts
 * import { InterviewSchedulerContract } from "@fulcrum/core/testing"
 *
 * InterviewSchedulerContract.suite("our invite service", OurScheduler.layer)
 * ```
 *
 * @since 0.1.0
 */
import { assert } from "@effect/vitest"
import { Candidate, Ids } from "@fulcrum/domain"
import type { InterviewType } from "@fulcrum/domain"
import { Effect } from "effect"
import type { Layer } from "effect"
import { InterviewScheduler } from "../ports/InterviewScheduler.ts"
import type { InviteRequest } from "../ports/InterviewScheduler.ts"
import { describeShared, runId } from "./internal/kit.ts"

/** Options of `suite`. @since 0.1.0 */
export interface SuiteOptions {
  /** Per-test and layer-build timeout in milliseconds; default 30 000. */
  readonly timeout?: number
}

/**
 * Registers the contract tests of the `InterviewScheduler` port in a `describe` block named `name`.
 *
 * @example
 * ```ts
 * InterviewSchedulerContract.suite("InterviewSchedulerMemory", InterviewSchedulerMemory.layer)
 * ```
 *
 * @since 0.1.0
 */
export const suite = <E>(
  name: string,
  schedulerLayer: Layer.Layer<InterviewScheduler, E>,
  options?: SuiteOptions
): void => {
  const run = runId()
  const teamId = Ids.TeamId.make(`kit-team-${run}`)
  const timeout = options?.timeout ?? 30_000

  const interviewType = (label: string): InterviewType.InterviewType => ({
    id: Ids.InterviewTypeId.make(`kit-${label}`),
    name: `Kit ${label}`,
    tag: `Kit ${label}`
  })

  const request = (label: string, overrides: Partial<InviteRequest> = {}): InviteRequest => {
    const type = overrides.interviewType ?? interviewType("take-home")
    const attempt = overrides.attempt ?? 1
    const opportunityId = overrides.opportunityId ?? Ids.OpportunityId.make(`kit-${run}-${label}`)
    return {
      key: Candidate.inviteKey(teamId, opportunityId, type.id, attempt - 1),
      teamId,
      opportunityId,
      candidateName: `Kit Candidate ${label}`,
      email: `kit+${run}-${label}@example.com`,
      interviewType: type,
      attempt,
      ...overrides
    }
  }

  describeShared(name, schedulerLayer, timeout, (it) => {
    it.effect("sendInvite with a repeated key returns the first invite", () =>
      Effect.gen(function*() {
        const scheduler = yield* InterviewScheduler
        const first = yield* scheduler.sendInvite(request("repeat"))
        assert.isAbove(first.interviewId.length, 0)
        const again = yield* scheduler.sendInvite(request("repeat"))
        assert.deepStrictEqual(again, first)
      }), timeout)

    it.effect("sendInvite calls racing with one key create one invite", () =>
      Effect.gen(function*() {
        const scheduler = yield* InterviewScheduler
        const sent = yield* Effect.all(
          [scheduler.sendInvite(request("race")), scheduler.sendInvite(request("race"))],
          { concurrency: 2 }
        )
        assert.strictEqual(sent[0].interviewId, sent[1].interviewId)
      }), timeout)

    it.effect("different attempts and interview types are different interviews", () =>
      Effect.gen(function*() {
        const scheduler = yield* InterviewScheduler
        const first = yield* scheduler.sendInvite(request("attempts"))
        const resend = yield* scheduler.sendInvite(request("attempts", { attempt: 2 }))
        const otherType = yield* scheduler.sendInvite(
          request("attempts", { interviewType: interviewType("live-coding") })
        )
        const otherCandidate = yield* scheduler.sendInvite(request("attempts-other"))
        const ids = [first, resend, otherType, otherCandidate].map((s) => s.interviewId)
        assert.strictEqual(new Set(ids).size, 4)
      }), timeout)

    it.effect("an invite link and expiry, when given, are usable", () =>
      Effect.gen(function*() {
        const scheduler = yield* InterviewScheduler
        const sent = yield* scheduler.sendInvite(request("link"))
        if (sent.inviteUrl !== null) assert.isTrue(URL.canParse(sent.inviteUrl), sent.inviteUrl)
        if (sent.expiresAt !== null) assert.isTrue(Number.isFinite(sent.expiresAt))
      }), timeout)

    it.effect("notifyNextStep is accepted for onsite and offer, repeats included", () =>
      Effect.gen(function*() {
        const scheduler = yield* InterviewScheduler
        const sent = yield* scheduler.sendInvite(request("next-step"))
        const opportunityId = request("next-step").opportunityId
        for (const nextStep of ["onsite", "offer"] as const) {
          const notification = {
            key: `${teamId}:${opportunityId}:next-step:${nextStep}`,
            teamId,
            opportunityId,
            interviewId: sent.interviewId,
            nextStep
          }
          yield* scheduler.notifyNextStep(notification)
          yield* scheduler.notifyNextStep(notification)
        }
        yield* scheduler.notifyNextStep({
          key: `${teamId}:${opportunityId}:next-step:no-interview`,
          teamId,
          opportunityId: Ids.OpportunityId.make(`kit-${run}-never-invited`),
          interviewId: null,
          nextStep: "onsite"
        })
      }), timeout)

    it.effect("cancel is accepted, repeats included", () =>
      Effect.gen(function*() {
        const scheduler = yield* InterviewScheduler
        const sent = yield* scheduler.sendInvite(request("cancel"))
        const cancellation = {
          key: `${teamId}:cancel:${sent.interviewId}`,
          teamId,
          interviewId: sent.interviewId,
          reason: "candidateDeleted" as const
        }
        yield* scheduler.cancel(cancellation)
        yield* scheduler.cancel(cancellation)
      }), timeout)

    it.effect("listInterviewTypes, when offered, names each type", () =>
      Effect.gen(function*() {
        const scheduler = yield* InterviewScheduler
        if (scheduler.listInterviewTypes === undefined) return
        const types = yield* scheduler.listInterviewTypes(teamId)
        for (const type of types) {
          assert.isAbove(type.id.length, 0)
          assert.isAbove(type.name.length, 0)
        }
        assert.strictEqual(new Set(types.map((t) => t.id)).size, types.length, "type ids are unique")
      }), timeout)
  })
}
