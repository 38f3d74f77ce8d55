/**
 * The assessment provider's own interview types, read in setup so an admin links a Fulcrum interview
 * type to one of them (`providerInterviewTypeId`) by choosing from a list instead of typing an id.
 *
 * ```
 * admin ──GET /api/teams/{teamId}/provider/interview-types──▶ list ──▶ InterviewScheduler.listInterviewTypes
 *                                                                     ──GET /v1/interview-types?teamId=──▶ provider
 * ```
 *
 * @since 0.2.0
 */
import type { Ids } from "@fulcrum/domain"
import { Effect, Option, Schema } from "effect"
import { ConfigStore } from "../ports/ConfigStore.ts"
import { InterviewScheduler } from "../ports/InterviewScheduler.ts"

/**
 * No scheduler that lists interview types runs here: no assessment provider is configured for this host
 * (`FULCRUM_PROVIDER_URL`), or the embedder's scheduler has no `listInterviewTypes`. Setup then takes
 * the provider's id as free text.
 *
 * @since 0.2.0
 */
export class ProviderNotConfigured extends Schema.TaggedError<ProviderNotConfigured>()("ProviderNotConfigured", {
  message: Schema.String
}) {}

/** One of the provider's interview types: its id (what `providerInterviewTypeId` takes) and name. @since 0.2.0 */
export interface ProviderInterviewType {
  readonly id: string
  readonly name: string
}

/**
 * The provider's interview types for a team, as it lists them now (never cached: a type added at the
 * provider shows at once). Fails with `TeamNotFound` for an unknown team, `ProviderNotConfigured`
 * when no provider that lists types is configured, and the scheduler's `SchedulerUnavailable` (down,
 * slow, malformed answer: retry later) or `SchedulerRejected` (the provider refused the request).
 *
 * @since 0.2.0
 */
export const list = Effect.fn("ProviderInterviewTypes.list")(function*(teamId: Ids.TeamId) {
  yield* (yield* ConfigStore).get(teamId)
  const scheduler = yield* Effect.serviceOption(InterviewScheduler)
  const listTypes = Option.getOrUndefined(scheduler)?.listInterviewTypes
  if (listTypes === undefined) {
    return yield* new ProviderNotConfigured({
      message: "No assessment provider that lists interview types is configured here (FULCRUM_PROVIDER_URL); " +
        "enter the provider's interview-type id by hand"
    })
  }
  const types: ReadonlyArray<ProviderInterviewType> = yield* listTypes(teamId)
  return types
})
