/**
 * Teams as the reference guide sets them up, each connected to its own Lever account (a local
 * sandbox), and candidates pushed through them the way a recruiter does it: tagged with the interview
 * type, then moved into the assessment stage, which makes "Lever" send the signed webhook.
 */
import { assert } from "@effect/vitest"
import { CandidateStore, EventInbox, TeamSetup } from "@fulcrum/core"
import { Ids } from "@fulcrum/domain"
import { LeverSandbox } from "@fulcrum/lever-sandbox"
import { type Duration, Effect, Redacted } from "effect"
import { eventually } from "./Eventually.ts"
import { SchedulerStub } from "./SchedulerStub.ts"
import { WebhookReceiver } from "./WebhookReceiver.ts"

export { eventually } from "./Eventually.ts"

/** The interview type every test team offers, and its Lever tag. */
export const interviewTag = "Backend Assessment"

export interface Team {
  readonly teamId: Ids.TeamId
  readonly sandbox: LeverSandbox.Running
}

/** A Lever account of its own, stopped with the scope. Webhook retries are quick, the rate limit off. */
export const startSandbox = Effect.acquireRelease(
  Effect.promise(() =>
    LeverSandbox.start({ rateLimit: false, webhooks: { retryBaseDelayMs: 100, maxRetries: 8, timeoutMs: 5_000 } })
  ),
  (sandbox) => Effect.promise(() => sandbox.stop())
)

/**
 * Creates a team on its sandbox and completes the setup the invite flow needs: permanent key, stage
 * mapping, webhooks registered by Fulcrum (and verified by Lever's ping), the interview type, toggle on.
 */
export const setupTeam = Effect.fnUntraced(function*(name: string, existing?: LeverSandbox.Running) {
  const sandbox = existing ?? (yield* startSandbox)
  const receiver = yield* WebhookReceiver
  const teamId = Ids.TeamId.make(name)
  const { StageIds } = LeverSandbox
  yield* TeamSetup.createTeam({ teamId, name, environment: { _tag: "Custom", baseUrl: sandbox.baseUrl } })
  yield* TeamSetup.submitPermanentKey(teamId, Redacted.make(LeverSandbox.PermanentApiKey))
  yield* TeamSetup.readLeverStages(teamId, Redacted.make(LeverSandbox.SetupApiKey))
  yield* TeamSetup.mapStages(teamId, {
    assessment: Ids.StageId.make(StageIds.technicalAssessment),
    onsite: Ids.StageId.make(StageIds.onsiteInterview),
    offer: Ids.StageId.make(StageIds.offer)
  })
  yield* TeamSetup.registerWebhooks(teamId, {
    publicBaseUrl: receiver.url,
    setupKey: Redacted.make(LeverSandbox.SetupApiKey)
  })
  yield* TeamSetup.addInterviewType(teamId, { name: "Backend", tag: interviewTag })
  yield* TeamSetup.toggleIntegration(teamId, true)
  const control = sandbox.controlEffect
  for (const webhook of yield* control.webhooks.list()) yield* control.verifyWebhook(webhook.id)
  return { teamId, sandbox } satisfies Team
})

/**
 * Creates `count` tagged candidates (in Lever's first stage, which sends no webhook) and moves each to
 * the assessment stage; Lever delivers one signed stage-change webhook per move. Returns the
 * opportunity ids.
 */
export const pushCandidates = Effect.fnUntraced(function*(team: Team, count: number, label = "Candidate") {
  const control = team.sandbox.controlEffect
  return yield* Effect.forEach(Array.from({ length: count }, (_, i) => i), (i) =>
    Effect.gen(function*() {
      const opportunity = yield* control.createOpportunity({
        name: `${label} ${i + 1}`,
        emails: [`${label.toLowerCase().replace(/\W+/g, "-")}-${i + 1}@example.com`],
        tags: [interviewTag]
      })
      yield* control.moveToStage(opportunity.id, LeverSandbox.StageIds.technicalAssessment)
      return Ids.OpportunityId.make(opportunity.id)
    }).pipe(Effect.orDie), { concurrency: 8 })
})

