/**
 * The failure every store port may raise when its storage is unreachable or broken. Callers treat it as
 * transient: the webhook is answered 503 (Lever retries), the worker retries the job.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/** Storage is unreachable or failed; callers treat it as transient. @since 0.1.0 */
export class StoreError extends Schema.TaggedError<StoreError>()("StoreError", {
  operation: Schema.String,
  message: Schema.String
}) {}
