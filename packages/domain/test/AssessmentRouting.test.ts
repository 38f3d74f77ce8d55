import { describe, it } from "@effect/vitest"
import { assert } from "@effect/vitest"
import { Result, Schema } from "effect"
import * as fc from "fast-check"
import { AssessmentRouting, Candidate, Checklist, Ids, Notes, Setup } from "../src/index.ts"
import type { InterviewType } from "../src/InterviewType.ts"
import type { PostingLinks } from "../src/Posting.ts"
import {
  interviewTypeId,
  junior,
  opportunity,
  ready,
  run,
  senior,
  setup,
  readyCommands,
  stageChange,
  stageId,
  stages
} from "./fixtures.ts"

const postingId = (id: string) => Ids.PostingId.make(id)
const staff: InterviewType = { id: interviewTypeId("staff"), name: "Staff", tag: "Acme Staff" }
const types = [senior, junior, staff]
const removedId = interviewTypeId("removed")

const link = (posting: string, interviewTypeId: Ids.InterviewTypeId) => ({
  postingId: postingId(posting),
  title: `Title ${posting}`,
  interviewTypeId,
  linkedAt: 1,
  missingSince: null
})

/** A type id, or one that no longer exists, or none. */
const anyTypeRef = fc.constantFrom<Ids.InterviewTypeId | undefined>(senior.id, junior.id, staff.id, removedId, undefined)

const anyCase = fc.record({
  tags: fc.subarray([senior.tag, junior.tag, staff.tag, "unrelated", "acme senior swe"]),
  posting: fc.constantFrom<string | null>("p-1", "p-2", null),
  linkOfP1: anyTypeRef,
  stageDefault: anyTypeRef
})

const inputOf = (c: typeof anyCase extends fc.Arbitrary<infer A> ? A : never): AssessmentRouting.RoutingInput => {
  const postingLinks: PostingLinks = c.linkOfP1 === undefined ? {} : { "p-1": link("p-1", c.linkOfP1) }
  return {
    interviewTypes: types,
    postingLinks,
    stage: {
      stageId: stageId("assess"),
      name: "Tech assessment",
      ...(c.stageDefault === undefined ? {} : { defaultInterviewTypeId: c.stageDefault })
    },
    tags: c.tags,
    posting: c.posting === null ? null : { id: postingId(c.posting), title: null }
  }
}

describe("AssessmentRouting.route", () => {
  it("follows the precedence tag → posting → stage default → none, over every combination", () => {
    fc.assert(fc.property(anyCase, (c) => {
      const routed = AssessmentRouting.route(inputOf(c))
      const tagged = types.filter((type) => c.tags.includes(type.tag))
      const exists = (id: Ids.InterviewTypeId | undefined) => types.find((type) => type.id === id)
      const byPosting = c.posting === "p-1" ? exists(c.linkOfP1) : undefined
      const byStage = exists(c.stageDefault)
      if (tagged.length > 1) {
        assert.deepStrictEqual(routed, { _tag: "SeveralTags", tags: tagged.map((type) => type.tag) })
      } else if (tagged.length === 1) {
        assert.deepStrictEqual(routed, {
          _tag: "Chosen",
          interviewType: tagged[0]!,
          chosenBy: { _tag: "Tag", tag: tagged[0]!.tag }
        })
      } else if (byPosting !== undefined) {
        assert.deepStrictEqual(routed, {
          _tag: "Chosen",
          interviewType: byPosting,
          chosenBy: { _tag: "Posting", postingId: postingId("p-1"), title: "Title p-1" }
        })
      } else if (byStage !== undefined) {
        assert.deepStrictEqual(routed, {
          _tag: "Chosen",
          interviewType: byStage,
          chosenBy: { _tag: "Stage", stageId: stageId("assess"), name: "Tech assessment" }
        })
      } else {
        assert.strictEqual(routed._tag, "NoneChosen")
        if (routed._tag === "NoneChosen") {
          // The note names the posting the candidate applied to, even when it is not linked.
          assert.strictEqual(routed.posting?.id ?? null, c.posting)
        }
      }
    }))
  })

  it("says which rule chose the interview type", () => {
    assert.strictEqual(AssessmentRouting.chosenByText({ _tag: "Tag", tag: "Acme Senior SWE" }), "by tag “Acme Senior SWE”")
    assert.strictEqual(
      AssessmentRouting.chosenByText({ _tag: "Posting", postingId: postingId("p-1"), title: "Backend Engineer" }),
      "by posting “Backend Engineer”"
    )
    assert.strictEqual(
      AssessmentRouting.chosenByText({ _tag: "Posting", postingId: postingId("p-1"), title: null }),
      "by posting the posting p-1"
    )
    assert.strictEqual(
      AssessmentRouting.chosenByText({ _tag: "Stage", stageId: stageId("assess"), name: "Take-home" }),
      "by stage “Take-home”"
    )
  })
})

