/**
 * The `SecurityLog` port: rejected webhooks and other security-relevant events, never with a secret in
 * them (no tokens, signatures or keys; only what is needed to diagnose).
 *
 * The log records bad input, so it must hold up under it: whatever an entry says, `record` does not
 * fail on its content, a flood from one source cannot fill the store, and old entries can be pruned.
 * What an adapter must guarantee (`SecurityLogContract` in `@fulcrum/core/testing` checks each point):
 * - Every text field is stored with its control characters written as `\uXXXX` escapes
 *   ({@link escaped}): a NUL in a rejected team id is shown, not a failed write.
 * - Rate limit per source: entries are grouped by team and remote address (`null` counts as one team, or
 *   one address). When the group already has `maxEntries` entries newer than `windowMs` before the new
 *   one's `at`, the new entry is not stored: the newest entry of the group counts it in `suppressed`
 *   and keeps its time in `lastSuppressedAt`. So a flood of bad webhooks from one source costs at most
 *   `maxEntries` rows per window, and the log still says how many arrived.
 * - `list` gives the newest entries first (entries of the same instant latest recorded first), with
 *   their `suppressed` counts.
 * - `prune({ before })` deletes every entry whose `at` is earlier than `before` and says how many.
 *
 * Adapters: `SecurityLogMemory` (in this package), `SecurityLogSql` in `@fulcrum/store-sql`.
 *
 * @since 0.1.0
 */
import { Text } from "@fulcrum/domain"
import { Context, Schema } from "effect"
import type { Effect } from "effect"
import type { StoreError } from "./StoreError.ts"

/** An entry to record. @since 0.1.0 */
export const SecurityEntry = Schema.Struct({
  at: Schema.Number,
  teamId: Schema.NullOr(Schema.String),
  kind: Schema.String,
  detail: Schema.String,
  remoteAddress: Schema.NullOr(Schema.String)
})
/** The type {@link SecurityEntry} decodes to. @since 0.1.0 */
export type SecurityEntry = typeof SecurityEntry.Type

/**
 * A recorded entry as `list` shows it: how many later entries of the same team and source the rate
 * limit counted here instead of storing (`suppressed`), and when the last of them arrived.
 *
 * @since 0.1.0
 */
export const LoggedSecurityEntry = Schema.Struct({
  ...SecurityEntry.fields,
  suppressed: Schema.Number,
  lastSuppressedAt: Schema.NullOr(Schema.Number)
})
/** The type {@link LoggedSecurityEntry} decodes to. @since 0.1.0 */
export type LoggedSecurityEntry = typeof LoggedSecurityEntry.Type

/**
 * How many entries one team and source may add to the log per window. Both adapters take it as a
 * layer option.
 *
 * @since 0.1.0
 */
export interface RateLimit {
  /** Entries stored per team and remote address within one window; at least 1. */
  readonly maxEntries: number
  /** The sliding window, in milliseconds. */
  readonly windowMs: number
}

/**
 * The default: 20 entries per team and source per minute, enough to diagnose a misconfigured Lever
 * account, while a flood of 1,000 bad webhooks a second costs 20 rows a minute.
 *
 * @since 0.1.0
 */
export const defaultRateLimit: RateLimit = { maxEntries: 20, windowMs: 60_000 }

/**
 * The rate limit an adapter applies when given `rateLimit`: {@link defaultRateLimit} when absent,
 * `maxEntries` a whole number of at least 1 and `windowMs` not negative.
 *
 * @since 0.1.0
 */
export const rateLimitOf = (rateLimit: RateLimit = defaultRateLimit): RateLimit => ({
  maxEntries: Math.max(1, Math.floor(rateLimit.maxEntries)),
  windowMs: Math.max(0, rateLimit.windowMs)
})

/**
 * `entry` as stored: every text field with its control characters (and lone surrogates) written as
 * `\uXXXX`, so an entry about bad input never fails to be stored, nor forges a line in a log viewer.
 *
 * @example
 * ```ts
 * SecurityLog.escaped({ ...entry, detail: "no team te\u0000am" }).detail // "no team te\\u0000am"
 * ```
 *
 * @since 0.1.0
 */
export const escaped = (entry: SecurityEntry): SecurityEntry => ({
  at: entry.at,
  teamId: entry.teamId === null ? null : Text.escapeControlCharacters(entry.teamId),
  kind: Text.escapeControlCharacters(entry.kind),
  detail: Text.escapeControlCharacters(entry.detail),
  remoteAddress: entry.remoteAddress === null ? null : Text.escapeControlCharacters(entry.remoteAddress)
})

/** The port that records rejected webhooks, without secrets. @since 0.1.0 */
export class SecurityLog extends Context.Service<SecurityLog, {
  /** Records an entry, or counts it on the newest entry of its team and source when they are over the limit. */
  readonly record: (entry: SecurityEntry) => Effect.Effect<void, StoreError>
  /** The newest entries first, of one team or of all (entries of no known team included). */
  readonly list: (options: {
    readonly teamId?: string
    readonly limit?: number
  }) => Effect.Effect<ReadonlyArray<LoggedSecurityEntry>, StoreError>
  /** Deletes every entry recorded (`at`) before `before`; returns how many. */
  readonly prune: (options: { readonly before: number }) => Effect.Effect<number, StoreError>
}>()("@fulcrum/core/SecurityLog") {}
