/**
 * Step 1, for the operator: pick a team or create one. A team token sees only its own team.
 */
import { type FormEvent, useState } from "react"
import type * as Api from "../Api.ts"
import * as Route from "../Route.ts"
import { Button, Done, Failure, Field, Loaded } from "../parts/Controls.tsx"
import { baseUrlProblem, type EnvironmentChoice, EnvironmentFields, toLeverChoice } from "../parts/EnvironmentFields.tsx"
import { fieldError, useAction, useLoad } from "../parts/useRequest.ts"

const CreateTeam = (props: { readonly api: Api.Api }) => {
  const [name, setName] = useState("")
  const [choice, setChoice] = useState<EnvironmentChoice>({ environment: "production", baseUrl: "" })
  const [shown, setShown] = useState(false)
  const action = useAction()
  const nameProblem = shown && name.trim() === "" ? "Give the team a name, e.g. the customer's company." : undefined
  const urlProblem = shown ? baseUrlProblem(choice) : undefined
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setShown(true)
    if (name.trim() === "" || baseUrlProblem(choice) !== undefined) return
    const created = await action.run(() =>
      props.api.call((client) => client.teams.create({ payload: { name: name.trim(), lever: toLeverChoice(choice) } }))
    )
    if (created !== undefined) Route.go({ _tag: "Team", teamId: created.body.teamId, step: "team", opportunityId: null })
  }
  const serverUrlProblem = fieldError(action.failure, "baseUrl") ??
    (action.failure?.reason !== undefined && /custom/i.test(action.failure.message) ? action.failure.message : undefined)
  return (
    <section className="panel" aria-labelledby="create-title">
      <h2 id="create-title">Create a team</h2>
      <form onSubmit={submit} noValidate>
        <Field label="Team name" error={nameProblem ?? fieldError(action.failure, "name")}>
          {(attributes) => (
            <input {...attributes} value={name} autoComplete="off" onChange={(event) => setName(event.target.value)} />
          )}
        </Field>
        <EnvironmentFields value={choice} onChange={setChoice} baseUrlError={urlProblem ?? serverUrlProblem} />
        {serverUrlProblem === undefined ? <Failure failure={action.failure} /> : null}
        <Button type="submit" kind="primary" busy={action.busy} busyLabel="Creating…">Create team</Button>
      </form>
    </section>
  )
}

export const TeamsPage = (props: { readonly api: Api.Api; readonly operator: boolean; readonly onSignIn: () => void }) => {
  const teams = useLoad(() => props.api.call((client) => client.teams.list()), "teams")
  if (teams.state._tag === "Failed" && teams.state.failure.kind === "signIn") props.onSignIn()
  return (
    <div className="teams">
      <section className="panel" aria-labelledby="teams-title">
        <h1 id="teams-title">Teams</h1>
        <Loaded state={teams.state} what="teams" onRetry={teams.reload}>
          {({ teams: list }) =>
            list.length === 0
              ? <p>No team yet. {props.operator ? "Create the first one below." : ""}</p>
              : (
                <ul className="team-list">
                  {list.map((team) => (
                    <li key={team.teamId}>
                      <a href={Route.href({ _tag: "Team", teamId: team.teamId, step: "team", opportunityId: null })}>
                        {team.name}
                      </a>
                      <code className="muted">{team.teamId}</code>
                      <Done done={team.ready}>{team.ready ? "Ready" : "Setup not finished"}</Done>
                      {team.integrationEnabled ? null : <span className="badge">Integration off</span>}
                    </li>
                  ))}
                </ul>
              )}
        </Loaded>
      </section>
      {props.operator ? <CreateTeam api={props.api} /> : null}
    </div>
  )
}
