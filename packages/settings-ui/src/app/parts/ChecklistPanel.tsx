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
              {item.fix === null ? null : <p className="item-fix"><strong>How to fix:</strong> {item.fix}</p>}
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
