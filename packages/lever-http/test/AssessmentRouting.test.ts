/**
 * Assessment routing end to end over real HTTP against the Lever sandbox: a team links a job posting to
 * an interview type and adds a further assessment stage with a default interview type; candidates move
 * in Lever, Lever's stage-change deliveries reach Fulcrum, the worker routes each (tag, then posting,
 * then the stage's default) and the notes in Lever say which rule chose the interview type, or name the
 * posting that has none.
 */
import { NodeHttpClient } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import {
  InterviewSchedulerMemory,
  MemoryStores,
  Policy,
  PostingLinks,
  ReceiveWebhook,
  SignatureVerifierMemory,
  TeamSetup,
  Worker
} from "@fulcrum/core"
import { Ids, type Lever } from "@fulcrum/domain"
import { type Delivery, LeverSandbox } from "@fulcrum/lever-sandbox"
import { Clock, Effect, Layer, Redacted } from "effect"
import { LeverHttp } from "../src/index.ts"

const teamId = Ids.TeamId.make("routing-team")
/** Lever's deliveries to it fail at once; the test hands each delivery's body to Fulcrum itself. */
const publicBaseUrl = "http://127.0.0.1:9"
const { PostingIds, StageIds } = LeverSandbox

const TestLayer = Layer.mergeAll(
  SignatureVerifierMemory.layer.pipe(Layer.provideMerge(MemoryStores.layer)),
  InterviewSchedulerMemory.layer,
  LeverHttp.layer({ rateLimit: false }).pipe(Layer.provide(NodeHttpClient.layerUndici)),
  Layer.succeed(Policy.Policy, { ...Policy.defaults, allowCustomLeverUrl: true })
).pipe(Layer.provideMerge(LeverSandbox.layer({ clock: "inherit", rateLimit: false, webhooks: { maxRetries: 0 } })))

const kindOf = (url: string): Lever.WebhookKind =>
  url.endsWith("/stage-change") ? "stageChange" : url.endsWith("/archive-change") ? "archiveChange" : "candidateDeleted"

const receive = (delivery: Delivery.Delivery) =>
  Effect.flatMap(Clock.currentTimeMillis, (receivedAt) =>
    ReceiveWebhook.receiveWebhook({ teamId, webhook: kindOf(delivery.url), rawBody: JSON.stringify(delivery.body), receivedAt }))

const stageId = (id: string) => Ids.StageId.make(id)

/** A ready team: Backend (tag), Frontend (tag), Screen (no tag use); the backend posting → Backend. */
const configure = Effect.gen(function*() {
  const { baseUrl, control } = yield* LeverSandbox.LeverSandbox
  const setupKey = Redacted.make(LeverSandbox.SetupApiKey)
  yield* TeamSetup.createTeam({ teamId, name: "Routing team", environment: { _tag: "Custom", baseUrl } })
  yield* TeamSetup.submitPermanentKey(teamId, Redacted.make(LeverSandbox.PermanentApiKey))
  yield* TeamSetup.readLeverStages(teamId, setupKey)
  const reasons = yield* TeamSetup.readLeverArchiveReasons(teamId, setupKey)
  for (const suggestion of reasons.suggestions) {
    yield* TeamSetup.mapArchiveReason(teamId, suggestion.reasonId, suggestion.offerStatus)
  }
  yield* TeamSetup.registerWebhooks(teamId, { publicBaseUrl, setupKey })
  const backend = Ids.InterviewTypeId.make("backend")
  const frontend = Ids.InterviewTypeId.make("frontend")
  const screen = Ids.InterviewTypeId.make("screen")
  yield* TeamSetup.addInterviewType(teamId, { id: backend, name: "Backend", tag: "Backend Assessment" })
  yield* TeamSetup.addInterviewType(teamId, { id: frontend, name: "Frontend", tag: "Frontend Assessment" })
  yield* TeamSetup.addInterviewType(teamId, { id: screen, name: "Short screen", tag: "Short Screen" })
  yield* TeamSetup.mapStages(teamId, {
    assessment: stageId(StageIds.technicalAssessment),
    onsite: stageId(StageIds.onsiteInterview),
    offer: stageId(StageIds.offer),
    extraAssessments: [{ stageId: stageId(StageIds.phoneInterview), defaultInterviewTypeId: screen }]
  })
  const linked = yield* PostingLinks.linkPosting(teamId, Ids.PostingId.make(PostingIds.backend), backend)
  assert.strictEqual(linked.settings.postingLinks?.[PostingIds.backend]?.title, "Senior Backend Engineer")
  yield* TeamSetup.toggleIntegration(teamId, true)
  for (const webhook of yield* control.webhooks.list()) yield* receive(yield* control.verifyWebhook(webhook.id))
  const team = yield* TeamSetup.healthCheck(teamId)
  assert.isTrue(team.checklist.ready, JSON.stringify(team.checklist.items.filter((item) => !item.done)))
  assert.deepStrictEqual(team.settings.permissions?.missing, [], "the permanent key may read postings")
  return { backend, frontend, screen }
})

const drain = Worker.drain({ workerId: "routing-test" })

