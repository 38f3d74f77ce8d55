/**
 * `@fulcrum/domain`: Fulcrum's pure domain. No I/O, no clocks: time and ids come in as arguments.
 *
 * @since 0.1.0
 */
export * as ArchiveReasonMapping from "./ArchiveReasonMapping.ts"
export * as AssessmentRouting from "./AssessmentRouting.ts"
export * as Candidate from "./Candidate.ts"
export * as Checklist from "./Checklist.ts"
export * as ConnectionHealth from "./ConnectionHealth.ts"
export * as HealthFinding from "./HealthFinding.ts"
export * as Ids from "./Ids.ts"
export * as InterviewType from "./InterviewType.ts"
export * as Lever from "./Lever.ts"
export * as LeverBaseUrl from "./LeverBaseUrl.ts"
export * as Names from "./Names.ts"
export * as Notes from "./Notes.ts"
export * as OfferStatus from "./OfferStatus.ts"
export * as Posting from "./Posting.ts"
export * as ProviderStage from "./ProviderStage.ts"
export * as Setup from "./Setup.ts"
export * as StageMapping from "./StageMapping.ts"
export * as Text from "./Text.ts"
export * as Timeline from "./Timeline.ts"
export * as WebhookEvent from "./WebhookEvent.ts"
