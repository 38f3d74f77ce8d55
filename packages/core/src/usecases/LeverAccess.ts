/**
 * Which credentials a call to a team's Lever account uses: the runtime credentials (permanent key or
 * OAuth token) for everything the worker does, or a setup key supplied once for configuration.
 *
 * @since 0.1.0
 */
import type { Ids, Setup } from "@fulcrum/domain"
import { Effect, Option, Schema } from "effect"
import type { Redacted } from "effect"
import { ConfigStore, type TeamNotFound } from "../ports/ConfigStore.ts"
import * as LeverApi from "../ports/LeverApi.ts"
import type { StoreError } from "../ports/StoreError.ts"

/** The team has no usable Lever credentials yet (or OAuth needs reconnecting). @since 0.1.0 */
export class LeverNotConnected extends Schema.TaggedError<LeverNotConnected>()("LeverNotConnected", {
  teamId: Schema.String,
  message: Schema.String
}) {}

/**
 * The target for runtime calls: the stored permanent key, or the OAuth access token. A caller that has
 * just read the team's settings passes them, sparing a second read.
 *
 * @since 0.1.0
 */
export const runtimeTarget = Effect.fn("LeverAccess.runtimeTarget")(function*(
  teamId: Ids.TeamId,
  known?: Setup.TeamSettings
): Effect.fn.Return<LeverApi.LeverTarget, LeverNotConnected | TeamNotFound | StoreError, ConfigStore> {
  const store = yield* ConfigStore
  const settings = known ?? (yield* store.get(teamId)).settings
  const baseUrl = LeverApi.baseUrlOf(settings.environment)
  const connection = settings.connection
  if (connection._tag === "NotConnected") {
    return yield* new LeverNotConnected({
      teamId,
      message: "No Lever connection: submit the permanent API key or connect to Lever."
    })
  }
  if (connection._tag === "OAuth" && connection.reconnectNeeded !== null) {
    return yield* new LeverNotConnected({
      teamId,
      message: `The Lever connection needs reconnecting: ${connection.reconnectNeeded.reason}`
    })
  }
  const secretName = connection._tag === "ApiKey" ? "permanentKey" : "oauth:accessToken"
  const secret = yield* store.getSecret(teamId, secretName)
  if (Option.isNone(secret)) {
    return yield* new LeverNotConnected({ teamId, message: "The stored Lever credentials are missing; submit them again." })
  }
  const credentials = connection._tag === "ApiKey" ? LeverApi.apiKey(secret.value) : LeverApi.oauth(secret.value)
  return { teamId, baseUrl, credentials }
})

/**
 * The target for setup reads: the setup key when one is supplied (used once, never stored), else the
 * runtime credentials, which can serve when they carry the read permissions.
 *
 * @since 0.1.0
 */
export const setupTarget = Effect.fn("LeverAccess.setupTarget")(function*(
  teamId: Ids.TeamId,
  setupKey: Redacted.Redacted<string> | undefined
): Effect.fn.Return<LeverApi.LeverTarget, LeverNotConnected | TeamNotFound | StoreError, ConfigStore> {
  return setupKey === undefined ? yield* runtimeTarget(teamId) : yield* keyTarget(teamId, setupKey)
})

/**
 * The target for a key the admin just supplied (setup key, or a permanent key being checked before it is
 * stored), in the team's Lever environment.
 *
 * @since 0.1.0
 */
export const keyTarget = Effect.fn("LeverAccess.keyTarget")(function*(
  teamId: Ids.TeamId,
  key: Redacted.Redacted<string>
): Effect.fn.Return<LeverApi.LeverTarget, TeamNotFound | StoreError, ConfigStore> {
  const { settings } = yield* (yield* ConfigStore).get(teamId)
  return { teamId, baseUrl: LeverApi.baseUrlOf(settings.environment), credentials: LeverApi.apiKey(key) }
})
