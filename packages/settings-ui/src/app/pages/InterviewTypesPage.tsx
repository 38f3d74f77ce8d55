/**
 * Step 6: the interview types the provider offers, each with its exact Lever tag (ready to copy: a
 * recruiter puts it on a candidate before the assessment stage), and the progress tags switch.
 */
import { InterviewType } from "@fulcrum/domain"
import { Result } from "effect"
import { type FormEvent, useState } from "react"
import { useTeam } from "../TeamContext.ts"
import { Button, Copyable, Failure, Field } from "../parts/Controls.tsx"
import { fieldError, useAction } from "../parts/useRequest.ts"

const tagProblem = (tag: string): string | undefined =>
  Result.match(InterviewType.validateTag(tag), {
    onFailure: (problem) => InterviewType.tagProblemMessage(tag, problem),
    onSuccess: () => undefined
  })

const AddInterviewType = () => {
  const { api, reload, teamId } = useTeam()
  const [name, setName] = useState("")
  const [tag, setTag] = useState("")
  const [threshold, setThreshold] = useState("")
  const [shown, setShown] = useState(false)
  const action = useAction()
  const problems = {
    name: name.trim() === "" ? "Name the interview type, e.g. Senior backend engineer." : undefined,
    tag: tagProblem(tag),
    threshold: threshold.trim() !== "" && !Number.isFinite(Number(threshold)) ? "Enter a number, or leave it empty." : undefined
  }
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setShown(true)
    if (Object.values(problems).some((problem) => problem !== undefined)) return
    const answer = await action.run(() =>
      api.call((client) =>
        client.teams.addInterviewType({
          params: { teamId },
          payload: {
            name: name.trim(),
            tag,
            ...(threshold.trim() === "" ? {} : { passThreshold: Number(threshold) })
          }
        })
      )
    )
    if (answer !== undefined) {
      // The answer is the new interview type: read the team again for the checklist.
      reload()
      setName("")
      setTag("")
      setThreshold("")
      setShown(false)
    }
  }
  return (
    <form className="panel" onSubmit={submit} noValidate aria-labelledby="add-type-title">
      <h2 id="add-type-title">Add an interview type</h2>
      <Field label="Name" error={shown ? problems.name ?? fieldError(action.failure, "name") : undefined}>
        {(attributes) => <input {...attributes} value={name} autoComplete="off" onChange={(event) => setName(event.target.value)} />}
      </Field>
      <Field
        label="Lever tag"
        hint="Exact and case-sensitive, as recruiters will type it in Lever."
        error={shown ? problems.tag ?? fieldError(action.failure, "tag") : undefined}
      >
        {(attributes) => (
          <input {...attributes} value={tag} autoComplete="off" spellCheck={false} onChange={(event) => setTag(event.target.value)} />
        )}
      </Field>
      <Field label="Pass mark (optional)" hint="Scores at or above it count as passed (for progress tags)." error={shown ? problems.threshold : undefined}>
        {(attributes) => (
          <input {...attributes} inputMode="decimal" value={threshold} autoComplete="off" onChange={(event) => setThreshold(event.target.value)} />
        )}
      </Field>
      {action.failure !== null && fieldError(action.failure, "name") === undefined && fieldError(action.failure, "tag") === undefined
        ? <Failure failure={action.failure} />
        : null}
      <Button type="submit" kind="primary" busy={action.busy} busyLabel="Adding…">Add interview type</Button>
    </form>
  )
}

const ProgressTags = () => {
  const { api, team, teamId, update } = useTeam()
  const current = team.settings.progressTags
  const [prefix, setPrefix] = useState(current.prefix)
  const action = useAction()
  const save = async (enabled: boolean) => {
    const answer = await action.run(() =>
      api.call((client) => client.teams.progressTags({ params: { teamId }, payload: { enabled, prefix: prefix.trim() } }))
    )
    if (answer !== undefined) update(answer)
  }
  return (
    <section className="panel" aria-labelledby="progress-title">
      <h2 id="progress-title">Progress tags</h2>
      <p>
        When on, Fulcrum keeps one status tag on each candidate in Lever (e.g. <code>{prefix || "Assessment"}: invited</code>,{" "}
        <code>: passed</code>) so recruiters can filter without opening notes. It removes only tags it added. It needs a key
        that may write opportunities.
      </p>
      <Field label="Tag prefix" error={fieldError(action.failure, "prefix")}>
        {(attributes) => <input {...attributes} value={prefix} autoComplete="off" onChange={(event) => setPrefix(event.target.value)} />}
      </Field>
      <p role="status">Progress tags are <strong>{current.enabled ? "on" : "off"}</strong>.</p>
      {fieldError(action.failure, "prefix") === undefined ? <Failure failure={action.failure} /> : null}
      <Button busy={action.busy} onClick={() => void save(!current.enabled)}>
        {current.enabled ? "Switch progress tags off" : "Switch progress tags on"}
      </Button>
      {current.enabled ? <Button busy={action.busy} onClick={() => void save(true)}>Save prefix</Button> : null}
    </section>
  )
}

export const InterviewTypesPage = () => {
  const { api, team, teamId, update } = useTeam()
  const remove = useAction()
  const types = team.settings.interviewTypes
  return (
    <>
      <h1>Interview types</h1>
      <section className="panel" aria-labelledby="types-title">
        <h2 id="types-title">Interview types and their tags</h2>
        {types.length === 0
          ? <p>None yet. Add the first one below.</p>
          : (
            <ul className="plain types">
              {types.map((type) => (
                <li key={type.id}>
                  <strong>{type.name}</strong>
                  {type.passThreshold === undefined ? null : <span className="muted"> pass mark {type.passThreshold}</span>}
                  <Copyable label={`Tag of ${type.name}`} value={type.tag} />
                  <Button
                    kind="danger"
                    busy={remove.busy}
                    onClick={() =>
                      void remove.run(() =>
                        api.call((client) =>
                          client.teams.removeInterviewType({ params: { teamId, interviewTypeId: type.id } })
                        )
                      ).then((answer) => answer === undefined ? undefined : update(answer))}
                  >
                    Remove<span className="visually-hidden"> {type.name}</span>
                  </Button>
                </li>
              ))}
            </ul>
          )}
        <Failure failure={remove.failure} />
      </section>
      <AddInterviewType />
      <ProgressTags />
    </>
  )
}
