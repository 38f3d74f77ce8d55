/**
 * How the façade's async functions run a use case and read their callers' plain strings: the `Run` that
 * `createFulcrum` hands to the function groups, and branded ids checked like the API checks them.
 */
import type { ApiErrors } from "@fulcrum/api"
import type {
  CandidateStore,
  ConfigStore,
  EventInbox,
  InterviewScheduler,
  LeverApi,
  StepJournal,
  TeamLocks
} from "@fulcrum/core"
import type { CoreAnswers } from "@fulcrum/http-host"
import { ApiErrors as Errors } from "@fulcrum/api"
import { Ids } from "@fulcrum/domain"
import { Effect } from "effect"

/** The services the façade's use cases run with (all composed by `createFulcrum`). */
export type Services =
  | ConfigStore.ConfigStore
  | CandidateStore.CandidateStore
  | EventInbox.EventInbox
  | StepJournal.StepJournal
  | TeamLocks.TeamLocks
  | LeverApi.LeverApi
  | InterviewScheduler.InterviewScheduler

/** Every error a façade use case can end with: the core's, or the API's (a malformed id). */
export type Failure = CoreAnswers.CoreError | ApiErrors.ApiError

/** Runs a use case to a Promise; its errors reject as the façade's `FulcrumError` classes. */
export type Run = <A, E extends Failure>(effect: Effect.Effect<A, E, Services>) => Promise<A>

/** A 400 as the API answers it. */
export const invalid = (message: string) => new Errors.InvalidRequest({ message, problems: [] })

/** Brands a caller's id, answering an empty or malformed one as a 400 like the API does. */
export const id = <B>(make: (value: string) => B, value: string, what: string) =>
  Effect.try({ try: () => make(value), catch: () => invalid(`${what} must be a non-empty string`) })

/** A team id from the caller. */
export const team = (teamId: string) => id(Ids.TeamId.make, teamId, "teamId")
