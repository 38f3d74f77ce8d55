import { describe, expect, it } from "@effect/vitest"
import { OpenApi } from "effect/http-api"
import { FulcrumApi } from "../src/FulcrumApi.ts"

describe("FulcrumApi", () => {
  const spec = OpenApi.fromApi(FulcrumApi)

  it("documents every setup step of the checklist as an admin endpoint", () => {
    const paths = Object.keys(spec.paths)
    expect(paths).toEqual(expect.arrayContaining([
      "/api/teams",
      "/api/teams/{teamId}",
      "/api/teams/{teamId}/permanent-key",
      "/api/teams/{teamId}/lever/stages",
      "/api/teams/{teamId}/lever/archive-reasons",
      "/api/teams/{teamId}/stage-mapping",
      "/api/teams/{teamId}/archive-reasons/{reasonId}",
      "/api/teams/{teamId}/signing-tokens/{webhook}",
      "/api/teams/{teamId}/interview-types",
      "/api/teams/{teamId}/webhook-urls",
      "/api/teams/{teamId}/lever/webhooks/register",
      "/api/teams/{teamId}/lever/connect",
      "/api/teams/{teamId}/health-check",
      "/api/teams/{teamId}/candidates",
      "/api/teams/{teamId}/events/{eventId}/replay",
      "/webhooks/lever/{teamId}/stage-change",
      "/oauth/lever/callback"
    ]))
  })

  it("declares a domain refusal as 422 and a missing team as 404", () => {
    const responses = spec.paths["/api/teams/{teamId}/stage-mapping"]!.put!.responses
    expect(Object.keys(responses)).toEqual(expect.arrayContaining(["200", "400", "401", "404", "422", "503"]))
  })

  it("declares bearer authentication on admin endpoints but not on webhooks", () => {
    expect(spec.paths["/api/teams"]!.post!.security).toEqual([{ bearer: [] }])
    expect(spec.paths["/webhooks/lever/{teamId}/stage-change"]!.post!.security ?? []).toEqual([])
  })
})
