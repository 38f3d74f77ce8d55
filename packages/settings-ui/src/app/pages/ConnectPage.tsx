/**
 * Step 2: connect Lever. "Connect to Lever" (OAuth, when the host has Lever's partner app), or the
 * permanent API key: pasted, checked against Lever, then shown only as "submitted" with a fingerprint
 * and the permissions it still lacks. Also which Lever the team talks to.
 */
import { type FormEvent, useState } from "react"
import { useTeam } from "../TeamContext.ts"
import { Button, Failure, SecretField, When } from "../parts/Controls.tsx"
import { baseUrlProblem, choiceOf, EnvironmentFields, toLeverChoice } from "../parts/EnvironmentFields.tsx"
import { fieldError, useAction } from "../parts/useRequest.ts"

const ConnectionStatus = () => {
  const { team } = useTeam()
  const { connection, permissions } = team.settings
  const rejected = team.settings.problems.find((problem) => problem._tag === "CredentialsRejected")
  return (
    <div className="status-box" role="status" data-testid="connection-status">
      {connection._tag === "NotConnected"
        ? <p>Not connected yet.</p>
        : connection._tag === "ApiKey"
        ? (
          <p>
            Permanent API key <strong>submitted</strong> <When at={connection.key.submittedAt} /> (fingerprint{" "}
            <code>{connection.key.fingerprint}</code>). It is never shown again.
          </p>
        )
        : (
          <p>
            <strong>Connected to Lever</strong> <When at={connection.connectedAt} />
            {connection.reconnectNeeded === null ? "." : ` but the connection stopped working: ${connection.reconnectNeeded.reason}. Connect again.`}
          </p>
        )}
      {rejected === undefined ? null : <p className="field-error">Lever rejected the credentials: {rejected.detail}</p>}
      {permissions === null || connection._tag === "NotConnected"
        ? null
        : permissions.missing.length === 0
        ? <p>All the permissions Fulcrum needs are there (checked <When at={permissions.checkedAt} />).</p>
        : (
          <p className="field-error" data-testid="missing-permissions">
            Still missing in Lever: <strong>{permissions.missing.join(", ")}</strong>. Lever keys cannot be edited: create
            a new key with these permissions and submit it below.
          </p>
        )}
    </div>
  )
}

const OAuthConnect = () => {
  const { api, teamId } = useTeam()
  const action = useAction()
  const start = async () => {
    const started = await action.run(() => api.call((client) => client.leverConnect.start({ params: { teamId } })))
    if (started !== undefined) location.assign(started.authorizeUrl)
  }
  const notConfigured = action.failure?.reason === "OAuthNotConfigured"
  return (
    <section className="panel" aria-labelledby="oauth-title">
      <h2 id="oauth-title">Connect to Lever</h2>
      <p>
        One click: Lever asks you to approve Fulcrum, then Fulcrum keeps the connection fresh and registers its webhooks
        itself. Nothing to copy.
      </p>
      {notConfigured
        ? (
          <p className="notice notice-info" role="status">
            This Fulcrum host has no Lever partner app set up, so Connect to Lever is not available here. Use a permanent
            API key below.
          </p>
        )
        : <Failure failure={action.failure} />}
      <Button kind="primary" busy={action.busy} busyLabel="Opening Lever…" onClick={() => void start()} disabled={notConfigured}>
        Connect to Lever
      </Button>
    </section>
  )
}

const PermanentKey = () => {
  const { api, team, teamId, update } = useTeam()
  const [key, setKey] = useState("")
  const [shown, setShown] = useState(false)
  const action = useAction()
  const submitted = team.settings.connection._tag === "ApiKey"
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setShown(true)
    if (key.trim() === "") return
    const answer = await action.run(() =>
      api.call((client) => client.teams.permanentKey({ params: { teamId }, payload: { key: key.trim() } }))
    )
    if (answer !== undefined) {
      setKey("")
      setShown(false)
      update(answer)
    }
  }
  const failure = action.failure
  const keyError = shown && key.trim() === ""
    ? "Paste the key Lever showed when you created it."
    : failure === null
    ? undefined
    : fieldError(failure, "key") ?? (failure.kind === "input" ? failure.message : undefined)
  return (
    <section className="panel" aria-labelledby="key-title">
      <h2 id="key-title">{submitted ? "Replace the permanent API key" : "Or: a permanent API key"}</h2>
      <p className="hint">
        In Lever: Settings → Integrations and API → API Credentials → Generate New Key, with the permissions Read
        opportunities, Read and write notes, Read stages and Read archive reasons. Fulcrum checks it with Lever, then
        stores it encrypted.
      </p>
      <form onSubmit={submit} noValidate>
        <SecretField label="Permanent API key" error={keyError} value={key} onChange={setKey} />
        {failure !== null && failure.missingPermissions.length > 0
          ? (
            <p className="field-error" role="alert">
              The key lacks: <strong>{failure.missingPermissions.join(", ")}</strong>
            </p>
          )
          : null}
        {failure !== null && failure.kind !== "input" ? <Failure failure={failure} /> : null}
        <Button type="submit" kind="primary" busy={action.busy} busyLabel="Checking with Lever…">
          {submitted ? "Check and replace" : "Check and save"}
        </Button>
      </form>
    </section>
  )
}

const Environment = () => {
  const { api, team, teamId, update } = useTeam()
  const [choice, setChoice] = useState(() => choiceOf(team.settings.lever))
  const [shown, setShown] = useState(false)
  const action = useAction()
  const [saved, setSaved] = useState(false)
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setShown(true)
    setSaved(false)
    if (baseUrlProblem(choice) !== undefined) return
    const answer = await action.run(() =>
      api.call((client) => client.teams.leverEnvironment({ params: { teamId }, payload: toLeverChoice(choice) }))
    )
    if (answer !== undefined) {
      update(answer)
      setSaved(true)
    }
  }
  return (
    <section className="panel" aria-labelledby="environment-title">
      <h2 id="environment-title">Lever environment</h2>
      <form onSubmit={submit} noValidate>
        <EnvironmentFields
          value={choice}
          onChange={(next) => {
            setChoice(next)
            setSaved(false)
          }}
          baseUrlError={(shown ? baseUrlProblem(choice) : undefined) ?? fieldError(action.failure, "baseUrl") ??
            (action.failure?.kind === "input" ? action.failure.message : undefined)}
        />
        {action.failure !== null && action.failure.kind !== "input" ? <Failure failure={action.failure} /> : null}
        <Button type="submit" busy={action.busy}>Save environment</Button>
        {saved ? <span className="saved" role="status">Saved</span> : null}
      </form>
    </section>
  )
}

export const ConnectPage = () => (
  <>
    <h1>Connect to Lever</h1>
    <ConnectionStatus />
    <OAuthConnect />
    <PermanentKey />
    <Environment />
  </>
)
