/**
 * `checkPermissions` against a scripted stub server: which probes it sends for each purpose and need, and
 * how it reads Lever's answers about confidential access.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { keyTarget, withLever } from "./support/Harness.ts"
import * as StubLever from "./support/StubLever.ts"

const key = "sk-test-permissions-7a1c"

/** The confidential-access probe's request, as the adapter sends it. */
const confidentialProbe = "/v1/opportunities?confidentiality=confidential&limit=100"

/**
 * A Lever that grants every permission: reads answer an empty page, writes under the probe's absent
 * opportunity answer 404 (past the permission check), `POST /webhooks {}` answers 400. `override` answers
 * first when it returns something.
 */
const lever = (override: (request: StubLever.Received) => StubLever.Answer | undefined = () => undefined) =>
  StubLever.start((request) => {
    const answer = override(request)
    if (answer !== undefined) return answer
    if (request.method === "GET" && !request.url.includes("fulcrum-permission-probe")) return StubLever.page([])
    return request.url.startsWith("/v1/webhooks")
      ? { status: 400, json: { code: "BadRequestError" } }
      : { status: 404, json: { code: "ResourceNotFound" } }
  })

const confidentialAnswer = (answer: StubLever.Answer) =>
  lever((request) => request.url === confidentialProbe ? answer : undefined)

const forbidden = { status: 403, json: { code: "Forbidden", message: "missing permission" } } as const

describe("confidential access", () => {
  it.live("a confidential candidate proves it; only others, or a 403, mean none; an empty page says unknown", () =>
    Effect.gen(function*() {
      const open = { id: "o1", confidentiality: "non-confidential" }
      const confidential = { id: "o2", confidentiality: "confidential" }
      const answers: ReadonlyArray<readonly [StubLever.Answer, boolean | "unknown"]> = [
        [StubLever.page([open, confidential]), true],
        [StubLever.page([open]), false],
        [forbidden, false],
        [StubLever.page([]), "unknown"]
      ]
      for (const [answer, expected] of answers) {
        const stub = yield* confidentialAnswer(answer)
        const report = yield* withLever({}, (api) =>
          api.checkPermissions(keyTarget(stub.baseUrl, key), { purpose: "permanent" }))
        assert.deepStrictEqual(report, { purpose: "permanent", missing: [], confidentialAccess: expected })
        assert.include(stub.received.map((r) => r.url), confidentialProbe)
      }
    }))

  it.live("is not probed for a setup key, nor for credentials that may not read opportunities", () =>
    Effect.gen(function*() {
      const setup = yield* lever()
      const setupReport = yield* withLever({}, (api) =>
        api.checkPermissions(keyTarget(setup.baseUrl, key), { purpose: "setup" }))
      assert.strictEqual(setupReport.confidentialAccess, "unknown")
      const noReads = yield* lever((request) => request.url.startsWith("/v1/opportunities?") ? forbidden : undefined)
      const noReadsReport = yield* withLever({}, (api) =>
        api.checkPermissions(keyTarget(noReads.baseUrl, key), { purpose: "permanent" }))
      assert.deepStrictEqual(noReadsReport.missing, ["opportunities:read:admin"])
      assert.strictEqual(noReadsReport.confidentialAccess, "unknown")
      for (const stub of [setup, noReads]) assert.notInclude(stub.received.map((r) => r.url), confidentialProbe)
    }))
})

describe("needs", () => {
  it.live("progress tags probe addTags, whose 403 means opportunities:write:admin is missing", () =>
    Effect.gen(function*() {
      const stub = yield* lever((request) => request.url.endsWith("/addTags") ? forbidden : undefined)
      const target = keyTarget(stub.baseUrl, key)
      const without = yield* withLever({}, (api) => api.checkPermissions(target, { purpose: "permanent" }))
      assert.deepStrictEqual(without.missing, [])
      assert.notInclude(stub.received.map((r) => r.url), "/v1/opportunities/fulcrum-permission-probe/addTags")
      const withTags = yield* withLever({}, (api) =>
        api.checkPermissions(target, { purpose: "permanent", needs: { progressTags: true } }))
      assert.deepStrictEqual(withTags.missing, ["opportunities:write:admin"])
      const probe = stub.received.find((r) => r.url === "/v1/opportunities/fulcrum-permission-probe/addTags")
      assert.strictEqual(probe?.method, "POST")
      assert.deepStrictEqual(JSON.parse(probe?.body ?? "null"), { tags: [] })
    }))

  it.live("registering webhooks adds both webhook permissions to what is checked", () =>
    Effect.gen(function*() {
      const stub = yield* lever((request) => request.url.startsWith("/v1/webhooks") ? forbidden : undefined)
      const target = keyTarget(stub.baseUrl, key)
      const report = yield* withLever({}, (api) =>
        api.checkPermissions(target, { purpose: "setup", needs: { registerWebhooks: true } }))
      assert.deepStrictEqual(report.missing, ["webhooks:read:admin", "webhooks:write:admin"])
    }))
})
