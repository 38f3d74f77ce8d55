/**
 * What the core guarantees when things fail mid-flow, with every adapter in memory: a replay after the
 * decision still sends the invite; a note whose POST succeeded just before a crash is not posted twice;
 * an event whose runs keep dying goes dead instead of looping; unsigned body fields cannot erase a
 * candidate; a key Lever rejects becomes a checklist problem at once.
 */
import { assert, describe, it } from "@effect/vitest"
import {
  Candidates,
  ConfigStore,
  EventInbox,
  Events,
  InterviewSchedulerMemory,
  InviteExpiry,
  LeverApi,
  LeverSignature,
  Policy,
  ReceiveWebhook,
  Results,
  StepJournal,
  StepKey,
  TeamSetup,
  Worker
} from "@fulcrum/core"
import { Notes } from "@fulcrum/domain"
import { Clock, Effect, Option, Redacted } from "effect"
import { TestClock } from "effect/testing"
import { Control, InProcess, LeverSandbox } from "../../src/index.ts"
import {
  calls,
  candidateEntersAssessment,
  candidateOf,
  checklistItem,
  configureTeam,
  deliver,
  drain,
  teamId,
  TestLayer,
  verifyConnection
} from "./support.ts"

const quickPolicy = { ...Policy.defaults, allowCustomLeverUrl: true, maxAttempts: 2, baseRetryDelayMs: 1_000, maxRetryDelayMs: 1_000 }

/** Lets every retry delay pass, then drains again. */
const drainAfterBackoff = Effect.andThen(TestClock.adjust("2 seconds"), drain)

