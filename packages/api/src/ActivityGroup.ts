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
const doc = (summary: string, description: string) => OpenApi.annotations({ summary, description })

/** The admin endpoints of candidates, timelines and events, and the provider's result callback. @since 0.1.0 */
export class ActivityGroup extends HttpApiGroup.make("activity")
  .add(
    HttpApiEndpoint.get("candidates", "/api/teams/:teamId/candidates", {
      params: { teamId: Schema.String },
      query: CandidatesQuery,
      success: CandidatePage,
      error: errors
    }).annotateMerge(doc(
      "Candidates, newest activity first (e.g. ?inviteState=invited)",
      "A page of the team's candidates, each with its `inviteState`; `next` is the cursor of the next page (null on the last)."
    )),
    HttpApiEndpoint.get("candidate", "/api/teams/:teamId/candidates/:opportunityId", {
      params: { teamId: Schema.String, opportunityId: Schema.String },
      success: CandidateDetail,
      error: errors
    }).annotateMerge(doc(
      "One candidate: state, timeline and the events behind it",
      "What happened to one candidate and why: its state with `inviteState` (null when only skipped events exist), the timeline and up to 100 events behind it."
    )),
    HttpApiEndpoint.get("events", "/api/teams/:teamId/events", {
      params: { teamId: Schema.String },
      query: EventsQuery,
      success: EventPage,
      error: errors
    }).annotateMerge(doc(
      "Received events, newest first (e.g. ?status=dead)",
      "The team's received events (webhooks, results, admin actions) with what became of each, without raw bodies."
    )),
    HttpApiEndpoint.post("replay", "/api/teams/:teamId/events/:eventId/replay", {
      params: { teamId: Schema.String, eventId: Schema.String },
      success: Replayed.pipe(HttpApiSchema.status(202)),
      error: errors
    }).annotateMerge(doc(
      "Run an event again with a fresh retry budget",
      "Queues the event again (202), for instance a dead one after the setup was fixed; the candidate's other events keep their order."
    )),
    HttpApiEndpoint.post("reportResult", "/api/teams/:teamId/interviews/:interviewId/result", {
      params: { teamId: Schema.String, interviewId: Schema.String },
      payload: GradedResult,
      success: [Receipt.pipe(HttpApiSchema.status(202)), Receipt],
      error: [...errors, PayloadTooLarge]
    }).annotateMerge(doc(
      "The assessment provider reports a graded result",
      "The graded result of an interview: 202 when queued (a results note goes to Lever), 200 when the same result was already reported."
    ))
  )
  .middleware(AdminAuth)
  .annotateMerge(OpenApi.annotations({
    title: "Candidates and events",
    description: "What happened to each candidate and why: candidates, timelines, received events, replay, and the provider's result callback."
  }))
{}
