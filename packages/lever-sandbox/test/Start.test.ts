import { assert, describe, it } from "@effect/vitest"
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { Effect } from "effect"
import { LeverError, LeverSandbox, Seed, Signature } from "../src/index.ts"
import { call } from "./support/http.ts"
import { receiver } from "./support/receiver.ts"

describe("start (Promise API) and the /_sandbox endpoints", () => {
  it.live("start, drive it through the control endpoints, stop", () =>
    Effect.gen(function*() {
      const sandbox = yield* Effect.promise(() => LeverSandbox.start({ webhooks: { retryBaseDelayMs: 20 } }))
      yield* Effect.addFinalizer(() => Effect.promise(() => sandbox.stop()))
      assert.strictEqual(sandbox.baseUrl, `${sandbox.url}/v1`)
      assert.match(sandbox.url, /^http:\/\/127\.0\.0\.1:\d+$/)
      const r = yield* receiver()

      const info = yield* call(`${sandbox.url}/_sandbox`)
      assert.strictEqual(info.body.baseUrl, sandbox.baseUrl)
      assert.deepInclude(info.body.apiKeys.map((k: { key: string }) => k.key), LeverSandbox.PermanentApiKey)

      const hook = yield* call(`${sandbox.url}/_sandbox/webhooks`, {
        method: "POST",
        body: { url: r.url, event: "candidateStageChange" }
      })
      assert.strictEqual(hook.status, 201)
      const created = yield* call(`${sandbox.url}/_sandbox/opportunities`, {
        method: "POST",
        body: { name: "Barbara", emails: ["barbara@example.com"], tags: ["Backend Assessment"] }
      })
      assert.strictEqual(created.status, 201)
      const id: string = created.body.id
      const moved = yield* call(`${sandbox.url}/_sandbox/opportunities/${id}/stage`, {
        method: "PUT",
        body: { stage: Seed.StageIds.technicalAssessment }
      })
      assert.strictEqual(moved.body.stage, Seed.StageIds.technicalAssessment)
      const [webhook] = yield* r.waitFor(1)
      assert.isTrue(Signature.verify(hook.body.configuration.signatureToken, webhook!.body))
      const idle = yield* call(`${sandbox.url}/_sandbox/deliveries/await`, { method: "POST" })
      assert.isTrue(idle.body.idle)
      const deliveries = yield* call(`${sandbox.url}/_sandbox/deliveries?opportunityId=${id}`)
      assert.strictEqual(deliveries.body.length, 1)
      assert.strictEqual(deliveries.body[0].status, "delivered")

      // The integration writes a note with the permanent key; the test reads it back.
      yield* call(`${sandbox.baseUrl}/opportunities/${id}/notes`, {
        method: "POST",
        auth: { key: LeverSandbox.PermanentApiKey },
        body: { value: "Assessment invite sent" }
      })
      const notes = yield* Effect.promise(() => sandbox.control.listNotes(id))
      assert.deepStrictEqual(notes.map((n) => n.text), ["Assessment invite sent"])
      const notesHttp = yield* call(`${sandbox.url}/_sandbox/opportunities/${id}/notes`)
      assert.strictEqual(notesHttp.body.length, 1)

      // Keys over HTTP.
      const key = yield* call(`${sandbox.url}/_sandbox/keys`, {
        method: "POST",
        body: { name: "read only", permissions: ["stages:read:admin"], confidential: false }
      })
      assert.strictEqual(key.status, 201)
      assert.strictEqual((yield* call(`${sandbox.baseUrl}/stages`, { auth: { key: key.body.key } })).status, 200)
      yield* call(`${sandbox.url}/_sandbox/keys/${key.body.id}/revoke`, { method: "POST" })
      assert.strictEqual((yield* call(`${sandbox.baseUrl}/stages`, { auth: { key: key.body.key } })).status, 401)
      const badKey = yield* call(`${sandbox.url}/_sandbox/keys`, { method: "POST", body: { permissions: ["root"] } })
      assert.strictEqual(badKey.status, 400)
      assert.strictEqual(badKey.body.code, "BadRequestError")

      // Settings over HTTP: the full note object.
      const settings = yield* call(`${sandbox.url}/_sandbox/settings`, { method: "PUT", body: { noteResponse: "full" } })
      assert.strictEqual(settings.body.noteResponse, "full")
      const full = yield* call(`${sandbox.baseUrl}/opportunities/${id}/notes`, {
        method: "POST",
        auth: { key: LeverSandbox.PermanentApiKey },
        body: { value: "Report: https://example.com/r/1" }
      })
      assert.strictEqual(full.body.data.fields[0].value, "Report: https://example.com/r/1")

      // Stage rename/removal, for "mapped stage disappeared" scenarios.
      const renamed = yield* call(`${sandbox.url}/_sandbox/stages/${Seed.StageIds.onsiteInterview}`, {
        method: "PUT",
        body: { text: "Final interview" }
      })
      assert.strictEqual(renamed.body.text, "Final interview")
      const inUse = yield* call(`${sandbox.url}/_sandbox/stages/${Seed.StageIds.technicalAssessment}`, { method: "DELETE" })
      assert.strictEqual(inUse.status, 400)

      // Promise errors are the tagged errors.
      const missing = yield* Effect.promise(() =>
        sandbox.control.getOpportunity("nope").then(() => undefined, (e: unknown) => e)
      )
      assert.instanceOf(missing, LeverError.ResourceNotFound)

      // Back to the seed.
      const reset = yield* call(`${sandbox.url}/_sandbox/reset-data`, { method: "POST" })
      assert.strictEqual(reset.status, 200)
      assert.strictEqual((yield* call(`${sandbox.url}/_sandbox/opportunities/${id}`)).status, 404)
      assert.strictEqual((yield* call(`${sandbox.url}/_sandbox/webhooks`)).body.length, 0)
      const stage = yield* call(`${sandbox.url}/_sandbox/stages`)
      assert.deepInclude(stage.body, { id: Seed.StageIds.onsiteInterview, text: "Onsite Interview" })
      assert.strictEqual((yield* call(`${sandbox.url}/_sandbox/settings`)).body.noteResponse, "noteId")
      const badBody = yield* call(`${sandbox.url}/_sandbox/opportunities`, { method: "POST", body: "not json" })
      assert.strictEqual(badBody.status, 400)
    }))

  it.live("starts empty with generated stages and reasons", () =>
    Effect.gen(function*() {
      const sandbox = yield* Effect.promise(() => LeverSandbox.start({ empty: true, extraStages: 3, extraArchiveReasons: 2 }))
      yield* Effect.addFinalizer(() => Effect.promise(() => sandbox.stop()))
      const stages = yield* call(`${sandbox.baseUrl}/stages`, { auth: { key: LeverSandbox.SetupApiKey } })
      assert.deepStrictEqual(stages.body.data.map((s: { text: string }) => s.text), [
        "Extra stage 0001",
        "Extra stage 0002",
        "Extra stage 0003"
      ])
      const reasons = yield* call(`${sandbox.baseUrl}/archive_reasons`, { auth: { key: LeverSandbox.SetupApiKey } })
      assert.strictEqual(reasons.body.data.length, 2)
      const tags = yield* call(`${sandbox.baseUrl}/tags`, { auth: { key: LeverSandbox.SetupApiKey } })
      assert.deepStrictEqual(tags.body.data, [])
    }))

  it.live("the CLI prints the URL and the seeded keys", () =>
    Effect.gen(function*() {
      const bin = fileURLToPath(new URL("../bin/fulcrum-lever-sandbox.ts", import.meta.url))
      const child = spawn(process.execPath, [bin, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] })
      yield* Effect.addFinalizer(() => Effect.sync(() => child.kill("SIGTERM")))
      const output = yield* Effect.callback<string>((resume) => {
        let text = ""
        child.stdout.on("data", (chunk: Buffer) => {
          text += chunk.toString("utf8")
          if (text.includes("Ctrl+C")) resume(Effect.succeed(text))
        })
        child.on("exit", (code) => resume(Effect.die(new Error(`CLI exited (${code}): ${text}`))))
      }).pipe(Effect.timeout("10 seconds"), Effect.orDie)
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1]
      assert.isString(url)
      assert.include(output, "Fulcrum setup key")
      assert.include(output, LeverSandbox.PermanentApiKey)
      assert.include(output, `${url}/_sandbox/keys`)
      const stages = yield* call(`${url}/v1/stages`, { auth: { key: LeverSandbox.SetupApiKey } })
      assert.strictEqual(stages.status, 200)
    }))
})
