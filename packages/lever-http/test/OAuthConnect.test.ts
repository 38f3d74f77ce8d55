/**
 * "Connect to Lever" end to end over real HTTP against the Lever sandbox: the consent page, the callback,
 * setup and a candidate invited on the bearer token alone, the token renewed before it expires with the
 * rotated refresh token, and the app disconnected in Lever. The sandbox runs on the test's clock, so an
 * hour passes with `TestClock.adjust`.
 */
import { NodeHttpClient } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import {
  EventInbox,
  InterviewSchedulerMemory,
  LeverAccess,
  LeverConnect,
  LeverOAuthConfig,
  MemoryStores,
  Policy,
  ReceiveWebhook,
  SignatureVerifierMemory,
  TeamSetup,
  Worker
} from "@fulcrum/core"
import { Ids, type Lever } from "@fulcrum/domain"
import { type Delivery, LeverSandbox } from "@fulcrum/lever-sandbox"
import { Clock, Effect, Layer, Option, Redacted } from "effect"
import { TestClock } from "effect/testing"
import { LeverHttp, LeverOAuthHttp } from "../src/index.ts"
import * as SandboxAuthorization from "./support/SandboxAuthorization.ts"

const teamId = Ids.TeamId.make("oauth-team")
const tag = "Backend Assessment"
/** Lever's deliveries to it fail at once; the test hands each delivery's body to Fulcrum itself. */
const publicBaseUrl = "http://127.0.0.1:9"

const sandbox = LeverSandbox.LeverSandbox

const Http = NodeHttpClient.layerUndici
const TestLayer = Layer.mergeAll(
  SignatureVerifierMemory.layer.pipe(Layer.provideMerge(MemoryStores.layer)),
  InterviewSchedulerMemory.layer,
  LeverHttp.layer({ rateLimit: false }).pipe(Layer.provide(Http)),
  LeverOAuthHttp.layer().pipe(Layer.provide(Http)),
  Layer.succeed(Policy.Policy, { ...Policy.defaults, allowCustomLeverUrl: true }),
  Layer.succeed(LeverOAuthConfig.LeverOAuthConfig, {
    ...LeverOAuthConfig.notConfigured,
    client: SandboxAuthorization.client
  })
).pipe(
  Layer.provideMerge(LeverSandbox.layer({ clock: "inherit", rateLimit: false, webhooks: { maxRetries: 0 } }))
)

const kindOf = (url: string): Lever.WebhookKind =>
  url.endsWith("/stage-change") ? "stageChange" : url.endsWith("/archive-change") ? "archiveChange" : "candidateDeleted"

/** Hands a sandbox delivery's body to Fulcrum, as the HTTP host would have received it. */
const receive = (delivery: Delivery.Delivery) =>
  Effect.flatMap(Clock.currentTimeMillis, (receivedAt) =>
    ReceiveWebhook.receiveWebhook({
      teamId,
      webhook: kindOf(delivery.url),
      rawBody: JSON.stringify(delivery.body),
      receivedAt
    }))

/** The admin clicks "Connect to Lever", approves on Lever's page, and Lever sends the browser back. */
const connect = Effect.gen(function*() {
  const started = yield* LeverConnect.startConnect(teamId, { redirectUri: SandboxAuthorization.redirectUri })
  const { code, state } = yield* SandboxAuthorization.approve(started.authorizeUrl)
  return yield* LeverConnect.completeConnect({
    code: Redacted.make(code),
    state,
    sessionNonce: started.sessionNonce,
    redirectUri: SandboxAuthorization.redirectUri
  })
})

const accessToken = Effect.map(LeverAccess.runtimeTarget(teamId), (target) =>
  target.credentials._tag === "OAuth" ? Redacted.value(target.credentials.accessToken) : "")

const configure = Effect.gen(function*() {
  const { baseUrl, control } = yield* sandbox
  yield* TeamSetup.createTeam({ teamId, name: "OAuth team", environment: { _tag: "Custom", baseUrl } })
  const connected = yield* connect
  yield* TeamSetup.readLeverStages(teamId)
  yield* TeamSetup.mapStages(teamId, {
    assessment: Ids.StageId.make(LeverSandbox.StageIds.technicalAssessment),
    onsite: Ids.StageId.make(LeverSandbox.StageIds.onsiteInterview),
    offer: Ids.StageId.make(LeverSandbox.StageIds.offer)
  })
  const reasons = yield* TeamSetup.readLeverArchiveReasons(teamId)
  for (const suggestion of reasons.suggestions) {
    yield* TeamSetup.mapArchiveReason(teamId, suggestion.reasonId, suggestion.offerStatus)
  }
  yield* TeamSetup.registerWebhooks(teamId, { publicBaseUrl })
  yield* TeamSetup.addInterviewType(teamId, { name: "Backend", tag })
  yield* TeamSetup.toggleIntegration(teamId, true)
  for (const webhook of yield* control.webhooks.list()) {
    const verified = yield* receive(yield* control.verifyWebhook(webhook.id))
    assert.strictEqual(verified._tag, "ConnectionVerified")
  }
  return connected
})

