/**
 * The adapter over real HTTP against `@fulcrum/lever-sandbox` (127.0.0.1, random port): long lists, a 429
 * storm, 503s, Retry-After, typed 401/403, per-key fairness, both note answers, and no key in any error or
 * log line. Every test builds a fresh adapter (fresh buckets) and resets the sandbox's faults and log.
 */
import { assert, layer } from "@effect/vitest"
import { LeverApi } from "@fulcrum/core"
import { LeverSandbox, type Permission } from "@fulcrum/lever-sandbox"
import { Effect, Fiber, Redacted, Schedule } from "effect"
import { LeverHttp } from "../src/index.ts"
import { captureLogs, keyTarget, opportunityId, withLever } from "./support/Harness.ts"

const Sandbox = LeverSandbox.layer({ extraStages: 250, extraArchiveReasons: 1_000 })

const sandbox = Effect.gen(function*() {
  const sandbox = yield* LeverSandbox.LeverSandbox
  yield* sandbox.control.reset()
  return sandbox
})

/** A fresh key with the permanent permissions (and a fresh bucket on the sandbox side). */
const freshKey = (name: string, permissions?: ReadonlyArray<Permission.Permission>) =>
  Effect.gen(function*() {
    const { control } = yield* LeverSandbox.LeverSandbox
    const created = yield* control.keys.create({
      name,
      permissions: (permissions ?? [
        "opportunities:read:admin",
        "notes:read:admin",
        "notes:write:admin",
        "stages:read:admin",
        "archive_reasons:read:admin",
        "tags:read:admin"
      ])
    })
    return created.key
  })

const newCandidate = (name: string) =>
  Effect.gen(function*() {
    const { control } = yield* LeverSandbox.LeverSandbox
    const [stage] = yield* control.stages.list()
    const created = yield* control.createOpportunity({ name, emails: [`${name}@example.com`], stage: stage!.id })
    return opportunityId(created.id)
  })

