/**
 * Step 1: the team itself: its id, the webhook URLs Lever calls, and the integration switch.
 */
import { useTeam } from "../TeamContext.ts"
import { Button, Copyable, Failure } from "../parts/Controls.tsx"
import { useAction } from "../parts/useRequest.ts"

export const TeamPage = () => {
  const { api, team, teamId, update } = useTeam()
  const toggle = useAction()
  const enabled = team.settings.integrationEnabled
  const switchTo = async (next: boolean) => {
    const answer = await toggle.run(() =>
      api.call((client) => client.teams.integration({ params: { teamId }, payload: { enabled: next } }))
    )
    if (answer !== undefined) update(answer)
  }
  return (
    <>
      <h1>Team</h1>
      <section className="panel" aria-labelledby="team-ids">
        <h2 id="team-ids">Identity</h2>
        <Copyable label="Team id" value={teamId} />
        <h3>Webhook URLs</h3>
        <p className="hint">Lever sends candidate changes to these addresses. The Webhooks step can register them for you.</p>
        <Copyable label="Candidate Stage Change URL" value={team.webhookUrls.stageChange} />
        <Copyable label="Candidate Archive Change URL" value={team.webhookUrls.archiveChange} />
      </section>
      <section className="panel" aria-labelledby="integration-title">
        <h2 id="integration-title">Integration</h2>
        <p role="status">
          The integration is <strong>{enabled ? "on" : "off"}</strong>.{" "}
          {enabled
            ? "Candidates moved to the assessment stage get their invite."
            : "Lever's webhooks are recorded, but no invite is sent and nothing is written to Lever."}
        </p>
        <Failure failure={toggle.failure} />
        <Button kind={enabled ? "danger" : "primary"} busy={toggle.busy} onClick={() => void switchTo(!enabled)}>
          {enabled ? "Switch the integration off" : "Switch the integration on"}
        </Button>
      </section>
    </>
  )
}
