/**
 * Fulcrum as an operator runs it on PostgreSQL: the Lever sandbox (its CLI), `fulcrum-http` and
 * `fulcrum-worker` as separate processes on a fresh database. A team is set up only over HTTP with
 * the typed client — Fulcrum registers its webhooks in the sandbox, so the sandbox delivers signed
 * webhooks to the host — and the reference guide's sequence runs with a recruiter acting in Lever.
 * Nothing either process writes contains a secret.
 */
import { assert, describe, it } from "@effect/vitest"
import { FulcrumClient } from "@fulcrum/api"
import { SecretCipher } from "@fulcrum/store-sql"
import { Effect, Layer, Redacted } from "effect"
import { FetchHttpClient } from "effect/http"
import * as PostgresDatabase from "./support/PostgresDatabase.ts"
import * as Processes from "./support/Processes.ts"
import * as ReferenceGuide from "./support/ReferenceGuide.ts"

const adminToken = Redacted.make("process-admin-token-SECRET-7a3e9c1b5d")

describe.skipIf(PostgresDatabase.serverUrl === undefined)(
  `fulcrum-http and fulcrum-worker on PostgreSQL${
    PostgresDatabase.serverUrl === undefined ? ` (skipped: ${PostgresDatabase.skipReason})` : ""
  }`,
  () => {
    it.live("a team set up over HTTP walks the reference guide's test sequence", () =>
      Effect.gen(function*() {
        const secretKey = SecretCipher.generateKey()
        const env = {
          DATABASE_URL: yield* PostgresDatabase.fresh(PostgresDatabase.serverUrl!),
          FULCRUM_SECRET_KEY: Redacted.value(secretKey)
        }
        const provider = yield* Processes.startProvider
        const [sandbox, host, worker] = yield* Effect.all([
          Processes.startSandbox,
          Processes.startHttpHost(env, adminToken),
          Processes.startWorker(env, provider)
        ], { concurrency: "unbounded" })
        provider.setFulcrumUrl(host.url)

        const client = yield* FulcrumClient.make({ baseUrl: host.url, token: adminToken })
        const setting = yield* ReferenceGuide.setUpTeam(client, sandbox.remote, "Acme on PostgreSQL")
        yield* ReferenceGuide.run(setting)

        const secrets = [
          Redacted.value(adminToken),
          env.FULCRUM_SECRET_KEY,
          ReferenceGuide.sandboxKeys.setupKey,
          ReferenceGuide.sandboxKeys.permanentKey,
          ...(yield* sandbox.remote.webhooks).map((hook) => hook.configuration.signatureToken)
        ]
        for (const child of [host.child, worker]) {
          const output = child.transcript()
          assert.isNotEmpty(output, `${child.name} wrote something`)
          for (const secret of secrets) assert.notInclude(output, secret, `${child.name}'s output shows a secret`)
        }
      }).pipe(
        Effect.scoped,
        Effect.provide(Layer.merge(Processes.layer, FetchHttpClient.layer))
      ), 90_000)
  }
)