/** Waits until the inbox holds `count` pending-or-later stage changes for the team. */
export const awaitAccepted = (teamId: Ids.TeamId, count: number) =>
  eventually(
    Effect.gen(function*() {
      const stats = yield* (yield* EventInbox.EventInbox).stats(teamId)
      const accepted = stats.pending + stats.running + stats.done + stats.dead + stats.skipped
      if (accepted < count) return yield* Effect.fail(`${accepted} of ${count} accepted`)
    })
  )

/** The notes on a candidate that say an invite was sent. */
export const inviteNotes = (team: Team, opportunityId: string) =>
  Effect.map(
    team.sandbox.controlEffect.listNotes(opportunityId).pipe(Effect.orDie),
    (notes) =>
      // "sent" by a provider, "recorded, NOT sent" by the in-memory test scheduler: the invite note either way.
      notes.filter((note) => note.fields.some((field) => /Assessment invite (sent|recorded)/.test(String(field.value))))
  )

/** The candidate's invite state as Fulcrum stored it. */
export const inviteState = (teamId: Ids.TeamId, opportunityId: Ids.OpportunityId) =>
  Effect.map(
    Effect.flatMap(CandidateStore.CandidateStore, (store) => store.get(teamId, opportunityId)),
    (found) => {
      if (found._tag === "None") return "unknown"
      const state = found.value.state
      const current = state.currentInterviewTypeId === null ? undefined : state.invites[state.currentInterviewTypeId]
      return current?.state ?? "none"
    }
  )

/** Waits until none of the teams' events is pending or running. */
export const awaitSettled = (teamIds: ReadonlyArray<Ids.TeamId>, timeout: Duration.Input = "60 seconds") =>
  eventually(
    Effect.gen(function*() {
      const inbox = yield* EventInbox.EventInbox
      for (const teamId of teamIds) {
        const stats = yield* inbox.stats(teamId)
        if (stats.pending + stats.running > 0) return yield* Effect.fail(`${teamId}: ${JSON.stringify(stats)}`)
      }
    }),
    timeout
  )

/**
 * The outcome a user relies on: every candidate invited exactly once (one idempotency key each, one
 * invite created by the provider however often it was asked), one "invite sent" note each, and no
 * event dead.
 */
export const assertEachInvitedOnce = Effect.fnUntraced(function*(
  pushed: ReadonlyArray<{ readonly team: Team; readonly opportunities: ReadonlyArray<Ids.OpportunityId> }>
) {
  const stub = yield* SchedulerStub
  const inbox = yield* EventInbox.EventInbox
  const teamIds = new Set<string>(pushed.map(({ team }) => team.teamId))
  const keys = (yield* stub.keys).filter((key) => teamIds.has(key.teamId))
  const total = pushed.reduce((n, { opportunities }) => n + opportunities.length, 0)
  assert.strictEqual(keys.length, total, "one idempotency key per candidate")
  assert.deepStrictEqual(keys.filter((key) => key.created !== 1), [], "each invite created once")
  for (const { opportunities, team } of pushed) {
    assert.strictEqual((yield* inbox.stats(team.teamId)).dead, 0, `${team.teamId} has no dead event`)
    const byOpportunity = new Map(keys.filter((key) => key.teamId === team.teamId).map((key) => [key.opportunityId, key]))
    yield* Effect.forEach(opportunities, (opportunityId) =>
      Effect.gen(function*() {
        assert.isDefined(byOpportunity.get(opportunityId), `${opportunityId} was invited`)
        assert.strictEqual((yield* inviteNotes(team, opportunityId)).length, 1, `one invite note on ${opportunityId}`)
        assert.strictEqual(yield* inviteState(team.teamId, opportunityId), "sent")
      }), { concurrency: 8, discard: true })
  }
})
