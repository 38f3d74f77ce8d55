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
    }).annotateMerge(OpenApi.annotations({
      summary: "The team's Lever job postings, each with its linked interview type",
      description: "Reads the team's job postings from Lever (needs postings:read:admin on the team's credentials; " +
        "without it a 422 LeverPermissionMissing names it) with the interview type each is linked to."
    })),
    HttpApiEndpoint.put("interviewType", "/api/teams/:teamId/postings/:postingId/interview-type", {
      params: { teamId: Schema.String, postingId: Ids.PostingId },
      payload: PostingInterviewType,
      success: TeamView,
      error: errors
    }).annotateMerge(OpenApi.annotations({
      summary: "Link a job posting to an interview type (null unlinks): used when a candidate has no interview-type tag",
      description: "A candidate entering an assessment stage without an interview type's tag gets the interview type " +
        "linked to the posting they applied to. Answers the team."
    }))
  )
  .middleware(AdminAuth)
  .annotateMerge(OpenApi.annotations({
    title: "Job postings",
    description: "Route candidates by the job posting they applied to: tag, then posting, then the stage's default."
  }))
{}
