/**
 * The connection health of a team as the API shows it: when it was last checked and what was found,
 * each finding with its kind, subject, first-seen time, message and fix.
 *
 * @since 0.2.0
 */
import { HealthFinding } from "@fulcrum/domain"
import { Schema } from "effect"
import { IsoTime } from "./IsoTime.ts"

/**
 * `GET /api/teams/{teamId}/health` and `POST /api/teams/{teamId}/health-check`: `checkedAt` and each
 * finding's `firstSeenAt` are ISO-8601 times in JSON (epoch ms in the typed client); `checkedAt` is
 * `null` before the first check; `findings` is empty when all is well.
 *
 * @since 0.2.0
 */
export const HealthReport = Schema.Struct({
  checkedAt: Schema.NullOr(IsoTime),
  findings: Schema.Array(Schema.Struct({ ...HealthFinding.Observed.fields, firstSeenAt: IsoTime }))
}).annotate({ identifier: "HealthReport" })
/** The health report as a value (times in epoch milliseconds once decoded). @since 0.2.0 */
export type HealthReport = typeof HealthReport.Type
