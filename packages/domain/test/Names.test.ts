import { assert, describe, it } from "@effect/vitest"
import { Names } from "../src/index.ts"
import { interviewTypeId, ready, reasonId, stageId } from "./fixtures.ts"

describe("Names", () => {
  const names = Names.fromSettings(ready)

  it("names stages, reasons and interview types from the team's settings", () => {
    assert.strictEqual(Names.stage(names, stageId("screen")), "“Phone screen”")
    assert.strictEqual(Names.mappedStage(names, "assessment"), "“Tech assessment”")
    assert.strictEqual(names.providerStageOf(stageId("onsite")), "onsite")
    assert.strictEqual(Names.reason(names, reasonId("r-old")), "“Old reason”")
    assert.strictEqual(Names.interviewType(names, interviewTypeId("senior")), "“Senior SWE”")
  })

  it("falls back to the id, or to the provider stage, when a name is not known", () => {
    assert.strictEqual(Names.stage(names, stageId("gone")), "stage gone")
    assert.strictEqual(Names.reason(names, reasonId("r-gone")), "reason r-gone")
    assert.strictEqual(Names.interviewType(names, interviewTypeId("retired")), "interview type retired")
    assert.strictEqual(Names.mappedStage(Names.unknown, "assessment"), "the assessment stage")
    assert.strictEqual(Names.stage(Names.fromSettings({ ...ready, leverStages: null, stageMapping: null }), stageId("screen")), "stage screen")
  })

  it("names a mapped stage by its mapped name when the Lever stages were not read", () => {
    const unread = Names.fromSettings({ ...ready, leverStages: null })
    assert.strictEqual(Names.stage(unread, stageId("assess")), "“Tech assessment”")
    assert.strictEqual(Names.stage(unread, stageId("screen")), "stage screen")
  })
})
