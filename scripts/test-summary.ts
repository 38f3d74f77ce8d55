/**
 * Prints the plain closing line CI reads (`N passed, M failed`) from vitest's JSON report and
 * exits non-zero when anything failed, when vitest itself failed, or when no test ran.
 */
import { existsSync, readFileSync } from "node:fs"

const [reportPath = ".vitest-report.json", vitestStatus = "0"] = process.argv.slice(2)

interface Report {
  readonly numPassedTests: number
  readonly numFailedTests: number
  readonly numPendingTests: number
  readonly numTodoTests: number
  readonly numTotalTests: number
  readonly success: boolean
}

if (!existsSync(reportPath)) {
  console.log("0 passed, 0 failed")
  console.error("vitest wrote no report: it did not run")
  process.exit(1)
}
const report = JSON.parse(readFileSync(reportPath, "utf8")) as Report
const skipped = report.numPendingTests + report.numTodoTests
console.log(`${report.numPassedTests} passed, ${report.numFailedTests} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`)
const failed = report.numFailedTests > 0 || !report.success || Number(vitestStatus) !== 0
process.exit(failed || report.numPassedTests === 0 ? 1 : 0)