describe("routing in the candidate flow", () => {
  const linked = setup([
    ...readyCommands,
    { _tag: "LinkPosting", postingId: postingId("p-1"), title: "Backend Engineer", interviewTypeId: junior.id, at: 30 }
  ])
  const onPosting = (posting: string, tags: ReadonlyArray<string> = []) =>
    opportunity({ tags, posting: { id: postingId(posting), title: posting === "p-1" ? "Backend Engineer" : "Designer" } })

  it("a candidate on a linked posting without a tag is sent the posting's interview type, and the note says so", () => {
    const { decision, state } = run(null, stageChange({ settings: linked, opportunity: onPosting("p-1") }))
    const send = decision.intents.find((intent) => intent._tag === "SendInvite")
    assert.strictEqual(send?._tag === "SendInvite" ? send.interviewType.id : undefined, junior.id)
    const key = Candidate.inviteKey(ready.teamId, opportunity().id, junior.id, 0)
    const sent = run(state, {
      _tag: "RecordInviteSent",
      key,
      interviewId: Ids.InterviewId.make("int-9"),
      inviteUrl: null,
      expiresAt: null,
      at: 2_000
    })
    const note = sent.decision.intents.find((intent) => intent._tag === "PostNote")
    assert.include(note?._tag === "PostNote" ? note.text : "", "Interview type chosen by posting “Backend Engineer”.")
  })

  it("the tag wins over the posting", () => {
    const { decision } = run(null, stageChange({ settings: linked, opportunity: onPosting("p-1", [senior.tag]) }))
    const send = decision.intents.find((intent) => intent._tag === "SendInvite")
    assert.strictEqual(send?._tag === "SendInvite" ? send.interviewType.id : undefined, senior.id)
  })

  it("on an unlinked posting, the note names the posting", () => {
    const { decision } = run(null, stageChange({ settings: linked, opportunity: onPosting("p-2") }))
    const note = decision.intents.find((intent) => intent._tag === "PostNote")
    assert.include(
      note?._tag === "PostNote" ? note.text : "",
      "Their job posting “Designer” has no interview type linked"
    )
    assert.isTrue(Notes.hasMarker(note?._tag === "PostNote" ? note.text : "", "fulcrum:evt-1:no-tag"))
  })

  const twoStages = setup([
    ...readyCommands,
    {
      _tag: "MapStages",
      assessment: stageId("assess"),
      onsite: stageId("onsite"),
      offer: stageId("offer"),
      extraAssessments: [{ stageId: stageId("screen"), defaultInterviewTypeId: junior.id }],
      at: 30
    }
  ])

  it("entering a further assessment stage invites with its default interview type", () => {
    const { decision } = run(null, stageChange({ settings: twoStages, opportunity: opportunity({ tags: [], stageId: stageId("screen") }) }))
    const send = decision.intents.find((intent) => intent._tag === "SendInvite")
    assert.strictEqual(send?._tag === "SendInvite" ? send.interviewType.id : undefined, junior.id)
  })

  it("moving between two assessment stages sends one invite per interview type", () => {
    const tagged = opportunity({ tags: [junior.tag], stageId: stageId("screen") })
    const first = run(null, stageChange({ settings: twoStages, opportunity: tagged }))
    const key = Candidate.inviteKey(ready.teamId, tagged.id, junior.id, 0)
    const sent = run(first.state, {
      _tag: "RecordInviteSent",
      key,
      interviewId: Ids.InterviewId.make("int-1"),
      inviteUrl: null,
      expiresAt: null,
      at: 1_500
    })
    const moved = run(sent.state, stageChange({
      settings: twoStages,
      eventId: Ids.EventId.make("evt-2"),
      fromStageId: stageId("screen"),
      opportunity: { ...tagged, stageId: stageId("assess") },
      at: 2_000
    }))
    assert.deepStrictEqual(moved.decision.intents.filter((intent) => intent._tag === "SendInvite"), [])
    assert.strictEqual(moved.decision.events.at(-1)?._tag, "DuplicateInviteIgnored")
    // And back again: still one invite for that type.
    const back = run(moved.state, stageChange({
      settings: twoStages,
      eventId: Ids.EventId.make("evt-3"),
      opportunity: tagged,
      at: 3_000
    }))
    assert.deepStrictEqual(back.decision.intents.filter((intent) => intent._tag === "SendInvite"), [])
  })
})

