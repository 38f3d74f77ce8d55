/**
 * `@fulcrum/scheduler-http`: the `InterviewScheduler` over the assessment provider protocol `v1`, so any
 * provider with an HTTP backend can receive Fulcrum's invites. The provider conformance kit is at
 * `@fulcrum/scheduler-http/testing`.
 *
 * @since 0.1.0
 */

/** The `InterviewScheduler` over the provider protocol (`layer`, `layerFetch`, `make`). @since 0.1.0 */
export * as SchedulerHttp from "./SchedulerHttp.ts"
