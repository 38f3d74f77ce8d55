/**
 * The connection health check of a team, on demand (`check`) and on a schedule (`run`): Lever still
 * accepts the key or OAuth grant, the permissions are complete, Fulcrum's webhooks are registered and
 * point at this deployment, every mapped stage and archive reason still exists (removed or renamed),
 * new archive reasons are mapped, and confidential candidates can be read. The findings are kept in the
 * team's settings with the time each was first seen, so the checklist and the health endpoint show them
 * between checks; a finding that appears or goes away is logged once and counted in
 * `findingChanges`.
 *
 * ```text
 * worker ─ every poll ─▶ PeriodicTasks.claimDue("connection-health", teams) ─▶ check(team) ─▶ Lever (≈5 calls)
 *                                     (once per team per period, any number of workers)     └▶ settings.health
 * ```
 *
 * @since 0.2.0
 */
import { ConnectionHealth as Judge, HealthFinding, type Ids, type Lever, type Setup } from "@fulcrum/domain"
import { Cause, Clock, Duration, Effect, Metric } from "effect"
import {
  ConfigStore,
  type TeamNotFound,
  type VersionConflict,
  type VersionedSettings
} from "../ports/ConfigStore.ts"
import type { StoreError } from "../ports/StoreError.ts"
import * as LeverApi from "../ports/LeverApi.ts"
import { PeriodicTasks } from "../ports/PeriodicTasks.ts"
import { execute } from "../internal/teamSettings.ts"
import { webhookPaths, webhookUrls } from "../internal/webhookUrls.ts"
import { type LeverNotConnected, recordRejection, runtimeTarget } from "./LeverAccess.ts"

/** Fifteen minutes: drift is noticed well before a recruiter does, at ≈5 Lever calls per team. @since 0.2.0 */
export const defaultIntervalMs = 15 * 60 * 1000

/** The `PeriodicTasks` task name of the scheduled check. @since 0.2.0 */
export const task = "connection-health"

/**
 * Counts findings that appeared (`change="appeared"`) or were resolved (`change="resolved"`), by `kind`.
 * Effect's metric registry holds it; an exporter (OpenTelemetry, `/metrics`) publishes it as
 * `fulcrum_health_finding_changes_total`.
 *
 * @since 0.2.0
 */
export const findingChanges = Metric.counter("fulcrum_health_finding_changes_total", {
  description: "Connection health findings that appeared or were resolved, by kind",
  incremental: true
})

/** Where the deployment is reached, to tell whether Lever's webhooks point at it. @since 0.2.0 */
export interface CheckOptions {
  /** The deployment's public base URL; without it, a webhook with the team's path on any origin counts. */
  readonly publicBaseUrl?: string | undefined
}

/** What a check produced: the team as saved and its report. @since 0.2.0 */
export interface Checked {
  readonly team: VersionedSettings
  readonly report: HealthFinding.HealthReport
}

const targetsFor = (teamId: Ids.TeamId, publicBaseUrl: string | undefined): Judge.WebhookTargets => {
  const paths = webhookPaths(teamId)
  const urls = publicBaseUrl === undefined ? undefined : webhookUrls(teamId, publicBaseUrl)
  const target = (kind: Lever.WebhookKind) => ({ path: paths[kind], url: urls?.[kind] ?? null })
  return { stageChange: target("stageChange"), archiveChange: target("archiveChange"), candidateDeleted: target("candidateDeleted") }
}

