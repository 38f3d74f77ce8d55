import { describe, expect, it } from "@effect/vitest"
import { Result } from "effect"
import { LeverBaseUrl, Setup } from "../src/index.ts"

describe("LeverBaseUrl", () => {
  it("accepts absolute https: URLs, and http: on loopback only", () => {
    for (const url of [
      "https://api.lever.co/v1",
      "https://lever.example:8443/v1?x=1",
      "http://127.0.0.1:4010/v1",
      "http://127.255.0.9/v1",
      "http://localhost:4010",
      "http://[::1]:4010/v1"
    ]) expect(LeverBaseUrl.problem(url), url).toBeUndefined()
  })

  it("refuses what is not, naming the rule", () => {
    const cases: ReadonlyArray<readonly [string, RegExp]> = [
      ["", /empty/],
      ["not a url", /spaces/],
      ["lever.example/v1", /absolute URL/],
      ["javascript:alert(1)", /javascript: is not allowed/],
      ["file:///etc/passwd", /file: is not allowed/],
      ["http://lever.example/v1", /loopback/],
      ["http://128.0.0.1/v1", /loopback/],
      ["https://user:pw@lever.example/v1", /credentials/],
      ["https://user@lever.example/v1", /credentials/],
      ["https://lever.example/v1#", /fragment/],
      [`https://lever.example/${"a".repeat(2_048)}`, /2048 characters/]
    ]
    for (const [url, message] of cases) expect(LeverBaseUrl.problem(url), url.slice(0, 40)).toMatch(message)
  })

  it("Setup.decide refuses a team or an environment with such a URL (InvalidLeverBaseUrl)", () => {
    const created = Setup.decide(
      null,
      {
        _tag: "CreateTeam",
        teamId: "acme" as never,
        name: "Acme",
        environment: { _tag: "Custom", baseUrl: "file:///etc/passwd" },
        at: 0
      },
      { allowCustomEnvironment: true }
    )
    expect(Result.isFailure(created) && created.failure.reason).toBe("InvalidLeverBaseUrl")
  })
})
