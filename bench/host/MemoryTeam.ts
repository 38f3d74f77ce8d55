/**
 * The team the in-process ack benches (`bench/ack-path.ts`, `bench/ack-http.ts`) acknowledge for, written
 * straight into the `ConfigStore` the routes read: integration on (each ack is queued work, a 202, as in
 * `bench/host-acks.ts`) and its stage-change signing token.
 */
import { ConfigStore } from "@fulcrum/core"
import { Ids, Setup } from "@fulcrum/domain"
import { Effect, Layer, Redacted } from "effect"

/** The bench team's id. */
export const teamId = Ids.TeamId.make("bench-team")

/** The stage-change signing token the benches sign with. */
export const signingToken = Redacted.make("bench-signing-token")

/** Creates the team in the `ConfigStore` in context. */
export const layer = Layer.effectDiscard(
  Effect.gen(function*() {
    const store = yield* ConfigStore.ConfigStore
    const created = yield* store.create(
      Setup.initial({ _tag: "TeamCreated", teamId, name: "Bench", environment: { _tag: "Sandbox" }, at: 0 })
    )
    yield* store.update(teamId, created.version, { ...created.settings, integrationEnabled: true })
    yield* store.putSecret(teamId, ConfigStore.signingTokenName("stageChange"), signingToken)
  })
)