/** Reads everything the judgement needs from Lever with the runtime credentials. */
const probe = Effect.fnUntraced(function*(settings: Setup.TeamSettings) {
  const lever = yield* LeverApi.LeverApi
  const target = yield* runtimeTarget(settings.teamId, settings)
  const needs = LeverApi.needsOf(settings)
  const answered = yield* Effect.result(Effect.all({
    report: lever.checkPermissions(target, { purpose: "permanent", needs }),
    stages: lever.listStages(target),
    reasons: lever.listArchiveReasons(target),
    // Only a team with linked postings reads them (to flag a linked posting Lever no longer has); a
    // missing postings permission is already reported by the check above, so it does not fail the rest.
    postings: needs.postings === true
      ? lever.listPostings(target).pipe(Effect.catchTag("LeverForbidden", () => Effect.succeed(undefined)))
      : Effect.succeed(undefined),
    // Listing webhooks needs webhooks:read, which a permanent key usually lacks: then they are not judged.
    webhooks: lever.listWebhooks(target).pipe(
      Effect.catchTags({ LeverForbidden: () => Effect.succeed(null), LeverNotFound: () => Effect.succeed(null) })
    )
  }))
  return { target, answered }
})

const logChanges = (teamId: Ids.TeamId, changes: HealthFinding.Changes) =>
  Effect.forEach([
    ...changes.appeared.map((finding) => ({ finding, change: "appeared" as const })),
    ...changes.resolved.map((finding) => ({ finding, change: "resolved" as const }))
  ], ({ change, finding }) =>
    Effect.andThen(
      (change === "appeared" ? Effect.logWarning : Effect.logInfo)(
        change === "appeared" ? "connection health finding appeared" : "connection health finding resolved"
      ).pipe(Effect.annotateLogs({ teamId, kind: finding.kind, subject: finding.subject.id, message: finding.message })),
      Metric.update(Metric.withAttributes(findingChanges, { kind: finding.kind, change }), 1)
    ), { discard: true })

/**
 * Checks one team now and records the findings. Lever being unavailable or rate limited fails the
 * check (nothing is recorded; the previous report stays); a rejected key or OAuth grant is itself a
 * finding (`CredentialsInvalid`), after an OAuth token Lever ended early was renewed and tried once more.
 *
 * @since 0.2.0
 */
export const check = Effect.fn("ConnectionHealth.check")(function*(
  teamId: Ids.TeamId,
  options: CheckOptions = {}
): Effect.fn.Return<
  Checked,
  LeverApi.LeverError | LeverNotConnected | TeamNotFound | VersionConflict | Setup.SetupRejected | StoreError,
  ConfigStore | LeverApi.LeverApi
> {
  const store = yield* ConfigStore
  const before = (yield* store.get(teamId)).settings
  const at = yield* Clock.currentTimeMillis
  const judge = (observation: Judge.Observation) => Judge.assess(before, observation, targetsFor(teamId, options.publicBaseUrl))
  let commands: ReadonlyArray<Setup.SetupCommand>
  const connection = before.connection
  if (connection._tag === "OAuth" && connection.reconnectNeeded !== null) {
    commands = [{
      _tag: "RecordHealthCheck",
      findings: judge({ _tag: "CredentialsRejected", detail: connection.reconnectNeeded.reason }),
      at
    }]
  } else {
    let outcome = yield* probe(before)
    if (outcome.answered._tag === "Failure" && outcome.answered.failure._tag === "LeverUnauthorized") {
      // Lever may end an OAuth access token early: once renewed, the connection deserves one more look.
      if ((yield* recordRejection(outcome.target, outcome.answered.failure)) === "renewed") {
        outcome = yield* probe((yield* store.get(teamId)).settings)
      }
    }
    const { answered } = outcome
    if (answered._tag === "Failure") {
      if (answered.failure._tag !== "LeverUnauthorized") return yield* Effect.fail(answered.failure)
      yield* recordRejection(outcome.target, answered.failure)
      commands = [{
        _tag: "RecordHealthCheck",
        findings: judge({ _tag: "CredentialsRejected", detail: answered.failure.message }),
        at
      }]
    } else {
      const { postings, reasons, report, stages, webhooks } = answered.success
      commands = [
        { _tag: "RecordPermissionCheck", missing: report.missing, confidentialAccess: report.confidentialAccess, at },
        { _tag: "RecordLeverStages", stages, at },
        { _tag: "RecordLeverArchiveReasons", reasons, at },
        ...(postings === undefined
          ? []
          : [{ _tag: "RecordLeverPostings" as const, postings: postings.map(({ id, text }) => ({ id, text })), at }]),
        {
          _tag: "RecordHealthCheck",
          findings: judge({
            _tag: "Answered",
            missingPermissions: report.missing,
            confidentialAccess: report.confidentialAccess,
            stages,
            reasons,
            webhooks
          }),
          at
        }
      ]
    }
  }
  let previous: HealthFinding.HealthReport | null = null
  const team = yield* execute(teamId, (current) => {
    previous = current.health
    return commands
  })
  // RecordHealthCheck always records, so the saved settings carry this check's report.
  const report = team.settings.health ?? { checkedAt: at, findings: [] }
  yield* logChanges(teamId, HealthFinding.changes(previous, report))
  return { team, report } satisfies Checked
})

