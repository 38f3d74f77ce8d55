/**
 * What happened: candidates, timelines, events and replay, and the provider's result callback.
 *
 * @since 0.1.0
 */
import { ActivityModels, FulcrumApi } from "@fulcrum/api"
import { Candidates, Events, Results } from "@fulcrum/core"
import { Ids } from "@fulcrum/domain"
import { Effect } from "effect"
import { HttpServerResponse } from "effect/http"
import { HttpApiBuilder } from "effect/http-api"
import { answer } from "./internal/apiError.ts"
import { pathId, visibleTeam } from "./internal/request.ts"

const opportunityId = pathId("opportunityId", Ids.OpportunityId, "No candidate")
const interviewId = pathId("interviewId", Ids.InterviewId, "No interview")
const eventId = pathId("eventId", Ids.EventId, "No event")

/** The handlers of the `activity` group. @since 0.1.0 */
export const layer = HttpApiBuilder.group(FulcrumApi.FulcrumApi, "activity", (handlers) =>
  Effect.succeed(
    handlers
      .handle("candidates", ({ params, query }) =>
        Effect.gen(function*() {
          const id = yield* visibleTeam(params.teamId)
          const page = yield* answer(Candidates.listCandidates(id, query))
          return { candidates: page.candidates.map(ActivityModels.candidateView), next: page.next }
        }))
      .handle("candidate", ({ params }) =>
        Effect.gen(function*() {
          const id = yield* visibleTeam(params.teamId)
          const detail = yield* answer(Candidates.candidateTimeline(id, yield* opportunityId(params.opportunityId)))
          return ActivityModels.candidateDetail(detail)
        }))
      .handle("events", ({ params, query }) =>
        Effect.gen(function*() {
          const id = yield* visibleTeam(params.teamId)
          const page = yield* answer(Events.listEvents(id, query))
          return { events: page.events.map(ActivityModels.eventView), next: page.next }
        }))
      .handle("replay", ({ params }) =>
        Effect.gen(function*() {
          const id = yield* visibleTeam(params.teamId)
          const event = yield* answer(Events.replayEvent(id, yield* eventId(params.eventId)))
          return { status: "replayed" as const, event: ActivityModels.eventView(event) }
        }))
      .handle("reportResult", ({ params, payload }) =>
        Effect.gen(function*() {
          const id = yield* visibleTeam(params.teamId)
          const accepted = yield* answer(Results.reportResult(id, yield* interviewId(params.interviewId), payload))
          return accepted._tag === "Accepted"
            ? HttpServerResponse.jsonUnsafe({ status: "accepted", eventId: accepted.eventId }, { status: 202 })
            : HttpServerResponse.jsonUnsafe({
              status: "duplicate",
              eventId: accepted.eventId,
              message: "This result was already reported"
            })
        }))
  ))
