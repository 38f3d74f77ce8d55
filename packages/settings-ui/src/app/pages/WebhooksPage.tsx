/**
 * Step 5: the two webhooks. Fulcrum registers them in Lever itself when the connection or a setup key
 * may (offered first); otherwise the URLs are copied into Lever and Lever's signing tokens pasted back
 * (shown afterwards only as "submitted"). Then it waits for Lever's "Verify connection" ping.
 */
import type { TeamModels } from "@fulcrum/api"
import type { Lever } from "@fulcrum/domain"
import { type FormEvent, useEffect, useState } from "react"
import { useTeam } from "../TeamContext.ts"
import { Button, Copyable, Failure, SecretField, When } from "../parts/Controls.tsx"
import { SetupKeyField, setupKeyPayload } from "../parts/SetupKeyField.tsx"
import { fieldError, useAction } from "../parts/useRequest.ts"

const webhooks: ReadonlyArray<{
  readonly kind: Lever.WebhookKind
  readonly path: TeamModels.WebhookPathName
  readonly title: string
}> = [
  { kind: "stageChange", path: "stage-change", title: "Candidate Stage Change" },
  { kind: "archiveChange", path: "archive-change", title: "Candidate Archive Change" }
]

const Register = () => {
  const { api, teamId, update } = useTeam()
  const [setupKey, setSetupKey] = useState("")
  const action = useAction()
  const [done, setDone] = useState(false)
  const register = async () => {
    const answer = await action.run(() =>
      api.call((client) => client.teams.registerWebhooks({ params: { teamId }, payload: setupKeyPayload(setupKey) }))
    )
    if (answer !== undefined) {
      update(answer)
      setDone(true)
    }
  }
  return (
    <section className="panel" aria-labelledby="register-title">
      <h2 id="register-title">Register them for me</h2>
      <p>
        Fulcrum adds both webhooks in Lever and keeps their signing tokens. It needs the Lever connection, or a setup key
        with the webhooks permissions.
      </p>
      <SetupKeyField value={setupKey} onChange={setSetupKey} error={action.failure?.kind === "input" ? action.failure.message : undefined} />
      {action.failure !== null && action.failure.kind !== "input" ? <Failure failure={action.failure} onRetry={() => void register()} /> : null}
      <Button kind="primary" busy={action.busy} busyLabel="Registering in Lever…" onClick={() => void register()}>
        Register the webhooks in Lever
      </Button>
      {done ? <span className="saved" role="status">Registered</span> : null}
    </section>
  )
}

const SigningToken = (props: { readonly webhook: typeof webhooks[number] }) => {
  const { api, team, teamId, update } = useTeam()
  const [token, setToken] = useState("")
  const [shown, setShown] = useState(false)
  const action = useAction()
  const receipt = team.settings.signingTokens[props.webhook.kind]
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setShown(true)
    if (token.trim() === "") return
    const answer = await action.run(() =>
      api.call((client) =>
        client.teams.signingToken({ params: { teamId, webhook: props.webhook.path }, payload: { token: token.trim() } })
      )
    )
    if (answer !== undefined) {
      setToken("")
      setShown(false)
      update(answer)
    }
  }
  return (
    <form onSubmit={submit} noValidate className="token-form">
      <SecretField
        label={`${props.webhook.title} signing token`}
        hint={receipt === undefined
          ? "Not submitted yet."
          : (
            <>
              Submitted <When at={receipt.submittedAt} /> (fingerprint <code>{receipt.fingerprint}</code>)
              {receipt.registeredWebhookId === null ? "" : ", kept by Fulcrum when it registered the webhook"}. Paste a
              new one to replace it.
            </>
          )}
        error={shown && token.trim() === ""
          ? "Paste the signature token Lever shows for this webhook."
          : fieldError(action.failure, "token") ?? (action.failure?.kind === "input" ? action.failure.message : undefined)}
        value={token}
        onChange={setToken}
      />
      {action.failure !== null && action.failure.kind !== "input" ? <Failure failure={action.failure} /> : null}
      <Button type="submit" busy={action.busy}>{receipt === undefined ? "Save token" : "Replace token"}</Button>
    </form>
  )
}

export const WebhooksPage = () => {
  const { reload, team } = useTeam()
  const waiting = webhooks.some((webhook) => team.settings.webhooksSeen[webhook.kind] === undefined)
  useEffect(() => {
    // While Lever's ping is awaited, look again every few seconds (only while the tab is visible).
    if (!waiting) return
    const timer = setInterval(() => document.visibilityState === "visible" && reload(), 5_000)
    return () => clearInterval(timer)
  }, [waiting, reload])
  return (
    <>
      <h1>Webhooks</h1>
      <section className="panel" aria-labelledby="urls-title">
        <h2 id="urls-title">Webhook URLs</h2>
        <Copyable label="Candidate Stage Change URL" value={team.webhookUrls.stageChange} />
        <Copyable label="Candidate Archive Change URL" value={team.webhookUrls.archiveChange} />
      </section>
      <Register />
      <section className="panel" aria-labelledby="tokens-title">
        <h2 id="tokens-title">Or by hand: signing tokens</h2>
        <p className="hint">
          In Lever: Settings → Integrations and API → Webhooks. Add each webhook with its URL above, then paste the
          signature token Lever shows for it.
        </p>
        {webhooks.map((webhook) => <SigningToken key={webhook.kind} webhook={webhook} />)}
      </section>
      <section className="panel" aria-labelledby="verify-title">
        <h2 id="verify-title">Verified by Lever</h2>
        <ul className="plain" aria-live="polite">
          {webhooks.map((webhook) => {
            const seen = team.settings.webhooksSeen[webhook.kind]
            return (
              <li key={webhook.kind} data-webhook={webhook.kind}>
                <strong>{webhook.title}:</strong>{" "}
                {seen === undefined
                  ? <>waiting for Lever's verify ping. In Lever's Webhooks screen, click “Verify connection”.</>
                  : <>verified <When at={seen.at} /> ({seen.via === "ping" ? "Lever's verify ping" : "a real event"}).</>}
              </li>
            )
          })}
        </ul>
        {waiting ? <Button onClick={reload}>Check again</Button> : null}
      </section>
    </>
  )
}
