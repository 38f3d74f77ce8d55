/**
 * Lever's webhooks, one URL per webhook and team. The body is verified against the raw bytes, so the
 * host reads it raw; Lever treats any 2xx as delivered, so the answers are 202 (work queued) or 200
 * (acknowledged: duplicate, verification ping, skipped or ignored).
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "effect/http-api"
import { Receipt } from "./ActivityModels.ts"
import { InvalidRequest, NotFound, PayloadTooLarge, ServiceUnavailable, Unauthorized, Unprocessable } from "./ApiErrors.ts"

const webhook = <const Name extends string, const Path extends `/${string}`>(name: Name, path: Path, summary: string) =>
  HttpApiEndpoint.post(name, path, {
    params: { teamId: Schema.String },
    success: [Receipt.pipe(HttpApiSchema.status(202)), Receipt],
    error: [InvalidRequest, Unauthorized, NotFound, PayloadTooLarge, Unprocessable, ServiceUnavailable]
  }).annotate(OpenApi.Summary, summary)

/** Lever's webhook endpoints, one per webhook kind, under the team's id. @since 0.1.0 */
export class WebhooksGroup extends HttpApiGroup.make("webhooks")
  .add(webhook("stageChange", "/webhooks/lever/:teamId/stage-change", "Lever's candidateStageChange webhook"))
  .add(webhook("archiveChange", "/webhooks/lever/:teamId/archive-change", "Lever's candidateArchiveChange webhook"))
  .add(webhook("candidateDeleted", "/webhooks/lever/:teamId/candidate-deleted", "Lever's candidateDeleted webhook"))
  .annotateMerge(OpenApi.annotations({
    title: "Lever webhooks",
    description: "Signed by Lever with the webhook's signature token; verified before anything is stored."
  }))
{}
