/**
 * The last lines of `./dev.sh test` (`scripts/test-summary.ts` over vitest's JSON report): every failing
 * test by file and name with the first line of its error, every file that failed outside its tests
 * (did not load, a hook failed), then `N passed, M failed` as the very last line.
 */
import { assert, describe, it } from "@effect/vitest"
import { spawnSync } from "node:child_process"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

const root = fileURLToPath(new URL("../../", import.meta.url))
const script = join(root, "scripts", "test-summary.ts")

const summarize = (report: unknown, vitestStatus: string) => {
  const dir = mkdtempSync(join(tmpdir(), "fulcrum-test-summary-"))
  try {
    const file = join(dir, "report.json")
    writeFileSync(file, JSON.stringify(report))
    const run = spawnSync(process.execPath, [script, file, vitestStatus], { cwd: root, encoding: "utf8" })
    return { status: run.status, lines: run.stdout.trimEnd().split("\n") }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const counts = { numPendingTests: 0, numTodoTests: 0 }

describe("scripts/test-summary.ts", () => {
  it("names each failing test and each file that failed outside its tests just before the closing line", () => {
    const { lines, status } = summarize({
      ...counts,
      numPassedTests: 1,
      numFailedTests: 1,
      numTotalTests: 2,
      success: false,
      testResults: [
        {
          name: join(root, "packages/core/test/Worker.test.ts"),
          status: "failed",
          message: "",
          assertionResults: [
            { status: "passed", fullName: "worker runs", title: "runs", ancestorTitles: ["worker"], failureMessages: [] },
            {
              status: "failed",
              fullName: "worker retries later",
              title: "retries later",
              ancestorTitles: ["worker"],
              failureMessages: ["\u001b[31mAssertionError: expected 2 to equal 1\u001b[39m\n    at Worker.test.ts:10:5"]
            }
          ]
        },
        {
          name: join(root, "packages/api/test/Broken.test.ts"),
          status: "failed",
          message: "Cannot find module './Missing.ts'\nRequire stack: …",
          assertionResults: []
        }
      ]
    }, "1")
    assert.strictEqual(status, 1)
    assert.strictEqual(lines.at(-1), "1 passed, 2 failed")
    const before = lines.slice(0, -1).join("\n")
    assert.include(before, "packages/core/test/Worker.test.ts > worker > retries later")
    assert.include(before, "AssertionError: expected 2 to equal 1")
    assert.notInclude(before, "\u001b[")
    assert.notInclude(before, "at Worker.test.ts", "only the first line of the error")
    assert.include(before, "packages/api/test/Broken.test.ts")
    assert.include(before, "Cannot find module './Missing.ts'")
  })

  it("ends with the plain line alone when everything passed", () => {
    const { lines, status } = summarize({
      ...counts,
      numPassedTests: 3,
      numFailedTests: 0,
      numTotalTests: 3,
      success: true,
      testResults: [{ name: join(root, "a.test.ts"), status: "passed", message: "", assertionResults: [] }]
    }, "0")
    assert.strictEqual(status, 0)
    assert.deepStrictEqual(lines, ["3 passed, 0 failed"])
  })
})
