/**
 * One team: the steps in checklist order (each marked done or not), the step's page, and the live
 * checklist beside it.
 */
import { lazy, Suspense, useEffect, useRef } from "react"
import type * as Api from "./Api.ts"
import { ChecklistPanel, stepOf } from "./parts/ChecklistPanel.tsx"
import { Loaded } from "./parts/Controls.tsx"
import { useLoad } from "./parts/useRequest.ts"
import * as Route from "./Route.ts"
import { TeamContext } from "./TeamContext.ts"
import { TeamPage } from "./pages/TeamPage.tsx"

// Each step's page loads when first opened, so the first paint of the checklist waits for less code.
const ArchiveReasonsPage = lazy(() => import("./pages/ArchiveReasonsPage.tsx").then((m) => ({ default: m.ArchiveReasonsPage })))
const CandidatesPage = lazy(() => import("./pages/CandidatesPage.tsx").then((m) => ({ default: m.CandidatesPage })))
const ConnectPage = lazy(() => import("./pages/ConnectPage.tsx").then((m) => ({ default: m.ConnectPage })))
const HealthPage = lazy(() => import("./pages/HealthPage.tsx").then((m) => ({ default: m.HealthPage })))
const InterviewTypesPage = lazy(() => import("./pages/InterviewTypesPage.tsx").then((m) => ({ default: m.InterviewTypesPage })))
const PostingsPage = lazy(() => import("./pages/PostingsPage.tsx").then((m) => ({ default: m.PostingsPage })))
const StagesPage = lazy(() => import("./pages/StagesPage.tsx").then((m) => ({ default: m.StagesPage })))
const WebhooksPage = lazy(() => import("./pages/WebhooksPage.tsx").then((m) => ({ default: m.WebhooksPage })))

type TeamRoute = Extract<Route.Route, { _tag: "Team" }>

const StepPage = (props: { readonly route: TeamRoute }) => {
  switch (props.route.step) {
    case "team":
      return <TeamPage />
    case "connect":
      return <ConnectPage />
    case "stages":
      return <StagesPage />
    case "archive-reasons":
      return <ArchiveReasonsPage />
    case "webhooks":
      return <WebhooksPage />
    case "interview-types":
      return <InterviewTypesPage />
    case "postings":
      return <PostingsPage />
    case "health":
      return <HealthPage />
    case "candidates":
      return <CandidatesPage opportunityId={props.route.opportunityId} />
  }
}

export const TeamShell = (props: { readonly api: Api.Api; readonly route: TeamRoute; readonly onSignIn: () => void }) => {
  const { api, route } = props
  const team = useLoad(() => api.call((client) => client.teams.get({ params: { teamId: route.teamId } })), route.teamId)
  if (team.state._tag === "Failed" && team.state.failure.kind === "signIn") props.onSignIn()
  const main = useRef<HTMLElement>(null)
  const firstRender = useRef(true)
  useEffect(() => {
    // Moving to another step moves the focus to it, as a new page would.
    if (firstRender.current) firstRender.current = false
    else main.current?.focus()
  }, [route.step, route.opportunityId])
  return (
    <div className="team-layout">
      <nav className="steps" aria-label="Setup steps">
        <a className="back" href="#/teams">All teams</a>
        <ol>
          {Route.steps.map((step) => {
            const items = team.state._tag === "Loaded"
              ? team.state.value.checklist.items.filter((item) => stepOf[item.id] === step.id)
              : []
            const done = items.length > 0 && items.every((item) => item.done)
            return (
              <li key={step.id}>
                <a
                  href={Route.href({ ...route, step: step.id, opportunityId: null })}
                  aria-current={route.step === step.id ? "page" : undefined}
                >
                  <span className={`step-mark ${items.length === 0 ? "" : done ? "step-done" : "step-missing"}`} aria-hidden="true">
                    {items.length === 0 ? "·" : done ? "✓" : "!"}
                  </span>
                  {step.title}
                  {items.length === 0 ? null : <span className="visually-hidden">{done ? " (done)" : " (to do)"}</span>}
                </a>
              </li>
            )
          })}
        </ol>
      </nav>
      <main id="main" ref={main} tabIndex={-1} className="step">
        <Loaded state={team.state} what="the team" onRetry={team.reload}>
          {(value) => (
            <TeamContext.Provider value={{ api, teamId: route.teamId, team: value, update: team.set, reload: team.reload }}>
              <p className="team-name">{value.settings.name}</p>
              <Suspense fallback={<p className="loading" role="status">Loading the page…</p>}>
                <StepPage route={route} />
              </Suspense>
            </TeamContext.Provider>
          )}
        </Loaded>
      </main>
      <aside className="side" aria-label="Checklist">
        {team.state._tag === "Loaded" ? <ChecklistPanel teamId={route.teamId} checklist={team.state.value.checklist} /> : null}
      </aside>
    </div>
  )
}
