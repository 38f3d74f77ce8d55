/**
 * The request path against a scripted stub server: auth, pagination tokens sent back intact, retries and their
 * budget, Retry-After, the never-repeat rule for POSTs, and typed errors.
 */
import { assert, describe, it } from "@effect/vitest"
import { LeverApi } from "@fulcrum/core"
import { Effect, Redacted } from "effect"
import { captureLogs, captureSpans, fastRetry, keyTarget, opportunityId, withLever } from "./support/Harness.ts"
import * as StubLever from "./support/StubLever.ts"

const key = "sk-test-4f1c9e2b7d"
const oppId = opportunityId("opp-1")

const opportunity = {
  id: "opp-1",
  name: "Ada Lovelace",
  contact: "contact-1",
  emails: ["ada@example.com"],
  tags: ["Backend"],
  stage: "stage-1",
  archived: null,
  confidentiality: "non-confidential",
  urls: { list: "https://hire.lever.co/candidates", show: "https://hire.lever.co/candidates/opp-1" }
}

describe("authentication", () => {
  it.live("an API key is the Basic-auth user with an empty password", () =>
    Effect.gen(function*() {
      const stub = yield* StubLever.start(() => StubLever.page([]))
      yield* withLever({}, (lever) => lever.listStages(keyTarget(stub.baseUrl, key)))
      assert.strictEqual(stub.received[0]?.headers.authorization, `Basic ${Buffer.from(`${key}:`).toString("base64")}`)
      assert.strictEqual(stub.received[0]?.url, "/v1/stages?limit=100")
    }))

  it.live("an OAuth access token is a Bearer token", () =>
    Effect.gen(function*() {
      const stub = yield* StubLever.start(() => StubLever.page([]))
      const target = { ...keyTarget(stub.baseUrl, key), credentials: LeverApi.oauth(Redacted.make("at-123")) }
      yield* withLever({}, (lever) => lever.listTags(target))
      assert.strictEqual(stub.received[0]?.headers.authorization, "Bearer at-123")
    }))
})

