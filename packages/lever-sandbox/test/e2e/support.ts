/**
 * What the end-to-end tests of Fulcrum's core share: one team ("acme") on the sandbox's seeded account
 * reached in-process (`InProcess.layer`), every other adapter in memory, and the steps the reference guide
 * walks through (connect and map, register the webhooks, deliver what Lever sent, drain the worker,
 * Lever's "Verify connection").
 */
import { assert } from "@effect/vitest"
import {
  CandidateStore,
  InterviewSchedulerMemory,
  LeverApi,
  MemoryStores,
  Policy,
  ReceiveWebhook,
  SignatureVerifierMemory,
  TeamSetup,
  Worker
} from "@fulcrum/core"
import { type Checklist, Ids, type Lever } from "@fulcrum/domain"
import { Clock, Context, Effect, Layer, Record as Rec, Redacted } from "effect"
import { Control, InProcess, LeverSandbox, Permission } from "../../src/index.ts"
import type { CreateOpportunity } from "../../src/Opportunity.ts"

export const teamId = Ids.TeamId.make("acme")
/** The seeded account's stage ids. */
export const stageIds = Rec.map(LeverSandbox.StageIds, (id) => Ids.StageId.make(id))
/** The seeded account's archive reason ids. */
export const archiveReasonIds = Rec.map(LeverSandbox.ArchiveReasonIds, (id) => Ids.ArchiveReasonId.make(id))
/** The keys of the seeded account, and two it does not honour (`TestLayer` revokes `revoked`). */
export const keys = {
  setup: Redacted.make(LeverSandbox.SetupApiKey),
  permanent: Redacted.make(LeverSandbox.PermanentApiKey),
  confidential: Redacted.make(LeverSandbox.ConfidentialApiKey),
  revoked: Redacted.make("lsbx_revoked_e2e"),
  unknown: Redacted.make("lsbx_never_issued_e2e")
} as const
/** The Lever tag of the team's one interview type. */
export const tag = "fulcrum-senior-swe"
/** The host's public base URL, where Lever sends the webhooks. */
export const publicBaseUrl = "https://fulcrum.example"

/** The ids of the webhook deliveries the tests already took, per test (see `takeDeliveries`). */
class Taken extends Context.Service<Taken, Set<string>>()("e2e/Taken") {}

/** The sandbox in-process with a revoked key besides the seeded ones. */
export const LeverLayer = Layer.effectDiscard(Effect.gen(function*() {
  const lever = yield* Control.ControlHandle
  yield* lever.keys.create({ key: Redacted.value(keys.revoked), permissions: Permission.permanent })
  yield* lever.keys.revoke(Redacted.value(keys.revoked))
})).pipe(Layer.provideMerge(InProcess.layer()), Layer.provideMerge(Layer.sync(Taken, () => new Set<string>())))

/** Every port in memory, Lever in-process, and a policy that lets the team point at its URL. */
export const TestLayer = Layer.mergeAll(
  SignatureVerifierMemory.layer.pipe(Layer.provideMerge(MemoryStores.layer)),
  LeverLayer,
  InterviewSchedulerMemory.layer,
  Layer.succeed(Policy.Policy, { ...Policy.defaults, allowCustomLeverUrl: true })
)

/** The signed event deliveries Lever sent since the last take, oldest first. */
export const takeDeliveries = Effect.gen(function*() {
  const taken = yield* Taken
  const sent = yield* (yield* Control.ControlHandle).deliveries({ kind: "event" })
  const fresh = sent.filter((delivery) => !taken.has(delivery.id))
  for (const delivery of fresh) taken.add(delivery.id)
  return fresh.map((delivery) => ({ url: delivery.url, event: delivery.event, body: JSON.stringify(delivery.body) }))
})

/**
 * A candidate the recruiter adds in Lever (in `stage`, by default the new applicants'), with an id typed as
 * Fulcrum's; the webhooks of its creation are taken, so only later changes are delivered.
 */
export const createCandidate = (input: CreateOpportunity) =>
  Effect.gen(function*() {
    const created = yield* (yield* Control.ControlHandle).createOpportunity(input)
    yield* takeDeliveries
    return { ...created, id: Ids.OpportunityId.make(created.id) }
  })

/** The `LeverApi` calls the tests count, as the request log records them. */
const operations = {
  addNote: { method: "POST", path: /\/notes$/ },
  listNotes: { method: "GET", path: /\/notes$/ },
  addTags: { method: "POST", path: /\/addTags$/ },
  getOpportunity: { method: "GET", path: /^\/v1\/opportunities\/[^/]+$/ },
  listStages: { method: "GET", path: /^\/v1\/stages$/ }
} as const

/** How many calls of `operation` Lever received since the request log was last cleared. */
export const calls = (operation: keyof typeof operations) =>
  Effect.flatMap(Effect.service(Control.ControlHandle), (lever) => lever.requests.count(operations[operation]))

/** Issues a key in Lever with `permissions` (and confidential access when asked). */
export const createKey = (
  secret: Redacted.Redacted<string>,
  permissions: ReadonlyArray<string>,
  confidential = false
) =>
  Effect.flatMap(Effect.service(Control.ControlHandle), (lever) =>
    lever.keys.create({
      key: Redacted.value(secret),
      permissions: permissions as ReadonlyArray<Permission.Permission>,
      confidential
    })).pipe(Effect.as(LeverApi.apiKey(secret)))

/** Which webhook a URL is, as the HTTP host's routes tell. */
export const kindOf = (url: string): Lever.WebhookKind =>
  url.endsWith("/stage-change") ? "stageChange" : url.endsWith("/archive-change") ? "archiveChange" : "candidateDeleted"

/** Delivers every webhook Lever sent since the last take, as the HTTP host would, and returns the outcomes. */
export const deliver = Effect.gen(function*() {
  const deliveries = yield* takeDeliveries
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
    environment: { _tag: "Custom", baseUrl: InProcess.baseUrl }
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
  const lever = yield* Control.ControlHandle
  const webhooks = yield* lever.webhooks.list()
  for (const webhook of webhooks) {
    const ping = yield* lever.verifyWebhook(webhook.id)
    const outcome = yield* ReceiveWebhook.receiveWebhook({
      teamId,
      webhook: kindOf(ping.url),
      rawBody: JSON.stringify(ping.body),
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
    const lever = yield* Control.ControlHandle
    const opportunity = yield* createCandidate({ name, emails: [email], tags: [tag], stage: stageIds.newApplicant })
    yield* lever.moveToStage(opportunity.id, stageIds.technicalAssessment)
    const delivered = yield* deliver
    assert.deepStrictEqual(delivered.map((d) => d.outcome._tag), ["Accepted"])
    const [first] = delivered
    return { opportunity, delivery: first!.delivery, eventId: first!.outcome.eventId }
  })
