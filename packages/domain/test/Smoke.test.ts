import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { placeholder } from "../src/index.ts"
describe("smoke", () => {
  it.effect("runs", () => Effect.sync(() => assert.strictEqual(placeholder, 1)))
})
