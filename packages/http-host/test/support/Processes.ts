/**
 * The real processes, started the way an operator starts them: the Lever sandbox's CLI, `fulcrum-http`,
 * `fulcrum-worker` and the quickstart, each `node <its bin>` with an explicit environment (see
 * `NodeChild`, shared with the worker's process tests). Each is ready when it says so: the sandbox
 * prints its URL, the HTTP host answers `/healthz`, the worker logs "worker host started". Children
 * still running when the scope closes are killed.
 */
import { type Duration, Effect, Redacted } from "effect"
import { HttpClient } from "effect/http"
import { createServer } from "node:net"
import { fileURLToPath } from "node:url"
import { eventually } from "../../../worker-host/test/support/Eventually.ts"
import * as NodeChild from "../../../worker-host/test/support/NodeChild.ts"
import * as SandboxRemote from "./SandboxRemote.ts"

const script = (path: string) => fileURLToPath(new URL(path, import.meta.url))

/** The bins, by path in the repository. */
export const scripts = {
  sandbox: script("../../../lever-sandbox/bin/fulcrum-lever-sandbox.ts"),
  http: script("../../bin/fulcrum-http.ts"),
  worker: script("../../../worker-host/src/main.ts"),
  quickstart: script("../../../../examples/quickstart/src/main.ts")
} as const

export { layer } from "../../../worker-host/test/support/NodeChild.ts"

/** A port nobody listens on right now, for a process that must know its public URL before it starts. */
export const freePort = Effect.callback<number>((resume) => {
  const server = createServer()
  server.listen(0, "127.0.0.1", () => {
    const address = server.address()
    const port = typeof address === "object" && address !== null ? address.port : 0
    server.close(() => resume(Effect.succeed(port)))
  })
})

/** Waits until `url` answers `/healthz` with 200; dies with the child's output otherwise. */
export const awaitHealthy = (url: string, child: NodeChild.NodeChild, timeout: Duration.Input = "90 seconds") =>
  Effect.flatMap(HttpClient.HttpClient, (client) =>
    eventually(
      Effect.flatMap(client.get(`${url}/healthz`), (response) =>
        response.status === 200 ? Effect.void : Effect.fail(`healthz answered ${response.status}`)),
      timeout
    )).pipe(
      Effect.catchDefect((defect) =>
        Effect.die(new Error(`${child.name} never became healthy at ${url}; it wrote:\n${child.transcript()}`, { cause: defect }))
      )
    )

/** The Lever sandbox's CLI on a random port, webhooks retried quickly, no rate limit. */
export const startSandbox = Effect.gen(function*() {
  const child = yield* NodeChild.spawn({
    name: "fulcrum-lever-sandbox",
    script: scripts.sandbox,
    args: ["--port", "0", "--no-rate-limit", "--webhook-retry-delay-ms", "100"],
    env: {}
  })
  const url = yield* child.awaitLine(
    "the URL it listens on",
    (line) => typeof line === "string" ? /listening on (http:\/\/\S+)/.exec(line)?.[1] : undefined
  )
  return { child, remote: yield* SandboxRemote.make(url) }
})

/** What `fulcrum-http` and `fulcrum-worker` share: the database, the secret key, custom Lever URLs allowed. */
export interface SharedEnv {
  readonly DATABASE_URL: string
  readonly FULCRUM_SECRET_KEY: string
}

const sharedEnv = (env: SharedEnv) => ({ ...env, FULCRUM_ALLOW_CUSTOM_LEVER_URL: "true", LOG_LEVEL: "info" })

/** `fulcrum-http` on a free port of 127.0.0.1, its public URL that address; ready once `/healthz` answers. */
export const startHttpHost = Effect.fnUntraced(function*(
  env: SharedEnv,
  adminToken: Redacted.Redacted<string>,
  extraEnv: Record<string, string> = {}
) {
  const port = yield* freePort
  const url = `http://127.0.0.1:${port}`
  const child = yield* NodeChild.spawn({
    name: "fulcrum-http",
    script: scripts.http,
    env: {
      ...sharedEnv(env),
      PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_BASE_URL: url,
      FULCRUM_ADMIN_TOKEN: Redacted.value(adminToken),
      ...extraEnv
    }
  })
  yield* awaitHealthy(url, child)
  return { child, url }
})

/** `fulcrum-worker` with the in-memory scheduler, polling and retrying quickly. */
export const startWorker = Effect.fnUntraced(function*(env: SharedEnv, extraEnv: Record<string, string> = {}) {
  const child = yield* NodeChild.spawn({
    name: "fulcrum-worker",
    script: scripts.worker,
    env: {
      ...sharedEnv(env),
      FULCRUM_SCHEDULER: "memory",
      WORKER_ID: "http-host-test-worker",
      WORKER_POLL_INTERVAL_MS: "50",
      WORKER_RETRY_BASE_DELAY_MS: "200",
      ...extraEnv
    }
  })
  yield* child.awaitLog("worker host started", 30_000)
  return child
})

/** A URL printed on a banner line that starts with `label`. */
const bannerUrl = (label: string) => (line: NodeChild.LogLine | string) =>
  typeof line === "string" ? new RegExp(`^${label}\\s+(http://\\S+)`).exec(line)?.[1] : undefined

/**
 * The quickstart (host, worker and Lever sandbox in one process, PGlite in `dataDir`) on random ports;
 * ready once its banner names the host's and the sandbox's URLs.
 */
export const startQuickstart = Effect.fnUntraced(function*(dataDir: string, adminToken: Redacted.Redacted<string>) {
  const child = yield* NodeChild.spawn({
    name: "quickstart",
    script: scripts.quickstart,
    env: {
      PORT: "0",
      LEVER_SANDBOX_PORT: "0",
      FULCRUM_DATA_DIR: dataDir,
      FULCRUM_ADMIN_TOKEN: Redacted.value(adminToken),
      LOG_FORMAT: "json",
      LOG_LEVEL: "info"
    }
  })
  const url = yield* child.awaitLine("the banner's Fulcrum URL", bannerUrl("Fulcrum"), 60_000)
  const sandboxUrl = yield* child.awaitLine("the banner's Lever sandbox URL", bannerUrl("Lever sandbox"))
  return { child, url, sandbox: yield* SandboxRemote.make(sandboxUrl) }
})
