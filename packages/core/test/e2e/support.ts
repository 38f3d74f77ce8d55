/**
 * What the end-to-end tests share: one team ("acme") on the in-memory Lever's default account, every
 * adapter in memory, and the steps the reference guide walks through (connect and map, register the
 * webhooks, deliver what Lever queued, drain the worker, Lever's "Verify connection").
 */
import { assert } from "@effect/vitest"
import { type Checklist, Ids, type Lever } from "@fulcrum/domain"
import { Clock, Effect, Layer } from "effect"
import type { Redacted } from "effect"
import {
  CandidateStore,
  InterviewSchedulerMemory,
  LeverApiMemory,
  MemoryStores,
  Policy,
  ReceiveWebhook,
  SignatureVerifierMemory,
  TeamSetup,
  Worker
} from "../../src/index.ts"

export const teamId = Ids.TeamId.make("acme")
export const { archiveReasonIds, keys, stageIds } = LeverApiMemory
/** The Lever tag of the team's one interview type. */
export const tag = "fulcrum-senior-swe"
/** The host's public base URL, where Lever sends the webhooks. */
export const publicBaseUrl = "https://fulcrum.example"

/** Every port in memory, and a policy that lets the team point at the in-memory Lever's URL. */
export const TestLayer = Layer.mergeAll(
  SignatureVerifierMemory.layer.pipe(Layer.provideMerge(MemoryStores.layer)),
  LeverApiMemory.layer,
  InterviewSchedulerMemory.layer,
  Layer.succeed(Policy.Policy, { ...Policy.defaults, allowCustomLeverUrl: true })
)

/** Which webhook a URL is, as the HTTP host's routes tell. */
export const kindOf = (url: string): Lever.WebhookKind =>
  url.endsWith("/stage-change") ? "stageChange" : url.endsWith("/archive-change") ? "archiveChange" : "candidateDeleted"

/** Delivers every webhook the in-memory Lever queued, as the HTTP host would, and returns the outcomes. */
export const deliver = Effect.gen(function*() {
  const lever = yield* LeverApiMemory.Control
  const deliveries = yield* lever.takeDeliveries
  const receivedAt = yield* Clock.currentTimeMillis
  return yield* Effect.forEach(deliveries, (delivery) =>
    ReceiveWebhook.receiveWebhook({ teamId, webhook: kindOf(delivery.url), rawBody: delivery.body, receivedAt })
      .pipe(Effect.map((outcome) => ({ outcome, delivery }))))
})

export const drain = Worker.drain({ workerId: "test-worker" })

/**
 * Creates the team, submits the permanent key, reads the stages and archive reasons with the setup key
 * and maps them (every active reason to its suggestion): the guide's steps before the webhooks.
 */
/**
 * Reads the stages and maps them (Technical Assessment, Onsite Interview, Offer), then maps every active
 * archive reason to its suggestion; with the setup key, or the runtime credentials when it is absent.
 */
export const mapStagesAndReasons = (setupKey?: Redacted.Redacted<string>) =>
  Effect.gen(function*() {
    const stages = yield* TeamSetup.readLeverStages(teamId, setupKey)
    assert.isTrue(stages.stages.some((stage) => stage.id === stageIds.technicalAssessment))
    yield* TeamSetup.mapStages(teamId, {
      assessment: stageIds.technicalAssessment,
      onsite: stageIds.onsiteInterview,
      offer: stageIds.offer
    })
    const reasons = yield* TeamSetup.readLeverArchiveReasons(teamId, setupKey)
    for (const reason of reasons.reasons.filter((reason) => reason.status === "active")) {
      const suggested = reasons.suggestions.find((suggestion) => suggestion.reasonId === reason.id)
      assert.isDefined(suggested, `a suggestion for ${reason.text}`)
      yield* TeamSetup.mapArchiveReason(teamId, reason.id, suggested!.offerStatus)
    }
  })

export const connectAndMap = Effect.gen(function*() {
  yield* TeamSetup.createTeam({
    teamId,
    name: "Acme",
    environment: { _tag: "Custom", baseUrl: LeverApiMemory.baseUrl }
  })
  yield* TeamSetup.submitPermanentKey(teamId, keys.permanent)
  yield* mapStagesAndReasons(keys.setup)
  return yield* TeamSetup.getTeam(teamId)
})

/** The whole guided setup: connect and map, let Fulcrum register the webhooks, add the interview type, switch on. */
export const configureTeam = Effect.gen(function*() {
  yield* connectAndMap
  yield* TeamSetup.registerWebhooks(teamId, { publicBaseUrl, setupKey: keys.setup })
  yield* TeamSetup.addInterviewType(teamId, { name: "Senior SWE", tag })
  return yield* TeamSetup.toggleIntegration(teamId, true)
})

/** Lever's "Verify connection" on every webhook of the account; each must be verified. */
export const verifyConnection = Effect.gen(function*() {
  const lever = yield* LeverApiMemory.Control
  const webhooks = yield* lever.webhooks()
  for (const webhook of webhooks) {
    const ping = yield* lever.ping(webhook.id)
    const outcome = yield* ReceiveWebhook.receiveWebhook({
      teamId,
      webhook: kindOf(ping.url),
      rawBody: ping.body,
      receivedAt: yield* Clock.currentTimeMillis
    })
    assert.strictEqual(outcome._tag, "ConnectionVerified")
  }
})

/** The stored state of a candidate; fails the test when there is none. */
export const candidateOf = (opportunityId: Ids.OpportunityId) =>
  Effect.flatMap(CandidateStore.CandidateStore, (store) => store.get(teamId, opportunityId)).pipe(
    Effect.map((found) => {
      assert.isTrue(found._tag === "Some", "the candidate is stored")
      return found._tag === "Some" ? found.value.state : undefined!
    })
  )

/** One checklist item of the team as it is now. */
export const checklistItem = (team: TeamSetup.TeamView, id: Checklist.ChecklistItemId): Checklist.ChecklistItem => {
  const item = team.checklist.items.find((candidate) => candidate.id === id)
  assert.isDefined(item, `the checklist has a "${id}" item`)
  return item!
}

/**
 * A test candidate, tagged BEFORE the move as the guide asks, created in a stage before the assessment,
 * then moved to the assessment stage; its webhook is delivered (accepted) but not yet processed.
 */
export const candidateEntersAssessment = (name: string, email: string) =>
  Effect.gen(function*() {
    const lever = yield* LeverApiMemory.Control
    const opportunity = yield* lever.createOpportunity({
      name,
      emails: [email],
      tags: [tag],
      stageId: stageIds.applicantNew
    })
    yield* lever.takeDeliveries
    yield* lever.moveStage(opportunity.id, stageIds.technicalAssessment)
    const delivered = yield* deliver
    assert.deepStrictEqual(delivered.map((d) => d.outcome._tag), ["Accepted"])
    const [first] = delivered
    return { opportunity, delivery: first!.delivery, eventId: first!.outcome.eventId }
  })
