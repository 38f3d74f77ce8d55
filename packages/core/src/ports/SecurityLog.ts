/**
 * The `SecurityLog` port: rejected webhooks and other security-relevant events, never with a secret in
 * them (no tokens, signatures or keys; only what is needed to diagnose).
 *
 * @since 0.1.0
 */
import { Context, Schema } from "effect"
import type { Effect } from "effect"
import type { StoreError } from "./StoreError.ts"

/** @since 0.1.0 */
export const SecurityEntry = Schema.Struct({
  at: Schema.Number,
  teamId: Schema.NullOr(Schema.String),
  kind: Schema.String,
  detail: Schema.String,
  remoteAddress: Schema.NullOr(Schema.String)
})
/** @since 0.1.0 */
export type SecurityEntry = typeof SecurityEntry.Type

/** @since 0.1.0 */
export class SecurityLog extends Context.Service<SecurityLog, {
  readonly record: (entry: SecurityEntry) => Effect.Effect<void, StoreError>
  readonly list: (options: {
    readonly teamId?: string
    readonly limit?: number
  }) => Effect.Effect<ReadonlyArray<SecurityEntry>, StoreError>
}>()("@fulcrum/core/SecurityLog") {}
