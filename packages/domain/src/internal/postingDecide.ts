/**
 * The setup rules of posting links: linking and unlinking a posting, and what a fresh read of Lever's
 * postings changes in the links. Internal: see `Setup.decide`.
 */
import { Result } from "effect"
import type { PostingLink } from "../Posting.ts"
import type { SetupCommand, SetupEvent, TeamSettings } from "../Setup.ts"
import type { Refusal } from "./setupDecide.ts"

type Decided = Result.Result<ReadonlyArray<SetupEvent>, Refusal>
type Command<Tag extends SetupCommand["_tag"]> = Extract<SetupCommand, { readonly _tag: Tag }>

/** Links a posting to an interview type of the team, or unlinks it (`interviewTypeId: null`). */
export const linkPosting = (state: TeamSettings, command: Command<"LinkPosting">): Decided => {
  const current = state.postingLinks?.[command.postingId]
  if (command.interviewTypeId === null) {
    return Result.succeed(
      current === undefined ? [] : [{ _tag: "PostingUnlinked", postingId: command.postingId, at: command.at }]
    )
  }
  const interviewTypeId = command.interviewTypeId
  if (!state.interviewTypes.some((type) => type.id === interviewTypeId)) {
    return Result.fail({
      reason: "UnknownInterviewType",
      message: `There is no interview type ${interviewTypeId} in this team: add it first, or link the posting ` +
        "to one of the team's interview types."
    })
  }
  if (
    current !== undefined && current.interviewTypeId === interviewTypeId && current.title === command.title &&
    current.missingSince === null
  ) return Result.succeed([])
  const link: PostingLink = {
    postingId: command.postingId,
    title: command.title,
    interviewTypeId,
    linkedAt: command.at,
    missingSince: null
  }
  return Result.succeed([{ _tag: "PostingLinked", link }])
}

/**
 * Compares the links with the postings Lever has now: a linked posting Lever no longer has is marked
 * missing (from now, unless it already was), one found again is cleared, and a renamed one takes its new
 * title. Nothing changes when nothing differs.
 */
export const recordLeverPostings = (state: TeamSettings, command: Command<"RecordLeverPostings">): Decided => {
  const found = new Map(command.postings.map((posting) => [posting.id as string, posting.text]))
  const changed = Object.values(state.postingLinks ?? {}).flatMap((link): ReadonlyArray<PostingLink> => {
    const title = found.get(link.postingId)
    if (title === undefined) return link.missingSince === null ? [{ ...link, missingSince: command.at }] : []
    return title === link.title && link.missingSince === null ? [] : [{ ...link, title, missingSince: null }]
  })
  return Result.succeed(changed.length === 0 ? [] : [{ _tag: "LinkedPostingsChecked", links: changed, at: command.at }])
}
