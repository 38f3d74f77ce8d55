/**
 * Prints the plain closing line CI reads (`N passed, M failed`) from vitest's JSON report and
 * exits non-zero when anything failed, when vitest itself failed, or when no test ran.
 *
 * Just before that line it names every failure, so a failed run says what failed in its last lines
 * (vitest's own output ends with hints, and the failures scroll away in a long run): each failing test
 * by file and full name with the first line of its error, and each file that failed outside any test
 * (it did not load, or a hook failed) with its error. A file that failed outside its tests counts as one
 * failure in `M`.
 */
import { existsSync, readFileSync } from "node:fs"
import { relative } from "node:path"

const [reportPath = ".vitest-report.json", vitestStatus = "0"] = process.argv.slice(2)

interface AssertionResult {
  readonly status: string
  readonly fullName: string
  readonly title?: string
  readonly ancestorTitles?: ReadonlyArray<string>
  readonly failureMessages?: ReadonlyArray<string> | null
}

interface FileResult {
  readonly name: string
  readonly status: string
  readonly message?: string | null
  readonly assertionResults: ReadonlyArray<AssertionResult>
}

interface Report {
  readonly numPassedTests: number
  readonly numFailedTests: number
  readonly numPendingTests: number
  readonly numTodoTests: number
  readonly numTotalTests: number
  readonly success: boolean
  readonly testResults?: ReadonlyArray<FileResult>
}

const ansi = /\u001b\[[0-9;]*m/g

/** The first non-blank line of an error, without colours, cut to a readable length. */
const firstLine = (message: string | null | undefined, missing = "(no error message)"): string => {
  const line = (message ?? "").replace(ansi, "").split("\n").map((text) => text.trim()).find((text) => text !== "")
  if (line === undefined) return missing
  return line.length > 300 ? `${line.slice(0, 297)}...` : line
}

if (!existsSync(reportPath)) {
  console.log("0 passed, 0 failed")
  console.error("vitest wrote no report: it did not run")
  process.exit(1)
}
const report = JSON.parse(readFileSync(reportPath, "utf8")) as Report
const files = report.testResults ?? []
const fileName = (file: FileResult) => relative(process.cwd(), file.name) || file.name

const failedTests = files.flatMap((file) =>
  file.assertionResults
    .filter((test) => test.status === "failed")
    .map((test) => ({
      file: fileName(file),
      name: test.title === undefined ? test.fullName : [...(test.ancestorTitles ?? []), test.title].join(" > "),
      error: firstLine(test.failureMessages?.[0])
    }))
)
// A file that failed with no failing test of its own: it did not load, or a hook or the suite failed.
const brokenFiles = files
  .filter((file) => file.status === "failed" && !file.assertionResults.some((test) => test.status === "failed"))
  .map((file) => ({
    file: fileName(file),
    // vitest's JSON report keeps no error for a `describe`'s failed hook: say where to look instead.
    error: firstLine(
      file.message,
      "(a describe block's hook failed or timed out; vitest's \"Failed Suites\" section above names it)"
    )
  }))

if (failedTests.length > 0) {
  console.log(`\nFailed tests (${failedTests.length}):`)
  for (const test of failedTests) console.log(`  FAIL ${test.file} > ${test.name}\n       ${test.error}`)
}
if (brokenFiles.length > 0) {
  console.log(`\nFiles that failed outside their tests (${brokenFiles.length}):`)
  for (const file of brokenFiles) console.log(`  FAIL ${file.file}\n       ${file.error}`)
}
const failedCount = report.numFailedTests + brokenFiles.length
if (failedCount === 0 && (!report.success || Number(vitestStatus) !== 0)) {
  console.log(`\nvitest failed outside any test (exit status ${vitestStatus}); its own output above says why`)
}

const skipped = report.numPendingTests + report.numTodoTests
console.log(`${report.numPassedTests} passed, ${failedCount} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`)
const failed = failedCount > 0 || !report.success || Number(vitestStatus) !== 0
process.exit(failed || report.numPassedTests === 0 ? 1 : 0)
