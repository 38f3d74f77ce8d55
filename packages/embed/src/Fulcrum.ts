/**
 * `createFulcrum`: Fulcrum inside a service that does not use Effect. One call composes what
 * `fulcrum-http` and `fulcrum-worker` run — the SQL stores (PostgreSQL, or embedded PGlite), Lever over
 * HTTP, Lever's signature check, the HTTP API's routes — around the embedder's own interview scheduler,
 * and hands back plain functions:
 *
 * ```
 * your server ──(req, res) / Request──▶ fulcrum.node / fulcrum.fetch ──▶ webhook + admin routes (http-host)
 * your code ──await──▶ fulcrum.setup.* / fulcrum.results.report ──▶ the core's use cases
 * fulcrum.start() ──▶ worker (in this process) ──▶ Lever + your scheduler.sendInvite …
 * ```
 *
 * The routes answer exactly as `fulcrum-http` does (same handlers, `CoreAnswers` for statuses); the
 * async functions reject with the classes of `FulcrumError`.
 *
 * @since 0.1.0
 */
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import { ApiErrors } from "@fulcrum/api"
import { ConfigStoreCache, Policy, Results } from "@fulcrum/core"
import { Candidate, Ids } from "@fulcrum/domain"
import { AdminAuthLayer, CoreAnswers, HostLogging, HostOptions, HttpHost, WebhookFastPath } from "@fulcrum/http-host"
import { LeverHttp, LeverOAuthHttp } from "@fulcrum/lever-http"
import { SignatureVerifierLever } from "@fulcrum/signature-lever"
import { Database, SecretCipher, Stores } from "@fulcrum/store-sql"
import { WorkerHost } from "@fulcrum/worker-host"
import { Context, Effect, Exit, Fiber, Layer, ManagedRuntime, Redacted, Schema, Scope } from "effect"
import { HttpEffect, HttpRouter, type HttpServerRequest } from "effect/http"
import type { IncomingMessage, ServerResponse } from "node:http"
import { hostname } from "node:os"
import * as Activity from "./Activity.ts"
import * as FulcrumError from "./FulcrumError.ts"
import * as Input from "./internal/input.ts"
import * as Scheduler from "./Scheduler.ts"
import * as Setup from "./Setup.ts"

/**
 * What `createFulcrum` needs.
 *
 * @since 0.1.0
 */
export interface FulcrumOptions {
  /**
   * PostgreSQL (`{ url }`, optionally in its own `schema`, created when missing), or embedded PGlite
   * (`{ pglite: dataDir }`; in memory when `dataDir` is absent).
   */
  readonly database: { readonly url: string; readonly schema?: string } | { readonly pglite?: string }
  /** Encrypts secrets at rest: 32 random bytes, base64 (`openssl rand -base64 32`). Keep it secret. */
  readonly secretKey: string
  /** The operator's bearer token for the admin API (team tokens work as well). */
  readonly adminToken: string
  /** Where Lever reaches these routes, mount prefix included (e.g. `https://hr.example.com/fulcrum`). */
  readonly publicBaseUrl: string
  /**
   * The prefix the routes are mounted under, removed from the path before routing (e.g. `/fulcrum`).
   * Leave it out when the framework removes it already (Express's `app.use("/fulcrum", …)` does).
   */
  readonly basePath?: string
  /** The assessment provider's invite system: your code. */
  readonly scheduler: Scheduler.Scheduler
  /** Lets teams use a custom Lever base URL (a sandbox, a proxy). Off by default. */
  readonly allowCustomLeverUrl?: boolean
  /** The largest request body accepted, in bytes (default `HostOptions.defaultMaxBodyBytes`). */
  readonly maxBodyBytes?: number
  /** The in-process worker (`start()`): its id (unique per process), concurrency and shutdown grace. */
  readonly worker?: { readonly id?: string; readonly concurrency?: number; readonly shutdownGraceMs?: number }
  /** JSON log lines at this level and above (default `Info`); `None` silences Fulcrum. */
  readonly logLevel?: "Debug" | "Info" | "Warn" | "Error" | "None"
}

/** A team as the setup functions return it: its settings (secrets only as fingerprints) and checklist. @since 0.1.0 */
export type TeamView = Setup.TeamView

/** Where a team's Lever account is. @since 0.1.0 */
export type LeverEnvironment = Setup.LeverEnvironment

