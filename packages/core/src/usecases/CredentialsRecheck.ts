/**
 * Credentials stored while Lever could not be reached (a permanent key submitted during an outage, an
 * OAuth connect whose permission check failed) are "not checked yet" on the checklist. This checks
 * them again, in the background, until Lever answers: then the checklist says connected, what
 * permissions are missing, or that Lever rejected them. A host runs it beside the worker
 * (`@fulcrum/worker-host` does, every five minutes); the admin can also run `POST .../health-check`.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import { everyInterval } from "../internal/rounds.ts"
import { ConfigStore } from "../ports/ConfigStore.ts"
import { healthCheck } from "./TeamSetup.ts"

/** Five minutes: an outage rarely lasts less, and a round is one Lever check per unchecked team. @since 0.1.0 */
export const defaultIntervalMs = 5 * 60_000

/** What one round did. @since 0.1.0 */
export interface RecheckReport {
  /** Teams whose credentials were not checked yet. */
  readonly unchecked: number
  /** Of those, the ones Lever answered for this time (connected, lacking permissions, or rejected). */
  readonly answered: number
}

/**
 * One round, now: a health check of every team whose credentials were stored but never checked. A team
 * Lever still does not answer for stays unchecked for the next round.
 *
 * @since 0.1.0
 */
export const runOnce = Effect.fn("CredentialsRecheck.runOnce")(function*() {
  const teams = yield* (yield* ConfigStore).list()
  const unchecked = teams.filter(({ settings }) =>
    settings.connection._tag !== "NotConnected" && settings.permissions === null
  )
  let answered = 0
  for (const { settings } of unchecked) {
    const outcome = yield* Effect.result(healthCheck(settings.teamId))
    const after = outcome._tag === "Success" ? outcome.success.settings : undefined
    if (
      after !== undefined &&
      (after.permissions !== null || after.problems.some((problem) => problem._tag === "CredentialsRejected"))
    ) answered++
  }
  if (unchecked.length > 0) {
    yield* Effect.logInfo("unchecked Lever credentials checked again").pipe(
      Effect.annotateLogs({ unchecked: unchecked.length, answered })
    )
  }
  return { unchecked: unchecked.length, answered } satisfies RecheckReport
})

/**
 * Runs a round at once and then every `intervalMs`, until interrupted; a failed round is logged and
 * the next one tries again.
 *
 * @since 0.1.0
 */
export const run = (options: { readonly intervalMs?: number | undefined } = {}) =>
  everyInterval(
    runOnce(),
    options.intervalMs ?? defaultIntervalMs,
    "re-checking Lever credentials failed; the next round tries again"
  )
