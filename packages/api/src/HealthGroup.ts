/**
 * Probes for orchestrators: alive (`/healthz`) and ready to accept webhooks (`/readyz`, the store
 * answers).
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "effect/http-api"
import { ServiceUnavailable } from "./ApiErrors.ts"

/** The health probes: `/healthz` (the process runs) and `/readyz` (its store answers). @since 0.1.0 */
export class HealthGroup extends HttpApiGroup.make("health")
  .add(
    HttpApiEndpoint.get("healthz", "/healthz", { success: Schema.Struct({ status: Schema.Literal("ok") }) })
      .annotateMerge(OpenApi.annotations({
        summary: "Alive",
        description: "Answers 200 while the process runs (a liveness probe); it checks nothing else."
      })),
    HttpApiEndpoint.get("readyz", "/readyz", {
      success: Schema.Struct({ status: Schema.Literal("ready") }),
      error: ServiceUnavailable
    }).annotateMerge(OpenApi.annotations({
      summary: "Ready to accept webhooks",
      description: "Answers 200 while the store answers, 503 otherwise (a readiness probe)."
    }))
  )
  .annotateMerge(OpenApi.annotations({
    title: "Health",
    description: "Probes for orchestrators and load balancers; no authentication."
  }))
{}