/**
 * A running Fulcrum: request handlers, the worker's lifecycle, and the setup use cases.
 *
 * @since 0.1.0
 */
export interface Fulcrum {
  /** The webhook and admin routes as a Node request listener (`http.createServer(fulcrum.node)`, Express, Fastify's raw objects). */
  readonly node: (req: IncomingMessage, res: ServerResponse) => void
  /** The same routes as a Fetch handler (`Request → Response`): Hono, Bun, Deno, service workers. */
  readonly fetch: (request: Request) => Promise<Response>
  /** Starts the worker (and the hourly housekeeping) in this process. Idempotent. */
  readonly start: () => Promise<void>
  /**
   * Stops the worker (in-flight events finish within the grace, the rest are handed back), then closes
   * the database. Requests after `stop` fail.
   */
  readonly stop: () => Promise<void>
  /**
   * The setup use cases, as the admin API runs them (`Setup`), and what happened to candidates and
   * events (`Activity`): candidate timelines, dead events, replay, resend.
   */
  readonly setup: Setup.FulcrumSetup & Activity.FulcrumActivity
  /** The provider's side: results come back through here (or the result callback route). */
  readonly results: {
    /** Records a graded result; a Lever note with the summary and report link follows. Idempotent. */
    readonly report: (teamId: string, interviewId: string, result: { readonly score: number | null; readonly summary: string; readonly reportUrl: string }) => Promise<void>
  }
}

/** Strips `basePath` from a path, or returns null when the path is not under it. */
const under = (basePath: string, url: string): string | null => {
  if (basePath === "") return url
  if (url === basePath) return "/"
  return url.startsWith(`${basePath}/`) || url.startsWith(`${basePath}?`) ? url.slice(basePath.length) || "/" : null
}

const notFound = () =>
  new Response(JSON.stringify({ _tag: "NotFound", message: "No such route" }), {
    status: 404,
    headers: { "content-type": "application/json" }
  })

/**
 * Starts Fulcrum: opens the database (creating or migrating its tables), builds the routes, and
 * resolves once requests can be served. Call `start()` to run the worker in this process, `stop()` on
 * shutdown. Rejects when the database cannot be opened or an option is invalid.
 *
 * @example
 * ```ts
 * import { createFulcrum } from "@fulcrum/embed"
 * import { createServer } from "node:http"
 *
 * const fulcrum = await createFulcrum({
 *   database: { url: process.env.DATABASE_URL! },
 *   secretKey: process.env.FULCRUM_SECRET_KEY!,
 *   adminToken: process.env.FULCRUM_ADMIN_TOKEN!,
 *   publicBaseUrl: "https://hr.example.com",
 *   scheduler: { sendInvite: myInvites.send, notifyNextStep: myInvites.nextStep, cancel: myInvites.cancel }
 * })
 * await fulcrum.start()
 * createServer(fulcrum.node).listen(3000)
 * ```
 *
 * @since 0.1.0
 */
