/**
 * What happened: a team's candidates with their timelines, the events behind them, replay of an event,
 * and the provider's callback with a graded result.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "effect/http-api"
import {
  CandidateDetail,
  CandidatePage,
  CandidatesQuery,
  EventPage,
  EventsQuery,
  GradedResult,
  Receipt,
  Replayed
} from "./ActivityModels.ts"
import { AdminAuth } from "./AdminAuth.ts"
import { InvalidRequest, NotFound, PayloadTooLarge, ServiceUnavailable } from "./ApiErrors.ts"

const errors = [InvalidRequest, NotFound, ServiceUnavailable] as const

/** The admin endpoints of candidates, timelines and events, and the provider's result callback. @since 0.1.0 */
export class ActivityGroup extends HttpApiGroup.make("activity")
  .add(
    HttpApiEndpoint.get("candidates", "/api/teams/:teamId/candidates", {
      params: { teamId: Schema.String },
      query: CandidatesQuery,
      success: CandidatePage,
      error: errors
    }).annotate(OpenApi.Summary, "Candidates, newest activity first (e.g. ?inviteState=invited)"),
    HttpApiEndpoint.get("candidate", "/api/teams/:teamId/candidates/:opportunityId", {
      params: { teamId: Schema.String, opportunityId: Schema.String },
      success: CandidateDetail,
      error: errors
    }).annotate(OpenApi.Summary, "One candidate: state, timeline and the events behind it"),
    HttpApiEndpoint.get("events", "/api/teams/:teamId/events", {
      params: { teamId: Schema.String },
      query: EventsQuery,
      success: EventPage,
      error: errors
    }).annotate(OpenApi.Summary, "Received events, newest first (e.g. ?status=dead)"),
    HttpApiEndpoint.post("replay", "/api/teams/:teamId/events/:eventId/replay", {
      params: { teamId: Schema.String, eventId: Schema.String },
      success: Replayed.pipe(HttpApiSchema.status(202)),
      error: errors
    }).annotate(OpenApi.Summary, "Run an event again with a fresh retry budget"),
    HttpApiEndpoint.post("reportResult", "/api/teams/:teamId/interviews/:interviewId/result", {
      params: { teamId: Schema.String, interviewId: Schema.String },
      payload: GradedResult,
      success: [Receipt.pipe(HttpApiSchema.status(202)), Receipt],
      error: [...errors, PayloadTooLarge]
    }).annotate(OpenApi.Summary, "The assessment provider reports a graded result")
  )
  .middleware(AdminAuth)
  .annotateMerge(OpenApi.annotations({ title: "Candidates and events" }))
{}