describe("pagination", () => {
  it.live("follows next to the end, percent-encoding each token as offset but keeping its escapes", () =>
    Effect.gen(function*() {
      const tokens = ["%5B1594046534130%2C%22abc%22%5D", "a+b=c", "x%2By%3D=="]
      const stub = yield* StubLever.start((_, i) =>
        i < tokens.length
          ? StubLever.page([{ id: `s${i}`, text: `Stage ${i}` }], tokens[i])
          : StubLever.page([{ id: `s${i}`, text: `Stage ${i}` }])
      )
      const stages = yield* withLever({}, (lever) => lever.listStages(keyTarget(stub.baseUrl, key)))
      assert.deepStrictEqual(stages.map((s) => s.id), ["s0", "s1", "s2", "s3"])
      assert.deepStrictEqual(stub.received.map((r) => r.url), [
        "/v1/stages?limit=100",
        "/v1/stages?limit=100&offset=%5B1594046534130%2C%22abc%22%5D",
        "/v1/stages?limit=100&offset=a%2Bb%3Dc",
        "/v1/stages?limit=100&offset=x%2By%3D%3D%3D"
      ])
    }))

  it.live("a raw base64 token with + / = comes back to Lever as the same token, page after page", () =>
    Effect.gen(function*() {
      // Each token carries all three characters a careless client garbles: `+` read as a space, `/` and `=`.
      const tokens = [0, 1, 2].map((page) => Buffer.from([0xfb, 0xff, 0xbf, page, 0x3e]).toString("base64"))
      for (const token of tokens) assert.match(token, /\+.*\/.*=/)
      const stub = yield* StubLever.start((request) => {
        // The server reads the offset the way every HTTP server does: percent-decoded, `+` as a space.
        const offset = new URL(request.url, "http://lever.test").searchParams.get("offset")
        const page = offset === null ? 0 : tokens.indexOf(offset) + 1
        if (page === 0 && offset !== null) return { status: 400, json: { code: "BadRequestError" } }
        return page < tokens.length
          ? StubLever.page([{ text: `tag-${page}`, count: 1 }], tokens[page])
          : StubLever.page([{ text: `tag-${page}`, count: 1 }])
      })
      const tags = yield* withLever({}, (lever) => lever.listTags(keyTarget(stub.baseUrl, key)))
      assert.deepStrictEqual(tags.map((t) => t.text), ["tag-0", "tag-1", "tag-2", "tag-3"])
      assert.strictEqual(stub.received.length, 4)
      for (const request of stub.received.slice(1)) assert.notMatch(request.url, /offset=.*[+/=]/)
    }))

  it.live("an already percent-encoded token is sent as received, not encoded twice", () =>
    Effect.gen(function*() {
      const raw = Buffer.from([0xfb, 0xff, 0xbf, 0x00, 0x3e]).toString("base64")
      const token = encodeURIComponent(raw)
      assert.include(token, "%2B")
      const stub = yield* StubLever.start((request) => {
        const offset = new URL(request.url, "http://lever.test").searchParams.get("offset")
        return offset === null
          ? StubLever.page([{ text: "first", count: 1 }], token)
          : offset === raw
          ? StubLever.page([{ text: "second", count: 1 }])
          : { status: 400, json: { code: "BadRequestError" } }
      })
      const tags = yield* withLever({}, (lever) => lever.listTags(keyTarget(stub.baseUrl, key)))
      assert.deepStrictEqual(tags.map((t) => t.text), ["first", "second"])
      assert.strictEqual(stub.received[1]?.url, `/v1/tags?limit=100&offset=${token}`)
    }))

  it.live("escapes characters that cannot travel in a query value, as UTF-8, and a lone % as %25", () =>
    Effect.gen(function*() {
      const stub = yield* StubLever.start((_, i) =>
        i === 0 ? StubLever.page([], "a b#c&d%20é!*%zz") : StubLever.page([])
      )
      yield* withLever({}, (lever) => lever.listTags(keyTarget(stub.baseUrl, key)))
      assert.strictEqual(stub.received[1]?.url, "/v1/tags?limit=100&offset=a%20b%23c%26d%20%C3%A9%21%2A%25zz")
    }))

  it.live("hasNext without a next token, or a repeated token, is LeverInvalidResponse instead of a cut list", () =>
    Effect.gen(function*() {
      const noNext = yield* StubLever.start(() => ({ status: 200, json: { data: [], hasNext: true } }))
      const loop = yield* StubLever.start(() => StubLever.page([], "same"))
      const a = yield* withLever({}, (lever) => Effect.flip(lever.listTags(keyTarget(noNext.baseUrl, key))))
      const b = yield* withLever({}, (lever) => Effect.flip(lever.listTags(keyTarget(loop.baseUrl, key))))
      assert.strictEqual(a._tag, "LeverInvalidResponse")
      assert.include(a.message, "no next token")
      assert.strictEqual(b._tag, "LeverInvalidResponse")
      assert.strictEqual(loop.received.length, 2)
    }))
})

