/**
 * Sign-in: the operator token or a team token, typed once, checked against the API, then kept in this
 * tab's sessionStorage (never in the address).
 */
import { type FormEvent, useState } from "react"
import * as Api from "./Api.ts"
import { Button, SecretField } from "./parts/Controls.tsx"
import { useAction } from "./parts/useRequest.ts"

export const SignIn = (props: { readonly onSignedIn: (token: string) => void }) => {
  const [token, setToken] = useState("")
  const [empty, setEmpty] = useState(false)
  const action = useAction()
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const trimmed = token.trim()
    setEmpty(trimmed === "")
    if (trimmed === "") return
    const checked = await action.run(() => Api.make(trimmed).call((client) => client.teams.list()))
    if (checked !== undefined) props.onSignedIn(trimmed)
  }
  const error = empty
    ? "Paste your token."
    : action.failure === null
    ? undefined
    : action.failure.kind === "signIn"
    ? "This token was not accepted. Check that you pasted it whole."
    : action.failure.message
  return (
    <section className="panel sign-in" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Sign in</h1>
      <p>
        Use the operator token (every team) or a team token starting with <code>flc_</code> (one team). It stays in
        this browser tab only and is forgotten when the tab closes.
      </p>
      <form onSubmit={submit} noValidate>
        <SecretField label="Token" error={error} value={token} onChange={setToken} />
        <Button type="submit" kind="primary" busy={action.busy} busyLabel="Checking…">Sign in</Button>
      </form>
    </section>
  )
}
