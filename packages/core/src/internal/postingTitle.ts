/**
 * Names the posting of an opportunity just read: Lever's application carries only the posting's id, and
 * the note of an unrouted candidate names the posting. Internal: used by `ProcessEvent`.
 */
import { type Candidate, type Setup, StageMapping } from "@fulcrum/domain"
import { Effect } from "effect"
import * as LeverApi from "../ports/LeverApi.ts"

/**
 * The read with its posting's title: a linked posting's from the link (kept fresh by the health check);
 * an unlinked one's from Lever, only while the candidate is in an assessment stage (the only time a note
 * may name it). Naming is best effort: without `postings:read:admin`, or with Lever unavailable, the
 * posting stays unnamed and the note names it by id.
 */
export const withPostingTitle = <E, R>(
  read: Candidate.OpportunityRead,
  settings: Setup.TeamSettings,
  target: Effect.Effect<LeverApi.LeverTarget, E, R>
): Effect.Effect<Candidate.OpportunityRead, never, R | LeverApi.LeverApi> => {
  if (read._tag !== "Read") return Effect.succeed(read)
  const { opportunity } = read
  const posting = opportunity.posting
  if (posting === undefined || posting === null || posting.title !== null) return Effect.succeed(read)
  const named = (title: string | null): Candidate.OpportunityRead =>
    title === null ? read : { _tag: "Read", opportunity: { ...opportunity, posting: { id: posting.id, title } } }
  const link = settings.postingLinks?.[posting.id]
  if (link !== undefined) return Effect.succeed(named(link.title))
  const mapping = settings.stageMapping
  const inAssessment = mapping !== null && opportunity.stageId !== null &&
    StageMapping.assessmentStageOf(mapping, opportunity.stageId) !== undefined
  if (!inAssessment) return Effect.succeed(read)
  return Effect.flatMap(target, (resolved) =>
    Effect.flatMap(LeverApi.LeverApi, (lever) => lever.getPosting(resolved, posting.id))).pipe(
      Effect.map((found) => named(found.text)),
      Effect.catch((error) => Effect.as(Effect.logDebug("The candidate's posting could not be named", error), read))
    )
}