describe("retries", () => {
  it.live("503 and 429 are retried until Lever answers", () =>
    Effect.gen(function*() {
      const stub = yield* StubLever.start((_, i) =>
        i === 0 ? { status: 503 } : i === 1 ? { status: 429 } : { status: 200, json: { data: opportunity } }
      )
      const read = yield* withLever(
        { retry: fastRetry },
        (lever) => lever.getOpportunity(keyTarget(stub.baseUrl, key), oppId)
      )
      assert.strictEqual(read.name, "Ada Lovelace")
      assert.strictEqual(stub.received.length, 3)
    }))

  it.live("Retry-After in seconds is honoured", () =>
    Effect.gen(function*() {
      const stub = yield* StubLever.start((_, i) =>
        i === 0 ? { status: 429, headers: { "retry-after": "1" } } : { status: 200, json: { data: opportunity } }
      )
      yield* withLever({ retry: fastRetry }, (lever) => lever.getOpportunity(keyTarget(stub.baseUrl, key), oppId))
      const [first, second] = stub.received
      assert.isAtLeast(second!.at - first!.at, 990)
    }))

  it.live("Retry-After as an HTTP date is honoured", () =>
    Effect.gen(function*() {
      let until = 0
      const stub = yield* StubLever.start((_, i) => {
        if (i > 0) return { status: 200, json: { data: opportunity } }
        // HTTP dates have whole seconds: aim at least 1.5 s ahead so the wait is clearly more than backoff.
        until = Math.ceil((Date.now() + 1_500) / 1_000) * 1_000
        return { status: 503, headers: { "retry-after": new Date(until).toUTCString() } }
      })
      yield* withLever({ retry: fastRetry }, (lever) => lever.getOpportunity(keyTarget(stub.baseUrl, key), oppId))
      assert.isAtLeast(stub.received[1]!.at, until - 10)
    }))

  it.live("after the retry budget, 429 is LeverRateLimited and 503 is LeverUnavailable", () =>
    Effect.gen(function*() {
      const limited = yield* StubLever.start(() => ({ status: 429 }))
      const down = yield* StubLever.start(() => ({ status: 503 }))
      const options = { retry: { ...fastRetry, maxRetries: 3 } }
      const a = yield* withLever(options, (lever) => Effect.flip(lever.listStages(keyTarget(limited.baseUrl, key))))
      const b = yield* withLever(options, (lever) => Effect.flip(lever.listStages(keyTarget(down.baseUrl, key))))
      assert.strictEqual(a._tag, "LeverRateLimited")
      assert.strictEqual(b._tag, "LeverUnavailable")
      assert.strictEqual(limited.received.length, 4)
      assert.strictEqual(down.received.length, 4)
    }))

  it.live("a Retry-After beyond the time budget ends the call at once", () =>
    Effect.gen(function*() {
      const stub = yield* StubLever.start(() => ({ status: 429, headers: { "retry-after": "120" } }))
      const error = yield* withLever(
        { retry: { ...fastRetry, maxElapsed: "5 seconds" } },
        (lever) => Effect.flip(lever.listStages(keyTarget(stub.baseUrl, key)))
      )
      // One request and no wait: waiting out 120 s would time the test out.
      assert.strictEqual(error._tag, "LeverRateLimited")
      assert.strictEqual(stub.received.length, 1)
    }))

  it.live("a GET that times out is retried", () =>
    Effect.gen(function*() {
      const stub = yield* StubLever.start((_, i) => i === 0 ? "hang" : { status: 200, json: { data: opportunity } })
      const read = yield* withLever(
        { retry: fastRetry, timeout: "300 millis" },
        (lever) => lever.getOpportunity(keyTarget(stub.baseUrl, key), oppId)
      )
      assert.strictEqual(read.id, "opp-1")
      assert.strictEqual(stub.received.length, 2)
    }))

  it.live("a GET whose connection is reset is retried", () =>
    Effect.gen(function*() {
      const stub = yield* StubLever.start((_, i) => i === 0 ? "reset" : { status: 200, json: { data: opportunity } })
      yield* withLever({ retry: fastRetry }, (lever) => lever.getOpportunity(keyTarget(stub.baseUrl, key), oppId))
      assert.strictEqual(stub.received.length, 2)
    }))

  it.live("4xx other than 429 is never retried", () =>
    Effect.gen(function*() {
      const stub = yield* StubLever.start(() => ({ status: 400, json: { code: "BadRequestError", message: "nope" } }))
      const error = yield* withLever(
        { retry: fastRetry },
        (lever) => Effect.flip(lever.getOpportunity(keyTarget(stub.baseUrl, key), oppId))
      )
      assert.strictEqual(error._tag, "LeverInvalidResponse")
      assert.include(error.message, "BadRequestError")
      assert.strictEqual(stub.received.length, 1)
    }))
})

