import { defineConfig } from "vitest/config"
import { projects } from "./vitest.workspace.ts"

export default defineConfig({
  test: {
    projects,
    // Two cores on CI, but a third of the run is spent waiting (child processes starting, PGlite, the
    // browser): a third worker fills that time (measured on a fresh clone: 2 workers used 1.14 cores on
    // average). Bounded so the database-backed suites do not starve.
    maxWorkers: 3,
    testTimeout: 30_000,
    hookTimeout: 60_000
  }
})
