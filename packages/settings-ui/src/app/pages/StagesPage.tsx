/**
 * Step 3: which Lever stage is the assessment, the onsite and the offer. Lever's stages are read with a
 * setup key or the stored credentials; each provider stage needs one, and no Lever stage twice. A
 * warning says when a mapped stage is gone or renamed in Lever.
 */
import { Ids, type Lever, type ProviderStage } from "@fulcrum/domain"
import { type FormEvent, useState } from "react"
import { useTeam } from "../TeamContext.ts"
import { Button, Failure, Field } from "../parts/Controls.tsx"
import { SetupKeyField, setupKeyPayload } from "../parts/SetupKeyField.tsx"
import { useAction } from "../parts/useRequest.ts"

const providerStages: ReadonlyArray<{ readonly id: ProviderStage.ProviderStage; readonly label: string; readonly hint: string }> = [
  { id: "assessment", label: "Assessment stage", hint: "Moving a candidate here sends the assessment invite." },
  { id: "onsite", label: "Onsite stage", hint: "The candidate moved on after the assessment." },
  { id: "offer", label: "Offer stage", hint: "The candidate got an offer." }
]

type Choice = Record<ProviderStage.ProviderStage, string>

/** Each stage chosen, none twice: the problem of each provider stage, if any. */
const problemsOf = (choice: Choice): Partial<Record<ProviderStage.ProviderStage, string>> => {
  const problems: Partial<Record<ProviderStage.ProviderStage, string>> = {}
  for (const stage of providerStages) {
    if (choice[stage.id] === "") problems[stage.id] = `Choose the Lever stage for the ${stage.id} step.`
    else {
      const twin = providerStages.find((other) => other.id !== stage.id && choice[other.id] === choice[stage.id])
      if (twin !== undefined) problems[stage.id] = `This Lever stage is already the ${twin.id} stage; choose another.`
    }
  }
  return problems
}

export const StagesPage = () => {
  const { api, team, teamId, update } = useTeam()
  const [setupKey, setSetupKey] = useState("")
  const [catalog, setCatalog] = useState<ReadonlyArray<Lever.LeverStage> | null>(team.settings.leverStages?.stages ?? null)
  const [drift, setDrift] = useState<ReadonlyArray<string>>([])
  const mapping = team.settings.stageMapping
  const [choice, setChoice] = useState<Choice>({
    assessment: mapping?.assessment.stageId ?? "",
    onsite: mapping?.onsite.stageId ?? "",
    offer: mapping?.offer.stageId ?? ""
  })
  const [shown, setShown] = useState(false)
  const [saved, setSaved] = useState(false)
  const read = useAction()
  const save = useAction()
  const readStages = async () => {
    const answer = await read.run(() =>
      api.call((client) => client.teams.leverStages({ params: { teamId }, payload: setupKeyPayload(setupKey) }))
    )
    if (answer !== undefined) {
      setCatalog(answer.stages)
      setDrift(answer.drift)
      update({ ...team, checklist: answer.checklist })
    }
  }
  const problems = problemsOf(choice)
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setShown(true)
    setSaved(false)
    if (Object.keys(problems).length > 0) return
    const answer = await save.run(() =>
      api.call((client) =>
        client.teams.stageMapping({
          params: { teamId },
          payload: {
            assessment: Ids.StageId.make(choice.assessment),
            onsite: Ids.StageId.make(choice.onsite),
            offer: Ids.StageId.make(choice.offer)
          }
        })
      )
    )
    if (answer !== undefined) {
      update(answer)
      setSaved(true)
    }
  }
  const missingMapped = mapping === null || catalog === null
    ? []
    : providerStages.filter((stage) => !catalog.some((known) => known.id === mapping[stage.id].stageId))
  const stagesItem = team.checklist.items.find((item) => item.id === "stages")
  return (
    <>
      <h1>Configure stages</h1>
      <section className="panel" aria-labelledby="read-stages-title">
        <h2 id="read-stages-title">Lever's stages</h2>
        <SetupKeyField value={setupKey} onChange={setSetupKey} error={read.failure?.kind === "input" ? read.failure.message : undefined} />
        {read.failure !== null && read.failure.kind !== "input" ? <Failure failure={read.failure} onRetry={() => void readStages()} /> : null}
        <Button busy={read.busy} busyLabel="Reading Lever…" onClick={() => void readStages()}>
          {catalog === null ? "Read Lever stages" : "Read Lever stages again"}
        </Button>
      </section>
      {[...drift, ...(drift.length === 0 && stagesItem?.done === false && mapping !== null && stagesItem.problem !== null ? [stagesItem.problem] : [])]
        .map((message) => <p key={message} className="notice notice-warning" role="alert">{message}</p>)}
      {catalog === null ? null : (
        <form className="panel" onSubmit={submit} noValidate aria-labelledby="map-stages-title">
          <h2 id="map-stages-title">Map the stages</h2>
          {providerStages.map((stage) => (
            <Field key={stage.id} label={stage.label} hint={stage.hint} error={shown ? problems[stage.id] : undefined}>
              {(attributes) => (
                <select
                  {...attributes}
                  value={choice[stage.id]}
                  onChange={(event) => {
                    setChoice({ ...choice, [stage.id]: event.target.value })
                    setSaved(false)
                  }}
                >
                  <option value="">Choose a Lever stage…</option>
                  {catalog.map((known) => <option key={known.id} value={known.id}>{known.text}</option>)}
                  {mapping !== null && missingMapped.some((gone) => gone.id === stage.id)
                    ? <option value={mapping[stage.id].stageId}>{mapping[stage.id].name} (no longer in Lever)</option>
                    : null}
                </select>
              )}
            </Field>
          ))}
          {save.failure === null ? null : <Failure failure={save.failure} />}
          <Button type="submit" kind="primary" busy={save.busy} busyLabel="Saving…">Save stage mapping</Button>
          {saved ? <span className="saved" role="status">Saved</span> : null}
        </form>
      )}
    </>
  )
}
