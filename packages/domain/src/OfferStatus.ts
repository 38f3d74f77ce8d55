/**
 * The provider's offer status of a candidate, set from the Lever archive reason it is mapped to.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/** Every offer status, in the order the settings page shows them. @since 0.1.0 */
export const values = ["Rejected", "Withdrew", "Offer Accepted", "Offer Declined", "Not Applicable"] as const

/** The offer status an archive reason maps to. @since 0.1.0 */
export const OfferStatus = Schema.Literals(values)
/** The type {@link OfferStatus} decodes to. @since 0.1.0 */
export type OfferStatus = typeof OfferStatus.Type
