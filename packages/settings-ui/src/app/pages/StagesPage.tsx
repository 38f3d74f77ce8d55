/**
 * Step 3: which Lever stage is the assessment, the onsite and the offer. Lever's stages are read with a
 * setup key or the stored credentials; each provider stage needs one, and no Lever stage twice. The
 * assessment stage may name a default interview type, and a team may add further assessment stages (a
 * short screen early, a take-home later), each with its own optional default. A warning says when a
 * mapped stage is gone or renamed in Lever.
 */
import { Ids, type Lever, type ProviderStage } from "@fulcrum/domain"
import { type FormEvent, useRef, useState } from "react"
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

/** A further assessment stage being edited; `key` keeps each row's fields stable while rows come and go. */
interface Extra {
  readonly key: number
  readonly stageId: string
  readonly defaultInterviewTypeId: string
}

/** Every Lever stage chosen, with the role it plays, in the order shown. */
const rolesOf = (choice: Choice, extras: ReadonlyArray<Extra>) => [
  ...providerStages.map((stage) => ({ stageId: choice[stage.id], role: `the ${stage.id} stage` })),
  ...extras.map((extra, index) => ({ stageId: extra.stageId, role: `further assessment ${index + 1}` }))
]

/** Each stage chosen, no Lever stage for two roles: the problem of each provider stage, if any. */
const problemsOf = (choice: Choice, extras: ReadonlyArray<Extra>): Partial<Record<ProviderStage.ProviderStage, string>> => {
  const problems: Partial<Record<ProviderStage.ProviderStage, string>> = {}
  const roles = rolesOf(choice, extras)
  for (const stage of providerStages) {
    if (choice[stage.id] === "") problems[stage.id] = `Choose the Lever stage for the ${stage.id} step.`
    else {
      const twin = roles.find((other) => other.role !== `the ${stage.id} stage` && other.stageId === choice[stage.id])
      if (twin !== undefined) problems[stage.id] = `This Lever stage is already ${twin.role}; choose another.`
    }
  }
  return problems
}