describe("durability of the candidate flow", () => {
  it.effect("the provider unreachable for the whole budget: failed with a Lever note; a replay sends it, once", () =>
    Effect.gen(function*() {
      const lever = yield* Control.ControlHandle
      const scheduler = yield* InterviewSchedulerMemory.Control
      yield* configureTeam
      yield* verifyConnection
      yield* scheduler.failNext({ times: 2, method: "sendInvite" })
      const { eventId, opportunity } = yield* candidateEntersAssessment("Ada Lovelace", "ada.lovelace@example.com")

      yield* drain
      yield* drainAfterBackoff
      const { events: dead } = yield* Events.listEvents(teamId, { status: "dead" })
      assert.deepStrictEqual(dead.map((event) => event.eventId), [eventId])
      const stuck = yield* candidateOf(opportunity.id)
      assert.strictEqual(stuck.invites[stuck.currentInterviewTypeId!]!.state, "failed")
      const [failedNote] = yield* lever.listNotes(opportunity.id)
      assert.match(failedNote!.text, /SchedulerUnavailable/)

      yield* Events.replayEvent(teamId, eventId)
      yield* drain
      const invites = yield* scheduler.invites
      assert.strictEqual(invites.length, 1)
      const notes = yield* lever.listNotes(opportunity.id)
      assert.strictEqual(notes.length, 2)
      assert.match(notes[1]!.text, /Assessment invite recorded, NOT sent/)
      const candidate = yield* candidateOf(opportunity.id)
      assert.strictEqual(candidate.invites[candidate.currentInterviewTypeId!]!.state, "sent")
    }).pipe(Effect.provideService(Policy.Policy, quickPolicy), Effect.provide(TestLayer)))

  it.effect("the note's POST fails after the invite was sent: the retry posts it once and does not ask for the invite again", () =>
    Effect.gen(function*() {
      const lever = yield* Control.ControlHandle
      const scheduler = yield* InterviewSchedulerMemory.Control
      yield* configureTeam
      yield* verifyConnection
      // The invite-sent decision leads only to the note, so its save waits for the event's completion; a
      // run that fails before then still writes it (with the invite's answer) before it is retried.
      yield* lever.faults.inject({ status: 503, count: 10, method: "POST", path: /\/notes$/ })
      const { eventId, opportunity } = yield* candidateEntersAssessment("Dorothy Vaughan", "dorothy.vaughan@example.com")

      yield* drain
      const retried = Option.getOrThrow(yield* (yield* EventInbox.EventInbox).get(teamId, eventId))
      assert.strictEqual(retried.status, "pending")
      assert.strictEqual((yield* lever.listNotes(opportunity.id)).length, 0)
      const sent = yield* candidateOf(opportunity.id)
      assert.strictEqual(sent.invites[sent.currentInterviewTypeId!]!.state, "sent")

      yield* lever.faults.reset()
      yield* drainAfterBackoff
      assert.strictEqual((yield* scheduler.calls).sendInvite, 1)
      assert.strictEqual((yield* scheduler.invites).length, 1)
      assert.strictEqual((yield* lever.listNotes(opportunity.id)).length, 1)
      const { events } = yield* Events.listEvents(teamId, { opportunityId: opportunity.id })
      assert.deepStrictEqual(events.map((event) => event.status), ["done"])
    }).pipe(Effect.provideService(Policy.Policy, quickPolicy), Effect.provide(TestLayer)))

  it.effect("the expiry sweep marks a lapsed invite expired once, with a Lever note", () =>
    Effect.gen(function*() {
      const lever = yield* Control.ControlHandle
      yield* configureTeam
      yield* verifyConnection
      const { opportunity } = yield* candidateEntersAssessment("Ada Lovelace", "ada.lovelace@example.com")
      yield* drain
      assert.strictEqual(yield* InviteExpiry.sweepOnce(), 0, "nothing lapsed yet")
      yield* TestClock.adjust("8 days")
      assert.strictEqual(yield* InviteExpiry.sweepOnce(), 1)
      assert.strictEqual(yield* InviteExpiry.sweepOnce(), 0, "one event per interview")
      yield* drain
      const candidate = yield* candidateOf(opportunity.id)
      assert.strictEqual(candidate.invites[candidate.currentInterviewTypeId!]!.state, "expired")
      assert.match((yield* lever.listNotes(opportunity.id)).at(-1)!.text, /expired/i)
    }).pipe(Effect.provideService(Policy.Policy, quickPolicy), Effect.provide(TestLayer)))

  it.effect("a note whose POST succeeded just before a crash is found by the next run, not posted again", () =>
    Effect.gen(function*() {
      const lever = yield* Control.ControlHandle
      yield* configureTeam
      yield* verifyConnection
      const { opportunity } = yield* candidateEntersAssessment("Grace Hopper", "grace.hopper@example.com")

      // The process "dies" right after Lever accepted the note: the journal never hears of it. The note's
      // step is journaled with the event's completion, so the process dies there, holding the lease.
      let crashed = false
      yield* drain.pipe(
        Effect.updateService(EventInbox.EventInbox, (inbox) => ({
          ...inbox,
          complete: (eventId, workerId, outcome) =>
            outcome.journal?.steps.some((step) => StepKey.kind(step.stepKey) === "note") === true && !crashed
              ? Effect.sync(() => {
                crashed = true
              }).pipe(Effect.andThen(Effect.die(new Error("process killed after the note POST"))))
              : inbox.complete(eventId, workerId, outcome)
        }))
      )
      assert.isTrue(crashed)
      assert.strictEqual((yield* lever.listNotes(opportunity.id)).length, 1)

      // Its lease runs out; another run takes the event over.
      yield* Effect.andThen(TestClock.adjust(Worker.defaultLeaseMs), drain)
      assert.strictEqual((yield* lever.listNotes(opportunity.id)).length, 1)
      assert.strictEqual(yield* calls("addNote"), 1)
      assert.isAtLeast(yield* calls("listNotes"), 1)
      const { events } = yield* Events.listEvents(teamId, { opportunityId: opportunity.id })
      assert.deepStrictEqual(events.map((event) => event.status), ["done"])
    }).pipe(Effect.provide(TestLayer)))

  it.effect("an event whose runs keep ending without an outcome goes dead instead of running forever", () =>
    Effect.gen(function*() {
      const inbox = yield* EventInbox.EventInbox
      yield* configureTeam
      const { eventId } = yield* candidateEntersAssessment("Hedy Lamarr", "hedy.lamarr@example.com")
      const now = yield* Clock.currentTimeMillis
      // Two runs claimed it and vanished (killed workers): their leases ran out. They used no attempt (one
      // run of the two-attempt budget), yet the interruption budget of two is spent.
      for (const at of [now, now + 10]) yield* inbox.claim({ workerId: "killed", limit: 1, leaseMs: 5, now: at })
      const [third] = yield* inbox.claim({ workerId: "survivor", limit: 1, leaseMs: 1_000, now: now + 20 })
      assert.deepStrictEqual([third?.event.attempts, third?.event.interruptions], [1, 2])
      yield* Worker.handle(third!, "survivor", 1_000)
      const stored = yield* inbox.get(teamId, eventId)
      assert.strictEqual(Option.getOrThrow(stored).status, "dead")
      assert.include(Option.getOrThrow(stored).lastError, "without an outcome")
    }).pipe(Effect.provideService(Policy.Policy, { ...quickPolicy, maxInterruptions: 2 }), Effect.provide(TestLayer)))

  it.effect("restarts use up no attempt: handed back 20 times and interrupted once, a one-attempt event still runs", () =>
    Effect.gen(function*() {
      const inbox = yield* EventInbox.EventInbox
      const lever = yield* Control.ControlHandle
      yield* configureTeam
      yield* verifyConnection
      const { eventId, opportunity } = yield* candidateEntersAssessment("Mary Jackson", "mary.jackson@example.com")
      const now = yield* Clock.currentTimeMillis
      for (let i = 0; i < 20; i++) {
        yield* inbox.claim({ workerId: `stopped-${i}`, limit: 1, leaseMs: 1_000, now })
        yield* inbox.release(`stopped-${i}`, now)
      }
      yield* inbox.claim({ workerId: "killed", limit: 1, leaseMs: 5, now })
      const [claimed] = yield* inbox.claim({ workerId: "survivor", limit: 1, leaseMs: 1_000, now: now + 10 })
      yield* Worker.handle(claimed!, "survivor", 1_000)
      const stored = Option.getOrThrow(yield* inbox.get(teamId, eventId))
      assert.deepStrictEqual([stored.status, stored.attempts, stored.interruptions], ["done", 1, 21])
      assert.strictEqual((yield* lever.listNotes(opportunity.id)).length, 1)
    }).pipe(Effect.provideService(Policy.Policy, { ...quickPolicy, maxAttempts: 1 }), Effect.provide(TestLayer)))

  it.effect("a deletion is acted on only once Lever no longer has the opportunity", () =>
    Effect.gen(function*() {
      const lever = yield* Control.ControlHandle
      const inbox = yield* EventInbox.EventInbox
      yield* configureTeam
      yield* verifyConnection
      const { opportunity } = yield* candidateEntersAssessment("Katherine Johnson", "katherine.johnson@example.com")
      yield* drain
      const deletion = (dedupeKey: string) =>
        Effect.flatMap(Clock.currentTimeMillis, (receivedAt) =>
          inbox.accept({
            teamId,
            dedupeKey,
            source: "lever",
            kind: "candidateDeleted",
            opportunityId: opportunity.id,
            payload: { _tag: "Deleted", opportunityId: opportunity.id },
            rawBody: null,
            receivedAt,
            status: "pending",
            note: null
          }))

      yield* deletion("forged-deletion")
      yield* drain
      const kept = yield* candidateOf(opportunity.id)
      assert.isFalse(kept.erased)
      assert.strictEqual(kept.email, "katherine.johnson@example.com")

      yield* lever.deleteOpportunity(opportunity.id)
      yield* deletion("real-deletion")
      yield* drain
      const erased = yield* candidateOf(opportunity.id)
      assert.isTrue(erased.erased)
      assert.isNull(erased.email)
      const { timeline } = yield* Candidates.candidateTimeline(teamId, opportunity.id)
      assert.isFalse(JSON.stringify(timeline).includes("katherine"))
    }).pipe(Effect.provide(TestLayer)))

  it.effect("a deletion erases the candidate from the journal and the inbox, and a later webhook sends nothing", () =>
    Effect.gen(function*() {
      const lever = yield* Control.ControlHandle
      const scheduler = yield* InterviewSchedulerMemory.Control
      const inbox = yield* EventInbox.EventInbox
      const journal = yield* StepJournal.StepJournal
      yield* configureTeam
      yield* verifyConnection
      const { delivery, opportunity } = yield* candidateEntersAssessment("Mary Jackson", "mary.jackson@example.com")
      yield* drain
      const [invite] = yield* scheduler.invites
      assert.isDefined(invite)
      const reportUrl = "https://assess.example/reports/mary-jackson"
      yield* Results.reportResult(teamId, invite!.sent.interviewId, {
        score: 91,
        summary: "Mary Jackson (mary.jackson@example.com) solved every task",
        reportUrl
      })
      yield* drain
      assert.strictEqual((yield* candidateOf(opportunity.id)).invites[invite!.request.interviewType.id]?.state, "graded")
      const personal = ["Mary Jackson", "mary.jackson@example.com", reportUrl]
      const holdsPersonalData = (value: unknown) => personal.some((text) => JSON.stringify(value).includes(text))
      const opportunityEvents = Effect.map(
        inbox.list(teamId, { opportunityId: opportunity.id, limit: 1_000 }),
        (page) => page.events
      )
      const journaledKeys = (eventIds: ReadonlyArray<string>) => [
        ...eventIds.map((eventId) => StepKey.decision(StepKey.eventRun(eventId, 0))),
        StepKey.make("invite", invite!.request.key),
        StepKey.decision(StepKey.inviteOutcome("sent", invite!.request.key)),
        StepKey.make("note", Notes.marker(invite!.request.key, "sent")),
        StepKey.make("note", Notes.marker(invite!.request.key, "result"))
      ]
      const before = journaledKeys((yield* opportunityEvents).map((event) => event.eventId))
      const journaledBefore = yield* Effect.forEach(before, (key) => journal.find(teamId, key))
      assert.isTrue(journaledBefore.every(Option.isSome), "the flow journaled every step the test reads back")
      assert.isTrue(journaledBefore.some(holdsPersonalData), "the journal held the candidate's data")
      assert.isTrue((yield* opportunityEvents).some(holdsPersonalData), "the inbox held the candidate's data")
      // What Lever answered while the opportunity existed: the worst case for a later event is a read
      // that still gives it back (a stale cache, a restored record).
      const admin = InProcess.target(teamId, LeverApi.apiKey(Redacted.make(LeverSandbox.AdminApiKey)))
      const snapshot = yield* (yield* LeverApi.LeverApi).getOpportunity(admin, opportunity.id)

      yield* lever.deleteOpportunity(opportunity.id)
      yield* inbox.accept({
        teamId,
        dedupeKey: "real-deletion",
        source: "lever",
        kind: "candidateDeleted",
        opportunityId: opportunity.id,
        payload: { _tag: "Deleted", opportunityId: opportunity.id },
        rawBody: null,
        receivedAt: yield* Clock.currentTimeMillis,
        status: "pending",
        note: null
      })
      yield* drain
      assert.isTrue((yield* candidateOf(opportunity.id)).erased)
      const afterEvents = yield* opportunityEvents
      assert.deepStrictEqual(afterEvents.map((event) => event.status), ["done", "done", "done"])
      assert.isFalse(afterEvents.some(holdsPersonalData), "no inbox payload of the opportunity holds personal data")
      const result = afterEvents.find((event) => event.payload._tag === "ResultReported")
      assert.deepStrictEqual(
        result?.payload,
        { _tag: "ResultReported", interviewId: invite!.sent.interviewId, score: 91, summary: "(erased)", reportUrl: "(erased)" }
      )
      const afterKeys = journaledKeys(afterEvents.map((event) => event.eventId))
      const journaledAfter = yield* Effect.forEach(afterKeys, (key) => journal.find(teamId, key))
      assert.deepStrictEqual(journaledAfter, afterKeys.map(() => Option.none()))

      // Lever moves the (same) opportunity again, and its read still answers: the erased candidate
      // ignores it, so the forgotten journal cannot let a second invite or a note out.
      const token = yield* Effect.flatMap(ConfigStore.ConfigStore, (store) =>
        store.getSecret(teamId, "signingToken:stageChange"))
      const again = yield* LeverSignature.sign(Option.getOrThrow(token), {
        event: JSON.parse(delivery.body).event,
        data: JSON.parse(delivery.body).data
      })
      const received = yield* ReceiveWebhook.receiveWebhook({
        teamId,
        webhook: "stageChange",
        rawBody: JSON.stringify(again),
        receivedAt: yield* Clock.currentTimeMillis
      })
      assert.strictEqual(received._tag, "Accepted")
      yield* lever.requests.clear()
      yield* drain.pipe(
        Effect.updateService(LeverApi.LeverApi, (api) => ({
          ...api,
          getOpportunity: (target, opportunityId) =>
            opportunityId === opportunity.id ? Effect.succeed(snapshot) : api.getOpportunity(target, opportunityId)
        }))
      )
      assert.deepStrictEqual((yield* scheduler.invites).map((sent) => sent.calls), [1])
      assert.strictEqual(yield* calls("addNote"), 0)
      assert.strictEqual(yield* calls("addTags"), 0)
      assert.isTrue((yield* candidateOf(opportunity.id)).erased)
      const later = yield* opportunityEvents
      assert.strictEqual(later.length, 4)
      assert.notStrictEqual(later[0]!.status, "dead")
      assert.isFalse(later.some(holdsPersonalData))
      const laterJournal = yield* Effect.forEach(
        journaledKeys(later.map((event) => event.eventId)),
        (key) => journal.find(teamId, key)
      )
      assert.isFalse(laterJournal.some(holdsPersonalData), "no journal entry holds personal data")
      assert.deepStrictEqual(yield* deliver, [])
    }).pipe(Effect.provide(TestLayer)))

  it.effect("an event re-labelled in the unsigned body is refused on the wrong webhook URL", () =>
    Effect.gen(function*() {
      yield* configureTeam
      const token = yield* Effect.flatMap(ConfigStore.ConfigStore, (store) =>
        store.getSecret(teamId, "signingToken:stageChange"))
      const body = yield* LeverSignature.sign(Option.getOrThrow(token), {
        event: "candidateDeleted",
        data: { opportunityId: "opp-1", candidateId: "opp-1" }
      })
      const rejected = yield* ReceiveWebhook.receiveWebhook({
        teamId,
        webhook: "stageChange",
        rawBody: JSON.stringify(body),
        receivedAt: yield* Clock.currentTimeMillis
      }).pipe(Effect.flip)
      assert.strictEqual(rejected._tag, "MalformedWebhook")
      assert.include(String(rejected.message), "candidateDeleted")
      assert.notInclude(String(rejected.message), Redacted.value(Option.getOrThrow(token)))
    }).pipe(Effect.provide(TestLayer)))

  it.effect("a permanent key Lever stops accepting becomes a checklist problem while events are processed", () =>
    Effect.gen(function*() {
      const lever = yield* Control.ControlHandle
      yield* configureTeam
      yield* verifyConnection
      yield* lever.keys.revoke(LeverSandbox.PermanentApiKey)
      yield* candidateEntersAssessment("Dorothy Vaughan", "dorothy.vaughan@example.com")
      yield* drain
      const team = yield* TeamSetup.getTeam(teamId)
      assert.isTrue(team.settings.problems.some((problem) => problem._tag === "CredentialsRejected"))
      assert.isFalse(checklistItem(team, "connection").done)
      assert.isFalse(team.checklist.ready)
    }).pipe(Effect.provide(TestLayer)))
})
