/**
 * The mapping of the three provider stages to Lever stages. All three are required and no Lever stage
 * may be mapped twice. A team may add further assessment stages (a short screen early, a take-home
 * later); entering any assessment stage invites, and each assessment stage may name a default interview
 * type, used when neither a tag nor the candidate's posting chooses one. The Lever stage names are kept
 * so the settings page can show them and so drift (a mapped stage deleted or renamed in Lever) can be
 * detected.
 *
 * @since 0.1.0
 */
import { Result, Schema } from "effect"
import { InterviewTypeId, StageId } from "./Ids.ts"
import { quoted } from "./internal/format.ts"
import type { LeverStage } from "./Lever.ts"
import { type ProviderStage, values as providerStages } from "./ProviderStage.ts"

/** One mapped Lever stage, with the name it had when it was mapped. @since 0.1.0 */
export const MappedStage = Schema.Struct({ stageId: StageId, name: Schema.String })
/** The type {@link MappedStage} decodes to. @since 0.1.0 */
export type MappedStage = typeof MappedStage.Type

/**
 * An assessment stage: a mapped Lever stage with the interview type sent when neither the candidate's
 * tag nor their posting chooses one (absent: none).
 *
 * @since 0.2.0
 */
export const AssessmentStage = Schema.Struct({
  ...MappedStage.fields,
  defaultInterviewTypeId: Schema.optionalKey(InterviewTypeId)
})
/** The type {@link AssessmentStage} decodes to. @since 0.2.0 */
export type AssessmentStage = typeof AssessmentStage.Type

/**
 * The three required stages, and the further assessment stages (absent in mappings saved before they
 * existed: none).
 *
 * @since 0.1.0
 */
export const StageMapping = Schema.Struct({
  assessment: AssessmentStage,
  onsite: MappedStage,
  offer: MappedStage,
  extraAssessments: Schema.optionalKey(Schema.Array(AssessmentStage))
})
/** The type {@link StageMapping} decodes to. @since 0.1.0 */
export type StageMapping = typeof StageMapping.Type

/** A further assessment stage as chosen, before validation. @since 0.2.0 */
export interface ExtraAssessmentChoice {
  readonly stageId: StageId
  readonly defaultInterviewTypeId?: InterviewTypeId
}

/**
 * The stage ids a user chose, before validation, with the optional default interview type of the
 * assessment stage and the further assessment stages.
 *
 * @since 0.1.0
 */
export type StageChoice = { readonly [K in ProviderStage]: StageId } & {
  readonly assessmentDefaultInterviewTypeId?: InterviewTypeId
  readonly extraAssessments?: ReadonlyArray<ExtraAssessmentChoice>
}

/** Why a stage mapping was refused. @since 0.1.0 */
export type StageMappingProblem =
  | { readonly _tag: "StageNotChosen"; readonly providerStages: ReadonlyArray<ProviderStage> }
  | {
    readonly _tag: "StageMappedTwice"
    readonly stageId: StageId
    readonly providerStages: ReadonlyArray<ProviderStage>
    /** The roles sharing the stage, as the message names them, when an extra assessment stage is one. */
    readonly roles?: ReadonlyArray<string>
  }
  | { readonly _tag: "UnknownLeverStage"; readonly stageId: StageId; readonly providerStage: ProviderStage }
  | { readonly _tag: "UnknownInterviewType"; readonly interviewTypeId: InterviewTypeId; readonly stageId: StageId }

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
  assessmentStageOf(mapping, stageId) !== undefined
    ? "assessment"
    : mapping.onsite.stageId === stageId
    ? "onsite"
    : mapping.offer.stageId === stageId
    ? "offer"
    : undefined

/**
 * Every assessment stage: the required one first, then the further ones in the order chosen.
 *
 * @since 0.2.0
 */
export const assessmentStages = (mapping: StageMapping): ReadonlyArray<AssessmentStage> => [
  mapping.assessment,
  ...(mapping.extraAssessments ?? [])
]

/**
 * The assessment stage (required or further) a Lever stage is mapped as, if any.
 *
 * @since 0.2.0
 */
export const assessmentStageOf = (mapping: StageMapping, stageId: StageId): AssessmentStage | undefined =>
  assessmentStages(mapping).find((stage) => stage.stageId === stageId)

/**
 * The mapped stage (of any role) a Lever stage is, if any: to name it as the team's mapping names it.
 *
 * @since 0.2.0
 */
export const mappedStageOf = (mapping: StageMapping, stageId: StageId): MappedStage | undefined =>
  assessmentStageOf(mapping, stageId) ??
    (mapping.onsite.stageId === stageId ? mapping.onsite : mapping.offer.stageId === stageId ? mapping.offer : undefined)

/**
 * Validates a stage choice against the Lever stages last read: each of the three provider stages must
 * name a stage that exists in Lever, and no Lever stage may be chosen twice. The mapping keeps the Lever
 * names as they are now, so the settings page can show them and drift can be detected later.
 *
 * @since 0.1.0
 */
