/**
 * Unique, correctly signed `candidateStageChange` deliveries, signed with core's `LeverSignature` (the
 * scheme's one definition) before any clock starts, so signing costs the load generator nothing.
 */
import { LeverSignature } from "@fulcrum/core"
import { LeverSandbox } from "@fulcrum/lever-sandbox"
import { Effect, Redacted } from "effect"
import { randomBytes } from "node:crypto"
import type { Shot } from "./LoadGenerator.ts"

/**
 * `count` deliveries to the team's stage-change URL, each with a fresh token, moving `opportunityIds`
 * (cycled) to the assessment stage. `triggeredAt` is now: the host accepts deliveries up to 5 minutes old.
 */
export const stageChanges = (options: {
  readonly teamId: string
  readonly signingToken: string
  readonly count: number
  readonly opportunityIds: ReadonlyArray<string>
}): Promise<Array<Shot>> =>
  Effect.runPromise(Effect.gen(function*() {
    const key = Redacted.make(options.signingToken)
    const path = `/webhooks/lever/${encodeURIComponent(options.teamId)}/stage-change`
    const triggeredAt = Date.now()
    const shots: Array<Shot> = []
    for (let i = 0; i < options.count; i++) {
      const token = randomBytes(24).toString("hex")
      const signature = yield* LeverSignature.compute(key, token, triggeredAt)
      const opportunityId = options.opportunityIds[i % options.opportunityIds.length]!
      const body = JSON.stringify({
        triggeredAt,
        event: "candidateStageChange",
        token,
        signature,
        data: {
          opportunityId,
          fromStageId: LeverSandbox.StageIds.phoneInterview,
          toStageId: LeverSandbox.StageIds.technicalAssessment
        }
      })
      shots.push({ path, body })
    }
    return shots
  }))
