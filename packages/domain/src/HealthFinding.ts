/**
 * What a connection health check found: each finding names its kind, the thing it is about (a stage, an
 * archive reason, a permission, a webhook), when it was first seen, what is wrong and how to fix it. The
 * last report is kept in the team's settings so the checklist and `GET /api/teams/{teamId}/health` show
 * it between checks.
 *
 * @since 0.2.0
 */
import { Schema } from "effect"

/**
 * The kinds of finding. New checks add kinds; a client should show an unknown kind by its `message` and
 * `fix`.
 *
 * - `CredentialsInvalid`: Lever rejects the permanent key or the OAuth grant (or it must be reconnected).
 * - `PermissionMissing`: the runtime credentials lack a permission Fulcrum needs.
 * - `ConfidentialAccessMissing`: the credentials may not read confidential candidates.
 * - `StageMissing`, `StageRenamed`: a mapped stage was removed or renamed in Lever.
 * - `ArchiveReasonMissing`: a mapped archive reason no longer exists in Lever.
 * - `ArchiveReasonRenamed`: a mapped archive reason's name changed since the previous check.
 * - `ArchiveReasonUnmapped`: an active archive reason (or one candidates were archived with) has no offer status.
 * - `WebhookMissing`: a webhook Fulcrum needs is not registered in Lever, or points elsewhere.
 *
 * @since 0.2.0
 */
export const FindingKind = Schema.Literals([
  "CredentialsInvalid",
  "PermissionMissing",
  "ConfidentialAccessMissing",
  "StageMissing",
  "StageRenamed",
  "ArchiveReasonMissing",
  "ArchiveReasonRenamed",
  "ArchiveReasonUnmapped",
  "WebhookMissing"
])
/** What kind of problem a finding is (StageMissing, WebhookMissing, …). @since 0.2.0 */
export type FindingKind = typeof FindingKind.Type

/** What a finding is about: its Lever id (or a stable name such as a permission) and its display name. @since 0.2.0 */
export const FindingSubject = Schema.Struct({ id: Schema.String, name: Schema.String })
/** What a finding is about: a Lever id and its name when known. @since 0.2.0 */
export type FindingSubject = typeof FindingSubject.Type

/** A finding as a check produces it, before it is dated by the report it lands in. @since 0.2.0 */
export const Observed = Schema.Struct({
  kind: FindingKind,
  subject: FindingSubject,
  message: Schema.String,
  fix: Schema.String
})
/** One finding of a check, before its first-seen time is known. @since 0.2.0 */
export type Observed = typeof Observed.Type

/** A finding with the time it was first seen (kept while it is seen again). @since 0.2.0 */
export const Finding = Schema.Struct({ ...Observed.fields, firstSeenAt: Schema.Number })
/** A finding with the time it was first seen. @since 0.2.0 */
export type Finding = typeof Finding.Type

/** The last completed check of a team. @since 0.2.0 */
export const HealthReport = Schema.Struct({ checkedAt: Schema.Number, findings: Schema.Array(Finding) })
/** The last check of a team: when, and what it found. @since 0.2.0 */
export type HealthReport = typeof HealthReport.Type

/** Two findings are the same finding when kind and subject id match. @since 0.2.0 */
export const findingKey = (finding: Observed): string => `${finding.kind}:${finding.subject.id}`

/**
 * Dates a check's findings: one seen in the previous report keeps its first-seen time, a new one is first
 * seen `at`. The order is the check's.
 *
 * @since 0.2.0
 */
export const report = (previous: HealthReport | null, found: ReadonlyArray<Observed>, at: number): HealthReport => {
  const known = new Map((previous?.findings ?? []).map((finding) => [findingKey(finding), finding.firstSeenAt]))
  return {
    checkedAt: at,
    findings: found.map((finding) => ({ ...finding, firstSeenAt: known.get(findingKey(finding)) ?? at }))
  }
}

/** What changed between two reports: findings that appeared and findings that were resolved. @since 0.2.0 */
export interface Changes {
  readonly appeared: ReadonlyArray<Finding>
  readonly resolved: ReadonlyArray<Finding>
}

/**
 * The findings that appeared in `next` and the ones `next` no longer has, so a change is logged (and
 * counted) once rather than at every check.
 *
 * @since 0.2.0
 */
export const changes = (previous: HealthReport | null, next: HealthReport): Changes => {
  const before = new Set((previous?.findings ?? []).map(findingKey))
  const after = new Set(next.findings.map(findingKey))
  return {
    appeared: next.findings.filter((finding) => !before.has(findingKey(finding))),
    resolved: (previous?.findings ?? []).filter((finding) => !after.has(findingKey(finding)))
  }
}
