/**
 * The page: sign in once with a token, then the teams the token can see, and one team's setup steps in
 * checklist order with the live checklist beside them.
 */
import { useMemo, useState } from "react"
import * as Api from "./Api.ts"
import { useRoute } from "./Route.ts"
import * as Session from "./Session.ts"
import { SignIn } from "./SignIn.tsx"
import { TeamShell } from "./TeamShell.tsx"
import { TeamsPage } from "./pages/TeamsPage.tsx"

export const App = () => {
  const [token, setToken] = useState(Session.read)
  const route = useRoute()
  const api = useMemo(() => (token === null ? null : Api.make(token)), [token])
  const signOut = () => {
    Session.clear()
    setToken(null)
  }
  return (
    <>
      <a className="skip-link" href="#main">Skip to content</a>
      <header className="top">
        <a className="brand" href="#/teams">Fulcrum <span>settings</span></a>
        {token === null ? null : (
          <div className="top-actions">
            <span className="who">{Session.isTeamToken(token) ? "Team token" : "Operator"}</span>
            <button type="button" className="button button-secondary" onClick={signOut}>Sign out</button>
          </div>
        )}
      </header>
      {api === null || token === null
        ? (
          <main id="main" tabIndex={-1}>
            <SignIn
              onSignedIn={(next) => {
                Session.save(next)
                setToken(next)
              }}
            />
          </main>
        )
        : route._tag === "Teams"
        ? (
          <main id="main" tabIndex={-1}>
            <TeamsPage api={api} operator={!Session.isTeamToken(token)} onSignIn={signOut} />
          </main>
        )
        : <TeamShell api={api} route={route} onSignIn={signOut} />}
    </>
  )
}
