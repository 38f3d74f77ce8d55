/**
 * The one-process setup on embedded PGlite (only one process may open its data directory): the
 * quickstart serves the same HTTP host, runs the worker and its own Lever sandbox. The operator switches
 * the seeded demo team off (it shares the sandbox's Lever account, so it would write on the same
 * candidates), sets up a team of their own only over HTTP, and the reference guide's sequence runs as
 * it does on PostgreSQL.
 */
import { assert, describe, it } from "@effect/vitest"
import { FulcrumClient } from "@fulcrum/api"
import { Effect, Layer, Redacted } from "effect"
import { FetchHttpClient } from "effect/http"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as Processes from "./support/Processes.ts"
import * as ReferenceGuide from "./support/ReferenceGuide.ts"

const adminToken = Redacted.make("quickstart-admin-token-SECRET-1f5b9d3a7c")

const dataDir = Effect.acquireRelease(
  Effect.promise(() => mkdtemp(join(tmpdir(), "fulcrum-http-quickstart-"))),
  (dir) => Effect.promise(() => rm(dir, { recursive: true, force: true }))
)

describe("the quickstart on PGlite", () => {
  it.live("a team set up over HTTP walks the reference guide's test sequence", () =>
    Effect.gen(function*() {
      const quickstart = yield* Processes.startQuickstart(yield* dataDir, adminToken)
      const client = yield* FulcrumClient.make({ baseUrl: quickstart.url, token: adminToken })
      const demo = yield* client.teams.integration({ params: { teamId: "demo" }, payload: { enabled: false } })
      assert.isFalse(demo.settings.integrationEnabled)

      const setting = yield* ReferenceGuide.setUpTeam(client, quickstart.sandbox, "Acme on PGlite")
      yield* ReferenceGuide.run(setting)

      const secrets = [
        Redacted.value(adminToken),
        ReferenceGuide.sandboxKeys.setupKey,
        ReferenceGuide.sandboxKeys.permanentKey,
        ...(yield* quickstart.sandbox.webhooks).map((hook) => hook.configuration.signatureToken)
      ]
      const output = quickstart.child.transcript()
      for (const secret of secrets) assert.notInclude(output, secret, "the quickstart's output shows a secret")
    }).pipe(Effect.scoped, Effect.provide(Layer.merge(Processes.layer, FetchHttpClient.layer))), 90_000)
})
