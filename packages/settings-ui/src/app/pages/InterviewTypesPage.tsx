/**
 * Step 6: the interview types the provider offers, each with its exact Lever tag (ready to copy: a
 * recruiter puts it on a candidate before the assessment stage) and the provider's interview type it is
 * linked to (chosen from the provider's list, or typed when the list cannot be read), and the progress
 * tags switch.
 */
import { InterviewType } from "@fulcrum/domain"
import { Result } from "effect"
import { type FormEvent, useState } from "react"
import { useTeam } from "../TeamContext.ts"
import { Button, Copyable, Failure, Field } from "../parts/Controls.tsx"
import { fieldError, useAction, useLoad } from "../parts/useRequest.ts"

const tagProblem = (tag: string): string | undefined =>
  Result.match(InterviewType.validateTag(tag), {
    onFailure: (problem) => InterviewType.tagProblemMessage(tag, problem),
    onSuccess: () => undefined
  })

/**
 * The provider's interview type to link to: a choice from the provider's list when it can be read, else
 * free text (no provider configured, or it is down), with the reason said beside it.
 */
const ProviderTypeField = (props: { readonly value: string; readonly onChange: (value: string) => void; readonly error?: string | undefined }) => {
  const { api, teamId } = useTeam()
  const listed = useLoad(
    () => api.call((client) => client.teams.providerInterviewTypes({ params: { teamId } })),
    teamId
  )
  if (listed.state._tag === "Loaded") {
    const types = listed.state.value.interviewTypes
    return (
      <Field label="Provider's interview type (optional)" hint="The assessment provider's own type this one sends invites for." error={props.error}>
        {(attributes) => (
          <select {...attributes} value={props.value} onChange={(event) => props.onChange(event.target.value)}>
            <option value="">Not linked (the provider gets Fulcrum's id)</option>
            {types.map((type) => <option key={type.id} value={type.id}>{type.name} ({type.id})</option>)}
          </select>
        )}
      </Field>
    )
  }
  const hint = listed.state._tag === "Loading"
    ? "Reading the provider's interview types…"
    : listed.state.failure.reason === "ProviderNotConfigured"
    ? "No assessment provider is configured to list its types: type its id if it gave you one, or leave it empty."
    : `The provider's list could not be read: ${listed.state.failure.message} Meanwhile, type its id, or leave it empty.`
  return (
    <Field label="Provider's interview-type id (optional)" hint={hint} error={props.error}>
      {(attributes) => (
        <input {...attributes} value={props.value} autoComplete="off" spellCheck={false} onChange={(event) => props.onChange(event.target.value)} />
      )}
    </Field>
  )
}

const AddInterviewType = () => {
  const { api, reload, teamId } = useTeam()
  const [name, setName] = useState("")
  const [tag, setTag] = useState("")
  const [threshold, setThreshold] = useState("")
  const [providerId, setProviderId] = useState("")
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
            ...(threshold.trim() === "" ? {} : { passThreshold: Number(threshold) }),
            ...(providerId.trim() === "" ? {} : { providerInterviewTypeId: providerId.trim() })
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
      setProviderId("")
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
      <ProviderTypeField value={providerId} onChange={setProviderId} error={shown ? fieldError(action.failure, "providerInterviewTypeId") : undefined} />
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
                  {type.providerInterviewTypeId === undefined
                    ? null
                    : <span className="muted"> provider type {type.providerInterviewTypeId}</span>}
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
