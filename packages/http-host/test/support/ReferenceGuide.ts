/**
 * The reference guide's "test the integration" sequence against running processes, with a recruiter
 * acting in Lever (the sandbox, over its control endpoints) and the admin watching through the admin
 * API: Verify connection, then a tagged candidate moved to the assessment stage (invite sent note), the
 * same webhook delivered again (still one invite), an untagged candidate (a note saying why nothing was
 * sent), a graded result on the result callback (graded note with the report link), onsite (next step),
 * archive with a non-hired reason (offer status Rejected). The checks read what Lever holds (notes) and
 * what the admin API says (checklist, candidate timeline, events). Shared by every process variant.
 */
import { assert } from "@effect/vitest"
import type { ActivityModels, FulcrumClient } from "@fulcrum/api"
import type { Candidate } from "@fulcrum/domain"
import { LeverSandbox } from "@fulcrum/lever-sandbox"
import { Effect } from "effect"
import { eventually } from "../../../worker-host/test/support/Eventually.ts"
import * as AdminSetup from "./AdminSetup.ts"
import type { SandboxRemote } from "./SandboxRemote.ts"

/** Where the sequence runs: the admin's client, the recruiter's Lever, the team. */
export interface Setting {
  readonly client: FulcrumClient.Client
  readonly sandbox: SandboxRemote
  readonly teamId: string
}

/** The sandbox's seeded keys, as the admin of the team holds them. */
export const sandboxKeys = { setupKey: LeverSandbox.SetupApiKey, permanentKey: LeverSandbox.PermanentApiKey } as const

/** A team set up only over HTTP on the sandbox, webhooks registered in Lever by Fulcrum. */
export const setUpTeam = (client: FulcrumClient.Client, sandbox: SandboxRemote, name: string) =>
  Effect.map(
    AdminSetup.setupTeam(client, name, { baseUrl: sandbox.baseUrl, ...sandboxKeys }),
    (team): Setting => ({ client, sandbox, teamId: team.settings.teamId })
  )

type CandidateDetail = typeof ActivityModels.CandidateDetail.Type

const reportUrl = "https://assess.example/reports/ada-lovelace"

