import { assert, describe, it } from "@effect/vitest"
import { ArchiveReasonMapping } from "../src/index.ts"
import type { OfferStatus } from "../src/OfferStatus.ts"
import { ready, reasonId, reasons, setup, readyCommands } from "./fixtures.ts"

const chart: ReadonlyArray<readonly [string, OfferStatus]> = [
  ["Not a fit", "Rejected"],
  ["Underqualified", "Rejected"],
  ["Preferred another candidate", "Rejected"],
  ["Overqualified", "Rejected"],
  ["Keep for future opportunities", "Rejected"],
  ["Motivations misalignment", "Rejected"],
  ["Misaligned values", "Rejected"],
  ["Plagiarism", "Rejected"],
  ["Junior for role", "Rejected"],
  ["Withdrew", "Withdrew"],
  ["Hired", "Offer Accepted"],
  ["Offer declined", "Offer Declined"],
  ["Accepted another offer", "Offer Declined"],
  ["Duplicate application", "Not Applicable"],
  ["Unresponsive", "Not Applicable"],
  ["Timing", "Not Applicable"],
  ["Position closed", "Not Applicable"],
  ["Location", "Not Applicable"],
  ["Visa status", "Not Applicable"],
  ["Better for another role", "Not Applicable"],
  ["Compensation misalignment", "Not Applicable"],
  ["Expired", "Not Applicable"],
  ["Distance", "Not Applicable"]
]

const variants = (name: string): ReadonlyArray<string> => [
  name,
  name.toUpperCase(),
  name.toLowerCase(),
  `  ${name}  `,
  name.replace(/ /g, "   "),
  name.replace(/ /g, "\t"),
  name.split(" ").map((w) => w[0]!.toUpperCase() + w.slice(1)).join(" ")
]

describe("ArchiveReasonMapping.normalize", () => {
  it("lowercases, trims and collapses whitespace", () => {
    assert.strictEqual(ArchiveReasonMapping.normalize("  Not   A\tFit \n"), "not a fit")
    assert.strictEqual(ArchiveReasonMapping.normalize(""), "")
  })
})

describe("ArchiveReasonMapping.suggestOfferStatus", () => {
  it("covers the whole chart: 23 common names", () => {
    assert.strictEqual(ArchiveReasonMapping.commonReasons.size, chart.length)
  })

  for (const [name, status] of chart) {
    it(`suggests ${status} for “${name}”, whatever the case and spacing`, () => {
      for (const text of variants(name)) {
        assert.strictEqual(ArchiveReasonMapping.suggestOfferStatus({ text, type: "non-hired" }), status, text)
      }
    })
  }

  it("suggests Offer Accepted for any reason of type hired", () => {
    assert.strictEqual(ArchiveReasonMapping.suggestOfferStatus({ text: "Joined the team", type: "hired" }), "Offer Accepted")
    assert.strictEqual(ArchiveReasonMapping.suggestOfferStatus({ text: "Not a fit", type: "hired" }), "Offer Accepted")
  })

  it("suggests nothing for other names", () => {
    assert.strictEqual(ArchiveReasonMapping.suggestOfferStatus({ text: "Went quiet", type: "non-hired" }), undefined)
    assert.strictEqual(ArchiveReasonMapping.suggestOfferStatus({ text: "Not a fit at all", type: "non-hired" }), undefined)
    assert.strictEqual(ArchiveReasonMapping.suggestOfferStatus({ text: "", type: "non-hired" }), undefined)
  })
})

describe("ArchiveReasonMapping.suggestions", () => {
  it("suggests only for unmapped reasons with a known name, in Lever's order", () => {
    assert.deepStrictEqual(ArchiveReasonMapping.suggestions(reasons, { [reasonId("r-fit")]: "Not Applicable" }), [
      { reasonId: reasonId("r-hired"), reasonText: "Hired", offerStatus: "Offer Accepted" },
      { reasonId: reasonId("r-withdrew"), reasonText: "Withdrew", offerStatus: "Withdrew" }
    ])
  })

  it("suggests nothing once everything is mapped", () => {
    const all = Object.fromEntries(reasons.map((r) => [r.id, "Rejected" as const]))
    assert.deepStrictEqual(ArchiveReasonMapping.suggestions(reasons, all), [])
  })
})

describe("ArchiveReasonMapping.unmappedActiveReasons", () => {
  it("lists active reasons without an offer status; inactive ones are optional", () => {
    const partly = setup(readyCommands.filter((c) => !(c._tag === "MapArchiveReason" && c.reasonId === "r-custom")))
    assert.deepStrictEqual(ArchiveReasonMapping.unmappedActiveReasons(partly).map((r) => r.text), ["Went quiet"])
    assert.deepStrictEqual(ArchiveReasonMapping.unmappedActiveReasons(ready), [])
  })

  it("is empty before the reasons were read", () => {
    assert.deepStrictEqual(ArchiveReasonMapping.unmappedActiveReasons({ ...ready, leverArchiveReasons: null }), [])
  })
})

describe("ArchiveReasonMapping.offerStatusFor", () => {
  it("gives the mapped status, or nothing", () => {
    assert.strictEqual(ArchiveReasonMapping.offerStatusFor(ready, reasonId("r-hired")), "Offer Accepted")
    assert.strictEqual(ArchiveReasonMapping.offerStatusFor(ready, reasonId("r-fit")), "Rejected")
    assert.strictEqual(ArchiveReasonMapping.offerStatusFor(ready, reasonId("r-old")), undefined)
  })

  it("names a reason from the catalog, or by id", () => {
    assert.strictEqual(ArchiveReasonMapping.reasonName(ready, reasonId("r-old")), "Old reason")
    assert.strictEqual(ArchiveReasonMapping.reasonName(ready, reasonId("r-new")), "r-new")
  })
})
