/**
 * Job postings and the interview type each one routes to: list the team's Lever postings with their
 * links, and link or unlink one. Postings are read with the team's runtime credentials, which then need
 * `postings:read:admin` (a key without it is refused with `LeverForbidden` naming the permission). The
 * routing itself (tag, then posting, then the stage's default) is the domain's `AssessmentRouting`.
 *
 * @since 0.2.0
 */
import type { Ids, Posting } from "@fulcrum/domain"
import { Setup } from "@fulcrum/domain"
import { Clock, Effect } from "effect"
import { execute } from "../internal/teamSettings.ts"
import * as LeverApi from "../ports/LeverApi.ts"
import { runtimeTarget } from "./LeverAccess.ts"
import { type TeamView, view } from "./TeamSetup.ts"

/** A Lever posting with the interview type linked to it (`null`: none). @since 0.2.0 */
export interface PostingRow extends Posting.LeverPosting {
  readonly interviewTypeId: Ids.InterviewTypeId | null
}

/**
 * Every posting of the team's Lever account, each with its linked interview type. The read also
 * refreshes the links: a linked posting Lever no longer has is flagged on the checklist, a renamed one
 * takes its new title.
 *
 * @since 0.2.0
 */
export const listPostings = Effect.fn("PostingLinks.listPostings")(function*(teamId: Ids.TeamId) {
  const lever = yield* LeverApi.LeverApi
  const postings = yield* lever.listPostings(yield* runtimeTarget(teamId))
  const at = yield* Clock.currentTimeMillis
  const team = view(yield* execute(teamId, () => [{
    _tag: "RecordLeverPostings",
    postings: postings.map(({ id, text }) => ({ id, text })),
    at
  }]))
  const links = team.settings.postingLinks ?? {}
  const rows: ReadonlyArray<PostingRow> = postings.map((posting) => ({
    ...posting,
    interviewTypeId: links[posting.id]?.interviewTypeId ?? null
  }))
  return { postings: rows, team }
})

/**
 * Links a posting to one of the team's interview types, or unlinks it (`null`). Linking reads the posting
 * from Lever first: an unknown posting is refused (`SetupRejected` `UnknownPosting`), and credentials
 * without `postings:read:admin` fail with `LeverForbidden` naming it. Unlinking never calls Lever.
 *
 * @since 0.2.0
 */
export const linkPosting = Effect.fn("PostingLinks.linkPosting")(function*(
  teamId: Ids.TeamId,
  postingId: Ids.PostingId,
  interviewTypeId: Ids.InterviewTypeId | null
) {
  const at = yield* Clock.currentTimeMillis
  if (interviewTypeId === null) {
    const unlinked = yield* execute(teamId, (settings) => [{
      _tag: "LinkPosting",
      postingId,
      title: settings.postingLinks?.[postingId]?.title ?? "",
      interviewTypeId: null,
      at
    }])
    return view(unlinked) satisfies TeamView
  }
  const lever = yield* LeverApi.LeverApi
  const posting = yield* lever.getPosting(yield* runtimeTarget(teamId), postingId).pipe(
    Effect.catchTag("LeverNotFound", () =>
      Effect.fail(
        new Setup.SetupRejected({
          reason: "UnknownPosting",
          message: `Lever has no job posting ${postingId}: list the postings again and choose one of them.`
        })
      ))
  )
  return view(yield* execute(teamId, () => [{ _tag: "LinkPosting", postingId, title: posting.text, interviewTypeId, at }]))
})
