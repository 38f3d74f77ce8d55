/**
 * The step journal's keys are durable: the format an older worker journaled under must stay the one a
 * newer worker looks up.
 */
import { assert, describe, it } from "@effect/vitest"
import * as StepKey from "../src/StepKey.ts"

describe("StepKey", () => {
  it("builds the stored key formats and reads their kind back", () => {
    assert.strictEqual(StepKey.make("note", "fulcrum:evt_1:no-tag"), "note:fulcrum:evt_1:no-tag")
    assert.strictEqual(StepKey.decision(StepKey.eventRun("evt_1", 2)), "decision:evt_1:2")
    assert.strictEqual(StepKey.decision(StepKey.inviteOutcome("sent", "t:o:it")), "decision:invite-sent:t:o:it")
    assert.strictEqual(StepKey.kind(StepKey.make("tags", "fulcrum:t:o:it:sent")), "tags")
  })

  it("tells a decision's timeline entries from another decision's", () => {
    const entry = StepKey.timelineEntry(StepKey.eventRun("evt_1", 0), 3)
    assert.strictEqual(entry, "evt_1:0:3")
    assert.isTrue(StepKey.isEntryOf(entry, StepKey.eventRun("evt_1", 0)))
    assert.isFalse(StepKey.isEntryOf("evt_1:10:0", StepKey.eventRun("evt_1", 1)))
  })

  it("covers every step a candidate's events and invites leave", () => {
    assert.deepStrictEqual(StepKey.prefixesOfCandidate(["evt_1"], "team", "opp"), [
      "decision:evt_1:",
      "decision:team:opp:",
      "decision:invite-sent:evt_1:",
      "decision:invite-sent:team:opp:",
      "decision:invite-failed:evt_1:",
      "decision:invite-failed:team:opp:",
      "invite:evt_1:",
      "invite:team:opp:",
      "note:fulcrum:evt_1:",
      "note:fulcrum:team:opp:",
      "notify:fulcrum:evt_1:",
      "notify:fulcrum:team:opp:",
      "cancel:fulcrum:evt_1:",
      "cancel:fulcrum:team:opp:",
      "tags:fulcrum:evt_1:",
      "tags:fulcrum:team:opp:"
    ])
  })
  it("reads a run's usual steps under a few of the candidate's prefixes", () => {
    const prefixes = StepKey.prefixesOfRun("evt_1", "team", "opp")
    const covered = (key: string) => prefixes.some((prefix) => key.startsWith(prefix))
    const inviteKey = "team:opp:backend:resend-1"
    for (
      const key of [
        StepKey.decision(StepKey.eventRun("evt_1", 2)),
        StepKey.make("invite", inviteKey),
        StepKey.decision(StepKey.inviteOutcome("sent", inviteKey)),
        StepKey.decision(StepKey.inviteOutcome("failed", inviteKey)),
        StepKey.make("note", `fulcrum:${inviteKey}:invited`),
        StepKey.make("note", "fulcrum:evt_1:no-tag")
      ]
    ) assert.isTrue(covered(key), key)
    for (const key of ["decision:evt_10:0", "invite:team:opp2:backend", "note:fulcrum:evt_2:no-tag"]) {
      assert.isFalse(covered(key), key)
    }
    const ofCandidate = StepKey.prefixesOfCandidate(["evt_1"], "team", "opp")
    assert.isTrue(prefixes.every((prefix) => ofCandidate.includes(prefix)))
  })
})
