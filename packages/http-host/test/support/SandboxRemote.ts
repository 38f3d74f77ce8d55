/**
 * A Lever sandbox running in another process, driven over its control endpoints (`/_sandbox`): the
 * recruiter's side of the reference guide (create, tag, move and archive candidates, read the notes
 * Fulcrum wrote) and Lever's webhook screen (registered webhooks, delivery history, Rerun, Verify
 * connection). Answers are decoded with the sandbox's own schemas.
 */
import { Delivery, Note, Opportunity, Webhook } from "@fulcrum/lever-sandbox"
import { Effect, Schema } from "effect"
import { HttpClient, HttpClientRequest, HttpClientResponse } from "effect/http"

/** Which deliveries to list. */
export interface DeliveryFilter {
  readonly event?: string
  readonly kind?: Delivery.DeliveryKind
  readonly opportunityId?: string
}

export interface SandboxRemote {
  /** The sandbox's origin. */
  readonly url: string
  /** Its Lever API base URL (`url + "/v1"`), what a team's custom Lever environment points at. */
  readonly baseUrl: string
  readonly createOpportunity: (input: Opportunity.CreateOpportunity) => Effect.Effect<Opportunity.Opportunity>
  /** Moves a candidate; Lever sends the stage-change webhook. */
  readonly moveToStage: (opportunityId: string, stageId: string) => Effect.Effect<void>
  /** Archives a candidate with a reason; Lever sends the archive-change webhook. */
  readonly archive: (opportunityId: string, reasonId: string) => Effect.Effect<void>
  /** The notes on a candidate, with `text` the note's words. */
  readonly notes: (opportunityId: string) => Effect.Effect<ReadonlyArray<Note.ControlNote>>
  readonly webhooks: Effect.Effect<ReadonlyArray<Webhook.Webhook>>
  readonly deliveries: (filter: DeliveryFilter) => Effect.Effect<ReadonlyArray<Delivery.Delivery>>
  /** Lever's "Rerun": the same body (same token) delivered again. */
  readonly rerun: (deliveryId: string) => Effect.Effect<Delivery.Delivery>
  /** Lever's "Verify connection": a signed ping with empty data. */
  readonly verify: (webhookId: string) => Effect.Effect<Delivery.Delivery>
}

/** The control client of the sandbox at `url`. */
export const make = (url: string) =>
  Effect.map(HttpClient.HttpClient, (client): SandboxRemote => {
    const http = client.pipe(
      HttpClient.mapRequest(HttpClientRequest.prependUrl(`${url}/_sandbox`)),
      HttpClient.filterStatusOk
    )
    const send = <S extends Schema.Top>(schema: S, request: HttpClientRequest.HttpClientRequest) =>
      http.execute(request).pipe(
        Effect.flatMap(HttpClientResponse.schemaBodyJson(schema)),
        Effect.orDie
      ) as Effect.Effect<S["Type"]>
    const withBody = (request: HttpClientRequest.HttpClientRequest, body: unknown) =>
      HttpClientRequest.bodyJsonUnsafe(request, body)
    return {
      url,
      baseUrl: `${url}/v1`,
      createOpportunity: (input) => send(Opportunity.Opportunity, withBody(HttpClientRequest.post("/opportunities"), input)),
      moveToStage: (opportunityId, stage) =>
        Effect.asVoid(send(Schema.Unknown, withBody(HttpClientRequest.put(`/opportunities/${opportunityId}/stage`), { stage }))),
      archive: (opportunityId, reason) =>
        Effect.asVoid(send(Schema.Unknown, withBody(HttpClientRequest.put(`/opportunities/${opportunityId}/archived`), { reason }))),
      notes: (opportunityId) => send(Schema.Array(Note.ControlNote), HttpClientRequest.get(`/opportunities/${opportunityId}/notes`)),
      webhooks: send(Schema.Array(Webhook.Webhook), HttpClientRequest.get("/webhooks")),
      deliveries: (filter) =>
        send(Schema.Array(Delivery.Delivery), HttpClientRequest.get("/deliveries", { urlParams: { ...filter } })),
      rerun: (deliveryId) => send(Delivery.Delivery, HttpClientRequest.post(`/deliveries/${deliveryId}/rerun`)),
      verify: (webhookId) => send(Delivery.Delivery, HttpClientRequest.post(`/webhooks/${webhookId}/verify`))
    }
  })
