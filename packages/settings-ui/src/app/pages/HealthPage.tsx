/**
 * Step 7: re-check the connection (credentials, permissions, stages, archive reasons) and show each
 * finding with its fix; say when the setup key can be deleted in Lever.
 */
import { useState } from "react"
import { useTeam } from "../TeamContext.ts"
import { pageFix } from "../parts/ChecklistPanel.tsx"
import { Button, Failure, When } from "../parts/Controls.tsx"
import { useAction } from "../parts/useRequest.ts"

export const HealthPage = () => {
  const { api, team, teamId, update } = useTeam()
  const action = useAction()
  const [ran, setRan] = useState(false)
  const run = async () => {
    const answer = await action.run(() => api.call((client) => client.teams.healthCheck({ params: { teamId } })))
    if (answer !== undefined) {
      update(answer)
      setRan(true)
    }
  }
  const findings = team.checklist.items.filter((item) => !item.done)
  const checkedAt = team.settings.permissions?.checkedAt
  return (
    <>
      <h1>Health</h1>
      <section className="panel" aria-labelledby="health-title">
        <h2 id="health-title">Connection health check</h2>
        <p>
          Asks Lever whether the credentials still work and have every permission, and whether the mapped stages and archive
          reasons still exist.{" "}
          {checkedAt === undefined ? "Not run yet." : <>Last checked <When at={checkedAt} />.</>}
        </p>
        <Failure failure={action.failure} onRetry={() => void run()} />
        <Button kind="primary" busy={action.busy} busyLabel="Checking with Lever…" onClick={() => void run()}>
          Run the health check
        </Button>
      </section>
      <section className="panel" aria-labelledby="findings-title" aria-live="polite">
        <h2 id="findings-title">{ran ? "What the check found" : "Findings"}</h2>
        {findings.length === 0 && team.checklist.warnings.length === 0
          ? <p className="ready">Everything checks out.</p>
          : (
            <ul className="plain findings">
              {findings.map((item) => (
                <li key={item.id}>
                  <strong>{item.title}:</strong> {item.problem}
                  <p className="item-fix"><strong>How to fix:</strong> {pageFix[item.id]}</p>
                </li>
              ))}
              {team.checklist.warnings.map((warning) => (
                <li key={warning.id}>
                  <strong>{warning.title}:</strong> {warning.problem}
                  <p className="item-fix">{warning.fix}</p>
                </li>
              ))}
            </ul>
          )}
      </section>
      <section className="panel" aria-labelledby="setup-key-title">
        <h2 id="setup-key-title">The setup API key</h2>
        <p role="status">
          {team.checklist.setupKeyNoLongerNeeded
            ? "Nothing needs the setup API key any more: you can delete it in Lever (Settings → Integrations and API → API Credentials)."
            : "Keep the setup API key for now: a step that reads Lever's lists or registers webhooks still needs it."}
        </p>
      </section>
    </>
  )
}
