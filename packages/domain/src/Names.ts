/**
 * How the timeline and the Lever notes name what Lever knows by id: stages, archive reasons and
 * interview types, looked up in the team's settings (the Lever stages and reasons last read, the stage
 * mapping, the interview types). A name Fulcrum does not know falls back to the id, e.g. `stage lead-new`:
 * a message may be less friendly, never wrong.
 *
 * @since 0.1.0
 */
import type { ArchiveReasonId, InterviewTypeId, StageId } from "./Ids.ts"
import { quoted } from "./internal/format.ts"
import type { ProviderStage } from "./ProviderStage.ts"
import type { TeamSettings } from "./Setup.ts"
import * as StageMapping from "./StageMapping.ts"

/**
 * The lookups a message needs; each gives `undefined` when the name is not known.
 *
 * @since 0.1.0
 */
export interface Names {
  /** The Lever name of a stage. */
  readonly stageName: (stageId: StageId) => string | undefined
  /** The provider stage a Lever stage is mapped to. */
  readonly providerStageOf: (stageId: StageId) => ProviderStage | undefined
  /** The Lever name of the stage mapped to a provider stage. */
  readonly mappedStageName: (providerStage: ProviderStage) => string | undefined
  /** The Lever name of an archive reason. */
  readonly reasonName: (reasonId: ArchiveReasonId) => string | undefined
  /** The name of an interview type. */
  readonly interviewTypeName: (interviewTypeId: InterviewTypeId) => string | undefined
}

/**
 * No names known: every message names things by id.
 *
 * @since 0.1.0
 */
export const unknown: Names = {
  stageName: () => undefined,
  providerStageOf: () => undefined,
  mappedStageName: () => undefined,
  reasonName: () => undefined,
  interviewTypeName: () => undefined
}

/**
 * The names a team's settings give. A mapped stage is named as `StageMapping.currentName` names it (its
 * Lever name as last read, else the name it had when mapped), any other stage by the Lever stages last
 * read; reasons by the Lever archive reasons last read.
 *
 * @since 0.1.0
 */
export const fromSettings = (settings: TeamSettings): Names => {
  const mapping = settings.stageMapping
  const leverStages = settings.leverStages?.stages
  const providerStageOf = (stageId: StageId) =>
    mapping === null ? undefined : StageMapping.providerStageOf(mapping, stageId)
  const mappedStageName = (providerStage: ProviderStage) =>
    mapping === null ? undefined : StageMapping.currentName(mapping[providerStage], leverStages)
  return {
    stageName: (stageId) => {
      // Each assessment stage, required or further, by its own name.
      const mapped = mapping === null ? undefined : StageMapping.mappedStageOf(mapping, stageId)
      return mapped === undefined
        ? leverStages?.find((stage) => stage.id === stageId)?.text
        : StageMapping.currentName(mapped, leverStages)
    },
    providerStageOf,
    mappedStageName,
    reasonName: (reasonId) => settings.leverArchiveReasons?.reasons.find((reason) => reason.id === reasonId)?.text,
    interviewTypeName: (interviewTypeId) => settings.interviewTypes.find((type) => type.id === interviewTypeId)?.name
  }
}

const named = (name: string | undefined, fallback: string): string => name === undefined ? fallback : quoted(name)

/**
 * A Lever stage for a sentence: `“Phone screen”`, or `stage lead-new` when its name is not known.
 *
 * @since 0.1.0
 */
export const stage = (names: Names, stageId: StageId): string => named(names.stageName(stageId), `stage ${stageId}`)

/**
 * The Lever stage mapped to a provider stage, for a sentence: `“Tech assessment”`, or `the assessment
 * stage` when the stages are not mapped.
 *
 * @since 0.1.0
 */
export const mappedStage = (names: Names, providerStage: ProviderStage): string =>
  named(names.mappedStageName(providerStage), `the ${providerStage} stage`)

/**
 * An archive reason for a sentence: `“Underqualified”`, or `reason r-1` when its name is not known.
 *
 * @since 0.1.0
 */
export const reason = (names: Names, reasonId: ArchiveReasonId): string =>
  named(names.reasonName(reasonId), `reason ${reasonId}`)

/**
 * An interview type for a sentence: `“Senior SWE”`, or `interview type senior` when it no longer exists.
 *
 * @since 0.1.0
 */
export const interviewType = (names: Names, interviewTypeId: InterviewTypeId): string =>
  named(names.interviewTypeName(interviewTypeId), `interview type ${interviewTypeId}`)