export const make = (
  choice: StageChoice,
  knownStages: ReadonlyArray<LeverStage>,
  interviewTypeIds?: ReadonlyArray<InterviewTypeId>
): Result.Result<StageMapping, StageMappingProblem> => {
  const extras = choice.extraAssessments ?? []
  for (const providerStage of providerStages) {
    const stageId = choice[providerStage]
    if (!knownStages.some((stage) => stage.id === stageId)) {
      return Result.fail({ _tag: "UnknownLeverStage", stageId, providerStage })
    }
  }
  for (const extra of extras) {
    if (!knownStages.some((stage) => stage.id === extra.stageId)) {
      return Result.fail({ _tag: "UnknownLeverStage", stageId: extra.stageId, providerStage: "assessment" })
    }
  }
  // A Lever stage has one role only: every chosen stage, required or further, is compared with the others.
  const roles: ReadonlyArray<{ readonly stageId: StageId; readonly providerStage: ProviderStage; readonly role: string }> = [
    ...providerStages.map((providerStage) => ({ stageId: choice[providerStage], providerStage, role: providerStage })),
    ...extras.map((extra, index) => ({
      stageId: extra.stageId,
      providerStage: "assessment" as const,
      role: `further assessment stage ${index + 1}`
    }))
  ]
  for (const { stageId } of roles) {
    const sharing = roles.filter((other) => other.stageId === stageId)
    if (sharing.length > 1) {
      const providerStagesSharing = sharing.map((other) => other.providerStage)
      return Result.fail(
        sharing.every((other) => other.role === other.providerStage)
          ? { _tag: "StageMappedTwice", stageId, providerStages: providerStagesSharing }
          : {
            _tag: "StageMappedTwice",
            stageId,
            providerStages: providerStagesSharing,
            roles: sharing.map((other) => other.role)
          }
      )
    }
  }
  const defaults = [
    { stageId: choice.assessment, interviewTypeId: choice.assessmentDefaultInterviewTypeId },
    ...extras.map((extra) => ({ stageId: extra.stageId, interviewTypeId: extra.defaultInterviewTypeId }))
  ]
  if (interviewTypeIds !== undefined) {
    for (const { interviewTypeId, stageId } of defaults) {
      if (interviewTypeId !== undefined && !interviewTypeIds.includes(interviewTypeId)) {
        return Result.fail({ _tag: "UnknownInterviewType", interviewTypeId, stageId })
      }
    }
  }
  const named = (stageId: StageId): MappedStage => ({
    stageId,
    name: knownStages.find((stage) => stage.id === stageId)?.text ?? stageId
  })
  const assessment = (stageId: StageId, interviewTypeId: InterviewTypeId | undefined): AssessmentStage =>
    interviewTypeId === undefined
      ? named(stageId)
      : { ...named(stageId), defaultInterviewTypeId: interviewTypeId }
  return Result.succeed({
    assessment: assessment(choice.assessment, choice.assessmentDefaultInterviewTypeId),
    onsite: named(choice.onsite),
    offer: named(choice.offer),
    ...(extras.length === 0
      ? {}
      : { extraAssessments: extras.map((extra) => assessment(extra.stageId, extra.defaultInterviewTypeId)) })
  })
}

/**
 * A choice as an admin may send it, with some provider stages left out; each one needs its own Lever
 * stage, so a missing one is refused like a wrong one.
 *
 * @since 0.1.0
 */
export const completeChoice = (
  choice:
    & { readonly [K in ProviderStage]?: StageId | undefined }
    & Pick<StageChoice, "assessmentDefaultInterviewTypeId" | "extraAssessments">
): Result.Result<StageChoice, StageMappingProblem> => {
  const { assessment, offer, onsite } = choice
  return assessment !== undefined && onsite !== undefined && offer !== undefined
    ? Result.succeed({
      assessment,
      onsite,
      offer,
      ...(choice.assessmentDefaultInterviewTypeId === undefined
        ? {}
        : { assessmentDefaultInterviewTypeId: choice.assessmentDefaultInterviewTypeId }),
      ...(choice.extraAssessments === undefined ? {} : { extraAssessments: choice.extraAssessments })
    })
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
      return problem.roles === undefined
        ? `The Lever stage ${problem.stageId} is chosen for ${problem.providerStages.join(" and ")}: ` +
          `each of assessment, onsite and offer needs its own Lever stage.`
        : `The Lever stage ${problem.stageId} is chosen for ${problem.roles.join(" and ")}: ` +
          `a Lever stage maps to one role only.`
    case "UnknownInterviewType":
      return `The default interview type ${problem.interviewTypeId} chosen for the assessment stage ` +
        `${problem.stageId} does not exist in this team: add it first, or choose one of the team's interview types.`
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
  [
    ...providerStages.map((providerStage) => ({ providerStage, mapped: mapping[providerStage] as MappedStage })),
    ...(mapping.extraAssessments ?? []).map((mapped) => ({ providerStage: "assessment" as const, mapped }))
  ].flatMap(({ mapped, providerStage }): ReadonlyArray<StageDrift> => {
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
