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

/** The admin endpoints of a team's postings and their assessment routing. @since 0.2.0 */
export class PostingsGroup extends HttpApiGroup.make("postings")
  .add(
    HttpApiEndpoint.get("list", "/api/teams/:teamId/postings", {
      params: { teamId: Schema.String },
      success: Postings,
      error: errors
    }).annotateMerge(OpenApi.annotations({
      summary: "The team's Lever job postings, each with its linked interview type",
      description: "Every job posting of the team's Lever account (read with its Lever credentials, which need " +
        "postings:read:admin), whatever its state: title (text), state, team, department, location, commitment, " +
        "and interviewTypeId, the interview type linked to it or null. Answers with the checklist too: the read " +
        "flags a linked posting Lever no longer has."
    })),
    HttpApiEndpoint.put("interviewType", "/api/teams/:teamId/postings/:postingId/interview-type", {
      params: { teamId: Schema.String, postingId: Ids.PostingId },
      payload: PostingInterviewType,
      success: TeamView,
      error: errors
    }).annotateMerge(OpenApi.annotations({
      summary: "Link a job posting to an interview type (null unlinks)",
      description: "A candidate on a linked posting without an interview-type tag is sent the posting's interview " +
        "type (the tag wins; without either, the assessment stage's default). Linking reads the posting from " +
        "Lever: 422 UnknownPosting when Lever has none, 422 LeverPermissionMissing naming postings:read:admin " +
        "when the credentials may not read it, 422 UnknownInterviewType for a type the team does not have. " +
        "{\"interviewTypeId\": null} unlinks without calling Lever. Answers with the team."
    }))
  )
  .middleware(AdminAuth)
  .annotateMerge(OpenApi.annotations({
    title: "Job postings",
    description: "Route candidates by the job posting they applied to: tag, then posting, then the stage's default."
  }))
{}
