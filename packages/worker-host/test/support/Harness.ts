/**
 * The test process's side of Fulcrum: the stores on the run's database (team secrets sealed with the
 * key the worker children are given), Lever over HTTP for setup, the webhook receiver, the scheduler
 * stub, and the spawner for worker children. Hosts compose the same adapters; only the receiver and
 * the stub stand in for the HTTP host and the provider.
 */
import { Policy, SignatureVerifierMemory } from "@fulcrum/core"
import { LeverHttp } from "@fulcrum/lever-http"
import { SecretCipher, Stores } from "@fulcrum/store-sql"
import { Layer, Redacted } from "effect"
import type { SqlClient } from "effect/sql"
import * as SchedulerStub from "./SchedulerStub.ts"
import type { TestDatabase } from "./TestDatabase.ts"
import * as WebhookReceiver from "./WebhookReceiver.ts"
import * as WorkerChild from "./WorkerChild.ts"

/** The run's `FULCRUM_SECRET_KEY`, shared by the test process and its worker children. */
export const secretKey: Redacted.Redacted<string> = SecretCipher.generateKey()

/** Teams point at local sandboxes, so a custom Lever URL is allowed, as `FULCRUM_ALLOW_CUSTOM_LEVER_URL=true`. */
export const policy: Policy.PolicyShape = { ...Policy.defaults, allowCustomLeverUrl: true }

/** The environment every worker child shares; tests add `WORKER_*` settings. */
export const childEnv = (database: TestDatabase["Service"], stub: SchedulerStub.SchedulerStub["Service"]) => ({
  DATABASE_URL: database.childUrl,
  FULCRUM_SECRET_KEY: Redacted.value(secretKey),
  FULCRUM_ALLOW_CUSTOM_LEVER_URL: "true",
  STUB_SCHEDULER_URL: stub.url
})

/** Everything a test needs, over the given database. */
export const layer = <E>(database: Layer.Layer<SqlClient.SqlClient | TestDatabase, E>) => {
  const StoresLive = Stores.layer.pipe(Layer.provide(SecretCipher.layer({ current: secretKey })))
  const Receiving = WebhookReceiver.layer.pipe(Layer.provideMerge(SignatureVerifierMemory.layer))
  return Layer.mergeAll(Receiving, SchedulerStub.layer, WorkerChild.layer).pipe(
    Layer.provideMerge(StoresLive),
    Layer.provideMerge(database),
    Layer.provideMerge(LeverHttp.layerFetch({ rateLimit: false, retry: { maxRetries: 2, baseDelay: "50 millis" } })),
    Layer.provideMerge(Layer.succeed(Policy.Policy, policy))
  )
}
