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

const idString = (description: string) => ({ type: "string", minLength: 1, maxLength: 200, description })

/** Lever's archive state in archive-change data. */
const archived = {
  type: ["object", "null"],
  properties: {
    archivedAt: { type: "integer", description: "Epoch milliseconds" },
    reason: idString("The archive reason id")
  },
  required: ["archivedAt", "reason"]
}

/**
 * The JSON Schema of Lever's webhook envelope with the `data` of one event. The host reads the body
 * raw (the signature is checked over it first), so this is documentation of what Lever sends; unknown
 * fields are ignored, as Lever may add some (an `id`, say).
 */
const envelope = (event: string, data: Record<string, unknown>) => ({
  type: "object",
  required: ["triggeredAt", "event", "token", "signature", "data"],
  properties: {
    triggeredAt: { type: "integer", description: "When Lever sent it, epoch milliseconds; signed, and refused when stale" },
    event: { type: "string", enum: [event] },
    token: { ...idString("A unique token per delivery (48 hex characters); a repeat is a duplicate") },
    signature: {
      type: "string",
      maxLength: 200,
      description: "hex(HMAC-SHA256(key = the webhook's signature token, message = token + triggeredAt))"
    },
    id: { type: "string", description: "Ignored" },
    data: {
      oneOf: [
        data,
        { type: "object", maxProperties: 0, description: "Empty: Lever's \"Verify connection\" ping" }
      ]
    }
  }
})

const stageChangeData = {
  type: "object",
  required: ["opportunityId", "toStageId"],
  properties: {
    opportunityId: idString("The opportunity (candidate in one pipeline)"),
    toStageId: idString("The stage the opportunity moved to"),
    fromStageId: { type: ["string", "null"], maxLength: 200, description: "The stage it left" }
  }
}

const archiveChangeData = {
  type: "object",
  required: ["opportunityId", "toArchived"],
  properties: {
    opportunityId: idString("The opportunity"),
    fromArchived: archived,
    toArchived: archived
  }
}

const deletedData = {
  type: "object",
  properties: {
    opportunityId: idString("The deleted opportunity"),
    candidateId: idString("The deleted opportunity, under the name some deliveries use")
  }
}

const webhook = <const Name extends string, const Path extends `/${string}`>(
  name: Name,
  path: Path,
  docs: {
    readonly summary: string
    readonly description: string
    readonly event: string
    readonly data: Record<string, unknown>
  }
) =>
  HttpApiEndpoint.post(name, path, {
    params: { teamId: Schema.String },
    success: [Receipt.pipe(HttpApiSchema.status(202)), Receipt],
    error: [InvalidRequest, Unauthorized, NotFound, PayloadTooLarge, Unprocessable, ServiceUnavailable]
  }).annotateMerge(OpenApi.annotations({
    summary: docs.summary,
    description: docs.description,
    override: {
      requestBody: {
        required: true,
        description: "Lever's webhook envelope, signed with this webhook's signature token",
        content: { "application/json": { schema: envelope(docs.event, docs.data) } }
      }
    }
  }))

/** Lever's webhook endpoints, one per webhook kind, under the team's id. @since 0.1.0 */
export class WebhooksGroup extends HttpApiGroup.make("webhooks")
  .add(webhook("stageChange", "/webhooks/lever/:teamId/stage-change", {
    summary: "Lever's candidateStageChange webhook",
    description: "A candidate moved to another stage. Into the mapped assessment stage with an interview type's tag, " +
      "it queues the invite; onsite and offer update the next step. 202 when queued, 200 when acknowledged " +
      "(duplicate, verification ping, integration off, ignored).",
    event: "candidateStageChange",
    data: stageChangeData
  }))
  .add(webhook("archiveChange", "/webhooks/lever/:teamId/archive-change", {
    summary: "Lever's candidateArchiveChange webhook",
    description: "A candidate was archived or unarchived; the archive reason's mapping sets the offer status. " +
      "202 when queued, 200 when acknowledged.",
    event: "candidateArchiveChange",
    data: archiveChangeData
  }))
  .add(webhook("candidateDeleted", "/webhooks/lever/:teamId/candidate-deleted", {
    summary: "Lever's candidateDeleted webhook",
    description: "A candidate was deleted in Lever: Fulcrum erases what it kept about them. Optional; 202 when " +
      "queued, 200 when acknowledged.",
    event: "candidateDeleted",
    data: deletedData
  }))
  .annotateMerge(OpenApi.annotations({
    title: "Lever webhooks",
    description: "Signed by Lever with the webhook's signature token; verified before anything is stored."
  }))
{}