/** The problem of each further assessment stage, by row: none chosen, or a stage already used. */
const extraProblemsOf = (choice: Choice, extras: ReadonlyArray<Extra>): ReadonlyArray<string | undefined> => {
  const roles = rolesOf(choice, extras)
  return extras.map((extra, index) => {
    if (extra.stageId === "") return "Choose a Lever stage, or remove this row."
    const twin = roles.find((other, at) => at !== providerStages.length + index && other.stageId === extra.stageId)
    return twin === undefined ? undefined : `This Lever stage is already ${twin.role}; choose another.`
  })
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
  const [assessmentDefault, setAssessmentDefault] = useState<string>(mapping?.assessment.defaultInterviewTypeId ?? "")
  const [extras, setExtras] = useState<ReadonlyArray<Extra>>(() =>
    (mapping?.extraAssessments ?? []).map((extra, key) => ({
      key,
      stageId: extra.stageId,
      defaultInterviewTypeId: extra.defaultInterviewTypeId ?? ""
    }))
  )
  const nextKey = useRef(extras.length)
  // The row just added takes the focus, so the keyboard goes on to choose its stage.
  const [added, setAdded] = useState<number | null>(null)
  // A removed row takes its focused button with it: the focus goes back to the group.
  const extrasGroup = useRef<HTMLFieldSetElement>(null)
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
  const problems = problemsOf(choice, extras)
  const extraProblems = extraProblemsOf(choice, extras)
  const changeExtra = (key: number, change: Partial<Extra>) => {
    setExtras(extras.map((extra) => extra.key === key ? { ...extra, ...change } : extra))
    setSaved(false)
  }
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setShown(true)
    setSaved(false)
    if (Object.keys(problems).length > 0 || extraProblems.some((problem) => problem !== undefined)) return
    const answer = await save.run(() =>
      api.call((client) =>
        client.teams.stageMapping({
          params: { teamId },
          payload: {
            assessment: Ids.StageId.make(choice.assessment),
            onsite: Ids.StageId.make(choice.onsite),
            offer: Ids.StageId.make(choice.offer),
            ...(assessmentDefault === "" ? {} : { assessmentDefaultInterviewTypeId: Ids.InterviewTypeId.make(assessmentDefault) }),
            extraAssessments: extras.map((extra) => ({
              stageId: Ids.StageId.make(extra.stageId),
              ...(extra.defaultInterviewTypeId === ""
                ? {}
                : { defaultInterviewTypeId: Ids.InterviewTypeId.make(extra.defaultInterviewTypeId) })
            }))
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
  const stageOptions = (current: string) => (
    <>
      <option value="">Choose a Lever stage…</option>
      {(catalog ?? []).map((known) => <option key={known.id} value={known.id}>{known.text}</option>)}
      {current !== "" && catalog !== null && !catalog.some((known) => known.id === current)
        ? <option value={current}>{nameOf(current)} (no longer in Lever)</option>
        : null}
    </>
  )
  const nameOf = (stageId: string) =>
    mapping?.extraAssessments?.find((extra) => extra.stageId === stageId)?.name ?? stageId
  const typeOptions = (current: string) => (
    <>
      <option value="">None (tag or posting only)</option>
      {team.settings.interviewTypes.map((type) => <option key={type.id} value={type.id}>{type.name}</option>)}
      {current !== "" && !team.settings.interviewTypes.some((type) => type.id === current)
        ? <option value={current}>A removed interview type</option>
        : null}
    </>
  )
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
          <Field
            label="Assessment default interview type"
            hint="Sent when neither the candidate's tag nor their job posting chooses one."
          >
            {(attributes) => (
              <select
                {...attributes}
                value={assessmentDefault}
                onChange={(event) => {
                  setAssessmentDefault(event.target.value)
                  setSaved(false)
                }}
              >
                {typeOptions(assessmentDefault)}
              </select>
            )}
          </Field>
          <fieldset className="extras" ref={extrasGroup} tabIndex={-1}>
            <legend>Further assessment stages</legend>
            <p className="hint">
              Optional: more Lever stages that send an assessment (a short screen early, a take-home later). A
              candidate is invited once per interview type, whichever assessment stage they enter.
            </p>
            {extras.length === 0 ? <p className="muted">None.</p> : null}
            {extras.map((extra, index) => (
              <div key={extra.key} className="extra" data-extra={index + 1}>
                <Field label={`Lever stage of further assessment ${index + 1}`} error={shown ? extraProblems[index] : undefined}>
                  {(attributes) => (
                    <select {...attributes} autoFocus={extra.key === added} value={extra.stageId} onChange={(event) => changeExtra(extra.key, { stageId: event.target.value })}>
                      {stageOptions(extra.stageId)}
                    </select>
                  )}
                </Field>
                <Field label={`Default interview type of further assessment ${index + 1}`}>
                  {(attributes) => (
                    <select
                      {...attributes}
                      value={extra.defaultInterviewTypeId}
                      onChange={(event) => changeExtra(extra.key, { defaultInterviewTypeId: event.target.value })}
                    >
                      {typeOptions(extra.defaultInterviewTypeId)}
                    </select>
                  )}
                </Field>
                <Button
                  kind="danger"
                  onClick={() => {
                    setExtras(extras.filter((other) => other.key !== extra.key))
                    setSaved(false)
                    extrasGroup.current?.focus()
                  }}
                >
                  Remove<span className="visually-hidden"> further assessment {index + 1}</span>
                </Button>
              </div>
            ))}
            <Button
              disabled={extras.length >= 20}
              onClick={() => {
                const key = nextKey.current++
                setExtras([...extras, { key, stageId: "", defaultInterviewTypeId: "" }])
                setAdded(key)
                setSaved(false)
              }}
            >
              Add a further assessment stage
            </Button>
          </fieldset>
          {save.failure === null ? null : <Failure failure={save.failure} />}
          <Button type="submit" kind="primary" busy={save.busy} busyLabel="Saving…">Save stage mapping</Button>
          {saved ? <span className="saved" role="status">Saved</span> : null}
        </form>
      )}
    </>
  )
}
