/**
 * Archive-reason mapping: every Lever archive reason maps to one offer status. Active reasons must be
 * mapped before the team is ready; inactive ones are optional but may still arrive on old archive
 * events. Fulcrum suggests a status for common reason names, and never saves a suggestion by itself.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { ArchiveReasonId } from "./Ids.ts"
import type { LeverArchiveReason } from "./Lever.ts"
import * as Names from "./Names.ts"
import { OfferStatus } from "./OfferStatus.ts"
import type { TeamSettings } from "./Setup.ts"

/** The saved mapping: archive reason id → offer status. @since 0.1.0 */
export type Mapping = TeamSettings["archiveReasonMapping"]

/**
 * A reason name compared the way the suggestion chart compares names: lowercase, inner whitespace
 * collapsed to one space, no surrounding whitespace.
 *
 * @since 0.1.0
 */
export const normalize = (text: string): string => text.trim().replace(/\s+/g, " ").toLowerCase()

const chart: ReadonlyArray<readonly [OfferStatus, ReadonlyArray<string>]> = [
  ["Rejected", [
    "Not a fit",
    "Underqualified",
    "Preferred another candidate",
    "Overqualified",
    "Keep for future opportunities",
    "Motivations misalignment",
    "Misaligned values",
    "Plagiarism",
    "Junior for role"
  ]],
  ["Withdrew", ["Withdrew"]],
  ["Offer Accepted", ["Hired"]],
  ["Offer Declined", ["Offer declined", "Accepted another offer"]],
  ["Not Applicable", [
    "Duplicate application",
    "Unresponsive",
    "Timing",
    "Position closed",
    "Location",
    "Visa status",
    "Better for another role",
    "Compensation misalignment",
    "Expired",
    "Distance"
  ]]
]

/**
 * The common reason names of the product's chart, spelled as Lever shows them, in the chart's order
 * (Rejected, Withdrew, Offer Accepted, Offer Declined, Not Applicable). "Hired" is the name of the hired
 * reason every Lever account has.
 *
 * @since 0.1.0
 */
export const commonReasonNames: ReadonlyArray<string> = chart.flatMap(([, names]) => names)

/**
 * The common reason names and the offer status suggested for each, as in the product's chart.
 *
 * @since 0.1.0
 */
export const commonReasons: ReadonlyMap<string, OfferStatus> = new Map(
  chart.flatMap(([status, names]) => names.map((name) => [normalize(name), status] as const))
)

/**
 * The offer status suggested for a reason: `Offer Accepted` for any reason of type `hired`, otherwise the
 * chart's status for its name (case- and spacing-insensitive), otherwise none.
 *
 * @since 0.1.0
 */
export const suggestOfferStatus = (
  reason: { readonly text: string; readonly type: LeverArchiveReason["type"] }
): OfferStatus | undefined => reason.type === "hired" ? "Offer Accepted" : commonReasons.get(normalize(reason.text))

/** A suggested offer status for one unmapped reason, for the admin to accept or change. @since 0.1.0 */
export const Suggestion = Schema.Struct({
  reasonId: ArchiveReasonId,
  reasonText: Schema.String,
  offerStatus: OfferStatus
})
/** The type {@link Suggestion} decodes to. @since 0.1.0 */
export type Suggestion = typeof Suggestion.Type

/**
 * Suggestions for the reasons that are not mapped yet (mapped reasons keep the admin's choice), in the
 * order Lever lists the reasons. They are only returned, never saved.
 *
 * @since 0.1.0
 */
export const suggestions = (
  reasons: ReadonlyArray<LeverArchiveReason>,
  mapping: Mapping
): ReadonlyArray<Suggestion> =>
  reasons.flatMap((reason) => {
    if (mapping[reason.id] !== undefined) return []
    const offerStatus = suggestOfferStatus(reason)
    return offerStatus === undefined ? [] : [{ reasonId: reason.id, reasonText: reason.text, offerStatus }]
  })

/**
 * The active reasons of the catalog last read from Lever that have no offer status yet: the checklist
 * is not done while there are any. Empty when the reasons were never read (the checklist says so).
 *
 * @since 0.1.0
 */
export const unmappedActiveReasons = (
  settings: Pick<TeamSettings, "leverArchiveReasons" | "archiveReasonMapping">
): ReadonlyArray<LeverArchiveReason> =>
  (settings.leverArchiveReasons?.reasons ?? []).filter(
    (reason) => reason.status === "active" && settings.archiveReasonMapping[reason.id] === undefined
  )

/**
 * The offer status a reason is mapped to, if it is.
 *
 * @since 0.1.0
 */
export const offerStatusFor = (settings: TeamSettings, reasonId: ArchiveReasonId): OfferStatus | undefined =>
  settings.archiveReasonMapping[reasonId]

/**
 * The name of a reason as last read from Lever, or its id when it is not in the catalog.
 *
 * @since 0.1.0
 */
export const reasonName = (settings: TeamSettings, reasonId: ArchiveReasonId): string =>
  Names.fromSettings(settings).reasonName(reasonId) ?? reasonId
