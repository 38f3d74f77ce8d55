/**
 * The admin API of routing by job posting. Each handler names its team (checked against the caller's
 * scope) and calls one `PostingLinks` use case; the rules live in the core and the domain.
 *
 * @since 0.2.0
 */
import { FulcrumApi } from "@fulcrum/api"
import { PostingLinks } from "@fulcrum/core"
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { answer } from "./internal/apiError.ts"
import { visibleTeam } from "./internal/request.ts"
import { team } from "./internal/teamAnswer.ts"

/** The handlers of the `postings` group. @since 0.2.0 */
export const layer = HttpApiBuilder.group(FulcrumApi.FulcrumApi, "postings", (handlers) =>
  Effect.succeed(
    handlers
      .handle("list", ({ params }) =>
        Effect.gen(function*() {
          const id = yield* visibleTeam(params.teamId)
          const listed = yield* answer(PostingLinks.listPostings(id))
          return { postings: listed.postings, checklist: listed.team.checklist }
        }))
      .handle("interviewType", ({ params, payload }) =>
        Effect.flatMap(
          visibleTeam(params.teamId),
          (id) => team(PostingLinks.linkPosting(id, params.postingId, payload.interviewTypeId))
        ))
  ))
