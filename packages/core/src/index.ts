/**
 * `@fulcrum/core`: ports, use cases and in-memory adapters. Contract test kits live in
 * `@fulcrum/core/testing`.
 *
 * @since 0.1.0
 */

// Ports
export * as CandidateStore from "./ports/CandidateStore.ts"
export * as ConfigStore from "./ports/ConfigStore.ts"
export * as EventInbox from "./ports/EventInbox.ts"
export * as InterviewScheduler from "./ports/InterviewScheduler.ts"
export * as LeverApi from "./ports/LeverApi.ts"
export * as LeverAuthorization from "./ports/LeverAuthorization.ts"
export * as PeriodicTasks from "./ports/PeriodicTasks.ts"
export * as SecurityLog from "./ports/SecurityLog.ts"
export * as SignatureVerifier from "./ports/SignatureVerifier.ts"
export * as StepJournal from "./ports/StepJournal.ts"
export * as StoreError from "./ports/StoreError.ts"
export * as TeamLocks from "./ports/TeamLocks.ts"
export * as TeamTokens from "./ports/TeamTokens.ts"

// Shared models and helpers
export * as ConfigStoreCache from "./ConfigStoreCache.ts"
export * as Environment from "./Environment.ts"
export * as EnvVariable from "./EnvVariable.ts"
export * as InboxPayload from "./InboxPayload.ts"
export * as LeverSignature from "./LeverSignature.ts"
export * as LeverWebhookVerifier from "./LeverWebhookVerifier.ts"
export * as Metrics from "./Metrics.ts"
export * as StepKey from "./StepKey.ts"
export * as TeamTokenFormat from "./TeamTokenFormat.ts"
export * as TraceContext from "./TraceContext.ts"

// In-memory adapters
export * as CandidateStoreMemory from "./memory/CandidateStoreMemory.ts"
export * as ConfigStoreMemory from "./memory/ConfigStoreMemory.ts"
export * as EventInboxMemory from "./memory/EventInboxMemory.ts"
export * as InterviewSchedulerMemory from "./memory/InterviewSchedulerMemory.ts"
export * as LeverAuthorizationMemory from "./memory/LeverAuthorizationMemory.ts"
export * as StandardWebhooks from "./StandardWebhooks.ts"
export * as MemoryStores from "./memory/MemoryStores.ts"
export * as PeriodicTasksMemory from "./memory/PeriodicTasksMemory.ts"
export * as SecurityLogMemory from "./memory/SecurityLogMemory.ts"
export * as SignatureVerifierMemory from "./memory/SignatureVerifierMemory.ts"
export * as StepJournalMemory from "./memory/StepJournalMemory.ts"
export * as TeamLocksMemory from "./memory/TeamLocksMemory.ts"
export * as TeamTokensMemory from "./memory/TeamTokensMemory.ts"

// Use cases
export * as AdminAccess from "./usecases/AdminAccess.ts"
export * as Candidates from "./usecases/Candidates.ts"
export * as ConnectionHealth from "./usecases/ConnectionHealth.ts"
export * as CredentialsRecheck from "./usecases/CredentialsRecheck.ts"
export * as Events from "./usecases/Events.ts"
export * as InviteExpiry from "./usecases/InviteExpiry.ts"
export * as LeverAccess from "./usecases/LeverAccess.ts"
export * as LeverConnect from "./usecases/LeverConnect.ts"
export * as LeverOAuthConfig from "./LeverOAuthConfig.ts"
export * as Maintenance from "./usecases/Maintenance.ts"
export * as Policy from "./Policy.ts"
export * as PostingLinks from "./usecases/PostingLinks.ts"
export * as ProcessEvent from "./usecases/ProcessEvent.ts"
export * as ProviderInterviewTypes from "./usecases/ProviderInterviewTypes.ts"
export * as ReceiveProviderWebhook from "./usecases/ReceiveProviderWebhook.ts"
export * as ReceiveWebhook from "./usecases/ReceiveWebhook.ts"
export * as Results from "./usecases/Results.ts"
export * as TeamSetup from "./usecases/TeamSetup.ts"
export * as Worker from "./usecases/Worker.ts"
