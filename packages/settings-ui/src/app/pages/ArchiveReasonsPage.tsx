/**
 * Step 4: an offer status for every Lever archive reason. Each row is saved as soon as it changes (with a
 * saved mark); a suggested status is pre-filled and marked "suggested" until confirmed; "Accept all
 * suggestions" confirms them all in one request. Inactive reasons are optional and folded away.
 */
import { ArchiveReasonMapping, type Lever, OfferStatus } from "@fulcrum/domain"
import { useId, useState } from "react"
import type * as Api from "../Api.ts"
import { useTeam } from "../TeamContext.ts"
import { Button, Failure, ScrollArea } from "../parts/Controls.tsx"
import { SetupKeyField, setupKeyPayload } from "../parts/SetupKeyField.tsx"
import { useAction } from "../parts/useRequest.ts"

type RowState = { readonly _tag: "Idle" } | { readonly _tag: "Saving" } | { readonly _tag: "Saved" } | {
  readonly _tag: "Failed"
  readonly failure: Api.ApiFailure
}

const ReasonRow = (props: { readonly reason: Lever.LeverArchiveReason }) => {
  const { api, team, teamId, update } = useTeam()
  const { reason } = props
  const id = useId()
  const mapped = team.settings.archiveReasonMapping[reason.id]
  const suggested = mapped === undefined ? ArchiveReasonMapping.suggestOfferStatus(reason) : undefined
  const [state, setState] = useState<RowState>({ _tag: "Idle" })
  const save = async (offerStatus: OfferStatus.OfferStatus) => {
    setState({ _tag: "Saving" })
    try {
      update(await api.call((client) =>
        client.teams.archiveReason({ params: { teamId, reasonId: reason.id }, payload: { offerStatus } })
      ))
      setState({ _tag: "Saved" })
    } catch (error) {
      setState({ _tag: "Failed", failure: error as Api.ApiFailure })
    }
  }
  const value = mapped ?? suggested ?? ""
  return (
    <tr data-reason={reason.text}>
      <th scope="row" id={`${id}-name`}>
        {reason.text}
        {reason.type === "hired" ? <span className="badge">hired</span> : null}
      </th>
      <td>
        <select
          aria-labelledby={`${id}-name`}
          aria-describedby={`${id}-state`}
          value={value}
          onChange={(event) => void save(event.target.value as OfferStatus.OfferStatus)}
          disabled={state._tag === "Saving"}
        >
          {value === "" ? <option value="">Choose an offer status…</option> : null}
          {OfferStatus.values.map((status) => <option key={status} value={status}>{status}</option>)}
        </select>
      </td>
      <td id={`${id}-state`} className="row-state" aria-live="polite">
        {state._tag === "Saving"
          ? "Saving…"
          : state._tag === "Failed"
          ? <span className="field-error">{state.failure.message}</span>
          : mapped === undefined
          ? suggested === undefined
            ? <span className="badge badge-missing">not mapped</span>
            : (
              <>
                <span className="badge badge-suggested">suggested</span>{" "}
                <button type="button" className="link-button" onClick={() => void save(suggested)}>
                  Confirm<span className="visually-hidden"> {suggested} for {reason.text}</span>
                </button>
              </>
            )
          : state._tag === "Saved"
          ? <span className="saved">Saved ✓</span>
          : <span className="muted">saved</span>}
      </td>
    </tr>
  )
}

const ReasonTable = (props: { readonly reasons: ReadonlyArray<Lever.LeverArchiveReason>; readonly caption: string }) => (
  <ScrollArea label={props.caption}>
  <table className="reasons">
    <caption className="visually-hidden">{props.caption}</caption>
    <thead>
      <tr>
        <th scope="col">Lever archive reason</th>
        <th scope="col">Offer status</th>
        <th scope="col">State</th>
      </tr>
    </thead>
    <tbody>{props.reasons.map((reason) => <ReasonRow key={reason.id} reason={reason} />)}</tbody>
  </table>
  </ScrollArea>
)

export const ArchiveReasonsPage = () => {
  const { api, team, teamId, update } = useTeam()
  const [setupKey, setSetupKey] = useState("")
  const read = useAction()
  const acceptAll = useAction()
  const catalog = team.settings.leverArchiveReasons?.reasons ?? null
  const pending = catalog === null
    ? []
    : ArchiveReasonMapping.suggestions(catalog, team.settings.archiveReasonMapping)
  const readReasons = async () => {
    const answer = await read.run(() =>
      api.call((client) => client.teams.leverArchiveReasons({ params: { teamId }, payload: setupKeyPayload(setupKey) }))
    )
    // The catalog just read is in the settings: read the team to show it.
    if (answer !== undefined) update(await api.call((client) => client.teams.get({ params: { teamId } })))
  }
  const accept = async () => {
    const answer = await acceptAll.run(() =>
      api.call((client) => client.teams.acceptArchiveReasonSuggestions({ params: { teamId } }))
    )
    if (answer !== undefined) update(answer)
  }
  const active = catalog?.filter((reason) => reason.status === "active") ?? []
  const inactive = catalog?.filter((reason) => reason.status === "inactive") ?? []
  return (
    <>
      <h1>Configure archive reasons</h1>
      <section className="panel" aria-labelledby="read-reasons-title">
        <h2 id="read-reasons-title">Lever's archive reasons</h2>
        <SetupKeyField value={setupKey} onChange={setSetupKey} error={read.failure?.kind === "input" ? read.failure.message : undefined} />
        {read.failure !== null && read.failure.kind !== "input" ? <Failure failure={read.failure} onRetry={() => void readReasons()} /> : null}
        <Button busy={read.busy} busyLabel="Reading Lever…" onClick={() => void readReasons()}>
          {catalog === null ? "Read archive reasons" : "Read archive reasons again"}
        </Button>
      </section>
      {catalog === null ? null : (
        <section className="panel" aria-labelledby="map-reasons-title">
          <h2 id="map-reasons-title">Offer status of each reason</h2>
          <p className="hint">
            Each choice is saved at once. Fulcrum suggests a status for common names; a suggestion counts only once
            confirmed.
          </p>
          <div className="actions">
            <Button kind="primary" busy={acceptAll.busy} busyLabel="Saving…" disabled={pending.length === 0} onClick={() => void accept()}>
              Accept all suggestions{pending.length === 0 ? "" : ` (${pending.length})`}
            </Button>
          </div>
          <Failure failure={acceptAll.failure} />
          <ReasonTable reasons={active} caption="Active archive reasons" />
          {inactive.length === 0 ? null : (
            <details className="inactive">
              <summary>Inactive reasons ({inactive.length}, optional)</summary>
              <ReasonTable reasons={inactive} caption="Inactive archive reasons" />
            </details>
          )}
        </section>
      )}
    </>
  )
}