describe("Setup: assessment stages and posting links", () => {
  it("keeps a Lever stage to one role, further assessment stages included", () => {
    const refused = Setup.decide(ready, {
      _tag: "MapStages",
      assessment: stageId("assess"),
      onsite: stageId("onsite"),
      offer: stageId("offer"),
      extraAssessments: [{ stageId: stageId("onsite") }],
      at: 30
    })
    assert.isTrue(Result.isFailure(refused))
    if (Result.isFailure(refused)) {
      assert.strictEqual(refused.failure.reason, "StageMappedTwice")
      assert.include(refused.failure.message, "onsite and further assessment stage 1")
    }
  })

  it("refuses a default interview type the team does not have", () => {
    const refused = Setup.decide(ready, {
      _tag: "MapStages",
      assessment: stageId("assess"),
      onsite: stageId("onsite"),
      offer: stageId("offer"),
      extraAssessments: [{ stageId: stageId("screen"), defaultInterviewTypeId: removedId }],
      at: 30
    })
    assert.isTrue(Result.isFailure(refused) && refused.failure.reason === "UnknownInterviewType")
  })

  it("links, relinks and unlinks a posting; linking to an unknown interview type is refused", () => {
    const linked = setup([
      ...readyCommands,
      { _tag: "LinkPosting", postingId: postingId("p-1"), title: "Backend", interviewTypeId: senior.id, at: 30 }
    ])
    assert.strictEqual(linked.postingLinks?.["p-1"]?.interviewTypeId, senior.id)
    const same = Setup.decide(linked, {
      _tag: "LinkPosting",
      postingId: postingId("p-1"),
      title: "Backend",
      interviewTypeId: senior.id,
      at: 31
    })
    assert.deepStrictEqual(same, Result.succeed([]))
    const unknown = Setup.decide(linked, {
      _tag: "LinkPosting",
      postingId: postingId("p-1"),
      title: "Backend",
      interviewTypeId: removedId,
      at: 31
    })
    assert.isTrue(Result.isFailure(unknown) && unknown.failure.reason === "UnknownInterviewType")
    const unlinked = setup([
      ...readyCommands,
      { _tag: "LinkPosting", postingId: postingId("p-1"), title: "Backend", interviewTypeId: senior.id, at: 30 },
      { _tag: "LinkPosting", postingId: postingId("p-1"), title: "Backend", interviewTypeId: null, at: 31 }
    ])
    assert.deepStrictEqual(unlinked.postingLinks, {})
  })

  it("the checklist warns of a linked posting gone from Lever and of a link to a removed interview type", () => {
    const settings = setup([
      ...readyCommands,
      { _tag: "LinkPosting", postingId: postingId("p-1"), title: "Backend", interviewTypeId: senior.id, at: 30 },
      { _tag: "LinkPosting", postingId: postingId("p-2"), title: "Frontend", interviewTypeId: junior.id, at: 31 },
      { _tag: "RecordLeverPostings", postings: [{ id: postingId("p-2"), text: "Frontend" }], at: 32 },
      { _tag: "RemoveInterviewType", interviewTypeId: junior.id, at: 33 }
    ])
    assert.strictEqual(settings.postingLinks?.["p-1"]?.missingSince, 32)
    const warning = Checklist.checklist(settings).warnings.find((w) => w.id === "postingLinks")
    assert.include(warning?.problem ?? "", "Linked posting “Backend” no longer exists in Lever.")
    assert.include(warning?.problem ?? "", "Posting “Frontend” is linked to an interview type that was removed")
    // A posting found again is cleared, a renamed one takes its new title.
    const found = Setup.replay(
      Result.getOrThrow(Setup.decide(settings, {
        _tag: "RecordLeverPostings",
        postings: [{ id: postingId("p-1"), text: "Backend (Remote)" }, { id: postingId("p-2"), text: "Frontend" }],
        at: 40
      })),
      settings
    )
    assert.deepStrictEqual(
      { missingSince: found?.postingLinks?.["p-1"]?.missingSince, title: found?.postingLinks?.["p-1"]?.title },
      { missingSince: null, title: "Backend (Remote)" }
    )
  })

  it("the checklist warns of an assessment stage whose default interview type was removed", () => {
    const settings = setup([
      ...readyCommands,
      {
        _tag: "MapStages",
        assessment: stageId("assess"),
        onsite: stageId("onsite"),
        offer: stageId("offer"),
        extraAssessments: [{ stageId: stageId("screen"), defaultInterviewTypeId: junior.id }],
        at: 30
      },
      { _tag: "RemoveInterviewType", interviewTypeId: junior.id, at: 31 }
    ])
    const warning = Checklist.checklist(settings).warnings.find((w) => w.id === "stageDefaults")
    assert.include(warning?.problem ?? "", "assessment stage “Phone screen” was removed")
    assert.isTrue(Checklist.checklist(settings).ready)
  })

  it("settings saved before links and further stages existed still decode", () => {
    const encoded = Schema.encodeSync(Setup.TeamSettings)(ready) as Record<string, unknown>
    const stored = JSON.parse(JSON.stringify({ ...encoded, postingLinks: undefined }))
    const decoded = Schema.decodeUnknownSync(Setup.TeamSettings)(stored)
    assert.strictEqual(decoded.postingLinks, undefined)
    assert.strictEqual(decoded.stageMapping?.extraAssessments, undefined)
    assert.deepStrictEqual(decoded.stageMapping?.assessment, { stageId: stageId("assess"), name: "Tech assessment" })
    assert.isTrue(stages.length > 0)
  })
})
