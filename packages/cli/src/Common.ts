/**
 * What several commands share: the `--team` flag (else `FULCRUM_TEAM`) and how a team's checklist
 * reads in a terminal.
 *
 * @since 0.1.0
 */
import type { Checklist } from "@fulcrum/domain"
import { Config } from "effect"
import { Flag } from "effect/cli"

/** `--team` (else `FULCRUM_TEAM`): the team a command acts on. @since 0.1.0 */
export const team = Flag.String("team").pipe(
  Flag.withAlias("t"),
  Flag.withDescription("The team's id (default: $FULCRUM_TEAM)"),
  Flag.withFallbackConfig(Config.String("FULCRUM_TEAM"))
)

/** A flag that is off unless given (`--all-dead`, `--accept-suggestions`). @since 0.1.0 */
export const toggle = (name: string, description: string) =>
  Flag.Boolean(name).pipe(Flag.withDescription(description), Flag.withDefault(false))

/**
 * A checklist for people: one line per item, with the problem and its fix under each open item, then
 * the warnings.
 *
 * @since 0.1.0
 */
export const renderChecklist = (checklist: Checklist.Checklist): string => {
  const done = checklist.items.filter((item) => item.done).length
  const lines = [`Checklist: ${done}/${checklist.items.length} done — ${checklist.ready ? "ready" : "not ready"}`]
  for (const item of checklist.items) {
    lines.push(`  [${item.done ? "x" : " "}] ${item.title}`)
    if (!item.done) {
      if (item.problem !== null) lines.push(`        problem: ${item.problem}`)
      if (item.fix !== null) lines.push(`        fix:     ${item.fix}`)
    }
  }
  for (const warning of checklist.warnings) {
    lines.push(`  [!] ${warning.title}`, `        problem: ${warning.problem}`, `        fix:     ${warning.fix}`)
  }
  if (checklist.setupKeyNoLongerNeeded) lines.push("  The setup API key is no longer needed: you may delete it in Lever.")
  return lines.join("\n")
}