/** A tagged candidate moved into the assessment stage; Lever's stage-change delivery reaches Fulcrum. */
const candidateEntersAssessment = (name: string) =>
  Effect.gen(function*() {
    const { control } = yield* sandbox
    const email = `${name.split(" ")[0]}@example.com`
    const opportunity = yield* control.createOpportunity({ name, emails: [email], tags: [tag] })
    yield* control.moveToStage(opportunity.id, LeverSandbox.StageIds.technicalAssessment)
    const [delivery] = yield* control.deliveries({ opportunityId: opportunity.id, event: "candidateStageChange" })
    assert.isDefined(delivery)
    const received = yield* receive(delivery!)
    assert.strictEqual(received._tag, "Accepted")
    return { opportunityId: opportunity.id, eventId: received.eventId }
  })

const drain = Worker.drain({ workerId: "oauth-test" })

describe("Connect to Lever against the Lever sandbox over HTTP", () => {
  it.effect("connects, sets the team up and invites a candidate with the bearer token alone", () =>
    Effect.gen(function*() {
      const { control } = yield* sandbox
      const scheduler = yield* InterviewSchedulerMemory.Control
      const connected = yield* configure
      assert.strictEqual(connected.settings.connection._tag, "OAuth")
      assert.deepStrictEqual(connected.settings.permissions?.missing, [])
      const ready = yield* TeamSetup.getTeam(teamId)
      assert.isTrue(ready.checklist.ready, JSON.stringify(ready.checklist.items.filter((item) => !item.done)))

      yield* control.requests.clear()
      const { opportunityId } = yield* candidateEntersAssessment("Ada Lovelace")
      yield* drain
      assert.lengthOf(yield* scheduler.invites, 1)
      assert.include(JSON.stringify(yield* control.listNotes(opportunityId)), "Assessment invite recorded, NOT sent")
      const counts = yield* control.requests.counts()
      const [grant] = yield* control.oauth.grants()
      assert.isAbove(counts.byPrincipal[`oauth:${grant!.id}`] ?? 0, 0, "Fulcrum called Lever as the OAuth grant")
      assert.deepStrictEqual(Object.keys(counts.byPrincipal), [`oauth:${grant!.id}`], "and with nothing else")
    }).pipe(Effect.provide(TestLayer)))

  it.effect("renews the token before it expires, with the rotated refresh token; a disconnected app stops the worker", () =>
    Effect.gen(function*() {
      const { control } = yield* sandbox
      const scheduler = yield* InterviewSchedulerMemory.Control
      yield* configure
      const first = yield* accessToken
      yield* TestClock.adjust("56 minutes")
      const second = yield* accessToken
      assert.notStrictEqual(second, first, "renewed with four minutes left")
      // The sandbox revokes a refresh token once used: this renewal works only with the rotated one.
      yield* TestClock.adjust("56 minutes")
      const third = yield* accessToken
      assert.notStrictEqual(third, second)
      assert.isTrue((yield* TeamSetup.healthCheck(teamId)).checklist.ready)

      // A Super Admin disconnects the app in Lever's settings.
      const [grant] = yield* control.oauth.grants()
      yield* control.oauth.revokeGrant(grant!.id)
      yield* TestClock.adjust("5 minutes")
      const { eventId } = yield* candidateEntersAssessment("Grace Hopper")
      yield* drain
      const team = yield* TeamSetup.getTeam(teamId)
      const connection = team.checklist.items.find((item) => item.id === "connection")!
      assert.isFalse(connection.done)
      assert.include(connection.fix, "Connect to Lever again")

      yield* control.requests.clear()
      yield* TestClock.adjust("10 minutes")
      yield* drain
      assert.strictEqual(yield* control.requests.count(), 0, "no call to Lever while reconnect is needed")
      const event = Option.getOrThrow(yield* (yield* EventInbox.EventInbox).get(teamId, eventId))
      assert.include(event.lastError, "needs reconnecting")
      assert.lengthOf(yield* scheduler.invites, 0)
    }).pipe(Effect.provide(TestLayer)))
})
