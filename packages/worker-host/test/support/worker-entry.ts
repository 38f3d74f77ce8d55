/**
 * The worker child the multi-process tests start: `fulcrum-worker`'s own composition
 * (`WorkerHost.layerFromEnv` run by `WorkerProcess.run`), with two test seams: the scheduler is the
 * test's HTTP stub (`STUB_SCHEDULER_URL`) and the Lever client skips its client-side rate limit, because
 * every team's "Lever" here is a local sandbox with its limit off.
 */
import { WorkerHost, WorkerProcess } from "../../src/index.ts"
import * as StubSchedulerClient from "./StubSchedulerClient.ts"

const stubUrl = process.env["STUB_SCHEDULER_URL"]
if (stubUrl === undefined) throw new Error("STUB_SCHEDULER_URL is required")

WorkerProcess.run(
  WorkerHost.layerFromEnv({
    scheduler: StubSchedulerClient.layer(stubUrl),
    lever: { rateLimit: false, retry: { maxRetries: 2, baseDelay: "50 millis", maxDelay: "200 millis" } }
  })
)
