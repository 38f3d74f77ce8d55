import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { ToleranceWindow } from "../src/index.ts"

const at = (receivedAt: number) => ({ triggeredAt: 1_000_000, receivedAt: 1_000_000 + receivedAt })

describe("ToleranceWindow", () => {
  it("defaults to 300 s past and 60 s future", () => {
    assert.deepStrictEqual(ToleranceWindow.defaults, { pastMs: 300_000, futureMs: 60_000 })
  })

  it("keeps both edges inside and everything past them outside, to the millisecond", () => {
    const window = ToleranceWindow.defaults
    assert.strictEqual(ToleranceWindow.locate(window, at(0)), "inside")
    assert.strictEqual(ToleranceWindow.locate(window, at(300_000)), "inside")
    assert.strictEqual(ToleranceWindow.locate(window, at(300_001)), "tooOld")
    assert.strictEqual(ToleranceWindow.locate(window, at(301_000)), "tooOld")
    assert.strictEqual(ToleranceWindow.locate(window, at(-60_000)), "inside")
    assert.strictEqual(ToleranceWindow.locate(window, at(-60_001)), "tooNew")
    assert.strictEqual(ToleranceWindow.locate(window, at(-61_000)), "tooNew")
  })

  it.effect("fills in defaults and converts seconds to milliseconds", () =>
    Effect.gen(function*() {
      assert.deepStrictEqual(yield* ToleranceWindow.make(), ToleranceWindow.defaults)
      assert.deepStrictEqual(yield* ToleranceWindow.make({ pastToleranceSeconds: 120 }), {
        pastMs: 120_000,
        futureMs: 60_000
      })
      assert.deepStrictEqual(
        yield* ToleranceWindow.make({ pastToleranceSeconds: 0, futureToleranceSeconds: 86_400 }),
        { pastMs: 0, futureMs: 86_400_000 }
      )
    }))

  it.effect("refuses tolerances that are negative, fractional, not finite or over a day, naming the option", () =>
    Effect.gen(function*() {
      const cases: ReadonlyArray<[ToleranceWindow.Options, string]> = [
        [{ pastToleranceSeconds: -1 }, "pastToleranceSeconds"],
        [{ futureToleranceSeconds: 1.5 }, "futureToleranceSeconds"],
        [{ pastToleranceSeconds: Number.POSITIVE_INFINITY }, "pastToleranceSeconds"],
        [{ futureToleranceSeconds: Number.NaN }, "futureToleranceSeconds"],
        [{ pastToleranceSeconds: 86_401 }, "pastToleranceSeconds"]
      ]
      for (const [options, name] of cases) {
        const error = yield* Effect.flip(ToleranceWindow.make(options))
        assert.strictEqual(error._tag, "InvalidTolerance")
        assert.include(error.message, name)
      }
    }))
})
