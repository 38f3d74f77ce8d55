/**
 * Where a team's webhooks point: paths on the host and absolute URLs under its public base URL. Shared
 * by setup (registering them) and the connection health check (checking Lever still has them).
 */
import type { Ids, Lever } from "@fulcrum/domain"

/**
 * The webhook paths of a team, relative to the host's public base URL.
 *
 * @since 0.1.0
 */
export const webhookPaths = (teamId: Ids.TeamId): Record<Lever.WebhookKind, string> => ({
  stageChange: `/webhooks/lever/${teamId}/stage-change`,
  archiveChange: `/webhooks/lever/${teamId}/archive-change`,
  candidateDeleted: `/webhooks/lever/${teamId}/candidate-deleted`
})

/**
 * The absolute webhook URLs of a team, the ones registered in Lever (a trailing slash on the base URL is
 * dropped).
 *
 * @example
 * ```ts
 * TeamSetup.webhookUrls(teamId, "https://fulcrum.example/").stageChange
 * // "https://fulcrum.example/webhooks/lever/<teamId>/stage-change"
 * ```
 *
 * @since 0.1.0
 */
export const webhookUrls = (teamId: Ids.TeamId, publicBaseUrl: string): Record<Lever.WebhookKind, string> => {
  const base = publicBaseUrl.replace(/\/+$/, "")
  const paths = webhookPaths(teamId)
  return {
    stageChange: `${base}${paths.stageChange}`,
    archiveChange: `${base}${paths.archiveChange}`,
    candidateDeleted: `${base}${paths.candidateDeleted}`
  }
}

