/**
 * Step 7: re-check the connection (credentials, permissions, stages, archive reasons) and show each
 * finding with its fix; say when the setup key can be deleted in Lever.
 */
import { useState } from "react"
import { useTeam } from "../TeamContext.ts"
import { pageFix } from "../parts/ChecklistPanel.tsx"
import { Button, Failure, When } from "../parts/Controls.tsx"
import { useAction } from "../parts/useRequest.ts"

type Report = {
  readonly checkedAt: number | null
  readonly findings: ReadonlyArray<{
    readonly kind: string
    readonly subject: { readonly id: string; readonly name: string | null }
    readonly firstSeenAt: number
    readonly message: string
    readonly fix: string
  }>
}

export const HealthPage = () => {
  const { api, team, teamId, update } = useTeam()
  const action = useAction()
  const [report, setReport] = useState<Report | undefined>(undefined)
  const run = async () => {
    const answer = await action.run(() => api.call((client) => client.teams.healthCheck({ params: { teamId } })))
    if (answer !== undefined) {
      setReport(answer)
      // The check may change the checklist (credentials, webhooks): show the team as it is now.
      update(await api.call((client) => client.teams.get({ params: { teamId } })))
    }
  }
  const findings = team.checklist.items.filter((item) => !item.done)
  const checkedAt = report?.checkedAt ?? team.checklist.health?.checkedAt ?? team.settings.permissions?.checkedAt
  const healthFindings = report?.findings ?? team.checklist.health?.findings ?? []
  return (
    <>
      <h1>Health</h1>
      <section className="panel" aria-labelledby="health-title">
        <h2 id="health-title">Connection health check</h2>
        <p>
          Asks Lever whether the credentials still work and have every permission, whether the webhooks are still
          registered, and whether the mapped stages and archive reasons still exist. Fulcrum also runs it on a schedule.{" "}
          {checkedAt === undefined || checkedAt === null ? "Not run yet." : <>Last checked <When at={checkedAt} />.</>}
        </p>
        <Failure failure={action.failure} onRetry={() => void run()} />
        <Button kind="primary" busy={action.busy} busyLabel="Checking with Lever…" onClick={() => void run()}>
          Run the health check
        </Button>
      </section>
      <section className="panel" aria-labelledby="findings-title" aria-live="polite">
        <h2 id="findings-title">{report !== undefined ? "What the check found" : "Findings"}</h2>
        {findings.length === 0 && team.checklist.warnings.length === 0 && healthFindings.length === 0
          ? <p className="ready">Everything checks out.</p>
          : (
            <ul className="plain findings">
              {healthFindings.map((finding) => (
                <li key={`${finding.kind}:${finding.subject.id}`}>
                  <strong>{finding.subject.name ?? finding.subject.id}:</strong> {finding.message}{" "}
                  (first seen <When at={finding.firstSeenAt} />)
                  <p className="item-fix"><strong>How to fix:</strong> {finding.fix}</p>
                </li>
              ))}
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
