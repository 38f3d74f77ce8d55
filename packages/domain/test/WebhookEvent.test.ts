import { assert, describe, it } from "@effect/vitest"
import { Result, Schema } from "effect"
import { WebhookEvent } from "../src/index.ts"
import { opportunityId, reasonId, stageId } from "./fixtures.ts"

const envelope = (event: string, data: unknown): WebhookEvent.Envelope => ({
  triggeredAt: 1_431_454_330_072,
  event,
  token: "be58f711f349c7780e4579cd7c63341ac6f881e4dccc3154",
  signature: "67237316b71be6f4595c3313d347b09353b22d7cbab3726261b73d409acd8fd7",
  data
})

const failure = (result: Result.Result<WebhookEvent.WebhookPayload, string>): string =>
  Result.isFailure(result) ? result.failure : assert.fail("expected a failure")

describe("WebhookEvent.toPayload", () => {
  it("reads an empty data object as Lever's Verify connection ping, whatever the event", () => {
    assert.deepStrictEqual(WebhookEvent.toPayload(envelope("candidateStageChange", {})), Result.succeed({ _tag: "Ping" as const }))
    assert.deepStrictEqual(WebhookEvent.toPayload(envelope("candidateArchiveChange", {})), Result.succeed({ _tag: "Ping" as const }))
  })

  it("decodes a stage change leniently (extra fields ignored)", () => {
    const data = { opportunityId: "opp-1", candidateId: "opp-1", contactId: "c-1", toStageId: "assess", fromStageId: "screen" }
    assert.deepStrictEqual(
      WebhookEvent.toPayload(envelope("candidateStageChange", data)),
      Result.succeed({ _tag: "StageChanged" as const, opportunityId, toStageId: stageId("assess"), fromStageId: stageId("screen") })
    )
  })

  it("reads a missing or null fromStageId as null", () => {
    for (const data of [{ opportunityId: "opp-1", toStageId: "assess" }, { opportunityId: "opp-1", toStageId: "assess", fromStageId: null }]) {
      assert.deepStrictEqual(
        WebhookEvent.toPayload(envelope("candidateStageChange", data)),
        Result.succeed({ _tag: "StageChanged" as const, opportunityId, toStageId: stageId("assess"), fromStageId: null })
      )
    }
  })

  it("decodes an archive change, and an unarchive (toArchived null)", () => {
    const archived = { archivedAt: 1_700_000_000_000, reason: "r-fit" }
    assert.deepStrictEqual(
      WebhookEvent.toPayload(envelope("candidateArchiveChange", { opportunityId: "opp-1", fromArchived: null, toArchived: archived })),
      Result.succeed({ _tag: "ArchiveChanged" as const, opportunityId, toArchived: { archivedAt: 1_700_000_000_000, reason: reasonId("r-fit") } })
    )
    assert.deepStrictEqual(
      WebhookEvent.toPayload(envelope("candidateArchiveChange", { opportunityId: "opp-1", fromArchived: archived, toArchived: null })),
      Result.succeed({ _tag: "ArchiveChanged" as const, opportunityId, toArchived: null })
    )
  })

  it("decodes a deletion by opportunityId or by candidateId", () => {
    assert.deepStrictEqual(
      WebhookEvent.toPayload(envelope("candidateDeleted", { opportunityId: "opp-1" })),
      Result.succeed({ _tag: "Deleted" as const, opportunityId })
    )
    assert.deepStrictEqual(
      WebhookEvent.toPayload(envelope("candidateDeleted", { candidateId: "opp-1", contactId: "c" })),
      Result.succeed({ _tag: "Deleted" as const, opportunityId })
    )
  })

  it("ignores any other event", () => {
    assert.deepStrictEqual(
      WebhookEvent.toPayload(envelope("interviewCreated", { interviewId: "i" })),
      Result.succeed({ _tag: "Ignored" as const, event: "interviewCreated" })
    )
  })

  it("fails on malformed data of a handled event, naming the field", () => {
    assert.include(failure(WebhookEvent.toPayload(envelope("candidateStageChange", { opportunityId: "opp-1" }))), "data.toStageId")
    assert.include(failure(WebhookEvent.toPayload(envelope("candidateStageChange", { opportunityId: 3, toStageId: "a" }))), "data.opportunityId")
    assert.include(
      failure(WebhookEvent.toPayload(envelope("candidateArchiveChange", { opportunityId: "o", toArchived: { archivedAt: "yesterday", reason: "r" } }))),
      "data.toArchived.archivedAt"
    )
    assert.include(failure(WebhookEvent.toPayload(envelope("candidateArchiveChange", { opportunityId: "o" }))), "data.toArchived")
    assert.include(failure(WebhookEvent.toPayload(envelope("candidateDeleted", { contactId: "c" }))), "data.opportunityId")
  })

  it("fails when the data of a handled event is not an object", () => {
    assert.include(failure(WebhookEvent.toPayload(envelope("candidateStageChange", null))), "candidateStageChange")
    assert.include(failure(WebhookEvent.toPayload(envelope("candidateStageChange", "x"))), "candidateStageChange")
    assert.include(failure(WebhookEvent.toPayload(envelope("candidateStageChange", []))), "candidateStageChange")
  })

  it("fails on a NUL or another control character in any id of the data, naming the field", () => {
    const cases: ReadonlyArray<readonly [string, unknown, string]> = [
      ["candidateStageChange", { opportunityId: "opp\u0000", toStageId: "assess" }, "data.opportunityId"],
      ["candidateStageChange", { opportunityId: "opp-1", toStageId: "as\u0000sess" }, "data.toStageId"],
      ["candidateStageChange", { opportunityId: "opp-1", toStageId: "assess", fromStageId: "screen\n" }, "data.fromStageId"],
      ["candidateArchiveChange", { opportunityId: "opp-1", toArchived: { archivedAt: 1, reason: "r\u0000" } }, "data.toArchived.reason"],
      ["candidateDeleted", { opportunityId: "\u0000" }, "data.opportunityId"],
      ["candidateDeleted", { candidateId: "opp\u001b" }, "data.candidateId"]
    ]
    for (const [event, data, field] of cases) {
      assert.include(failure(WebhookEvent.toPayload(envelope(event, data))), field, JSON.stringify(data))
    }
  })
})

describe("WebhookEvent.Envelope", () => {
  const valid = envelope("candidateStageChange", {})

  it("refuses a NUL or another control character in the event, token or signature", () => {
    assert.isTrue(Schema.is(WebhookEvent.Envelope)(valid))
    for (const field of ["event", "token", "signature"] as const) {
      for (const bad of ["\u0000", "\n", "\u007f"]) {
        assert.isFalse(Schema.is(WebhookEvent.Envelope)({ ...valid, [field]: `${valid[field]}${bad}` }), `${field} ${JSON.stringify(bad)}`)
      }
    }
  })
})