export const createFulcrum = async (options: FulcrumOptions): Promise<Fulcrum> => {
  const basePath = (options.basePath ?? "").replace(/\/+$/, "")
  const policy: Policy.PolicyShape = { ...Policy.defaults, allowCustomLeverUrl: options.allowCustomLeverUrl === true }
  const PolicyLive = Layer.succeed(Policy.Policy, policy)
  const DatabaseLive = "url" in options.database
    ? Database.layerPg({
      url: Redacted.make(options.database.url),
      ...(options.database.schema === undefined ? {} : { schema: options.database.schema })
    })
    : Database.layerPglite(options.database.pglite === undefined ? {} : { dataDir: options.database.pglite })
  const StoresLive = Stores.layer.pipe(
    Layer.provide(Layer.merge(DatabaseLive, SecretCipher.layer({ current: Redacted.make(options.secretKey) })))
  )
  const Core = Layer.mergeAll(
    SignatureVerifierLever.layer(),
    LeverHttp.layerFetch(),
    LeverOAuthHttp.layerFetch(),
    Scheduler.layer(options.scheduler),
    PolicyLive
  ).pipe(Layer.provideMerge(ConfigStoreCache.layer().pipe(Layer.provideMerge(StoresLive))))
  const maxBodyBytes = options.maxBodyBytes ?? HostOptions.defaultMaxBodyBytes
  const Routes = HttpHost.layerRoutes.pipe(
    Layer.provide(AdminAuthLayer.layer({ operatorToken: Redacted.make(options.adminToken) })),
    Layer.provide(Layer.succeed(HostOptions.HostOptions, {
      publicBaseUrl: options.publicBaseUrl,
      maxBodyBytes
    })),
    Layer.provide(PolicyLive)
  )
  // Nothing exports spans from an embedded Fulcrum: the host's logging, tracing off.
  const Logging = HostLogging.layer(options.logLevel ?? "Info")
  const Composed = Routes.pipe(
    Layer.provideMerge(HttpRouter.layer),
    Layer.provideMerge(NodeHttpServer.layerHttpServices),
    Layer.provideMerge(Core),
    Layer.provideMerge(Logging)
  )
  // What is left are the routes' per-request needs (`HttpRouter.Request<"Requires", …>`): the core's
  // services, which this layer itself provides and the handlers below run with (as `HttpRouter.serve`).
  const App = Composed as Layer.Layer<Layer.Success<typeof Composed>, Layer.Error<typeof Composed>>

  const runtime = ManagedRuntime.make(App)
  const context = await runtime.context()
  const app = Context.get(context, HttpRouter.HttpRouter).asHttpEffect()
  const scope = await runtime.runPromise(Scope.make())
  const nodeHandler = await runtime.runPromise(NodeHttpServer.makeHandler(app, { scope }))
  // Lever's webhooks answered ahead of Effect's handler, as `fulcrum-http` does (ADR 0014).
  const fastPath = await runtime.runPromise(WebhookFastPath.make({ maxBodyBytes }).pipe(Scope.provide(scope)))
  const webHandler = HttpEffect.toWebHandlerWith<
    Layer.Success<typeof App>,
    HttpServerRequest.HttpServerRequest | Scope.Scope
  >(context)(app)

  /** Runs a use case: its errors become the API's (one mapping, `CoreAnswers`), then the façade's classes. */
  const run: Input.Run = async (effect) => {
    const outcome = await runtime.runPromise(Effect.result(effect))
    if (outcome._tag === "Success") return outcome.success
    const error = outcome.failure
    throw FulcrumError.fromApiError(error._tag in ApiErrors.statusCodes ? error as ApiErrors.ApiError : CoreAnswers.toApiError(error as CoreAnswers.CoreError))
  }

  let worker: Fiber.Fiber<never, unknown> | undefined
  let stopped: Promise<void> | undefined

  return {
    node: (req, res) => {
      const path = under(basePath, req.url ?? "/")
      if (path === null) {
        res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ _tag: "NotFound", message: "No such route" }))
        return
      }
      req.url = path
      if (!fastPath(req, res)) nodeHandler(req, res)
    },
    fetch: (request) => {
      if (basePath === "") return webHandler(request)
      const url = new URL(request.url)
      const path = under(basePath, url.pathname)
      if (path === null) return Promise.resolve(notFound())
      url.pathname = path
      return webHandler(new Request(url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal: request.signal,
        // Node's fetch needs it to forward a streamed body.
        ...({ duplex: "half" } as object)
      }))
    },
    start: async () => {
      if (worker !== undefined) return
      worker = runtime.runFork(Layer.launch(Layer.mergeAll(
        WorkerHost.layerWorker({
          workerId: options.worker?.id ?? `embed-${hostname()}-${process.pid}`,
          ...(options.worker?.concurrency === undefined ? {} : { concurrency: options.worker.concurrency }),
          ...(options.worker?.shutdownGraceMs === undefined ? {} : { shutdownGraceMs: options.worker.shutdownGraceMs })
        }),
        WorkerHost.layerMaintenance()
      )))
    },
    stop: () =>
      stopped ??= (async () => {
        if (worker !== undefined) await runtime.runPromise(Fiber.interrupt(worker))
        await runtime.runPromise(Scope.close(scope, Exit.void))
        await runtime.dispose()
      })(),
    setup: { ...Setup.make(run, { publicBaseUrl: options.publicBaseUrl }), ...Activity.make(run) },
    results: {
      report: (teamId, interviewId, result) =>
        run(Effect.gen(function*() {
          const graded = yield* Schema.decodeUnknownEffect(Candidate.GradedResult)(result).pipe(
            Effect.mapError((error) => Input.invalid(`Not a graded result: ${error.message}`))
          )
          yield* Results.reportResult(
            yield* Input.team(teamId),
            yield* Input.id(Ids.InterviewId.make, interviewId, "interviewId"),
            graded
          )
        }))
    }
  }
}