/** Options of the scheduled check. @since 0.2.0 */
export interface RunOptions extends CheckOptions {
  /** The period per team, in milliseconds (`FULCRUM_HEALTH_INTERVAL_SECONDS`). Default 15 minutes. */
  readonly intervalMs?: number | undefined
  /** How often to look for a team that is due, in milliseconds. Default 5 s (shorter periods: a tenth). */
  readonly pollMs?: number | undefined
}

/**
 * Checks every connected team once per period, across any number of workers (`PeriodicTasks` hands each
 * team to one of them per period), one team at a time per worker so a check takes only a few of the
 * team's Lever calls at once (they share the per-key rate limit with event processing). A failed check
 * is logged and waits for the next period; a store outage is retried at the next poll.
 *
 * @since 0.2.0
 */
export const run = (
  options: RunOptions = {}
): Effect.Effect<never, never, ConfigStore | PeriodicTasks | LeverApi.LeverApi> => {
  const intervalMs = options.intervalMs ?? defaultIntervalMs
  const poll = Duration.millis(options.pollMs ?? Math.min(5_000, Math.max(50, intervalMs / 10)))
  const onFailure = (teamId: string | undefined) => (cause: Cause.Cause<unknown>) =>
    Cause.hasInterruptsOnly(cause)
      ? Effect.interrupt
      : Effect.logWarning(
        teamId === undefined
          ? "connection health round failed; the next poll tries again"
          : "connection health check failed; the next period tries again"
      ).pipe(Effect.annotateLogs({ ...(teamId === undefined ? {} : { teamId }), cause: Cause.pretty(cause) }))
  const round = Effect.gen(function*() {
    const teams = (yield* (yield* ConfigStore).list()).filter(({ settings }) =>
      settings.connection._tag !== "NotConnected"
    )
    const due = yield* (yield* PeriodicTasks).claimDue({
      task,
      keys: teams.map(({ settings }) => settings.teamId),
      intervalMs,
      limit: 1
    })
    for (const teamId of due) {
      yield* check(teamId as Ids.TeamId, options).pipe(Effect.catchCause(onFailure(teamId)))
    }
    return due.length
  }).pipe(Effect.catchCause((cause) => Effect.as(onFailure(undefined)(cause), 0)))
  // A claimed team may mean more are due: look again at once; otherwise wait for the next poll.
  return Effect.forever(Effect.flatMap(round, (claimed) => claimed > 0 ? Effect.void : Effect.sleep(poll)))
}

/**
 * The findings last recorded for a team, in the shape of `GET /api/teams/{teamId}/health`
 * (`checkedAt: null` before the first check).
 *
 * @since 0.2.0
 */
export const lastReport = Effect.fn("ConnectionHealth.lastReport")(function*(teamId: Ids.TeamId) {
  const { settings } = yield* (yield* ConfigStore).get(teamId)
  return settings.health ?? { checkedAt: null, findings: [] }
})
