/**
 * The live checklist: each item done or what is missing and how to fix it, with a link to the step that
 * does it; "Ready" once every item is done. Warnings never hold the team back.
 */
import type { Checklist } from "@fulcrum/domain"
import * as Route from "../Route.ts"

/** The step of the page that does each checklist item. */
export const stepOf: Record<Checklist.ChecklistItemId, Route.Step> = {
  integration: "team",
  connection: "connect",
  permissions: "connect",
  stages: "stages",
  archiveReasons: "archive-reasons",
  signingTokens: "webhooks",
  webhooks: "webhooks",
  interviewTypes: "interview-types"
}

/**
 * How to fix each item with this page, in a recruiter's words. The API's own `fix` (which names the API
 * call) stays one click away, under "Through the API".
 */
export const pageFix: Record<Checklist.ChecklistItemId, string> = {
  integration: "Switch the integration on in the Team step.",
  connection: "In the Connect step, click “Connect to Lever”, or paste a permanent API key.",
  permissions: "Lever keys cannot be edited: create a new key in Lever with the permissions named above and paste it in " +
    "the Connect step, or connect again with “Connect to Lever” and approve every permission.",
  stages: "In Configure stages, read Lever's stages and choose one each for the assessment, onsite and offer.",
  archiveReasons: "In Configure archive reasons, choose an offer status for each reason, or click “Accept all suggestions”.",
  signingTokens: "In Webhooks, click “Register the webhooks in Lever”, or paste each webhook's signing token from Lever.",
  webhooks: "In Lever, go to Settings → Integrations and API → Webhooks and click “Verify connection” on each webhook " +
    "(or move a test candidate).",
  interviewTypes: "In Interview types, add one with the Lever tag recruiters will put on candidates."
}

export const ChecklistPanel = (props: { readonly teamId: string; readonly checklist: Checklist.Checklist }) => {
  const { checklist } = props
  const open = checklist.items.filter((item) => !item.done).length
  return (
    <section className="panel checklist" aria-labelledby="checklist-title">
      <h2 id="checklist-title">Setup checklist</h2>
      <p className={checklist.ready ? "ready" : "not-ready"} role="status" data-testid="readiness">
        {checklist.ready ? "Ready: invites go out when candidates reach the assessment stage." : `${open} of ${checklist.items.length} steps to go`}
      </p>
      <ol className="checklist-items">
        {checklist.items.map((item) => (
          <li key={item.id} className={item.done ? "item-done" : "item-missing"} data-item={item.id}>
            <span className="item-mark" aria-hidden="true">{item.done ? "✓" : "!"}</span>
            <div>
              <a href={Route.href({ _tag: "Team", teamId: props.teamId, step: stepOf[item.id], opportunityId: null })}>
                {item.title}
              </a>
              <span className="visually-hidden">{item.done ? " (done)" : " (to do)"}</span>
              {item.problem === null ? null : <p className="item-problem">{item.problem}</p>}
              {item.done ? null : <p className="item-fix"><strong>How to fix:</strong> {pageFix[item.id]}</p>}
              {item.fix === null ? null : (
                <details className="api-fix">
                  <summary>Through the API</summary>
                  <p>{item.fix}</p>
                </details>
              )}
            </div>
          </li>
        ))}
      </ol>
      {checklist.warnings.map((warning) => (
        <div key={warning.id} className="notice notice-warning">
          <p><strong>{warning.title}:</strong> {warning.problem}</p>
          <p>{warning.fix}</p>
        </div>
      ))}
      {checklist.setupKeyNoLongerNeeded
        ? <p className="notice notice-info">Nothing needs the setup API key any more: you can delete it in Lever.</p>
        : null}
    </section>
  )
}
