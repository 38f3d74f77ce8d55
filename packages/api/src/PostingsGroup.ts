/**
 * The admin API of assessment routing by job posting: list the team's Lever postings with their linked
 * interview types, and link or unlink one. Reading postings needs `postings:read:admin` on the team's
 * Lever credentials; without it the answer is a 422 `LeverPermissionMissing` naming it.
 *
 * @since 0.2.0
 */
import { Ids } from "@fulcrum/domain"
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "effect/http-api"
import { AdminAuth } from "./AdminAuth.ts"
import { InvalidRequest, LeverUnavailable, NotFound, ServiceUnavailable, Unprocessable } from "./ApiErrors.ts"
import { PostingInterviewType, Postings } from "./PostingModels.ts"
import { TeamView } from "./TeamModels.ts"

const errors = [InvalidRequest, NotFound, Unprocessable, ServiceUnavailable, LeverUnavailable] as const

/** @since 0.2.0 */
export class PostingsGroup extends HttpApiGroup.make("postings")
  .add(
    HttpApiEndpoint.get("list", "/api/teams/:teamId/postings", {
      params: { teamId: Schema.String },
      success: Postings,
      error: errors
    }).annotate(OpenApi.Summary, "The team's Lever job postings, each with its linked interview type"),
    HttpApiEndpoint.put("interviewType", "/api/teams/:teamId/postings/:postingId/interview-type", {
      params: { teamId: Schema.String, postingId: Ids.PostingId },
      payload: PostingInterviewType,
      success: TeamView,
      error: errors
    }).annotate(
      OpenApi.Summary,
      "Link a job posting to an interview type (null unlinks): used when a candidate has no interview-type tag"
    )
  )
  .middleware(AdminAuth)
  .annotateMerge(OpenApi.annotations({
    title: "Job postings",
    description: "Route candidates by the job posting they applied to: tag, then posting, then the stage's default."
  }))
{}
