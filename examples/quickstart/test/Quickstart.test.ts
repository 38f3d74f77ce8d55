/**
 * Boots the whole example in-process — PGlite in a temporary data dir, the Lever sandbox and the HTTP
 * server on free ports, the worker — and walks the reference guide's test sequence over real HTTP: the
 * sandbox plays the recruiter and delivers Lever's signed webhooks to this host's endpoint, the worker
 * writes notes back through Lever's API, the grade arrives on the result callback. Then the bad-input
 * answers: every one JSON, none a 500.
 */
import { assert, layer } from "@effect/vitest"
import { InterviewSchedulerMemory } from "@fulcrum/core"
import { LeverSandbox, Signature } from "@fulcrum/lever-sandbox"
import { Effect, Layer, Option, Redacted, References } from "effect"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as DemoTeam from "../src/DemoTeam.ts"
import { waitFor } from "../src/Demo.ts"
import * as HttpRoutes from "../src/HttpRoutes.ts"
import { Quickstart, layer as quickstartLayer } from "../src/Quickstart.ts"

const adminToken = "quickstart-test-admin-token"

/** The example on port 0 in a fresh data dir, removed when the suite's scope closes. */
const TestQuickstart = Layer.unwrap(
  Effect.acquireRelease(
    Effect.sync(() => mkdtempSync(join(tmpdir(), "fulcrum-quickstart-"))),
    (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
  ).pipe(Effect.map((dataDir) =>
    quickstartLayer({
      port: 0,
      host: "127.0.0.1",
      publicBaseUrl: Option.none(),
      dataDir,
      databaseUrl: Option.none(),
      secretKey: Option.none(),
      adminToken: Option.some(Redacted.make(adminToken)),
      sandboxPort: 0,
      logLevel: "Warn",
      logFormat: "pretty"
    })
  ))
).pipe(Layer.provide(Layer.succeed(References.MinimumLogLevel, "Warn")))

interface Answer {
  readonly status: number
  // The tests read whatever JSON the endpoint answers.
  readonly body: any
}

/** One HTTP call to the example, the way Lever or an admin would make it. */
const call = (path: string, init: {
  readonly method?: string
  readonly body?: string | object
  readonly token?: string
} = {}) =>
  Effect.gen(function*() {
    const { url } = yield* Quickstart
    return yield* Effect.promise(async (): Promise<Answer> => {
      const response = await fetch(`${url}${path}`, {
        method: init.method ?? (init.body === undefined ? "GET" : "POST"),
        headers: {
          "content-type": "application/json",
          ...(init.token === undefined ? {} : { authorization: `Bearer ${init.token}` })
        },
        ...(init.body === undefined ? {} : { body: typeof init.body === "string" ? init.body : JSON.stringify(init.body) })
      })
      const text = await response.text()
      return { status: response.status, body: text === "" ? null : JSON.parse(text) }
    })
  })

const admin = (path: string, init: { readonly method?: string; readonly body?: string | object } = {}) =>
  call(path, { ...init, token: adminToken })

const candidate = (opportunityId: string) => admin(`/api/teams/demo/candidates/${opportunityId}`)

const notesOf = (opportunityId: string) =>
  Effect.flatMap(LeverSandbox.LeverSandbox, ({ control }) => control.listNotes(opportunityId))

layer(TestQuickstart, { timeout: "60 seconds", excludeTestServices: true })("the quickstart example", (it) => {
  it.effect("seeds the demo team through setup and Lever's Verify connection reaches it", () =>
    Effect.gen(function*() {
      const quickstart = yield* Quickstart
      assert.isTrue(quickstart.demoTeam.created)
      assert.deepStrictEqual(
        quickstart.demoTeam.verifications.map((v) => [v.webhook, v.status]),
        [["stageChange", 200], ["archiveChange", 200]]
      )
      const team = yield* admin("/api/teams/demo")
      assert.strictEqual(team.status, 200)
      assert.isTrue(team.body.checklist.ready, JSON.stringify(team.body.checklist.items))
      assert.strictEqual(team.body.settings.stageMapping.assessment.name, "Technical Assessment")
      // Settings without secrets: the key shows as a fingerprint, never its value.
      assert.notInclude(JSON.stringify(team.body), LeverSandbox.PermanentApiKey)
      assert.notInclude(JSON.stringify(team.body), LeverSandbox.SetupApiKey)
      assert.strictEqual((yield* call("/healthz")).status, 200)
      assert.strictEqual((yield* call("/readyz")).status, 200)
    }))

  it.effect("walks the reference guide: invite, duplicate delivery, grading, onsite, archive", () =>
    Effect.gen(function*() {
      const { control } = yield* LeverSandbox.LeverSandbox
      const scheduler = yield* InterviewSchedulerMemory.Control
      const { settings } = (yield* admin("/api/teams/demo")).body
      const stages = settings.stageMapping

      // The recruiter tags a test candidate, then moves them to the assessment stage.
      const ada = yield* control.createOpportunity({
        name: "Ada Lovelace",
        emails: ["ada@example.com"],
        tags: [DemoTeam.interviewType.tag]
      })
      yield* control.moveToStage(ada.id, stages.assessment.stageId)
      const [inviteNote] = yield* waitFor("the invite note", notesOf(ada.id), (notes) => notes.length === 1)
      assert.match(inviteNote!.text, /Assessment invite sent: Senior SWE, to ada@example\.com/)
      const invited = yield* candidate(ada.id)
      assert.strictEqual(invited.status, 200)
      const invite = invited.body.candidate.invites[invited.body.candidate.currentInterviewTypeId]
      assert.strictEqual(invite.state, "invited")
      const list = yield* admin("/api/teams/demo/candidates?inviteState=invited")
      assert.include(list.body.candidates.map((c: { opportunityId: string }) => c.opportunityId), ada.id)

      // Lever delivers the same webhook again ("Rerun"): acknowledged as a duplicate, nothing new.
      const deliveries = yield* control.deliveries({ opportunityId: ada.id, event: "candidateStageChange", kind: "event" })
      const toAssessment = deliveries.find((d) => d.body.data["toStageId"] === stages.assessment.stageId)!
      assert.strictEqual(toAssessment.attempts.at(-1)?.status, 202)
      const rerun = yield* control.rerun(toAssessment.id)
      assert.strictEqual(rerun.attempts.at(-1)?.status, 200)
      yield* Effect.sleep("1 second")
      assert.strictEqual((yield* notesOf(ada.id)).length, 1)
      assert.strictEqual((yield* scheduler.invites).filter((i) => i.request.opportunityId === ada.id).length, 1)

      // The provider reports the grade on the callback: a results note with the report link.
      const reported = yield* admin(`/api/teams/demo/interviews/${invite.interviewId}/result`, {
        body: { score: 3.5, summary: "Strong on system design; solid tests.", reportUrl: "https://assess.example/r/ada" }
      })
      assert.strictEqual(reported.status, 202, JSON.stringify(reported.body))
      const notes = yield* waitFor("the results note", notesOf(ada.id), (notes) => notes.length === 2)
      assert.include(notes[1]!.text, "https://assess.example/r/ada")

      // Onsite: the next step is set.
      yield* control.moveToStage(ada.id, stages.onsite.stageId)
      yield* waitFor("the onsite next step", candidate(ada.id), (answer) => answer.body.candidate.nextStep === "onsite")

      // Archived as "Underqualified": Rejected.
      yield* control.archive(ada.id, LeverSandbox.ArchiveReasonIds.underqualified)
      const final = yield* waitFor(
        "the Rejected offer status",
        candidate(ada.id),
        (answer) => answer.body.candidate.offerStatus === "Rejected"
      )
      const kinds = final.body.timeline.map((entry: { kind: string }) => entry.kind)
      for (const kind of ["InviteRequested", "InviteSent", "ResultRecorded", "NextStepSet", "OfferStatusSet"]) {
        assert.include(kinds, kind)
      }
      assert.strictEqual(final.body.candidate.invites[final.body.candidate.currentInterviewTypeId].state, "graded")
    }))

  it.effect("answers bad input with JSON errors, never a 500", () =>
    Effect.gen(function*() {
      const triggeredAt = Date.now()
      const token = Signature.randomToken()
      const signed = (signatureToken: string) => ({
        triggeredAt,
        event: "candidateStageChange",
        data: { opportunityId: "opp-1", candidateId: "opp-1", contactId: "c-1", toStageId: "s-2", fromStageId: "s-1" },
        token,
        signature: Signature.sign(signatureToken, token, triggeredAt)
      })

      const badSignature = yield* call("/webhooks/lever/demo/stage-change", { body: signed("not-the-signing-token") })
      assert.strictEqual(badSignature.status, 401)
      assert.strictEqual(badSignature.body.error, "BadSignature")
      assert.isString(badSignature.body.message)

      const unknownTeam = yield* call("/webhooks/lever/nobody/stage-change", { body: signed("whatever") })
      assert.strictEqual(unknownTeam.status, 404)
      assert.strictEqual(unknownTeam.body.error, "UnknownTeam")

      const malformed = yield* call("/webhooks/lever/demo/archive-change", { body: "{\"triggeredAt\": 1," })
      assert.strictEqual(malformed.status, 400)
      assert.strictEqual(malformed.body.error, "MalformedWebhook")

      const oversize = yield* call("/webhooks/lever/demo/stage-change", { body: "x".repeat(HttpRoutes.maxBodyBytes + 1) })
      assert.strictEqual(oversize.status, 413)
      assert.strictEqual(oversize.body.error, "PayloadTooLarge")

      const noToken = yield* call("/api/teams/demo")
      assert.strictEqual(noToken.status, 401)
      assert.strictEqual(noToken.body.error, "Unauthorized")

      const badResult = yield* admin("/api/teams/demo/interviews/any/result", { body: { score: "high" } })
      assert.strictEqual(badResult.status, 400)
      assert.strictEqual(badResult.body.error, "InvalidRequest")
      const problemPaths = badResult.body.problems.map((p: { path: string }) => p.path)
      assert.includeMembers(problemPaths, ["$.score", "$.summary", "$.reportUrl"])

      const badQuery = yield* admin("/api/teams/demo/events?status=sleeping")
      assert.strictEqual(badQuery.status, 400)

      const unknownRoute = yield* call("/nowhere")
      assert.strictEqual(unknownRoute.status, 404)
      assert.strictEqual(unknownRoute.body.error, "NotFound")
    }))

  it.effect("refuses a score that is not a finite number (1e400 parses as Infinity), listing the problem", () =>
    Effect.gen(function*() {
      const infinite = yield* admin("/api/teams/demo/interviews/any/result", {
        body: "{\"score\": 1e400, \"summary\": \"Off the scale\", \"reportUrl\": \"https://assess.example/r/x\"}"
      })
      assert.strictEqual(infinite.status, 400, JSON.stringify(infinite.body))
      assert.strictEqual(infinite.body.error, "InvalidRequest")
      assert.deepStrictEqual(infinite.body.problems.map((p: { path: string }) => p.path), ["$.score"])
    }))

  it.effect("answers a path that cannot be percent-decoded with a JSON error, like any unknown route", () =>
    Effect.gen(function*() {
      const undecodable = yield* call("/webhooks/lever/%E0%A4%A/stage-change", { body: {} })
      assert.strictEqual(undecodable.status, 404)
      assert.strictEqual(undecodable.body?.error, "NotFound")
      assert.isString(undecodable.body.message)
    }))
})
