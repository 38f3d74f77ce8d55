import type { Ids } from "@fulcrum/domain"
import { Setup } from "@fulcrum/domain"
import { Effect, Result } from "effect"
import { ConfigStore, type VersionedSettings } from "../ports/ConfigStore.ts"
import type { StoreError } from "../ports/StoreError.ts"
import type { SecretWrites, TeamNotFound, VersionConflict } from "../ports/ConfigStore.ts"
import { Policy } from "../Policy.ts"

/**
 * Runs setup commands against a team's current settings and saves the result with an optimistic version
 * check. A concurrent update (another admin tab, the worker recording a problem) is resolved by
 * re-reading and deciding again, so no command is lost and none is applied on stale settings. Secrets the
 * commands record (a key and its fingerprint) are written in the same update, so a refused command or a
 * failed write leaves no secret behind.
 */
export const execute = Effect.fnUntraced(function*(
  teamId: Ids.TeamId,
  commands: (settings: Setup.TeamSettings) => ReadonlyArray<Setup.SetupCommand>,
  secrets: SecretWrites = []
): Effect.fn.Return<VersionedSettings, Setup.SetupRejected | TeamNotFound | VersionConflict | StoreError, ConfigStore> {
  const store = yield* ConfigStore
  const policy = yield* Policy
  for (let round = 0;; round++) {
    const current = yield* store.get(teamId)
    let settings = current.settings
    let changed = false
    for (const command of commands(settings)) {
      const decided = Setup.decide(settings, command, { allowCustomEnvironment: policy.allowCustomLeverUrl })
      if (Result.isFailure(decided)) return yield* Effect.fail(decided.failure)
      for (const event of decided.success) {
        settings = Setup.evolve(settings, event)
        changed = true
      }
    }
    if (!changed && secrets.length === 0) return current
    const saved = yield* Effect.result(store.update(teamId, current.version, settings, secrets))
    if (Result.isSuccess(saved)) return saved.success
    if (saved.failure._tag !== "VersionConflict" || round >= 5) return yield* Effect.fail(saved.failure)
  }
})
