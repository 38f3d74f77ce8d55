/**
 * The three provider stages a team maps to Lever stages.
 *
 * - `assessment`: entering it sends the invite.
 * - `onsite`: the candidate moved on after the assessment.
 * - `offer`: the candidate got an offer.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/** The provider's stages, in pipeline order. @since 0.1.0 */
export const values = ["assessment", "onsite", "offer"] as const

/** One of the provider's stages: assessment, onsite or offer. @since 0.1.0 */
export const ProviderStage = Schema.Literals(values)
/** The type {@link ProviderStage} decodes to. @since 0.1.0 */
export type ProviderStage = typeof ProviderStage.Type
