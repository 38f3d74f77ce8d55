/**
 * The mapping of the three provider stages to Lever stages. All three are required and no Lever stage
 * may be mapped twice. The Lever stage names are kept so the settings page can show them and so drift
 * (a mapped stage deleted or renamed in Lever) can be detected.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { StageId } from "./Ids.ts"
import type { LeverStage } from "./Lever.ts"
import type { ProviderStage } from "./ProviderStage.ts"

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
