import { assert, describe, it } from "@effect/vitest"
import { Result } from "effect"
import { StageMapping } from "../src/index.ts"
import { stageId, stages } from "./fixtures.ts"

const choice = { assessment: stageId("assess"), onsite: stageId("onsite"), offer: stageId("offer") }
const mapping = Result.getOrThrow(StageMapping.make(choice, stages))

describe("StageMapping.make", () => {
  it("maps three distinct known stages, keeping their Lever names", () => {
    assert.deepStrictEqual(mapping, {
      assessment: { stageId: stageId("assess"), name: "Tech assessment" },
      onsite: { stageId: stageId("onsite"), name: "Onsite" },
      offer: { stageId: stageId("offer"), name: "Offer" }
    })
  })

  it("refuses a Lever stage that does not exist", () => {
    const made = StageMapping.make({ ...choice, onsite: stageId("gone") }, stages)
    assert.deepStrictEqual(made, Result.fail({ _tag: "UnknownLeverStage" as const, stageId: stageId("gone"), providerStage: "onsite" as const }))
  })

  it("refuses a Lever stage chosen twice, naming the provider stages", () => {
    const made = StageMapping.make({ ...choice, offer: stageId("onsite") }, stages)
    assert.deepStrictEqual(
      made,
      Result.fail({ _tag: "StageMappedTwice" as const, stageId: stageId("onsite"), providerStages: ["onsite", "offer"] as const })
    )
  })

  it("refuses the same stage for all three", () => {
    const made = StageMapping.make({ assessment: stageId("assess"), onsite: stageId("assess"), offer: stageId("assess") }, stages)
    assert.isTrue(Result.isFailure(made))
    if (Result.isFailure(made)) {
      assert.strictEqual(made.failure._tag, "StageMappedTwice")
    }
  })

  it("refuses everything when no stages are known", () => {
    assert.isTrue(Result.isFailure(StageMapping.make(choice, [])))
  })

  it("explains refusals in the admin's terms", () => {
    assert.include(
      StageMapping.problemMessage({ _tag: "UnknownLeverStage", stageId: stageId("gone"), providerStage: "onsite" }),
      "gone chosen for onsite does not exist"
    )
    assert.include(
      StageMapping.problemMessage({ _tag: "StageMappedTwice", stageId: stageId("x"), providerStages: ["onsite", "offer"] }),
      "chosen for onsite and offer"
    )
  })
})

describe("StageMapping.providerStageOf", () => {
  it("finds the provider stage of a mapped Lever stage", () => {
    assert.strictEqual(StageMapping.providerStageOf(mapping, stageId("assess")), "assessment")
    assert.strictEqual(StageMapping.providerStageOf(mapping, stageId("onsite")), "onsite")
    assert.strictEqual(StageMapping.providerStageOf(mapping, stageId("offer")), "offer")
    assert.strictEqual(StageMapping.providerStageOf(mapping, stageId("screen")), undefined)
  })
})

describe("StageMapping.drift", () => {
  it("is empty while Lever still has the stages under the same names", () => {
    assert.deepStrictEqual(StageMapping.drift(mapping, stages), [])
  })

  it("reports a mapped stage that no longer exists", () => {
    const drift = StageMapping.drift(mapping, stages.filter((s) => s.id !== "onsite"))
    assert.deepStrictEqual(drift, [{ _tag: "Missing", providerStage: "onsite", mapped: mapping.onsite }])
    assert.strictEqual(
      StageMapping.driftMessage(drift[0]!),
      "the stage “Onsite” mapped to onsite no longer exists in Lever"
    )
  })

  it("reports a renamed stage with its new name (exact comparison)", () => {
    const renamed = stages.map((s) => s.id === "assess" ? { ...s, text: "tech assessment" } : s)
    const drift = StageMapping.drift(mapping, renamed)
    assert.deepStrictEqual(drift, [{
      _tag: "Renamed",
      providerStage: "assessment",
      mapped: mapping.assessment,
      currentName: "tech assessment"
    }])
    assert.strictEqual(
      StageMapping.driftMessage(drift[0]!),
      "the stage “Tech assessment” mapped to assessment was renamed to “tech assessment” in Lever"
    )
  })

  it("reports every drifted stage in provider-stage order", () => {
    const drift = StageMapping.drift(mapping, [{ id: stageId("offer"), text: "Offer made" }])
    assert.deepStrictEqual(drift.map((d) => [d._tag, d.providerStage]), [
      ["Missing", "assessment"],
      ["Missing", "onsite"],
      ["Renamed", "offer"]
    ])
  })

  it("shows the current Lever name when known", () => {
    assert.strictEqual(StageMapping.currentName(mapping.assessment, undefined), "Tech assessment")
    assert.strictEqual(StageMapping.currentName(mapping.assessment, [{ id: stageId("assess"), text: "Assess" }]), "Assess")
    assert.strictEqual(StageMapping.currentName(mapping.assessment, []), "Tech assessment")
  })
})

describe("StageMapping.completeChoice", () => {
  it("keeps a choice naming every provider stage", () => {
    const choice = { assessment: stageId("a"), onsite: stageId("b"), offer: stageId("c") }
    assert.deepStrictEqual(StageMapping.completeChoice(choice), Result.succeed(choice))
  })

  it("refuses a choice that leaves provider stages out, naming them", () => {
    const refused = StageMapping.completeChoice({ assessment: stageId("a") })
    assert.isTrue(Result.isFailure(refused))
    if (Result.isFailure(refused)) {
      assert.deepStrictEqual(refused.failure, { _tag: "StageNotChosen", providerStages: ["onsite", "offer"] })
      assert.include(StageMapping.problemMessage(refused.failure), "onsite and offer")
    }
  })
})
