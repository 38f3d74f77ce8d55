/**
 * A Lever that costs nothing: every opportunity exists, carries the test interview tag and sits in the
 * assessment stage; notes are accepted and counted. For tests about the worker's own behaviour
 * (fairness), where a real Lever's latency would only blur what is measured.
 */
import { LeverApi } from "@fulcrum/core"
import { Ids, type Lever } from "@fulcrum/domain"
import { Effect, Layer, Redacted } from "effect"
import { interviewTag } from "./Teams.ts"

export const stages: ReadonlyArray<Lever.LeverStage> = [
  { id: Ids.StageId.make("applicant-new"), text: "New applicant" },
  { id: Ids.StageId.make("assessment"), text: "Technical Assessment" },
  { id: Ids.StageId.make("onsite"), text: "Onsite Interview" },
  { id: Ids.StageId.make("offer"), text: "Offer" }
]

export const assessmentStage = Ids.StageId.make("assessment")

export const layer: Layer.Layer<LeverApi.LeverApi> = Layer.sync(LeverApi.LeverApi, () => {
  let notes = 0
  return LeverApi.LeverApi.of({
    listStages: () => Effect.succeed(stages),
    listArchiveReasons: () => Effect.succeed([]),
    listTags: () => Effect.succeed([]),
    getOpportunity: (_target, opportunityId) =>
      Effect.succeed({
        id: opportunityId,
        name: `Candidate ${opportunityId}`,
        emails: [`${opportunityId}@example.com`],
        tags: [interviewTag],
        stageId: assessmentStage,
        archived: null,
        confidential: false
      }),
    listPostings: () => Effect.succeed([]),
    getPosting: (_target, postingId) =>
      Effect.fail(new LeverApi.LeverNotFound({ endpoint: "GET /postings/:id", message: `no posting ${postingId}` })),
    listNotes: () => Effect.succeed([]),
    addNote: () => Effect.sync(() => ({ noteId: `note-${++notes}` })),
    addTags: () => Effect.void,
    removeTags: () => Effect.void,
    listWebhooks: () => Effect.succeed([]),
    registerWebhook: (_target, webhook) =>
      Effect.succeed({ id: "webhook", event: webhook.event, url: webhook.url, signatureToken: Redacted.make("token") }),
    deleteWebhook: () => Effect.void,
    checkPermissions: (_target, { purpose }) => Effect.succeed({ purpose, missing: [], confidentialAccess: true })
  })
})
