/**
 * Boots the whole example in-process — PGlite in a temporary data dir, the Lever sandbox and the HTTP
 * host on free ports, the worker — and walks the reference guide's test sequence over real HTTP: the
 * sandbox plays the recruiter and delivers Lever's signed webhooks to this host's endpoint, the worker
 * writes notes back through Lever's API, the grade arrives on the result callback. Then what the banner
 * teaches (the admin API) and the bad-input answers: every one JSON, none a 500.
 */
import { assert, layer } from "@effect/vitest"
import { EventInbox } from "@fulcrum/core"
import { HostOptions } from "@fulcrum/http-host"
import { LeverSandbox, Signature } from "@fulcrum/lever-sandbox"
import { Effect, Layer, Option, Redacted, References } from "effect"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as Banner from "../src/Banner.ts"
import * as DemoTeam from "../src/DemoTeam.ts"
import { waitFor } from "../src/Demo.ts"
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
      providerSandboxPort: 0,
      provider: Option.none(),
      logLevel: "Warn",
      logFormat: "pretty"
    })
  ))
).pipe(
  Layer.provide(Layer.succeed(References.MinimumLogLevel, "Warn")),
  // Tracing off, as the quickstart's program runs it: the webhooks then take the fast path (ADR 0014).
  Layer.provide(Layer.succeed(References.TracerEnabled, false))
)

interface Answer {
  readonly status: number
  readonly headers: Headers
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
      const json = response.headers.get("content-type")?.startsWith("application/json") === true
      return { status: response.status, headers: response.headers, body: json ? JSON.parse(text) : text }
    })
  })

const admin = (path: string, init: { readonly method?: string; readonly body?: string | object } = {}) =>
  call(path, { ...init, token: adminToken })

const candidate = (opportunityId: string) => admin(`/api/teams/demo/candidates/${opportunityId}`)

const notesOf = (opportunityId: string) =>
  Effect.flatMap(LeverSandbox.LeverSandbox, ({ control }) => control.listNotes(opportunityId))