/** Runs the whole sequence; fails at the first step whose outcome is wrong. */
export const run = Effect.fnUntraced(function*({ client, sandbox, teamId }: Setting) {
  const { StageIds } = LeverSandbox
  const detail = (opportunityId: string) => client.activity.candidate({ params: { teamId, opportunityId } })
  const inviteOf = (candidate: Candidate.CandidateState | null) =>
    candidate === null || candidate.currentInterviewTypeId === null ? undefined : candidate.invites[candidate.currentInterviewTypeId]
  const notesSaying = (opportunityId: string, words: string) =>
    Effect.map(sandbox.notes(opportunityId), (notes) => notes.filter((note) => note.text.includes(words)))
  /** Waits for exactly one note with `words` and returns it. */
  const awaitNote = (opportunityId: string, words: string) =>
    eventually(Effect.flatMap(notesSaying(opportunityId, words), (notes) =>
      notes.length === 1 ? Effect.succeed(notes[0]!) : Effect.fail(`${notes.length} notes saying "${words}"`)))
  /** Waits until the candidate's state satisfies `ready`. */
  const awaitCandidate = (opportunityId: string, what: string, ready: (found: CandidateDetail) => boolean) =>
    eventually(Effect.flatMap(detail(opportunityId), (found) => ready(found) ? Effect.succeed(found) : Effect.fail(what)))
  const webhooksItem = Effect.map(client.teams.checklist({ params: { teamId } }), (checklist) => ({
    done: checklist.items.find((item) => item.id === "webhooks")?.done,
    ready: checklist.ready
  }))

  // Verify connection: Lever's signed ping on each webhook Fulcrum registered.
  assert.deepStrictEqual(yield* webhooksItem, { done: false, ready: false }, "nothing heard from Lever yet")
  const hooks = (yield* sandbox.webhooks).filter((hook) => hook.url.includes(teamId))
  assert.deepStrictEqual(hooks.map((hook) => hook.event).sort(), ["candidateArchiveChange", "candidateStageChange"])
  for (const hook of hooks) {
    assert.strictEqual((yield* sandbox.verify(hook.id)).attempts.at(-1)?.status, 200, `the ${hook.event} ping is answered`)
  }
  assert.deepStrictEqual(yield* webhooksItem, { done: true, ready: true }, "the checklist shows the webhooks verified")

  // A candidate tagged with the interview type, then moved to the assessment stage: invited once.
  const ada = yield* sandbox.createOpportunity({
    name: "Ada Lovelace",
    emails: ["ada@example.com"],
    tags: [AdminSetup.interviewType.tag]
  })
  yield* sandbox.moveToStage(ada.id, StageIds.technicalAssessment)
  const invited = yield* awaitNote(ada.id, "Assessment invite sent")
  assert.include(invited.text, AdminSetup.interviewType.name)
  assert.include(invited.text, "ada@example.com")
  const afterInvite = yield* awaitCandidate(ada.id, "sent", (found) => inviteOf(found.candidate)?.state === "sent")
  const interviewId = inviteOf(afterInvite.candidate)?.interviewId
  assert.isString(interviewId, "the provider's interview id is on the candidate")
  const invitedList = yield* client.activity.candidates({ params: { teamId }, query: { inviteState: "sent" } })
  assert.deepStrictEqual(invitedList.candidates.map((candidate) => candidate.opportunityId), [ada.id])

  // Lever delivers the same webhook again (its Rerun): acknowledged as a duplicate, nothing new.
  const [original, ...others] = (yield* sandbox.deliveries({
    event: "candidateStageChange",
    kind: "event",
    opportunityId: ada.id
  })).filter((delivery) => delivery.url.includes(teamId))
  assert.deepStrictEqual(others, [], "one stage change so far")
  assert.strictEqual(original!.attempts.at(-1)?.status, 202, "the first delivery was accepted")
  const again = yield* sandbox.rerun(original!.id)
  assert.strictEqual(again.attempts.at(-1)?.status, 200, "the same delivery again is acknowledged without new work")
  const adaEvents = yield* client.activity.events({ params: { teamId }, query: { opportunityId: ada.id } })
  assert.strictEqual(adaEvents.events.length, 1, "one event for Ada")
  assert.lengthOf(yield* notesSaying(ada.id, "Assessment invite sent"), 1, "one invite note")

  // A candidate without the tag: no invite, and a note telling the recruiter what to do.
  const grace = yield* sandbox.createOpportunity({ name: "Grace Hopper", emails: ["grace@example.com"] })
  yield* sandbox.moveToStage(grace.id, StageIds.technicalAssessment)
  const explained = yield* awaitNote(grace.id, "no interview-type tag")
  assert.include(explained.text, AdminSetup.interviewType.tag, "the note names the tag to add")
  assert.include(explained.text, AdminSetup.stageNames.assessment, "and the stage to move the candidate to again")
  const blocked = yield* detail(grace.id)
  assert.include(blocked.timeline.map((entry) => entry.kind), "InviteBlocked")
  assert.notStrictEqual(inviteOf(blocked.candidate)?.state, "sent")
  assert.lengthOf(yield* notesSaying(grace.id, "Assessment invite sent"), 0)

  // The provider reports a graded result: a note with the score summary and the report link.
  const result = { score: 3.5, summary: "Strong on system design; solid tests.", reportUrl }
  const accepted = yield* client.activity.reportResult({ params: { teamId, interviewId: interviewId! }, payload: result })
  assert.strictEqual(accepted.status, "accepted")
  const repeated = yield* client.activity.reportResult({ params: { teamId, interviewId: interviewId! }, payload: result })
  assert.strictEqual(repeated.status, "duplicate", "the same result twice is recorded once")
  const graded = yield* awaitNote(ada.id, reportUrl)
  assert.include(graded.text, "Strong on system design")
  yield* awaitCandidate(ada.id, "graded", (found) => inviteOf(found.candidate)?.state === "graded")

  // Moved to the onsite stage: the next step is onsite.
  yield* sandbox.moveToStage(ada.id, StageIds.onsiteInterview)
  yield* awaitCandidate(ada.id, "next step onsite", (found) => found.candidate?.nextStep === "onsite")

  // Archived as "Underqualified" (non-hired): offer status Rejected.
  yield* sandbox.archive(ada.id, LeverSandbox.ArchiveReasonIds.underqualified)
  const archived = yield* awaitCandidate(ada.id, "offer status Rejected", (found) => found.candidate?.offerStatus === "Rejected")

  // What the admin sees: the whole story on the timeline, every event done, nothing dead.
  const kinds = archived.timeline.map((entry) => entry.kind)
  for (const kind of ["InviteSent", "ResultRecorded", "NextStepSet", "OfferStatusSet"]) assert.include(kinds, kind)
  assert.include(
    archived.timeline.map((entry) => entry.message),
    "Archived in Lever: “Underqualified” → offer status Rejected."
  )
  const events = yield* eventually(
    Effect.flatMap(client.activity.events({ params: { teamId }, query: {} }), (page) =>
      page.events.every((event) => event.status === "done" || event.status === "skipped")
        ? Effect.succeed(page.events)
        : Effect.fail(page.events.map((event) => `${event.kind}: ${event.status}`).join(", ")))
  )
  assert.deepStrictEqual(events.filter((event) => event.status === "dead"), [])
  assert.strictEqual(
    events.filter((event) => event.opportunityId === ada.id && event.source === "lever").length,
    3,
    "Ada's three Lever events: assessment, onsite, archive"
  )
  return { ada: ada.id, grace: grace.id }
})
