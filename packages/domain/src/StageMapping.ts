/**
 * The mapping of the three provider stages to Lever stages. All three are required and no Lever stage
 * may be mapped twice. The Lever stage names are kept so the settings page can show them and so drift
 * (a mapped stage deleted or renamed in Lever) can be detected.
 *
 * @since 0.1.0
 */
import { Result, Schema } from "effect"
import { StageId } from "./Ids.ts"
import { quoted } from "./internal/format.ts"
import type { LeverStage } from "./Lever.ts"
import { type ProviderStage, values as providerStages } from "./ProviderStage.ts"

/** One mapped Lever stage, with the name it had when it was mapped. @since 0.1.0 */
export const MappedStage = Schema.Struct({ stageId: StageId, name: Schema.String })
/** @since 0.1.0 */
export type MappedStage = typeof MappedStage.Type

/** @since 0.1.0 */
export const StageMapping = Schema.Struct({
  assessment: MappedStage,
  onsite: MappedStage,
  offer: MappedStage
})
/** @since 0.1.0 */
export type StageMapping = typeof StageMapping.Type

/** The stage ids a user chose, before validation. @since 0.1.0 */
export type StageChoice = { readonly [K in ProviderStage]: StageId }

/** Why a stage mapping was refused. @since 0.1.0 */
export type StageMappingProblem =
  | { readonly _tag: "StageNotChosen"; readonly providerStages: ReadonlyArray<ProviderStage> }
  | { readonly _tag: "StageMappedTwice"; readonly stageId: StageId; readonly providerStages: ReadonlyArray<ProviderStage> }
  | { readonly _tag: "UnknownLeverStage"; readonly stageId: StageId; readonly providerStage: ProviderStage }

/** The drift of one mapped stage against Lever's current stages. @since 0.1.0 */
export type StageDrift =
  | { readonly _tag: "Missing"; readonly providerStage: ProviderStage; readonly mapped: MappedStage }
  | { readonly _tag: "Renamed"; readonly providerStage: ProviderStage; readonly mapped: MappedStage; readonly currentName: string }

/**
 * The provider stage a Lever stage is mapped to, if any.
 *
 * @since 0.1.0
 */
export const providerStageOf = (mapping: StageMapping, stageId: StageId): ProviderStage | undefined =>
  mapping.assessment.stageId === stageId
    ? "assessment"
    : mapping.onsite.stageId === stageId
    ? "onsite"
    : mapping.offer.stageId === stageId
    ? "offer"
    : undefined

/**
 * Validates a stage choice against the Lever stages last read: each of the three provider stages must
 * name a stage that exists in Lever, and no Lever stage may be chosen twice. The mapping keeps the Lever
 * names as they are now, so the settings page can show them and drift can be detected later.
 *
 * @since 0.1.0
 */
export const make = (
  choice: StageChoice,
  knownStages: ReadonlyArray<LeverStage>
): Result.Result<StageMapping, StageMappingProblem> => {
  for (const providerStage of providerStages) {
    const stageId = choice[providerStage]
    if (!knownStages.some((stage) => stage.id === stageId)) {
      return Result.fail({ _tag: "UnknownLeverStage", stageId, providerStage })
    }
  }
  for (const providerStage of providerStages) {
    const stageId = choice[providerStage]
    const sharing = providerStages.filter((other) => choice[other] === stageId)
    if (sharing.length > 1) return Result.fail({ _tag: "StageMappedTwice", stageId, providerStages: sharing })
  }
  const mapped = (providerStage: ProviderStage): MappedStage => {
    const stageId = choice[providerStage]
    const name = knownStages.find((stage) => stage.id === stageId)?.text ?? stageId
    return { stageId, name }
  }
  return Result.succeed({ assessment: mapped("assessment"), onsite: mapped("onsite"), offer: mapped("offer") })
}

/**
 * A choice as an admin may send it, with some provider stages left out; each one needs its own Lever
 * stage, so a missing one is refused like a wrong one.
 *
 * @since 0.1.0
 */
export const completeChoice = (
  choice: { readonly [K in ProviderStage]?: StageId | undefined }
): Result.Result<StageChoice, StageMappingProblem> => {
  const { assessment, offer, onsite } = choice
  return assessment !== undefined && onsite !== undefined && offer !== undefined
    ? Result.succeed({ assessment, onsite, offer })
    : Result.fail({ _tag: "StageNotChosen", providerStages: providerStages.filter((stage) => choice[stage] === undefined) })
}

/**
 * What a refused stage choice means for the admin, and what to do.
 *
 * @since 0.1.0
 */
export const problemMessage = (problem: StageMappingProblem): string => {
  switch (problem._tag) {
    case "StageNotChosen":
      return `Choose a Lever stage for ${problem.providerStages.join(" and ")}: ` +
        `assessment, onsite and offer each need their own Lever stage.`
    case "UnknownLeverStage":
      return `The Lever stage ${problem.stageId} chosen for ${problem.providerStage} does not exist in Lever ` +
        `(as last read). Read the Lever stages again and choose one of them.`
    case "StageMappedTwice":
      return `The Lever stage ${problem.stageId} is chosen for ${problem.providerStages.join(" and ")}: ` +
        `each of assessment, onsite and offer needs its own Lever stage.`
  }
}

/**
 * Compares a mapping with Lever's current stages: a mapped stage that no longer exists is `Missing`, one
 * whose name changed is `Renamed`. Names are compared exactly.
 *
 * @since 0.1.0
 */
export const drift = (
  mapping: StageMapping,
  currentStages: ReadonlyArray<LeverStage>
): ReadonlyArray<StageDrift> =>
  providerStages.flatMap((providerStage): ReadonlyArray<StageDrift> => {
    const mapped = mapping[providerStage]
    const current = currentStages.find((stage) => stage.id === mapped.stageId)
    if (current === undefined) return [{ _tag: "Missing", providerStage, mapped }]
    if (current.text !== mapped.name) return [{ _tag: "Renamed", providerStage, mapped, currentName: current.text }]
    return []
  })

/**
 * One drift as a sentence for the checklist, e.g. `the stage “Tech screen” mapped to assessment no
 * longer exists in Lever`.
 *
 * @since 0.1.0
 */
export const driftMessage = (drift: StageDrift): string =>
  drift._tag === "Missing"
    ? `the stage ${quoted(drift.mapped.name)} mapped to ${drift.providerStage} no longer exists in Lever`
    : `the stage ${quoted(drift.mapped.name)} mapped to ${drift.providerStage} was renamed to ${
      quoted(drift.currentName)
    } in Lever`

/**
 * The name to show for a mapped stage: its current Lever name when the stages were read since, else the
 * name it had when it was mapped.
 *
 * @since 0.1.0
 */
export const currentName = (mapped: MappedStage, currentStages: ReadonlyArray<LeverStage> | undefined): string =>
  currentStages?.find((stage) => stage.id === mapped.stageId)?.text ?? mapped.name
