/**
 * Resending an invite: checked at once against the candidate as stored (422 with the reason), then queued
 * for the worker (202).
 *
 * @since 0.1.0
 */
import { FulcrumApi } from "@fulcrum/api"
import { Candidates } from "@fulcrum/core"
import { Ids } from "@fulcrum/domain"
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { answer } from "./internal/apiError.ts"
import { pathId, visibleTeam } from "./internal/request.ts"

const opportunityId = pathId("opportunityId", Ids.OpportunityId, "No candidate")
const interviewTypeId = pathId("interviewTypeId", Ids.InterviewTypeId, "No interview type")

/** The handlers of the `resend` group. @since 0.1.0 */
export const layer = HttpApiBuilder.group(FulcrumApi.FulcrumApi, "resend", (handlers) =>
  Effect.succeed(
    handlers.handle("resend", ({ params, payload }) =>
      Effect.gen(function*() {
        const teamId = yield* visibleTeam(params.teamId)
        const opportunity = yield* opportunityId(params.opportunityId)
        const type = payload?.interviewTypeId === undefined ? null : yield* interviewTypeId(payload.interviewTypeId)
        const queued = yield* answer(Candidates.requestResend(teamId, opportunity, type))
        return { status: "queued" as const, eventId: queued.eventId }
      })
    )
  ))
