import { defineConfig } from "vitest/config"
import { testDefaults } from "./vitest.shared.ts"
import { projects } from "./vitest.workspace.ts"

export default defineConfig({
  test: {
    projects,
    // Two cores on CI: bounded so the database-backed suites do not starve. The test projects do not
    // inherit this: `./dev.sh test` passes `--maxWorkers` on the command line, and each project spreads
    // `testDefaults` itself.
    maxWorkers: 2,
    ...testDefaults
  }
})