/** Moves a candidate in Lever and hands Lever's stage-change delivery to Fulcrum, then lets the worker run. */
const move = (opportunityId: string, to: string) =>
  Effect.gen(function*() {
    const { control } = yield* LeverSandbox.LeverSandbox
    const before = (yield* control.deliveries({ opportunityId, event: "candidateStageChange" })).length
    yield* control.moveToStage(opportunityId, to)
    const deliveries = yield* control.deliveries({ opportunityId, event: "candidateStageChange" })
    assert.lengthOf(deliveries, before + 1)
    yield* receive(deliveries.at(-1)!)
    yield* drain
  })

const notes = (opportunityId: string) =>
  Effect.flatMap(LeverSandbox.LeverSandbox, ({ control }) =>
    Effect.map(control.listNotes(opportunityId), (all) => all.map((note) => note.text)))

describe("assessment routing against the Lever sandbox over HTTP", () => {
  it.effect("posting, tag, unlinked posting and two assessment stages", () =>
    Effect.gen(function*() {
      const { control } = yield* LeverSandbox.LeverSandbox
      const scheduler = yield* InterviewSchedulerMemory.Control
      const types = yield* configure
      const invitesOf = (email: string) =>
        Effect.map(scheduler.invites, (all) => all.filter((invite) => invite.request.email === email).map((i) => i.request.interviewType.id))

      // A candidate on the linked posting, without a tag: that posting's interview type.
      const onPosting = yield* control.createOpportunity({ name: "Pat Posting", emails: ["pat@example.com"], posting: PostingIds.backend })
      yield* move(onPosting.id, StageIds.technicalAssessment)
      assert.deepStrictEqual(yield* invitesOf("pat@example.com"), [types.backend])
      const [sent] = yield* notes(onPosting.id)
      assert.include(sent, "Assessment invite recorded, NOT sent: Backend")
      assert.include(sent, "Interview type chosen by posting “Senior Backend Engineer”.")

      // With a tag, the tag wins over the posting.
      const tagged = yield* control.createOpportunity({
        name: "Tia Tagged",
        emails: ["tia@example.com"],
        tags: ["Frontend Assessment"],
        posting: PostingIds.backend
      })
      yield* move(tagged.id, StageIds.technicalAssessment)
      assert.deepStrictEqual(yield* invitesOf("tia@example.com"), [types.frontend])
      assert.include((yield* notes(tagged.id))[0], "Interview type chosen by tag “Frontend Assessment”.")

      // On an unlinked posting, without a tag, in a stage without default: the note names the posting.
      const unlinked = yield* control.createOpportunity({ name: "Uma Unlinked", emails: ["uma@example.com"], posting: PostingIds.frontend })
      yield* move(unlinked.id, StageIds.technicalAssessment)
      assert.deepStrictEqual(yield* invitesOf("uma@example.com"), [])
      const [why] = yield* notes(unlinked.id)
      assert.include(why, "No assessment invite was sent")
      assert.include(why, "Their job posting “Frontend Engineer” has no interview type linked")

      // Two assessment stages: the screen's default, then the posting's type; back and forth, one invite each.
      const both = yield* control.createOpportunity({ name: "Bo Both", emails: ["bo@example.com"], posting: PostingIds.backend })
      yield* move(both.id, StageIds.phoneInterview)
      assert.deepStrictEqual(yield* invitesOf("bo@example.com"), [types.backend], "the posting comes before the stage")
      const sourced = yield* control.createOpportunity({ name: "Sam Sourced", emails: ["sam@example.com"] })
      yield* move(sourced.id, StageIds.phoneInterview)
      assert.deepStrictEqual(yield* invitesOf("sam@example.com"), [types.screen])
      assert.include((yield* notes(sourced.id))[0], "Interview type chosen by stage “Phone interview”.")
      yield* control.addTags(sourced.id, ["Backend Assessment"])
      yield* move(sourced.id, StageIds.technicalAssessment)
      yield* move(sourced.id, StageIds.phoneInterview)
      yield* move(sourced.id, StageIds.technicalAssessment)
      // The tag now chooses Backend in both stages: one Backend invite, and the screen invite stays the only one of its type.
      assert.sameMembers([...(yield* invitesOf("sam@example.com"))], [types.screen, types.backend])
      assert.lengthOf((yield* notes(sourced.id)).filter((note) => note.includes("Assessment invite recorded, NOT sent")), 2)

      // The health check flags a linked posting deleted in Lever, and a link to an interview type removed since.
      yield* PostingLinks.linkPosting(teamId, Ids.PostingId.make(PostingIds.dataAnalyst), types.frontend)
      yield* control.postings.remove(PostingIds.dataAnalyst)
      yield* TeamSetup.removeInterviewType(teamId, types.backend)
      const checked = yield* TeamSetup.healthCheck(teamId)
      const warning = checked.checklist.warnings.find((w) => w.id === "postingLinks")
      assert.include(warning?.problem, "Linked posting “Data Analyst” no longer exists in Lever.")
      assert.include(warning?.problem, "Posting “Senior Backend Engineer” is linked to an interview type that was removed")
      assert.isTrue(checked.checklist.ready, "a warning never holds the team back")
    }).pipe(Effect.provide(TestLayer)), 60_000)
})
