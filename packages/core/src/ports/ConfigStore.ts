/**
 * The `ConfigStore` port: team settings (without secrets, version-checked) and the team's secrets
 * (encrypted at rest by persistent adapters, always `Redacted` in memory).
 *
 * @since 0.1.0
 */
import type { Ids, Setup } from "@fulcrum/domain"
import { Context, Schema } from "effect"
import type { Effect, Option, Redacted } from "effect"
import type { StoreError } from "./StoreError.ts"

/**
 * The secrets a team may have. Signing tokens are per webhook kind; OAuth tokens replace the permanent
 * key when the team connected through Lever's partner OAuth. `oauth:pendingConnect` binds a "Connect to
 * Lever" in progress to the admin's browser session (hashes only) until Lever sends the admin back.
 *
 * @since 0.1.0
 */
export const SecretName = Schema.Literals([
  "permanentKey",
  "signingToken:stageChange",
  "signingToken:archiveChange",
  "signingToken:candidateDeleted",
  "oauth:accessToken",
  "oauth:refreshToken",
  "oauth:pendingConnect"
])
/** The type {@link SecretName} decodes to. @since 0.1.0 */
export type SecretName = typeof SecretName.Type

/** The secret name of a webhook kind's signing token. @since 0.1.0 */
export const signingTokenName = (webhook: "stageChange" | "archiveChange" | "candidateDeleted"): SecretName =>
  `signingToken:${webhook}`

/** Secrets written by `update` together with the settings that record them (one atomic write). @since 0.2.0 */
export type SecretWrites = ReadonlyArray<readonly [name: SecretName, value: Redacted.Redacted<string>]>

/** Settings with the version an update must name. @since 0.1.0 */
export interface VersionedSettings {
  readonly settings: Setup.TeamSettings
  readonly version: number
}

/** No team with that id. @since 0.1.0 */
export class TeamNotFound extends Schema.TaggedError<TeamNotFound>()("TeamNotFound", {
  teamId: Schema.String
}) {}

/** A team with that id already exists. @since 0.1.0 */
export class TeamExists extends Schema.TaggedError<TeamExists>()("TeamExists", {
  teamId: Schema.String
}) {}

/** Someone else updated the settings since they were read; re-read and decide again. @since 0.1.0 */
export class VersionConflict extends Schema.TaggedError<VersionConflict>()("VersionConflict", {
  teamId: Schema.String,
  expected: Schema.Number,
  actual: Schema.Number
}) {}

/**
 * Each team's setup: the `Setup.TeamSettings` every use case reads (the checklist is derived from them,
 * never stored) and the team's secrets (the permanent Lever key, webhook signing tokens, OAuth tokens),
 * which the rest of Fulcrum only ever holds as `Redacted`.
 *
 * What an adapter must guarantee (`ConfigStoreContract` in `@fulcrum/core/testing` checks each point):
 * - settings come back exactly as stored (nulls, empty records and lists included);
 * - `create` starts a team at version 1 and refuses an existing id with `TeamExists`;
 * - `update` is optimistic: it succeeds only when `expectedVersion` is current and bumps the version by
 *   one; a stale update fails with `VersionConflict` (both versions named) and changes nothing, and of
 *   concurrent updates of one version exactly one wins;
 * - secrets given to `update` are written with the settings or not at all: a stale update leaves the old
 *   secrets in place, so a setup command never leaves a secret without the settings that record it;
 * - secrets are kept per team and name, replaced by a second `putSecret`, kept across settings updates,
 *   refused for an unknown team, and returned as `Redacted` values that print and serialise without the
 *   secret. Persistent adapters encrypt them at rest.
 *
 * Adapters: `ConfigStoreMemory` (in this package), `ConfigStoreSql` in `@fulcrum/store-sql` (AES-256-GCM
 * at rest).
 *
 * @since 0.1.0
 */
export class ConfigStore extends Context.Service<ConfigStore, {
  /** Stores a new team at version 1. */
  readonly create: (settings: Setup.TeamSettings) => Effect.Effect<VersionedSettings, TeamExists | StoreError>
  readonly get: (teamId: Ids.TeamId) => Effect.Effect<VersionedSettings, TeamNotFound | StoreError>
  readonly list: () => Effect.Effect<ReadonlyArray<VersionedSettings>, StoreError>
  /**
   * Replaces the settings when `expectedVersion` is current, and writes `secrets` with them atomically;
   * returns the new version.
   */
  readonly update: (
    teamId: Ids.TeamId,
    expectedVersion: number,
    settings: Setup.TeamSettings,
    secrets?: SecretWrites
  ) => Effect.Effect<VersionedSettings, TeamNotFound | VersionConflict | StoreError>
  readonly putSecret: (
    teamId: Ids.TeamId,
    name: SecretName,
    value: Redacted.Redacted<string>
  ) => Effect.Effect<void, TeamNotFound | StoreError>
  readonly getSecret: (
    teamId: Ids.TeamId,
    name: SecretName
  ) => Effect.Effect<Option.Option<Redacted.Redacted<string>>, StoreError>
  readonly deleteSecret: (teamId: Ids.TeamId, name: SecretName) => Effect.Effect<void, StoreError>
}>()("@fulcrum/core/ConfigStore") {}