// Starting PGlite, the sandbox and the demo team's setup took over 60 s beside busy processes: the
// timeout only catches a hang.
layer(TestQuickstart, { timeout: "180 seconds", excludeTestServices: true })("the quickstart example", (it) => {
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
      // Of the sandbox's three postings, one is linked to the demo's interview type.
      const postings = yield* admin("/api/teams/demo/postings")
      assert.lengthOf(postings.body.postings, 3)
      assert.deepStrictEqual(
        postings.body.postings.filter((p: { interviewTypeId: string | null }) => p.interviewTypeId !== null)
          .map((p: { text: string }) => p.text),
        ["Senior Backend Engineer"]
      )
      // Settings without secrets: the key shows as a fingerprint, never its value.
      assert.notInclude(JSON.stringify(team.body), LeverSandbox.PermanentApiKey)
      assert.notInclude(JSON.stringify(team.body), LeverSandbox.SetupApiKey)
      assert.strictEqual((yield* call("/healthz")).status, 200)
      assert.strictEqual((yield* call("/readyz")).status, 200)
    }))

  it.effect("walks the reference guide: invite, duplicate delivery, grading, onsite, archive", () =>
    Effect.gen(function*() {
      const { control } = yield* LeverSandbox.LeverSandbox
      const quickstart = yield* Quickstart
      const providerInvites = Effect.promise(() =>
        fetch(`${quickstart.provider.url}/_sandbox/invites`).then((r) => r.json() as Promise<{ data: Array<{ opportunityId: string }> }>)
      )
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
      assert.strictEqual(invite.state, "sent")
      assert.strictEqual(invited.body.candidate.inviteState, "sent", "the detail says its invite state")
      assert.match(invited.body.candidate.updatedAt, /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/, "times are ISO-8601")
      assert.match(invited.body.timeline[0].at, /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/)
      const list = yield* admin("/api/teams/demo/candidates?inviteState=sent")
      assert.include(list.body.candidates.map((c: { opportunityId: string }) => c.opportunityId), ada.id)

      // Lever delivers the same webhook again ("Rerun"): acknowledged as a duplicate, nothing new.
      const deliveries = yield* control.deliveries({ opportunityId: ada.id, event: "candidateStageChange", kind: "event" })
      const toAssessment = deliveries.find((d) => d.body.data["toStageId"] === stages.assessment.stageId)!
      assert.strictEqual(toAssessment.attempts.at(-1)?.status, 202)
      const rerun = yield* control.rerun(toAssessment.id)
      assert.strictEqual(rerun.attempts.at(-1)?.status, 200)
      // Nothing left to run (a duplicate stored by mistake would be pending or running until done).
      const inbox = yield* EventInbox.EventInbox
      yield* waitFor("the inbox to settle", inbox.stats(DemoTeam.teamId), (stats) => stats.pending + stats.running === 0)
      assert.strictEqual((yield* notesOf(ada.id)).length, 1)
      assert.strictEqual((yield* providerInvites).data.filter((i) => i.opportunityId === ada.id).length, 1)

      // The candidate opens the invite link, starts and submits: the provider grades at once, and its
      // signed webhooks bring the graded note with the report link to Lever.
      const page = yield* Effect.promise(() => fetch(invite.inviteUrl).then((r) => r.text()))
      assert.include(page, "Start the assessment")
      const click = (action: string, body?: URLSearchParams) =>
        Effect.promise(() => fetch(`${invite.inviteUrl}/${action}`, { method: "POST", redirect: "manual", ...(body ? { body } : {}) }))
      assert.strictEqual((yield* click("start")).status, 303)
      assert.strictEqual((yield* click("submit", new URLSearchParams({ score: "91" }))).status, 303)
      const notes = yield* waitFor(
        "the graded note",
        notesOf(ada.id),
        (notes) => notes.some((note: { text: string }) => note.text.includes("Assessment graded"))
      )
      const graded = notes.find((note: { text: string }) => note.text.includes("Assessment graded"))!
      assert.include(graded.text, `/reports/${invite.interviewId}`)
      assert.include(graded.text, "Score: 91")

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

  it.effect("serves the admin API the banner teaches: checklist, views, a new team, the reference page", () =>
    Effect.gen(function*() {
      const quickstart = yield* Quickstart
      const checklist = yield* admin("/api/teams/demo/checklist")
      assert.strictEqual(checklist.status, 200)
      assert.isTrue(checklist.body.ready)
      const invited = yield* admin("/api/teams/demo/candidates?inviteState=sent")
      assert.strictEqual(invited.status, 200)
      assert.isArray(invited.body.candidates)
      const dead = yield* admin("/api/teams/demo/events?status=dead")
      assert.strictEqual(dead.status, 200)
      assert.deepStrictEqual(dead.body.events, [])

      // A team of one's own on the sandbox: the quickstart allows custom Lever URLs.
      const created = yield* admin("/api/teams", {
        body: { name: "Acme", lever: { environment: "custom", baseUrl: quickstart.sandbox.baseUrl } }
      })
      assert.strictEqual(created.status, 201, JSON.stringify(created.body))
      const teamId: string = created.body.settings.teamId
      assert.notStrictEqual(teamId, "demo")
      assert.isFalse(created.body.checklist.ready)
      const teams = yield* admin("/api/teams")
      assert.includeMembers(teams.body.teams.map((t: { teamId: string }) => t.teamId), ["demo", teamId])
      const webhookUrls = yield* admin(`/api/teams/${teamId}/webhook-urls`)
      assert.strictEqual(webhookUrls.body.stageChange, `${quickstart.publicBaseUrl}/webhooks/lever/${teamId}/stage-change`)

      const docs = yield* call("/docs")
      assert.strictEqual(docs.status, 200)
      assert.include(docs.headers.get("content-type"), "text/html")
      const openapi = yield* call("/openapi.json")
      assert.strictEqual(openapi.status, 200)
      assert.property(openapi.body.paths, "/api/teams/{teamId}/checklist")
    }))

  it.effect("prints a banner that names the admin token's source but never the token", () =>
    Effect.gen(function*() {
      const quickstart = yield* Quickstart
      const banner = Banner.render(quickstart, { demo: false })
      assert.notInclude(banner, adminToken)
      assert.include(banner, "TOKEN=\"$FULCRUM_ADMIN_TOKEN\"")
      assert.include(banner, "$FULCRUM/api/teams/demo/checklist")
      assert.include(banner, `${quickstart.url}/docs`)
      assert.notInclude(banner, LeverSandbox.PermanentApiKey)
      assert.notInclude(banner, LeverSandbox.SetupApiKey)
    }))

  it.effect("answers bad input with JSON errors (400, 401, 404, 405, 413), never a 500", () =>
    Effect.gen(function*() {
      const jsonError = (answer: Answer, status: number, tag: string) => {
        assert.strictEqual(answer.status, status, JSON.stringify(answer.body))
        assert.include(answer.headers.get("content-type"), "application/json")
        assert.strictEqual(answer.body._tag, tag)
        assert.isString(answer.body.message)
      }
      const triggeredAt = Date.now()
      const token = Signature.randomToken()
      const signed = (signatureToken: string) => ({
        triggeredAt,
        event: "candidateStageChange",
        data: { opportunityId: "opp-1", candidateId: "opp-1", contactId: "c-1", toStageId: "s-2", fromStageId: "s-1" },
        token,
        signature: Signature.sign(signatureToken, token, triggeredAt)
      })

      jsonError(yield* call("/webhooks/lever/demo/stage-change", { body: signed("not-the-signing-token") }), 401, "Unauthorized")
      jsonError(yield* call("/webhooks/lever/nobody/stage-change", { body: signed("whatever") }), 404, "NotFound")
      jsonError(yield* call("/webhooks/lever/demo/archive-change", { body: "{\"triggeredAt\": 1," }), 400, "InvalidRequest")
      jsonError(
        yield* call("/webhooks/lever/demo/stage-change", { body: "x".repeat(HostOptions.defaultMaxBodyBytes + 1) }),
        413,
        "PayloadTooLarge"
      )

      const noToken = yield* call("/api/teams/demo")
      jsonError(noToken, 401, "Unauthorized")
      jsonError(yield* call("/api/teams/demo", { token: "not-the-admin-token" }), 401, "Unauthorized")

      const badResult = yield* admin("/api/teams/demo/interviews/any/result", { body: { score: "high" } })
      jsonError(badResult, 400, "InvalidRequest")
      assert.include(badResult.body.problems.map((p: { path: string }) => p.path), "$.payload.score")
      jsonError(yield* admin("/api/teams/demo/events?status=sleeping"), 400, "InvalidRequest")

      jsonError(yield* admin("/api/teams/nobody/checklist"), 404, "NotFound")
      jsonError(yield* call("/nowhere"), 404, "NotFound")
      // A path that cannot be percent-decoded gets a JSON refusal too, not the router's empty answer.
      const undecodable = yield* call("/webhooks/lever/%E0%A4%A/stage-change", { body: {} })
      assert.isTrue(undecodable.status >= 400 && undecodable.status < 500, String(undecodable.status))
      assert.isString(undecodable.body._tag)

      const wrongMethod = yield* admin("/api/teams/demo/checklist", { method: "DELETE" })
      jsonError(wrongMethod, 405, "MethodNotAllowed")
      assert.strictEqual(wrongMethod.headers.get("allow"), "GET")
    }))

  it.effect("refuses a score that is not a finite number (1e400 parses as Infinity), listing the problem", () =>
    Effect.gen(function*() {
      const infinite = yield* admin("/api/teams/demo/interviews/any/result", {
        body: "{\"score\": 1e400, \"summary\": \"Off the scale\", \"reportUrl\": \"https://assess.example/r/x\"}"
      })
      assert.strictEqual(infinite.status, 400, JSON.stringify(infinite.body))
      assert.strictEqual(infinite.body._tag, "InvalidRequest")
      assert.deepStrictEqual(infinite.body.problems.map((p: { path: string }) => p.path), ["$.payload.score"])
    }))
})
