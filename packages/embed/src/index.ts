/**
 * `@fulcrum/embed`: Fulcrum for services that do not use Effect — `createFulcrum({...})` returns Node
 * and Fetch handlers for the webhook and admin routes, `start()`/`stop()` for the in-process worker,
 * and the setup use cases as async functions that reject with documented error classes.
 *
 * @since 0.1.0
 */

/** `createFulcrum`, its options and the running `Fulcrum`. @since 0.1.0 */
export * from "./Fulcrum.ts"
/** The error classes the async functions reject with, one per HTTP answer. @since 0.1.0 */
export * from "./FulcrumError.ts"
/** The embedder's interview scheduler as async functions, and `SchedulerRejectedError`. @since 0.1.0 */
export {
  type CancelRequest,
  type InviteRequest,
  type NextStepRequest,
  type Scheduler,
  SchedulerRejectedError,
  type SentInvite
} from "./Scheduler.ts"
/** What `fulcrum.setup.*` takes and answers: the team's setup, in checklist order. @since 0.2.0 */
export type {
  FulcrumSetup,
  HealthReport,
  LeverArchiveReasons,
  LeverStages,
  NewInterviewType,
  ProviderInterviewType
} from "./Setup.ts"
/** What `fulcrum.setup.*` answers about candidates and events (timelines, dead events, replay). @since 0.2.0 */
export type { CandidatePage, EventPage, EventStatus, FulcrumActivity } from "./Activity.ts"
