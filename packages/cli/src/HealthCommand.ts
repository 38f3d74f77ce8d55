/**
 * `fulcrum health`: is the host up and ready (`/healthz`, `/readyz`; no token needed), and, with
 * `--team`, a fresh check of the team's Lever connection (`POST .../health-check`): credentials,
 * permissions, webhooks, stages and archive reasons.
 *
 * @since 0.1.0
 */
import { Config, Effect, Option, Predicate } from "effect"
import { Command, Flag } from "effect/cli"
import * as Common from "./Common.ts"
import * as Connection from "./Connection.ts"
import * as Output from "./Output.ts"

/** A team's health answer for people, whatever its exact shape: findings when it has them, else the checklist. */
const renderTeamHealth = (answer: unknown): string => {
  if (Predicate.hasProperty(answer, "findings") && Array.isArray(answer.findings)) {
    const findings = answer.findings as ReadonlyArray<Record<string, unknown>>
    const checkedAt = Predicate.hasProperty(answer, "checkedAt") ? Output.time(answer.checkedAt) : "-"
    if (findings.length === 0) return `Healthy (checked ${checkedAt}).`
    return [
      `${findings.length} finding(s) (checked ${checkedAt}):`,
      ...findings.flatMap((finding) => [
        `  ${String(finding.kind)}: ${String(finding.message)}`,
        ...(finding.fix === undefined || finding.fix === null ? [] : [`    fix: ${String(finding.fix)}`])
      ])
    ].join("\n")
  }
  if (Predicate.hasProperty(answer, "checklist") && Predicate.isObject(answer.checklist)) {
    return Common.renderChecklist(answer.checklist as Parameters<typeof Common.renderChecklist>[0])
  }
  return Output.json(answer)
}

/** `fulcrum health`. @since 0.1.0 */
export const health = Command.make("health", {
  team: Flag.String("team").pipe(
    Flag.withAlias("t"),
    Flag.withDescription("Also run the team's Lever health check now (default: $FULCRUM_TEAM when set)"),
    Flag.withFallbackConfig(Config.String("FULCRUM_TEAM")),
    Flag.optional
  )
}, Effect.fn("fulcrum.health")(function*({ team }) {
  if (Option.isSome(team)) {
    const client = yield* Connection.client
    const answer: unknown = yield* client.teams.healthCheck({ params: { teamId: team.value } })
    return yield* Output.emit(answer, renderTeamHealth)
  }
  const client = yield* Connection.publicClient
  const alive = yield* client.health.healthz()
  const ready = yield* client.health.readyz()
  yield* Output.emit({ alive: alive.status, ready: ready.status }, () => "Fulcrum is up and ready.")
})).pipe(Command.withDescription("Whether the host is up and ready; with --team, re-check the team's Lever connection"))
