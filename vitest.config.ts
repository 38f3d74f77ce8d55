import { defineConfig } from "vitest/config"
import { projects } from "./vitest.workspace.ts"

export default defineConfig({
  test: {
    projects,
    // Two cores on CI: bounded so the database-backed suites do not starve. The test projects do not
    // inherit this (nor the timeouts below): `./dev.sh test` passes `--maxWorkers` on the command line.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000
  }
})