describe("a note POST is never repeated once it may have reached Lever", () => {
  const created = { status: 201, json: { data: { noteId: "note-1" } } } as const

  it.live("a timeout after sending is LeverUnavailable after exactly one request", () =>
    Effect.gen(function*() {
      const stub = yield* StubLever.start(() => "hang")
      const error = yield* withLever(
        { retry: fastRetry, timeout: "300 millis" },
        (lever) => Effect.flip(lever.addNote(keyTarget(stub.baseUrl, key), oppId, { value: "hello" }))
      )
      assert.strictEqual(error._tag, "LeverUnavailable")
      assert.include(error.message, "not repeated")
      assert.strictEqual(stub.received.length, 1)
    }))

  it.live("a reset connection after sending is LeverUnavailable after exactly one request", () =>
    Effect.gen(function*() {
      const stub = yield* StubLever.start(() => "reset")
      const error = yield* withLever(
        { retry: fastRetry },
        (lever) => Effect.flip(lever.addNote(keyTarget(stub.baseUrl, key), oppId, { value: "hello" }))
      )
      assert.strictEqual(error._tag, "LeverUnavailable")
      assert.strictEqual(stub.received.length, 1)
    }))

  it.live("500/502/504 are not retried for a POST", () =>
    Effect.gen(function*() {
      for (const status of [500, 502, 504]) {
        const stub = yield* StubLever.start(() => ({ status }))
        const error = yield* withLever(
          { retry: fastRetry },
          (lever) => Effect.flip(lever.addNote(keyTarget(stub.baseUrl, key), oppId, { value: "hello" }))
        )
        assert.strictEqual(error._tag, "LeverUnavailable")
        assert.strictEqual(stub.received.length, 1, `status ${status}`)
      }
    }))

  it.live("429 and 503 prove Lever did nothing, so the POST is retried", () =>
    Effect.gen(function*() {
      const stub = yield* StubLever.start((_, i) => i === 0 ? { status: 429 } : i === 1 ? { status: 503 } : created)
      const { noteId } = yield* withLever(
        { retry: fastRetry },
        (lever) => lever.addNote(keyTarget(stub.baseUrl, key), oppId, { value: "hello", score: 3 })
      )
      assert.strictEqual(noteId, "note-1")
      assert.strictEqual(stub.received.length, 3)
      assert.deepStrictEqual(JSON.parse(stub.received[2]!.body), {
        value: "hello",
        secret: false,
        score: 3,
        notifyFollowers: false
      })
      assert.strictEqual(stub.received[2]!.url, "/v1/opportunities/opp-1/notes")
    }))

  it.live("a refused connection proves nothing was sent, so the POST is retried", () =>
    Effect.gen(function*() {
      // A port nobody listens on: start a stub and let its scope close it.
      const deadUrl = yield* Effect.scoped(Effect.map(StubLever.start(() => created), (s) => s.baseUrl))
      const { result, lines } = yield* captureLogs(withLever(
        { retry: { ...fastRetry, maxRetries: 2 } },
        (lever) => lever.addNote(keyTarget(deadUrl, key), oppId, { value: "hello" })
      ))
      assert.isTrue(result._tag === "Failure" && result.failure._tag === "LeverUnavailable")
      assert.strictEqual(lines.filter((line) => line.includes("retrying")).length, 2)
    }))
})

