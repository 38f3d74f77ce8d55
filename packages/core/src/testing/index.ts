/**
 * `@fulcrum/core/testing`: one contract test kit per port. An adapter package runs the kit of each port
 * it implements against its own Layer; core runs them against the in-memory adapters.
 *
 * @since 0.1.0
 */
export * as CandidateStoreContract from "./CandidateStoreContract.ts"
export * as ConfigStoreContract from "./ConfigStoreContract.ts"
export * as EventInboxContract from "./EventInboxContract.ts"
export * as InterviewSchedulerContract from "./InterviewSchedulerContract.ts"
export * as LeverApiContract from "./LeverApiContract.ts"
export * as LeverAuthorizationContract from "./LeverAuthorizationContract.ts"
export * as PeriodicTasksContract from "./PeriodicTasksContract.ts"
export * as SecurityLogContract from "./SecurityLogContract.ts"
export * as SignatureVerifierContract from "./SignatureVerifierContract.ts"
export * as StepJournalContract from "./StepJournalContract.ts"
export * as TeamLocksContract from "./TeamLocksContract.ts"
export * as TeamTokensContract from "./TeamTokensContract.ts"
