import { assert, describe, it } from "@effect/vitest"
import { Schema } from "effect"
import { Ids } from "../src/index.ts"

const controls = [...Array.from({ length: 0x20 }, (_, code) => String.fromCharCode(code)), "\u007f"]
const placed = (character: string) => [`${character}acme`, `ac${character}me`, `acme${character}`]

describe("Ids", () => {
  const ids = [Ids.TeamId, Ids.OpportunityId, Ids.StageId, Ids.ArchiveReasonId, Ids.InterviewTypeId, Ids.InterviewId, Ids.EventId]

  it("refuses an id with a NUL or any other control character", () => {
    for (const id of ids) {
      for (const value of controls.flatMap(placed)) assert.isFalse(Schema.is(id)(value), JSON.stringify(value))
      assert.isTrue(Schema.is(id)("acme-1"))
    }
  })

  it("still takes Lever's opaque ids as they are", () => {
    for (const value of ["lead-new", "7f3b2c1e-5d4a-4b8e-9c6f-0a1b2c3d4e5f", "evt_0193a1b2c3d4", "a.b:c/d"]) {
      assert.isTrue(Schema.is(Ids.StageId)(value), value)
      assert.isTrue(Schema.is(Ids.EventId)(value), value)
    }
  })
})