describe("typed errors", () => {
  it.live("401 is LeverUnauthorized, 404 LeverNotFound, 403 LeverForbidden with endpoint and permission", () =>
    Effect.gen(function*() {
      const stub = yield* StubLever.start((request) =>
        request.url.startsWith("/v1/stages")
          ? { status: 401, json: { code: "UnauthorizedError", message: "Invalid API key" } }
          : request.method === "POST"
          ? { status: 403, json: { code: "ForbiddenError", message: "Missing permission" } }
          : { status: 404, json: { code: "ResourceNotFound", message: "Opportunity not found" } }
      )
      const target = keyTarget(stub.baseUrl, key)
      const errors = yield* withLever({}, (lever) =>
        Effect.all([
          Effect.flip(lever.listStages(target)),
          Effect.flip(lever.addNote(target, oppId, { value: "x" })),
          Effect.flip(lever.getOpportunity(target, oppId))
        ]))
      const [unauthorized, forbidden, notFound] = errors
      assert.strictEqual(unauthorized._tag, "LeverUnauthorized")
      assert.include(unauthorized.message, "Invalid API key")
      assert.strictEqual(forbidden._tag, "LeverForbidden")
      if (forbidden._tag === "LeverForbidden") {
        assert.strictEqual(forbidden.endpoint, "POST /opportunities/:id/notes")
        assert.strictEqual(forbidden.permission, "notes:write:admin")
        assert.include(forbidden.message, "notes:write:admin")
      }
      assert.strictEqual(notFound._tag, "LeverNotFound")
      assert.include(notFound.message, "ResourceNotFound")
    }))

  it.live("an unknown error code is kept as text, and the key never appears even when echoed back", () =>
    Effect.gen(function*() {
      const basic = Buffer.from(`${key}:`).toString("base64")
      const stub = yield* StubLever.start(() => ({
        status: 401,
        json: { code: "SomethingNew", message: `bad key ${key} (Basic ${basic})` }
      }))
      const error = yield* withLever({}, (lever) => Effect.flip(lever.listStages(keyTarget(stub.baseUrl, key))))
      assert.strictEqual(error._tag, "LeverUnauthorized")
      assert.include(error.message, "SomethingNew")
      assert.notInclude(JSON.stringify(error), key)
      assert.notInclude(JSON.stringify(error), basic)
      assert.notInclude(String(error), key)
    }))

  it.live("an undecodable answer is LeverInvalidResponse naming the field", () =>
    Effect.gen(function*() {
      const stub = yield* StubLever.start(() => ({ status: 200, json: { data: { ...opportunity, emails: [42] } } }))
      const error = yield* withLever({}, (lever) =>
        Effect.flip(lever.getOpportunity(keyTarget(stub.baseUrl, key), oppId)))
      assert.strictEqual(error._tag, "LeverInvalidResponse")
      assert.include(error.message, "data.emails[0]")
      assert.notInclude(error.message, "42")
    }))

  it.live("a non-JSON answer is LeverInvalidResponse", () =>
    Effect.gen(function*() {
      const stub = yield* StubLever.start(() => ({ status: 200, json: undefined }))
      const error = yield* withLever({}, (lever) =>
        Effect.flip(lever.getOpportunity(keyTarget(stub.baseUrl, key), oppId)))
      assert.strictEqual(error._tag, "LeverInvalidResponse")
    }))
})

describe("observability", () => {
  it.live("each call has a LeverApi.<method> span with team id, status and attempts; logs never hold the key", () =>
    Effect.gen(function*() {
      const stub = yield* StubLever.start((_, i) =>
        i === 0 ? { status: 503 } : { status: 200, json: { data: opportunity } }
      )
      const { spans, result } = yield* captureSpans(captureLogs(withLever(
        { retry: fastRetry },
        (lever) => lever.getOpportunity(keyTarget(stub.baseUrl, key, "team-span"), oppId)
      )))
      assert.strictEqual(result._tag, "Success")
      const span = spans.find((s) => s.name === "LeverApi.getOpportunity")
      assert.isDefined(span)
      assert.strictEqual(span!.attributes.get("lever.team_id"), "team-span")
      assert.strictEqual(span!.attributes.get("http.response.status_code"), 200)
      assert.strictEqual(span!.attributes.get("lever.attempts"), 2)
      const everything = JSON.stringify(spans.map((s) => [s.name, [...s.attributes]]))
      assert.notInclude(everything, key)
      assert.notInclude(everything, Buffer.from(`${key}:`).toString("base64"))
      if (result._tag === "Success") {
        assert.isAbove(result.success.lines.length, 0)
        for (const line of result.success.lines) assert.notInclude(line, key)
      }
    }))
})
