/**
 * `fulcrum-provider-sandbox` as an operator runs it: it prints where it listens, SIGTERM stops it with
 * exit code 0, and a bad flag is one line on stderr with exit code 2.
 */
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { assert, describe, it } from "vitest"

const bin = fileURLToPath(new URL("../bin/fulcrum-provider-sandbox.ts", import.meta.url))

/** Runs the bin; `until` decides from its stdout when to send SIGTERM. */
const run = (args: ReadonlyArray<string>, until?: (stdout: string) => boolean) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ["ignore", "pipe", "pipe"] })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8")
      if (until?.(stdout) === true) child.kill("SIGTERM")
    })
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")))
    child.on("exit", (code) => resolve({ code, stdout, stderr }))
  })

describe("fulcrum-provider-sandbox", () => {
  it("prints its URL and stops on SIGTERM with exit code 0", async () => {
    const { code, stdout } = await run(["--port", "0"], (out) => out.includes("result webhooks go to"))
    assert.match(stdout, /listening on http:\/\/127\.0\.0\.1:\d+/)
    assert.include(stdout, "FULCRUM_PROVIDER_SECRET=whsec_")
    assert.strictEqual(code, 0)
  }, 60_000)

  it("a bad flag is one line and exit code 2", async () => {
    const bad = await run(["--port", "x"])
    assert.strictEqual(bad.code, 2)
    assert.strictEqual(bad.stderr, `--port must be a non-negative integer, got "x"\n`)
    const unknown = await run(["--bogus"])
    assert.strictEqual(unknown.code, 2)
    assert.include(unknown.stderr, "--bogus")
  }, 60_000)
})