layer(Sandbox, { excludeTestServices: true, timeout: 60_000 })("against the Lever sandbox", (it) => {
  it.effect("follows pagination over 250+ stages and 1,000+ archive reasons", () =>
    Effect.gen(function*() {
      const { baseUrl, control } = yield* sandbox
      const key = yield* freshKey("pagination")
      const target = keyTarget(baseUrl, key)
      const [stages, reasons] = yield* withLever({}, (lever) =>
        Effect.all([lever.listStages(target), lever.listArchiveReasons(target)]))
      const expectedStages = yield* control.stages.list()
      const expectedReasons = yield* control.archiveReasons.list()
      assert.isAtLeast(expectedStages.length, 250)
      assert.isAtLeast(expectedReasons.length, 1_000)
      assert.deepStrictEqual(stages.map((s) => s.id), expectedStages.map((s) => s.id))
      const summary = (r: { readonly id: string; readonly status: string; readonly type: string }) =>
        `${r.id} ${r.status} ${r.type}`
      assert.deepStrictEqual(reasons.map(summary), expectedReasons.map(summary))
      const pages = yield* control.requests.list({ principal: key, path: "/v1/archive_reasons" })
      assert.strictEqual(pages.length, Math.ceil(expectedReasons.length / 100))
      assert.isTrue(pages.every((p) => p.status === 200))
      assert.isTrue(pages.slice(1).every((p) => p.query.includes("offset=")))
    }))

  // The storm alone lasts 2 s and retries wait past it: the default 5 s is too tight on a busy machine.
  it.effect("a 2-second 429 storm: every call succeeds and every note is POSTed exactly once", () =>
    Effect.gen(function*() {
      const { baseUrl, control } = yield* sandbox
      const key = yield* freshKey("storm")
      const target = keyTarget(baseUrl, key)
      const candidates = yield* Effect.forEach(Array.from({ length: 12 }, (_, i) => `storm-${i}`), newCandidate)
      yield* control.faults.failFor("2 seconds", 429)
      const { result, lines } = yield* captureLogs(withLever({}, (lever) =>
        Effect.all([
          Effect.forEach(candidates, (id, i) => lever.addNote(target, id, { value: `storm note ${i}` }), {
            concurrency: "unbounded"
          }),
          Effect.forEach(candidates, (id) => lever.getOpportunity(target, id), { concurrency: "unbounded" })
        ], { concurrency: "unbounded" })))
      assert.strictEqual(result._tag, "Success", result._tag === "Failure" ? result.failure.message : "")
      const counts = yield* control.requests.counts({ principal: key })
      assert.isAbove(counts.byStatus["429"] ?? 0, 0, "the storm was felt")
      const posted = yield* control.requests.list({ principal: key, method: "POST", status: 201 })
      assert.strictEqual(posted.length, candidates.length, "one successful POST per note")
      for (const [i, id] of candidates.entries()) {
        const notes = yield* control.listNotes(id)
        assert.deepStrictEqual(notes.map((n) => n.fields.map((f) => f.value).join("")), [`storm note ${i}`])
      }
      for (const line of lines) assert.notInclude(line, key)
    }), 30_000)

  it.effect("503s are retried", () =>
    Effect.gen(function*() {
      const { baseUrl, control } = yield* sandbox
      const key = yield* freshKey("unavailable")
      const id = yield* newCandidate("unavailable")
      yield* control.faults.failNext(2, 503)
      const read = yield* withLever({}, (lever) => lever.getOpportunity(keyTarget(baseUrl, key), id))
      assert.strictEqual(read.id, id)
      const log = yield* control.requests.list({ path: `/v1/opportunities/${id}` })
      assert.deepStrictEqual(log.map((e) => e.status), [503, 503, 200])
    }))

  it.effect("Retry-After is honoured: one 429, then the wait Lever asked for, then success", () =>
    Effect.gen(function*() {
      const { baseUrl, control } = yield* sandbox
      const key = yield* freshKey("retry-after")
      const id = yield* newCandidate("retry-after")
      yield* control.settings.update({ retryAfterHeader: true })
      // The sandbox answers Retry-After: ceil(remaining s) = 2 while the fault lasts 1.2 s.
      yield* control.faults.failFor("1200 millis", 429)
      yield* withLever({}, (lever) => lever.getOpportunity(keyTarget(baseUrl, key), id))
      const log = yield* control.requests.list({ path: `/v1/opportunities/${id}` })
      assert.deepStrictEqual(log.map((e) => e.status), [429, 200], "no retry before Retry-After")
      assert.isAtLeast(log[1]!.at - log[0]!.at, 1_990)
    }))

  it.effect("401 and 403 are typed; 403 names the endpoint and the permission; no key in the error", () =>
    Effect.gen(function*() {
      const { baseUrl, control } = yield* sandbox
      const revoked = yield* freshKey("revoked")
      yield* control.keys.revoke(revoked)
      const noOpportunities = yield* freshKey("no-opportunities", ["stages:read:admin"])
      const id = yield* newCandidate("forbidden")
      const [unauthorized, forbidden] = yield* withLever({}, (lever) =>
        Effect.all([
          Effect.flip(lever.getOpportunity(keyTarget(baseUrl, revoked), id)),
          Effect.flip(lever.getOpportunity(keyTarget(baseUrl, noOpportunities), id))
        ]))
      assert.strictEqual(unauthorized._tag, "LeverUnauthorized")
      assert.strictEqual(forbidden._tag, "LeverForbidden")
      if (forbidden._tag === "LeverForbidden") {
        assert.strictEqual(forbidden.endpoint, "GET /opportunities/:id")
        assert.strictEqual(forbidden.permission, "opportunities:read:admin")
      }
      for (const error of [unauthorized, forbidden]) {
        assert.notInclude(JSON.stringify(error), revoked)
        assert.notInclude(JSON.stringify(error), noOpportunities)
        assert.notInclude(error.message, revoked)
      }
    }))

  it.effect("a burst on key A does not delay key B", () =>
    Effect.gen(function*() {
      const { baseUrl, control } = yield* sandbox
      const keyA = yield* freshKey("burst-a")
      const keyB = yield* freshKey("burst-b")
      const id = yield* newCandidate("burst")
      const b = yield* withLever({}, (lever) =>
        Effect.gen(function*() {
          // 60 calls on A need at least 5 s at 10/s, however fast the machine; B's 5 calls go while A is
          // queued. Queued behind A, B would finish only after A's backlog: the order proves it, no clock.
          const burst = yield* Effect.forkChild(Effect.forEach(
            Array.from({ length: 60 }),
            () => lever.getOpportunity(keyTarget(baseUrl, keyA, "team-a"), id),
            { concurrency: "unbounded" }
          ))
          // A's queue is running once Lever has seen its first calls.
          yield* control.requests.count({ principal: keyA }).pipe(
            Effect.flatMap((n) => n > 0 ? Effect.void : Effect.fail("no call of A yet")),
            Effect.retry(Schedule.spaced("10 millis")),
            Effect.timeout("10 seconds")
          )
          yield* Effect.forEach(
            Array.from({ length: 5 }),
            () => lever.getOpportunity(keyTarget(baseUrl, keyB, "team-b"), id),
            { concurrency: "unbounded" }
          )
          const burstStillRunning = burst.pollUnsafe() === undefined
          yield* Fiber.join(burst)
          return { burstStillRunning }
        }))
      assert.isTrue(b.burstStillRunning, "key B was answered while key A still worked through its queue")
      const counts = yield* control.requests.counts({ principal: keyA })
      assert.strictEqual(counts.byStatus["429"] ?? 0, 0, "key A stayed inside Lever's limit")
    }))

  it.effect("addNote reads both answers: {noteId} and the full note", () =>
    Effect.gen(function*() {
      const { baseUrl, control } = yield* sandbox
      const key = yield* freshKey("note-shapes")
      const id = yield* newCandidate("note-shapes")
      const target = keyTarget(baseUrl, key)
      const ids = yield* withLever({}, (lever) =>
        Effect.gen(function*() {
          yield* control.settings.update({ noteResponse: "noteId" })
          const short = yield* lever.addNote(target, id, { value: "short answer" })
          yield* control.settings.update({ noteResponse: "full" })
          const full = yield* lever.addNote(target, id, { value: "full answer" })
          return [short.noteId, full.noteId]
        }))
      const notes = yield* control.listNotes(id)
      assert.sameMembers(ids, notes.map((n) => n.id))
    }))

  it.effect("OAuth bearer tokens work like keys", () =>
    Effect.gen(function*() {
      const { baseUrl, control } = yield* sandbox
      const tokens = yield* control.oauth.connect({ scopes: ["stages:read:admin"] })
      const target: LeverApi.LeverTarget = {
        ...keyTarget(baseUrl, "unused"),
        credentials: LeverApi.oauth(Redacted.make(tokens.access_token))
      }
      const stages = yield* withLever({}, (lever) => lever.listStages(target))
      assert.isAtLeast(stages.length, 250)
    }))

  it.effect("layerFetch needs no HttpClient and behaves the same", () =>
    Effect.gen(function*() {
      const { baseUrl } = yield* sandbox
      const key = yield* freshKey("fetch")
      const id = yield* newCandidate("fetch")
      const read = yield* LeverApi.LeverApi.use((lever) => lever.getOpportunity(keyTarget(baseUrl, key), id)).pipe(
        Effect.provide(LeverHttp.layerFetch())
      )
      assert.strictEqual(read.id, id)
    }))
})
