/**
 * Step 7: the interview type of each Lever job posting. A candidate on a linked posting without an
 * interview-type tag is sent the posting's interview type; "none" falls back to the tag or the
 * assessment stage's default. Each row is saved as soon as it changes, with its state beside it.
 */
import type { PostingModels } from "@fulcrum/api"
import { Ids } from "@fulcrum/domain"
import { useId, useState } from "react"
import { ApiFailure } from "../Api.ts"
import { useTeam } from "../TeamContext.ts"
import { Loaded, ScrollArea } from "../parts/Controls.tsx"
import { useLoad } from "../parts/useRequest.ts"

type RowState = { readonly _tag: "Idle" } | { readonly _tag: "Saving" } | { readonly _tag: "Saved" } | {
  readonly _tag: "Failed"
  readonly failure: ApiFailure
}

/** Lever's refusal in a recruiter's words: which permission the key lacks and where to fix it. */
const inRecruitersWords = (failure: ApiFailure): ApiFailure =>
  failure.reason === "LeverPermissionMissing" && failure.missingPermissions.includes("postings:read:admin")
    ? new ApiFailure(
      failure.kind,
      "Fulcrum's Lever key may not read job postings: it lacks the postings:read:admin permission. In Lever, " +
        "create a key that also has it (or connect again and approve it), then save it in the Connect step.",
      failure.problems,
      failure.reason
    )
    : failure

const PostingRow = (props: { readonly posting: PostingModels.PostingRow }) => {
  const { api, team, teamId, update } = useTeam()
  const { posting } = props
  const id = useId()
  const [linked, setLinked] = useState<string>(posting.interviewTypeId ?? "")
  const [state, setState] = useState<RowState>({ _tag: "Idle" })
  const types = team.settings.interviewTypes
  const save = async (interviewTypeId: string) => {
    const previous = linked
    setLinked(interviewTypeId)
    setState({ _tag: "Saving" })
    try {
      update(await api.call((client) =>
        client.postings.interviewType({
          params: { teamId, postingId: Ids.PostingId.make(posting.id) },
          payload: { interviewTypeId: interviewTypeId === "" ? null : Ids.InterviewTypeId.make(interviewTypeId) }
        })
      ))
      setState({ _tag: "Saved" })
    } catch (error) {
      setLinked(previous)
      setState({ _tag: "Failed", failure: inRecruitersWords(error as ApiFailure) })
    }
  }
  const removed = linked !== "" && !types.some((type) => type.id === linked)
  return (
    <tr data-posting={posting.id}>
      <th scope="row">
        <span id={`${id}-title`}>{posting.text}</span>
        <span className="posting-meta">
          {[posting.team, posting.location].filter((part) => part !== null && part !== "").join(" · ")}
          <span className={posting.state === "published" ? "badge badge-done" : "badge"}>{posting.state}</span>
        </span>
      </th>
      <td>
        <select
          aria-label={`Interview type for ${posting.text}`}
          aria-describedby={`${id}-state`}
          value={linked}
          onChange={(event) => void save(event.target.value)}
          disabled={state._tag === "Saving"}
        >
          <option value="">None (tag or stage default)</option>
          {types.map((type) => <option key={type.id} value={type.id}>{type.name}</option>)}
          {removed ? <option value={linked}>A removed interview type</option> : null}
        </select>
        <div id={`${id}-state`} className="row-state" aria-live="polite">
          {state._tag === "Saving"
            ? "Saving…"
            : state._tag === "Failed"
            ? <span className="field-error">{state.failure.message}</span>
            : state._tag === "Saved"
            ? <span className="saved">Saved ✓</span>
            : null}
        </div>
      </td>
    </tr>
  )
}

export const PostingsPage = () => {
  const { api, team, teamId, update } = useTeam()
  const postings = useLoad(async () => {
    const answer = await api.call((client) => client.postings.list({ params: { teamId } }))
    update({ ...team, checklist: answer.checklist })
    return answer.postings
  }, teamId)
  const state = postings.state._tag === "Failed"
    ? { ...postings.state, failure: inRecruitersWords(postings.state.failure) }
    : postings.state
  return (
    <>
      <h1>Job postings</h1>
      <section className="panel" aria-labelledby="postings-title">
        <h2 id="postings-title">Interview type of each posting</h2>
        <p className="hint">
          A candidate without an interview-type tag is sent the interview type of the posting they applied to. With
          none, the tag or the assessment stage's default decides. Each choice is saved at once.
        </p>
        {team.settings.interviewTypes.length === 0
          ? <p className="notice notice-warning">Add an interview type first (in Interview types) to link postings to it.</p>
          : null}
        <Loaded state={state} what="Lever's job postings" onRetry={postings.reload}>
          {(rows) =>
            rows.length === 0
              ? <p>Lever has no job postings yet.</p>
              : (
                <ScrollArea label="Job postings">
                  <table className="postings">
                    <caption className="visually-hidden">Job postings and their interview types</caption>
                    <thead>
                      <tr>
                        <th scope="col">Posting (team · location · state)</th>
                        <th scope="col">Interview type</th>
                      </tr>
                    </thead>
                    <tbody>{rows.map((posting) => <PostingRow key={posting.id} posting={posting} />)}</tbody>
                  </table>
                </ScrollArea>
              )}
        </Loaded>
      </section>
    </>
  )
}
